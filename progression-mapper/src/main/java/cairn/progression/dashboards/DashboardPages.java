package cairn.progression.dashboards;

import cairn.progression.ProgressionOptions;
import cairn.progression.cohorts.Cohorts;
import cairn.progression.dashboards.DashboardPage.Figure;
import cairn.progression.dashboards.DashboardPage.Option;
import cairn.progression.dashboards.DashboardPage.Section;
import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.ladders.Ladder;
import cairn.progression.ladders.LadderStore;
import cairn.progression.people.PeopleStore;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.pages.FieldError;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboards: {@code GET /dashboards/team} for a manager — the teams their directory entry
 * manages, or one of them ({@code ?team=}) — and {@code GET /dashboards/organisation} for HR and L&amp;D
 * admins — the whole organisation, with an equity section by role, function, level and team (and, for
 * HR only, self-declared groups). Every number comes from the cohort service ({@link Cohorts}), so a
 * page shows exactly what the cohort view releases: suppressed groups say so, never zero. Each chart
 * (Apache ECharts, drawn by {@code dashboards.js} from the numbers on its element, with its aria
 * description on) has a table beside it with the same numbers; without JavaScript the tables carry
 * everything. {@code ?format=csv} gives the view as CSV ({@link Csv}), {@code &table=<id>} one table.
 * Framework and ladder are chosen with a GET form: nothing changes, so it carries no CSRF token (a
 * token in a URL would leak into history and logs).
 */
