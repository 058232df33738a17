package cairn.credentials.console;

import cairn.credentials.audit.Audit;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.status.Ids;
import cairn.credentials.status.StatusChangeRefused;
import cairn.credentials.status.StatusLists;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Actor;
import cairn.web.auth.Directory;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /admin/credentials}: the credentials issued, found by person (a person id, an IFI the
 * directory knows — an email address will do — or part of the recipient's name), badge (an achievement
 * or ladder id, or part of its name), status and issued dates, a page at a time; and
 * {@code /admin/credentials/{id}}: one credential as issued (recipient, achievement, evidence statement
 * ids, forms, key, status and its history) with its actions — suspend and revoke with a reason,
 * unsuspend, a revocation only after a confirmation page. The actions are {@link StatusLists#change},
 * the code of {@code POST /api/v1/badges/{id}/…}: the status list changes and the audit trail names the
 * signed-in person and the reason. Who may do what is the role matrix's answer for those API paths.
 */
public final class CredentialConsole {
  static final int PAGE_SIZE = 25;
  static final int MAX_QUERY = 500;
  static final Set<String> STATUSES = Set.of("active", "revoked", "suspended");
  private static final Set<String> DONE = Set.of("suspended", "unsuspended", "revoked");
  private final Pool pool;
  private final Console console;
  private final StatusLists lists;
  private final Directory directory;

  /** One credential as the console shows it, with its actions' forms. */
  public record Detail(String id, String name, String description, String recipient, String personId,
      String achievementId, String ladder, String issuer, String issued, String validFrom, String validUntil,
      String kid, List<String> forms, String status, String statusClass, String statusDetail,
      List<EvidenceLine> evidence, List<HistoryLine> history, String done, Form form, String csrfField,
      String csrfToken) {
    public boolean revoked() {
      return "revoked".equals(statusClass);
    }

    public boolean suspended() {
      return "suspended".equals(statusClass);
    }
  }

  /** What was typed into one of the detail page's forms, and what is wrong with it (null: nothing). */
  public record Form(String action, String reason, FieldError error) {
    static final Form NONE = new Form(null, null, null);

    public String reasonOf(String which) {
      return which.equals(action) && reason != null ? reason : "";
    }

    public String errorOf(String which) {
      return which.equals(action) && error != null && error.field().equals(which + "-reason") ? error.message() : null;
    }
  }

  /** A statement named as evidence, and the rule that counted it. */
  public record EvidenceLine(String statementId, String rule) {}

  /** An entry of the credential's audit trail: when, who, what, why. */
  public record HistoryLine(String at, String actor, String action, String reason) {}

  /** The revocation's confirmation page. */
  public record ConfirmRevoke(String id, String name, String recipient, String reason, String csrfField,
      String csrfToken) {}

  CredentialConsole(Pool pool, Console console, StatusLists lists, Directory directory) {
    this.pool = pool;
    this.console = console;
    this.lists = lists;
    this.directory = directory;
  }

  void mount(Router router) {
    router.get("/admin/credentials").handler(this::search);
    router.get("/admin/credentials/:id").handler(this::detail);
    router.post("/admin/credentials/:id/suspend").handler(ctx -> change(ctx, "suspend"));
    router.post("/admin/credentials/:id/unsuspend").handler(ctx -> change(ctx, "unsuspend"));
    router.post("/admin/credentials/:id/revoke").handler(ctx -> change(ctx, "revoke"));
  }

  // ---- the search

  private void search(RoutingContext ctx) {
    if (console.allow(ctx, HttpMethod.GET, "/api/v1/badges").isEmpty()) {
      return;
    }
    CredentialSearch query = CredentialSearch.of(ctx.request().params());
    if (!query.errors().isEmpty()) {
      Console.render(ctx, 400, Text.get("console.credentials.title"), query.errors(), "admin/credentials.jte",
          CredentialSearch.Results.invalid(ctx.request().params(), query.errors()));
      return;
    }
    people(query.person())
        .compose(found -> pool.preparedQuery(ConsoleSql.SEARCH).execute(Tuple.tuple()
            .addString(query.person()).addString(query.person() == null ? null : "%" + like(query.person()) + "%")
            .addArrayOfString(found.toArray(String[]::new))
            .addString(query.achievement())
            .addString(query.achievement() == null ? null : "%" + like(query.achievement()) + "%")
            .addString(query.status()).addOffsetDateTime(query.fromTime()).addOffsetDateTime(query.toTime())
            .addInteger(PAGE_SIZE).addLong((long) (query.page() - 1) * PAGE_SIZE)))
        .map(rows -> {
          List<CredentialSearch.Line> lines = new ArrayList<>();
          long total = 0;
          for (Row row : rows) {
            total = row.getLong("total");
            String[] status = status(row);
            lines.add(new CredentialSearch.Line(row.getUUID("id").toString(), person(row), row.getString("person_id"),
                row.getString("achievement_name") == null ? row.getString("achievement_id") : row.getString("achievement_name"),
                row.getString("ladder_id") == null ? "" : row.getString("ladder_id") + " v" + row.getInteger("ladder_version"),
                Console.time(row.getOffsetDateTime("issued").toInstant()), status[0], status[1]));
          }
          return CredentialSearch.Results.of(query, lines, total);
        })
        .onSuccess(results -> Console.render(ctx, 200, Text.get("console.credentials.title"), List.of(),
            "admin/credentials.jte", results))
        .onFailure(ctx::fail);
  }

  /** The directory's person for a person typed as an IFI (an email address, mailto:, an IFI key); none otherwise. */
  private Future<List<String>> people(String typed) {
    Optional<String> ifi = CredentialSearch.ifi(typed);
    if (ifi.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return directory.personOf(List.of(ifi.get())).map(found -> found.map(List::of).orElse(List.<String>of()))
        .otherwise(List.of());
  }

  /** {@code text} for a LIKE pattern: its own %, _ and \ taken literally. */
  static String like(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String person(Row row) {
    String name = row.getString("recipient_name");
    return name == null || name.isBlank() ? row.getString("person_id") : name;
  }

  /** The status word and its class: active, suspended or revoked. */
  private static String[] status(Row row) {
    String state = row.getOffsetDateTime("revoked") != null ? "revoked"
        : row.getOffsetDateTime("suspended") != null ? "suspended" : "active";
    return new String[] {Text.get("console.status." + state), state};
  }

  // ---- one credential

  private void detail(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    if (console.allow(ctx, HttpMethod.GET, "/api/v1/badges/" + id).isEmpty()) {
      return;
    }
    String done = ctx.request().getParam("done");
    show(ctx, 200, id, done != null && DONE.contains(done) ? done : null, Form.NONE);
  }

  private void show(RoutingContext ctx, int status, UUID id, String done, Form form) {
    BadgeRoutes.byId(pool, id).compose(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound(Text.get("console.credential.notFound"));
      }
      Row row = rows.iterator().next();
      return Audit.of(pool, id).map(trail -> detail(row, trail, done, form, Console.csrf(ctx)));
    })
        .compose(model -> Pages.saveSession(ctx).map(model))
        .onSuccess(model -> Console.render(ctx, status, model.name(), form.error() == null ? List.of()
            : List.of(form.error()), "admin/credential.jte", model))
        .onFailure(ctx::fail);
  }

  private static Detail detail(Row row, ArrayNode trail, String done, Form form, String csrf) {
    String jwt = row.getString("jwt");
    JsonNode vc = jwt != null ? BadgeRoutes.payload(jwt) : Json.tree(row.getString("data_integrity"));
    JsonNode achievement = vc.path("credentialSubject").path("achievement");
    List<EvidenceLine> evidence = new ArrayList<>();
    for (JsonNode e : vc.path("evidence")) {
      String url = e.path("id").asText("");
      int at = url.indexOf("statementId=");
      String statement = at < 0 ? e.path("name").asText(url)
          : URLDecoder.decode(url.substring(at + "statementId=".length()), StandardCharsets.UTF_8);
      String rule = e.path("description").asText("").replaceFirst("^Counted by rule: ", "");
      evidence.add(new EvidenceLine(statement, rule));
    }
    List<HistoryLine> history = new ArrayList<>();
    for (JsonNode entry : trail) {
      String action = entry.path("action").asText();
      String label = switch (action) {
        case "issue", "revoke", "suspend", "reinstate", "share", "unshare" ->
            Text.get("console.history." + action);
        default -> action;
      };
      history.add(new HistoryLine(Console.time(java.time.Instant.parse(entry.path("at").asText())),
          entry.path("actor").asText(), label, entry.path("reason").asText("")));
    }
    List<String> forms = new ArrayList<>();
    if (jwt != null) {
      forms.add(Text.get("console.credential.form.jwt"));
    }
    if (row.getString("data_integrity") != null) {
      forms.add(Text.get("console.credential.form.dataIntegrity"));
    }
    String[] status = status(row);
    String statusDetail = switch (status[1]) {
      case "revoked" -> Text.get("console.credential.revokedOn", Console.time(row.getOffsetDateTime("revoked").toInstant()),
          row.getString("revoked_reason") == null ? "" : row.getString("revoked_reason"));
      case "suspended" -> Text.get("console.credential.suspendedOn",
          Console.time(row.getOffsetDateTime("suspended").toInstant()),
          row.getString("suspended_reason") == null ? "" : row.getString("suspended_reason"));
      default -> null;
    };
    JsonNode issuer = vc.path("issuer");
    String ladder = row.getString("ladder_id") == null ? "" : row.getString("ladder_id") + " v" + row.getInteger("ladder_version");
    return new Detail(row.getUUID("id").toString(), achievement.path("name").asText(vc.path("name").asText()),
        achievement.path("description").asText(""), person(row), row.getString("person_id"),
        row.getString("achievement_id"), ladder, issuer.isTextual() ? issuer.asText() : issuer.path("name").asText(""),
        Console.time(row.getOffsetDateTime("issued").toInstant()),
        Console.time(row.getOffsetDateTime("valid_from").toInstant()),
        row.getOffsetDateTime("valid_until") == null ? null : Console.time(row.getOffsetDateTime("valid_until").toInstant()),
        row.getString("kid"), forms, status[0], status[1], statusDetail, evidence, history, done, form,
        Pages.CSRF_FIELD, csrf);
  }

  // ---- the actions

  private void change(RoutingContext ctx, String action) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    String api = "/api/v1/badges/" + id + "/" + ("unsuspend".equals(action) ? "reinstate" : action);
    if (console.allow(ctx, HttpMethod.POST, api).isEmpty()) {
      return;
    }
    String reason = Console.form(ctx, "reason");
    FieldError error = Console.reasonError(action + "-reason", reason, !"unsuspend".equals(action));
    if (error != null) {
      show(ctx, 400, id, null, new Form(action, reason, error));
      return;
    }
    if ("revoke".equals(action) && !"yes".equals(ctx.request().getFormAttribute("confirmed"))) {
      confirmRevoke(ctx, id, reason);
      return;
    }
    StatusLists.Change change = switch (action) {
      case "suspend" -> StatusLists.Change.SUSPEND;
      case "unsuspend" -> StatusLists.Change.REINSTATE;
      default -> StatusLists.Change.REVOKE;
    };
    String done = "unsuspend".equals(action) ? "unsuspended" : action.equals("suspend") ? "suspended" : "revoked";
    lists.change(id, change, Actor.of(ctx), reason)
        .onSuccess(state -> Console.redirect(ctx, "/admin/credentials/" + id + "?done=" + done))
        .onFailure(e -> {
          if (e instanceof StatusChangeRefused refused && refused.why() != StatusChangeRefused.Why.NO_SUCH_CREDENTIAL) {
            // someone else changed it first: the page as it is now, saying why nothing happened
            show(ctx, 409, id, null, new Form(action, reason, new FieldError("status", refused.getMessage())));
          } else if (e instanceof StatusChangeRefused) {
            ctx.fail(ApiException.notFound(Text.get("console.credential.notFound")));
          } else {
            ctx.fail(e);
          }
        });
  }

  private void confirmRevoke(RoutingContext ctx, UUID id, String reason) {
    BadgeRoutes.byId(pool, id).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound(Text.get("console.credential.notFound"));
      }
      Row row = rows.iterator().next();
      String name = row.getString("achievement_name") == null ? row.getString("achievement_id")
          : row.getString("achievement_name");
      return new ConfirmRevoke(id.toString(), name, person(row), reason, Pages.CSRF_FIELD, Console.csrf(ctx));
    })
        .compose(model -> Pages.saveSession(ctx).map(model))
        .onSuccess(model -> Console.render(ctx, 200, Text.get("console.revoke.title", model.name()), List.of(),
            "admin/revoke.jte", model))
        .onFailure(ctx::fail);
  }
}
