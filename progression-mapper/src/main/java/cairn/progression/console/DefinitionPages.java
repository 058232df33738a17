package cairn.progression.console;

import cairn.progression.Http;
import cairn.progression.InvalidDefinitionException;
import cairn.progression.audit.Audit;
import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.ladders.LadderStore;
import cairn.progression.rules.RuleStore;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Role;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A framework's evidence rules ({@code /admin/rules}, {@code /admin/rules/{framework}}) and the career
 * ladders ({@code /admin/ladders}, {@code /admin/ladders/{id}}), edited as JSON and saved as a new
 * version through {@link RuleStore#define} and {@link LadderStore#define}, the code behind
 * {@code PUT /api/v1/frameworks/{id}/rules} and {@code POST /api/v1/ladders}: a refused definition is
 * shown with the validator's message and the JSON path it names. Each page lists the versions (which,
 * when, who) and the audit log's entries for the definition.
 */
public final class DefinitionPages {
  /** Audit entries shown on a definition's page, newest first. */
  static final int AUDIT_SHOWN = 50;
  /** Longest definition accepted from the textarea (the API takes bodies up to the edge's limit). */
  static final int MAX_DEFINITION = 1024 * 1024;
  private final Pool pool;
  private final FrameworkStore frameworks;
  private final RuleStore rules;
  private final LadderStore ladders;

  DefinitionPages(Pool pool) {
    this.pool = pool;
    this.frameworks = new FrameworkStore(pool);
    this.rules = new RuleStore(pool);
    this.ladders = new LadderStore(pool);
  }

  /** The rules list: each framework and the version of its rules (0 for none yet). */
  public record RulesList(List<RulesRow> frameworks) {}

  public record RulesRow(String id, String title, int frameworkVersion, int rulesVersion) {
    public String href() {
      return "/admin/rules/" + Console.encode(id);
    }
  }

  /** The ladders list and the form for a new ladder. */
  public record LaddersList(List<LadderRow> ladders, String definition, String error, String csrfField,
      String csrfToken) {}

  public record LadderRow(String id, String title, String framework, int version, String created) {
    public String href() {
      return "/admin/ladders/" + Console.encode(id);
    }
  }

  /**
   * A definition's page: the JSON to edit (the latest version's, or what was sent), the validator's
   * error, the versions and the audit entries; {@code saved} the version just saved, or 0.
   */
  public record EditPage(String kind, String title, String intro, String action, String definition, String error,
      List<Version> versions, List<AuditEntry> audit, int saved, String csrfField, String csrfToken) {}

  /** A version: its number, what it was defined against, when and by whom. */
  public record Version(int version, String against, String when, String who) {}

  /** An audit log entry about the definition. */
  public record AuditEntry(String when, String who, String action, String version) {}

  // rules

  void rulesList(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    frameworks.list().compose(rows -> {
      List<Future<RulesRow>> list = new ArrayList<>();
      for (Row row : rows) {
        String id = row.getString("framework_id");
        String title = row.getString("title");
        int version = row.getInteger("version");
        list.add(rules.get(id, null).map(r -> new RulesRow(id, title, version,
            r.size() == 0 ? 0 : r.iterator().next().getInteger("version"))));
      }
      return Future.all(list).map(all -> all.<RulesRow>list());
    }).onSuccess(list -> Console.render(ctx, 200, Text.get("progressionConsole.rules.title"), List.of(), "console/rules.jte",
        new RulesList(list))).onFailure(ctx::fail);
  }

  void rulesPage(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    rules.get(id, null).onSuccess(rows -> {
      String definition = rows.size() == 0 ? "" : pretty(rows.iterator().next().getString("definition"));
      int saved = savedParam(ctx);
      rulesEdit(ctx, id, definition, null, saved, 200);
    }).onFailure(ctx::fail);
  }

  void rulesSave(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    String text = Console.field(ctx, "definition");
    definition(ctx, text)
        .compose(json -> rules.define(id, json, Http.actor(ctx)))
        .onSuccess(saved -> redirect(ctx, "/admin/rules/" + Console.encode(id), saved.version()))
        .onFailure(e -> refused(e).ifPresentOrElse(error -> rulesEdit(ctx, id, text, error, 0, 400), () -> ctx.fail(e)));
  }

  private void rulesEdit(RoutingContext ctx, String id, String definition, String error, int saved, int status) {
    Future.all(FrameworkStore.load(pool, id, null), rules.versions(id), Audit.list(pool, "rules:" + id, Long.MAX_VALUE,
            AUDIT_SHOWN))
        .onSuccess(all -> {
          var framework = all.<cairn.progression.frameworks.Framework>resultAt(0);
          if (framework == null) {
            ctx.fail(ApiException.notFound("No framework " + id + "; import it first at /admin/frameworks."));
            return;
          }
          List<Version> versions = new ArrayList<>();
          for (Row row : all.<RowSet<Row>>resultAt(1)) {
            versions.add(new Version(row.getInteger("version"),
                Text.get("progressionConsole.rules.against", row.getInteger("framework_version")),
                Console.when(row.getOffsetDateTime("created")), row.getString("created_by")));
          }
          EditPage page = new EditPage("rules", Text.get("progressionConsole.rules.of", framework.title()),
              Text.get("progressionConsole.rules.intro"), "/admin/rules/" + Console.encode(id), definition, error, versions,
              audit(all.resultAt(2)), saved, Pages.CSRF_FIELD, Console.csrf(ctx));
          Console.render(ctx, status, page.title(), errors(error), "console/definition.jte", page);
        })
        .onFailure(ctx::fail);
  }