public final class DashboardPages {
  /** The ECharts webjar's version: keep in step with {@code echarts.version} in the parent pom. */
  static final String ECHARTS = "5.3.1";
  /** The cohort dimensions of self-declared attributes ({@code declared.<attribute>}), shown to HR only. */
  static final String DECLARED = "declared.";
  private static final String DECLARED_ATTRIBUTES =
      "select distinct jsonb_object_keys(self_declared) as attribute from progression.people order by 1";
  private static final List<String> EQUITY = List.of("role", "function", "level", "team");
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      DashboardPages.class.getClassLoader(), "cairn.progression.pages.jte");

  private final Pool pool;
  private final Cohorts cohorts;
  private final int minGroupSize;

  public DashboardPages(Pool pool, ProgressionOptions options, PeopleStore people) {
    this.pool = pool;
    this.cohorts = new Cohorts(pool, options, people);
    this.minGroupSize = options.minGroupSize();
  }

  /**
   * The dashboards' scripts: ECharts from its webjar, and {@code dashboards.js}. Mount before the
   * pages' session handlers: they are the same for everyone.
   */
  public static void mountAssets(Router router) {
    router.get("/dashboards/assets/echarts/*").handler(StaticHandler.create("META-INF/resources/webjars/echarts/"
        + ECHARTS + "/dist").setCachingEnabled(true).setDirectoryListing(false).setIncludeHidden(false));
    router.get("/dashboards/assets/*").handler(StaticHandler.create("cairn/progression/dashboards/assets")
        .setCachingEnabled(true).setDirectoryListing(false).setIncludeHidden(false));
  }

  public void mount(Router router) {
    router.get("/dashboards/team").handler(this::team);
    router.get("/dashboards/organisation").handler(this::organisation);
  }

  /** What the request asks for beyond the choices: the page, or CSV of the view or of one table. */
  private record Format(boolean csv, String table) {
    static Format of(RoutingContext ctx) {
      String format = ctx.request().getParam("format", "html");
      if (!format.equals("html") && !format.equals("csv")) {
        throw ApiException.badRequest("format is html (the page) or csv (its tables as CSV).", "format");
      }
      String table = ctx.request().getParam("table");
      if (table != null && !format.equals("csv")) {
        throw ApiException.badRequest("table goes with format=csv: it names the one table to download.", "table");
      }
      return new Format(format.equals("csv"), table);
    }
  }

  /** The framework and ladder chosen (or the defaults), the form's options, and what was wrong with the request. */
  private record Choice(String framework, String ladder, List<Option> frameworks, List<Option> ladders,
      List<FieldError> errors) {}

  private void team(RoutingContext ctx) {
    Optional<Caller> signedIn = Caller.current(ctx);
    if (signedIn.isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Caller caller = signedIn.get();
    if (!caller.has(Role.MANAGER)) {
      throw ApiException.forbidden(Text.get("dashboard.team.forbidden"));
    }
    Format format = Format.of(ctx);
    String team = ctx.request().getParam("team");
    // as a manager, whatever else the person may see: this dashboard is about their teams
    Optional<Caller> manager = Optional.of(new Caller(caller.accountId(), caller.displayName(), caller.email(),
        caller.personIfis(), Set.of(Role.MANAGER)));
    choice(ctx).compose(choice -> cohorts.answer(manager, "team", choice.framework(), choice.ladder())
            .compose(answer -> {
              List<String> teams = new ArrayList<>();
              answer.path("teams").forEach(t -> teams.add(t.asText()));
              if (team != null && !team.isEmpty() && !teams.contains(team)) {
                throw ApiException.forbidden(Text.get("dashboard.team.notYours", team, String.join(", ", teams)));
              }
              List<String> shown = team == null || team.isEmpty() ? teams : List.of(team);
              return cohorts.history(manager, "team", choice.ladder())
                  .map(history -> teamPage(choice, answer, history, teams, shown, team));
            }))
        .compose(page -> answer(ctx, format, page, "team"))
        .onFailure(ctx::fail);
  }

  private DashboardPage teamPage(Choice choice, ObjectNode answer, ObjectNode history, List<String> teams,
      List<String> shown, String team) {
    List<Figures.Group> groups = Figures.groups(answer, shown);
    String heading = Text.get("dashboard.by.team");
    List<Section> sections = sections(answer, history, groups, heading, shown, choice);
    List<Option> teamOptions = new ArrayList<>();
    teamOptions.add(new Option("", Text.get("dashboard.team.all"), team == null || team.isEmpty()));
    teams.forEach(t -> teamOptions.add(new Option(t, t, t.equals(team))));
    List<String> facts = new ArrayList<>();
    facts.add(Text.get("dashboard.team.scope", String.join(", ", shown)));
    facts.addAll(facts(answer, history));
    return new DashboardPage(Text.get("dashboard.team.title"), Text.get("dashboard.team.intro"), "/dashboards/team",
        query(choice, team), choice.frameworks(), choice.ladders(), teamOptions, choice.errors(), facts, sections);
  }

  private void organisation(RoutingContext ctx) {
    Optional<Caller> signedIn = Caller.current(ctx);
    if (signedIn.isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Caller caller = signedIn.get();
    if (!caller.has(Role.HR) && !caller.has(Role.LD_ADMIN)) {
      throw ApiException.forbidden(Text.get("dashboard.organisation.forbidden"));
    }
    Format format = Format.of(ctx);
    boolean hr = caller.has(Role.HR);
    Optional<Caller> who = Optional.of(caller);
    choice(ctx).compose(choice -> (hr ? declaredAttributes() : Future.succeededFuture(List.<String>of())).compose(declared -> {
      List<String> dimensions = new ArrayList<>(EQUITY);
      declared.forEach(a -> dimensions.add(DECLARED + a));
      List<Future<ObjectNode>> equity = new ArrayList<>();
      for (String d : dimensions) {
        // a dimension the cohort service does not know (yet) is shown as unavailable, not as an error
        equity.add(cohorts.answer(who, d, choice.framework(), choice.ladder())
            .recover(e -> e instanceof ApiException api && api.status() == 400 ? Future.succeededFuture(null)
                : Future.failedFuture(e)));
      }
      Future<ObjectNode> answer = cohorts.answer(who, "team", choice.framework(), choice.ladder());
      Future<ObjectNode> history = cohorts.history(who, "team", choice.ladder());
      return Future.all(answer, history, Future.all(equity)).map(all -> organisationPage(choice, answer.result(),
          history.result(), dimensions, equity.stream().map(Future::result).toList()));
    }))
        .compose(page -> answer(ctx, format, page, "organisation"))
        .onFailure(ctx::fail);
  }

  /** The self-declared attributes the directory holds (their names only). */
  private Future<List<String>> declaredAttributes() {
    return pool.query(DECLARED_ATTRIBUTES).execute().map(rows -> {
      List<String> names = new ArrayList<>();
      rows.forEach(r -> names.add(r.getString("attribute")));
      return names;
    });
  }

  private DashboardPage organisationPage(Choice choice, ObjectNode answer, ObjectNode history, List<String> dimensions,
      List<ObjectNode> equity) {
    List<Figures.Group> groups = Figures.groups(answer, null);
    List<Section> sections = new ArrayList<>(sections(answer, history, groups, Text.get("dashboard.by.team"), null,
        choice));
    List<Figure> figures = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    for (int i = 0; i < dimensions.size(); i++) {
      String d = dimensions.get(i);
      ObjectNode byD = equity.get(i);
      String label = d.startsWith(DECLARED) ? Text.get("dashboard.by.declared", d.substring(DECLARED.length()))
          : Text.get("dashboard.by." + d);
      if (byD == null) {
        unavailable.add(label);
        continue;
      }
      figures.add(Figures.equity("equity-" + d.replace('.', '-'), Text.get("dashboard.equity.caption", label),
          label, Figures.groups(byD, null), minGroupSize, choice.framework() != null, choice.ladder() != null));
    }
    String intro = Text.get("dashboard.equity.intro") + (unavailable.isEmpty() ? ""
        : " " + Text.get("dashboard.equity.unavailable", String.join(", ", unavailable)));
    sections.add(new Section("equity", Text.get("dashboard.equity.title"), intro, figures, null));
    return new DashboardPage(Text.get("dashboard.organisation.title"), Text.get("dashboard.organisation.intro"),
        "/dashboards/organisation", query(choice, null), choice.frameworks(), choice.ladders(), List.of(),
        choice.errors(), facts(answer, history), sections);
  }

  /** The sections both dashboards have, over {@code groups} of teams. */
  private List<Section> sections(ObjectNode answer, ObjectNode history, List<Figures.Group> groups, String heading,
      List<String> only, Choice choice) {
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("participation", Text.get("dashboard.participation.title"),
        Text.get("dashboard.participation.intro"), List.of(Figures.participation("participation",
            Text.get("dashboard.participation.caption"), heading, groups, minGroupSize)), null));
    sections.add(new Section("progress", Text.get("dashboard.progress.title"), Text.get("dashboard.progress.intro"),
        choice.framework() == null ? List.of() : List.of(Figures.progress("progress", Text.get("dashboard.progress.caption"),
            heading, groups, answer, minGroupSize)), Text.get("dashboard.noFramework")));
    List<Figure> milestones = new ArrayList<>();
    if (choice.ladder() != null) {
      milestones.add(Figures.milestones("milestones", Text.get("dashboard.milestones.caption"), heading, groups,
          answer, minGroupSize));
      milestones.add(Figures.overTime("over-time", Text.get("dashboard.overTime.caption"), history, answer, only));
    }
    sections.add(new Section("milestones", Text.get("dashboard.milestones.title"), Text.get("dashboard.milestones.intro"),
        milestones, Text.get("dashboard.noLadder")));
    Figure missing = Figures.missingNext("missing-next", Text.get("dashboard.missing.caption"), heading, groups, answer,
        minGroupSize);
    sections.add(new Section("missing-next", Text.get("dashboard.missing.title"), Text.get("dashboard.missing.intro"),
        missing == null ? List.of() : List.of(missing), Text.get("dashboard.notYet")));
    Figure mentoring = Figures.mentoring("mentoring", Text.get("dashboard.mentoring.caption"), heading, groups,
        minGroupSize);
    sections.add(new Section("mentoring", Text.get("dashboard.mentoring.title"), Text.get("dashboard.mentoring.intro"),
        mentoring == null ? List.of() : List.of(mentoring), Text.get("dashboard.notYet")));
    return sections;
  }

  private List<String> facts(JsonNode answer, JsonNode history) {
    List<String> facts = new ArrayList<>();
    JsonNode population = answer.path("population");
    facts.add(population.isNumber() ? Text.get("dashboard.population", population.asInt())
        : Text.get("dashboard.populationSuppressed", minGroupSize));
    facts.add(Text.get("dashboard.rule", answer.path("minGroupSize").asInt(minGroupSize)));
    String period = answer.path("period").asText(null);
    if (period == null && history.path("snapshots").size() > 0) {
      period = history.path("snapshots").get(history.path("snapshots").size() - 1).path("period").asText(null);
    }
    if (period != null) {
      facts.add(Text.get("dashboard.period", period));
    }
    if (answer.hasNonNull("asOf")) {
      facts.add(Text.get("dashboard.asOf", answer.get("asOf").asText()));
    }
    return facts;
  }

  /** The frameworks and ladders to choose from, and the request's choice of them (the first by default). */
  private Future<Choice> choice(RoutingContext ctx) {
    String framework = blankToNull(ctx.request().getParam("framework"));
    String ladder = blankToNull(ctx.request().getParam("ladder"));
    return Future.all(FrameworkStore.titles(pool), LadderStore.active(pool)).map(all -> {
      Map<String, String> frameworks = all.resultAt(0);
      List<Ladder> ladders = all.resultAt(1);
      List<FieldError> errors = new ArrayList<>();
      String f = framework;
      if (f != null && !frameworks.containsKey(f)) {
        errors.add(new FieldError("framework", Text.get("dashboard.error.framework")));
        f = null;
      }
      if (f == null && !frameworks.isEmpty()) {
        f = frameworks.keySet().iterator().next();
      }
      String l = ladder;
      if (l != null && ladders.stream().noneMatch(x -> x.id().equals(ladder))) {
        errors.add(new FieldError("ladder", Text.get("dashboard.error.ladder")));
        l = null;
      }
      if (l == null && !ladders.isEmpty()) {
        String chosen = f;
        l = ladders.stream().filter(x -> x.frameworkId().equals(chosen)).findFirst().orElse(ladders.get(0)).id();
      }
      String fc = f;
      String lc = l;
      List<Option> fo = frameworks.entrySet().stream().map(e -> new Option(e.getKey(), e.getValue(),
          e.getKey().equals(fc))).toList();
      List<Option> lo = ladders.stream().map(x -> new Option(x.id(), x.title(), x.id().equals(lc))).toList();
      return new Choice(f, l, fo, lo, errors);
    });
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String query(Choice choice, String team) {
    StringBuilder q = new StringBuilder();
    add(q, "framework", choice.framework());
    add(q, "ladder", choice.ladder());
    add(q, "team", team == null || team.isEmpty() ? null : team);
    return q.toString();
  }

  private static void add(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  /**
   * The page (400 when a choice was wrong: the form says which), or its CSV; a failed future for
   * what cannot be answered (a CSV with a wrong choice, an unknown table).
   */
  private Future<Void> answer(RoutingContext ctx, Format format, DashboardPage page, String name) {
    if (format.csv()) {
      if (!page.errors().isEmpty()) {
        FieldError e = page.errors().get(0);
        return Future.failedFuture(ApiException.badRequest(e.message(), e.field()));
      }
      String csv;
      String file;
      if (format.table() == null) {
        csv = Csv.view(page.sections());
        file = "dashboard-" + name + ".csv";
      } else {
        Figure figure = page.sections().stream().flatMap(s -> s.figures().stream())
            .filter(f -> f.id().equals(format.table())).findFirst().orElse(null);
        if (figure == null) {
          return Future.failedFuture(ApiException.notFound(Text.get("dashboard.error.table", String.join(", ",
              page.sections().stream().flatMap(s -> s.figures().stream()).map(Figure::id).toList()))));
        }
        csv = Csv.table(figure.table());
        file = "dashboard-" + name + "-" + figure.id() + ".csv";
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
          .putHeader("Cache-Control", "no-store")
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(csv);
      return Future.succeededFuture();
    }
    Pages.render(ctx.response(), ctx.request().method(), page.errors().isEmpty() ? 200 : 400,
        new Layout(page.title(), page.errors(), Caller.current(ctx).map(Caller::displayName).orElse(null),
            output -> ENGINE.render("dashboard.jte", page, output),
            output -> output.writeContent("<script src=\"/dashboards/assets/echarts/echarts.common.min.js\" defer></script>\n"
                + "<script src=\"/dashboards/assets/dashboards.js\" defer></script>\n")));
    return Future.succeededFuture();
  }
}
