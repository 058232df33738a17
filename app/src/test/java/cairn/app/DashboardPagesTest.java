package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboards in headless Chromium against the whole of Cairn, each page checked with axe-core:
 * a manager's team dashboard (their teams only, charts drawn by ECharts beside tables of the same
 * numbers, a small team shown as not shown), a manager refused a team they do not manage, HR's
 * organisation dashboard with its equity section and a suppressed group shown as such, the CSV of a
 * table equal to the page's table cell for cell (a formula-like team name defused), and an employee
 * refused both. The data: the shipped sample framework, rules and ladder under this class's own ids,
 * a directory of teams of 6, 2 and 3 people, and learning records that give 6 people a level and 4
 * of them the first milestone.
 */
class DashboardPagesTest {
  private static final String PASSWORD = "a password for the dashboards";
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static CairnServer server;
  private static String tag;
  private static String domain;
  private static String framework;
  private static String ladder;
  private static String alpha;
  private static String beta;
  /** A team name a spreadsheet would read as a formula. */
  private static String delta;
  private static String gamma;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    domain = "dash-" + tag + ".example";
    framework = UUID.randomUUID().toString();
    ladder = "swe-" + tag;
    alpha = "Alpha " + tag;
    beta = "Beta " + tag;
    delta = "=Delta " + tag;
    gamma = "Gamma " + tag;
    admin(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json"), 201);
    admin(HttpMethod.PUT, "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json"), 201);
    admin(HttpMethod.POST, "/api/v1/ladders", sample("swe-ladder.json").put("id", ladder), 201);
    JsonArray directory = new JsonArray();
    for (int i = 0; i < 6; i++) {
      // a self-declared attribute: HR sees equity by it, nobody else sees it at all
      directory.add(person("alpha" + i, alpha).put("selfDeclared", new JsonObject().put("gender", "woman")));
    }
    for (int i = 0; i < 2; i++) {
      directory.add(person("beta" + i, beta));
    }
    for (int i = 0; i < 3; i++) {
      directory.add(person("delta" + i, delta));
    }
    for (int i = 0; i < 5; i++) {
      directory.add(person("gamma" + i, gamma));
    }
    directory.add(person("boss", "Leads " + tag).put("manages", new JsonArray().add(alpha).add(beta).add(delta)));
    directory.add(person("hr", "People " + tag)).add(person("staff", "People " + tag));
    admin(HttpMethod.POST, "/api/v1/people", directory, 200);
    JsonArray statements = new JsonArray();
    for (int i = 0; i < 6; i++) {
      statements.add(completed("alpha" + i, "secure-coding-fundamentals"));
      if (i < 4) {
        statements.add(completed("alpha" + i, "effective-code-review"));
      }
    }
    HttpResponse<Buffer> posted = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).sendJson(statements).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    awaitMapper();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String email(String who) {
    return who + "-" + tag + "@example.com";
  }

  private static JsonObject person(String who, String team) {
    return new JsonObject().put("id", who + "-" + tag).put("name", "Person " + who).put("team", team)
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email(who))));
  }

  private static JsonObject completed(String who, String course) {
    return new JsonObject().put("actor", new JsonObject().put("mbox", "mailto:" + email(who)))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learn." + domain + "/courses/" + course))
        .put("timestamp", "2026-11-02T10:15:00Z");
  }

  private static JsonObject sample(String file) throws IOException {
    return new JsonObject(Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", domain));
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = server.client.request(method, path)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }

  /** Until the mapper has read the records: 6 of Alpha with a level, 4 with the first milestone. */
  private static void awaitMapper() throws InterruptedException {
    JsonObject group = null;
    for (int i = 0; i < 600; i++) {
      // the views serve snapshots: take one, as an administrator does after an import
      admin(HttpMethod.POST, "/api/v1/cohorts/snapshots", new JsonObject(), 201);
      JsonObject view = admin(HttpMethod.GET, "/api/v1/cohorts?by=team&framework=" + framework + "&ladder=" + ladder,
          null, 200).bodyAsJsonObject();
      group = view.getJsonArray("groups").stream().map(JsonObject.class::cast)
          .filter(g -> alpha.equals(g.getString("group"))).findFirst().orElse(null);
      if (group != null && group.getInteger("participants") == 6
          && group.getJsonObject("milestonesReached").getInteger("foundations", 0) == 4) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the mapper did not read the records in time: " + group);
  }

  /** An account for {@code who} with these roles and a password, signed in through the pages. */
  private static WebClientSession account(String who, String... roles) {
    HttpResponse<Buffer> invited = admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", email(who)).put("roles", new JsonArray(List.of(roles))), 201);
    return Browser.signUpAndIn(server, invited.bodyAsJsonObject().getString("invitation"), email(who), PASSWORD);
  }

  private static String choice() {
    return "framework=" + framework + "&ladder=" + ladder;
  }

  /** A table of the page as its cells' texts, row by row (headings first). */
  private static List<List<String>> table(Chromium chromium, String id) {
    List<List<String>> rows = new ArrayList<>();
    for (WebElement tr : chromium.all("#" + id + " tr")) {
      List<String> cells = new ArrayList<>();
      tr.findElements(By.cssSelector("th, td")).forEach(c -> cells.add(c.getText().strip()));
      rows.add(cells);
    }
    return rows;
  }

  /** A CSV as its records, without the empty cells a suppressed row is padded with. */
  private static List<List<String>> csv(String text) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
      for (CSVRecord record : parser) {
        List<String> cells = new ArrayList<>(record.toList());
        while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
          cells.remove(cells.size() - 1);
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  /** The charts have been drawn: each chart element shown, with ECharts' canvas and its aria description. */
  private static void chartsDrawn(Chromium chromium) {
    new WebDriverWait(chromium.driver, Duration.ofSeconds(20)).until(d -> !chromium.all(".chart canvas").isEmpty());
    List<WebElement> charts = chromium.all(".chart");
    assertThat(charts).isNotEmpty();
    for (WebElement chart : charts) {
      assertThat(chart.isDisplayed()).isTrue();
      assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
      assertThat(chart.getAttribute("aria-label")).as("ECharts' aria description").contains("chart");
    }
  }

  @Test
  void aManagerSeesTheirTeamsWithChartsAndTablesAndTheCsvOfATableIsThatTable() throws IOException {
    WebClientSession boss = account("boss", "manager");
    try (Chromium chromium = new Chromium(server)) {
      chromium.signIn(email("boss"), PASSWORD);
      assertThat(chromium.text()).contains("My teams’ dashboard");
      chromium.open("/dashboards/team?" + choice());
      assertThat(chromium.find("h1").getText()).isEqualTo("My teams’ dashboard");
      chartsDrawn(chromium);
      List<List<String>> participation = table(chromium, "table-participation");
      assertThat(participation.get(0)).containsExactly("Team", "People", "Taking part", "Participation");
      assertThat(participation).contains(List.of(alpha, "6", "6", "100%"));
      // the small teams are named (the manager knows them) and said to be not shown — never zero
      assertThat(participation.stream().filter(r -> r.get(0).equals(beta) || r.get(0).equals(delta)))
          .hasSize(2).allSatisfy(r -> {
            assertThat(r).hasSize(2);
            assertThat(r.get(1)).contains("Fewer than 5 people", "not shown");
          });
      assertThat(participation.stream().map(r -> r.get(0))).doesNotContain(gamma);
      List<List<String>> milestones = table(chromium, "table-milestones");
      assertThat(milestones.get(0)).contains("Engineering Foundations", "Senior Engineer Readiness");
      assertThat(milestones.get(1)).startsWith(alpha, "4");
      List<List<String>> progress = table(chromium, "table-progress");
      assertThat(progress.get(0)).as("competencies by name, not URL").contains("T.4 Secure Development")
          .noneMatch(c -> c.startsWith("http"));
      // what people miss next (by competency name) and mentoring, per team, from the same cells
      List<List<String>> missing = table(chromium, "table-missing-next");
      assertThat(missing.get(0)).noneMatch(c -> c.startsWith("http"));
      assertThat(missing).anySatisfy(r -> assertThat(r).startsWith(alpha)
          .satisfies(row -> assertThat(row.subList(1, row.size())).allMatch(c -> c.matches("\\d+"))
              .anyMatch(c -> !c.equals("0"))));
      List<List<String>> mentoring = table(chromium, "table-mentoring");
      assertThat(mentoring).anySatisfy(r -> assertThat(r).startsWith(alpha)
          .satisfies(row -> assertThat(row.subList(1, row.size())).allMatch(c -> c.matches("\\d+"))));
      // one row per snapshot (the set-up took several while the mapper caught up): the latest has the 4
      List<List<String>> overTime = table(chromium, "table-over-time");
      List<List<String>> snapshots = overTime.subList(1, overTime.size());
      assertThat(snapshots).allSatisfy(r -> assertThat(r.get(0)).matches("\\d{4}-W\\d{2}.*"));
      assertThat(snapshots).as("Engineering Foundations in a snapshot").anySatisfy(r -> assertThat(r.get(1)).isEqualTo("4"));
      chromium.accessible().screenshot("dashboard-team");

      for (String id : List.of("participation", "progress", "milestones", "over-time")) {
        HttpResponse<Buffer> file = boss.get("/dashboards/team?" + choice() + "&format=csv&table=" + id).send().await();
        assertThat(file.statusCode()).as(file.bodyAsString()).isEqualTo(200);
        assertThat(file.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(file.getHeader("Content-Disposition")).startsWith("attachment;");
        List<List<String>> page = table(chromium, "table-" + id);
        // the same rows and numbers; a cell a spreadsheet would run as a formula starts with '
        List<List<String>> expected = page.stream().map(r -> r.stream().map(c -> c.startsWith("=") ? "'" + c : c)
            .toList()).toList();
        assertThat(csv(file.bodyAsString())).as(id).isEqualTo(expected);
      }
      assertThat(csv(boss.get("/dashboards/team?" + choice() + "&format=csv&table=participation").send().await()
          .bodyAsString()).stream().map(r -> r.get(0))).contains("'" + delta).doesNotContain(delta);
      // the whole view: every cell of every table, one per row
      List<List<String>> view = csv(boss.get("/dashboards/team?" + choice() + "&format=csv").send().await().bodyAsString());
      assertThat(view.get(0)).containsExactly("section", "table", "row", "column", "value");
      assertThat(view).contains(List.of("Participation", "Participation by team", alpha, "Participation", "100%"));
      assertThat(view.stream().filter(r -> r.get(2).equals(beta))).allSatisfy(r -> assertThat(r.get(4)).contains("not shown"));

      // one team of theirs: only its figures
      chromium.open("/dashboards/team?" + choice() + "&team=" + URLEncoder.encode(alpha, StandardCharsets.UTF_8));
      assertThat(table(chromium, "table-participation")).hasSize(2);
      chromium.accessible();
    }
  }

  @Test
  void aManagerIsRefusedATeamTheyDoNotManage() {
    WebClientSession boss = account("boss2", "manager");
    admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(person("boss2", "Leads " + tag)
        .put("manages", new JsonArray().add(alpha))), 200);
    HttpResponse<Buffer> other = boss.get("/dashboards/team?team=" + URLEncoder.encode(gamma, StandardCharsets.UTF_8))
        .putHeader("Accept", "text/html").send().await();
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.bodyAsString()).contains("You do not manage the team “" + gamma + "”", "The teams you manage: " + alpha);
    assertThat(boss.get("/dashboards/team?team=" + URLEncoder.encode(gamma, StandardCharsets.UTF_8) + "&format=csv")
        .send().await().statusCode()).isEqualTo(403);
    // hostile or mistaken choices: a clear 400, never a 500
    HttpResponse<Buffer> badFormat = boss.get("/dashboards/team?format=xlsx").putHeader("Accept", "text/html").send().await();
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(badFormat.bodyAsString()).contains("format is html");
    HttpResponse<Buffer> badFramework = boss.get("/dashboards/team?framework=nope").send().await();
    assertThat(badFramework.statusCode()).isEqualTo(400);
    assertThat(badFramework.bodyAsString()).contains("Choose a capability framework from the list", "href=\"#framework\"");
    assertThat(boss.get("/dashboards/team?format=csv&table=nope").send().await().statusCode()).isEqualTo(404);
  }

  @Test
  void hrSeesTheOrganisationWithEquityAndSuppressedGroupsShownAsSuch() throws IOException {
    WebClientSession hr = account("hr", "hr");
    try (Chromium chromium = new Chromium(server)) {
      chromium.signIn(email("hr"), PASSWORD);
      assertThat(chromium.text()).contains("Organisation dashboard");
      chromium.open("/dashboards/organisation?" + choice());
      assertThat(chromium.find("h1").getText()).isEqualTo("Organisation dashboard");
      chartsDrawn(chromium);
      List<List<String>> participation = table(chromium, "table-participation");
      assertThat(participation).contains(List.of(alpha, "6", "6", "100%"), List.of(gamma, "5", "0", "0%"));
      assertThat(participation.stream().map(r -> r.get(0))).doesNotContain(beta, delta);
      List<String> suppressed = participation.get(participation.size() - 1);
      assertThat(suppressed.get(0)).endsWith("other groups");
      assertThat(suppressed).hasSize(2);
      assertThat(suppressed.get(1)).contains("Fewer than 5 people", "not shown");
      assertThat(chromium.all("#table-participation tr.suppressed td")).allSatisfy(td ->
          assertThat(td.getText()).doesNotMatch("\\d+%?").contains("not shown"));
      assertThat(chromium.find("#equity").getText()).isEqualTo("Equity");
      for (String d : List.of("role", "function", "level", "team")) {
        assertThat(chromium.all("#table-equity-" + d)).hasSize(1);
      }
      assertThat(chromium.all("#table-equity-declared-gender")).hasSize(1);
      assertThat(chromium.text()).contains("Self-declared: gender");
      chromium.accessible().screenshot("dashboard-organisation");

      List<List<String>> file = csv(hr.get("/dashboards/organisation?" + choice() + "&format=csv&table=participation")
          .send().await().bodyAsString());
      assertThat(file).isEqualTo(participation.stream().map(r -> r.stream().map(c -> c.startsWith("=") ? "'" + c : c)
          .toList()).toList());
    }
    // an L&D admin sees it too, without the self-declared groups
    WebClientSession ld = account("ld", "ld_admin");
    HttpResponse<Buffer> page = ld.get("/dashboards/organisation?" + choice()).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("Equity").doesNotContain("Self-declared");
  }

  @Test
  void anEmployeeGetsTheForbiddenPageAndSomeoneSignedOutTheSignInPage() {
    WebClientSession staff = account("staff", "employee");
    for (String path : List.of("/dashboards/team", "/dashboards/organisation", "/dashboards/team?format=csv")) {
      HttpResponse<Buffer> refused = staff.get(path).putHeader("Accept", "text/html").send().await();
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.bodyAsString()).as(path).contains("needs the role").doesNotContain(alpha);
    }
    try (Chromium chromium = new Chromium(server)) {
      chromium.signIn(email("staff"), PASSWORD);
      assertThat(chromium.text()).doesNotContain("dashboard");
      chromium.open("/dashboards/organisation");
      assertThat(chromium.text()).contains("needs the role 'hr' or 'ld_admin'");
      chromium.accessible();
    }
    HttpResponse<Buffer> signedOut = Browser.open(server).get("/dashboards/team").send().await();
    assertThat(signedOut.statusCode()).isEqualTo(303);
    assertThat(signedOut.getHeader("Location")).isEqualTo("/login?return=%2Fdashboards%2Fteam");
  }
}