  // ladders

  void laddersList(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    laddersList(ctx, "", null, 200);
  }

  private void laddersList(RoutingContext ctx, String definition, String error, int status) {
    ladders.list().onSuccess(rows -> {
      List<LadderRow> list = new ArrayList<>();
      for (Row row : rows) {
        list.add(new LadderRow(row.getString("ladder_id"), row.getString("title"), row.getString("framework_id"),
            row.getInteger("version"), Console.when(row.getOffsetDateTime("created"))));
      }
      Console.render(ctx, status, Text.get("progressionConsole.ladders.title"), errors(error), "console/ladders.jte",
          new LaddersList(list, definition, error, Pages.CSRF_FIELD, Console.csrf(ctx)));
    }).onFailure(ctx::fail);
  }

  /** A new ladder (or a new version of the one its id names) from the list page's form. */
  void ladderCreate(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String text = Console.field(ctx, "definition");
    definition(ctx, text)
        .compose(json -> ladders.define(json, Http.actor(ctx)))
        .onSuccess(ladder -> redirect(ctx, "/admin/ladders/" + Console.encode(ladder.id()), ladder.version()))
        .onFailure(e -> refused(e).ifPresentOrElse(error -> laddersList(ctx, text, error, 400), () -> ctx.fail(e)));
  }

  void ladderPage(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    ladders.get(id, null).onSuccess(rows -> {
      if (rows.size() == 0) {
        ctx.fail(ApiException.notFound("No ladder " + id + "; the ladders are listed at /admin/ladders."));
        return;
      }
      ladderEdit(ctx, id, pretty(rows.iterator().next().getString("definition")), null, savedParam(ctx), 200);
    }).onFailure(ctx::fail);
  }

  void ladderSave(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    String text = Console.field(ctx, "definition");
    definition(ctx, text)
        .compose(json -> {
          if (!id.equals(json.path("id").asText(null))) {
            return Future.failedFuture(new InvalidDefinitionException("This page saves ladder " + id + ": keep \"id\": \""
                + id + "\" (a new ladder is made on the ladders page).", "$.id"));
          }
          return ladders.define(json, Http.actor(ctx));
        })
        .onSuccess(ladder -> redirect(ctx, "/admin/ladders/" + Console.encode(id), ladder.version()))
        .onFailure(e -> refused(e).ifPresentOrElse(error -> ladderEdit(ctx, id, text, error, 0, 400), () -> ctx.fail(e)));
  }

  private void ladderEdit(RoutingContext ctx, String id, String definition, String error, int saved, int status) {
    Future.all(ladders.versions(id), Audit.list(pool, "ladder:" + id, Long.MAX_VALUE, AUDIT_SHOWN))
        .onSuccess(all -> {
          List<Version> versions = new ArrayList<>();
          for (Row row : all.<RowSet<Row>>resultAt(0)) {
            versions.add(new Version(row.getInteger("version"), row.getString("framework_id"),
                Console.when(row.getOffsetDateTime("created")), row.getString("created_by")));
          }
          EditPage page = new EditPage("ladder", Text.get("progressionConsole.ladders.of", id), Text.get("progressionConsole.ladders.intro"),
              "/admin/ladders/" + Console.encode(id), definition, error, versions, audit(all.resultAt(1)), saved,
              Pages.CSRF_FIELD, Console.csrf(ctx));
          Console.render(ctx, status, page.title(), errors(error), "console/definition.jte", page);
        })
        .onFailure(ctx::fail);
  }

  // shared

  /** The textarea's JSON, parsed with the API's limits (a 400 saying what is wrong). */
  private static Future<JsonNode> definition(RoutingContext ctx, String text) {
    if (text.isBlank()) {
      return Future.failedFuture(ApiException.badRequest(Text.get("progressionConsole.definition.empty")));
    }
    if (text.length() > MAX_DEFINITION) {
      return Future.failedFuture(ApiException.badRequest(Text.get("progressionConsole.definition.tooLong", MAX_DEFINITION / 1024)));
    }
    return Json.parse(ctx.vertx(), Buffer.buffer(text));
  }

  /** What to show against the textarea for a refused definition; empty for a failure that is no refusal. */
  private static java.util.Optional<String> refused(Throwable e) {
    if (e instanceof ApiException api && (api.status() == 400 || api.status() == 404 || api.status() == 409)) {
      String at = Console.where(api.path());
      return java.util.Optional.of(at == null ? api.getMessage() : Text.get("progressionConsole.definition.at", at, api.getMessage()));
    }
    return java.util.Optional.empty();
  }

  private static List<FieldError> errors(String error) {
    return error == null ? List.of() : List.of(new FieldError("definition", error));
  }

  private static List<AuditEntry> audit(RowSet<Row> rows) {
    List<AuditEntry> entries = new ArrayList<>();
    for (Row row : rows) {
      entries.add(new AuditEntry(Console.when(row.getOffsetDateTime("at")), row.getString("actor"),
          row.getString("action"), row.getInteger("version") == null ? "–" : row.getInteger("version").toString()));
    }
    return entries;
  }

  private static void redirect(RoutingContext ctx, String path, int version) {
    ctx.response().setStatusCode(303).putHeader("Location", path + "?saved=" + version).end();
  }

  private static int savedParam(RoutingContext ctx) {
    try {
      return Math.max(0, Integer.parseInt(String.valueOf(ctx.request().getParam("saved"))));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String pretty(String json) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.tree(json));
    } catch (JsonProcessingException e) {
      return json;
    }
  }
}
