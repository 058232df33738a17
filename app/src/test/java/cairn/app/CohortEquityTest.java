package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Equity views through the real server with signed-in sessions: self-declared attributes are stored
 * with the directory, never served person by person, and only the role {@code hr} may group cohort
 * views by them; HR sees the organisation, a manager the cells of their teams, and the snapshot is
 * taken by an L&D administrator (audited).
 */
class CohortEquityTest {
  private static final String PASSWORD = "a password for the equity test";
  private static CairnServer server;
  private static String tag;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String email(String who) {
    return who + "-" + tag + "@example.com";
  }

  private static WebClientSession signIn(String who, String... roles) {
    HttpResponse<Buffer> invited = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", email(who)).put("roles", new JsonArray(List.of(roles))), 201);
    return Browser.signUpAndIn(server, invited.bodyAsJsonObject().getString("invitation"), email(who), PASSWORD);
  }

  private static JsonObject person(String who, String team, String gender) {
    JsonObject p = new JsonObject().put("id", who + "-" + tag).put("team", team)
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email(who))));
    if (gender != null) {
      p.put("selfDeclared", new JsonObject().put("gender", gender));
    }
    return p;
  }

  @Test
  void onlyHrGroupsBySelfDeclaredAttributesAndNobodyReadsThemPersonByPerson() {
    String team = "equity-" + tag;
    JsonArray directory = new JsonArray();
    for (int i = 0; i < 12; i++) {
      directory.add(person("p" + i, team, i < 6 ? "woman-" + tag : "man-" + tag));
    }
    // a second team: five women and one non-binary person, who must not be shown apart
    for (int i = 0; i < 6; i++) {
      directory.add(person("q" + i, team + "-2", i < 5 ? "woman-" + tag : "nonbinary-" + tag));
    }
    directory.add(person("lead", "leads-" + tag, null).put("manages", new JsonArray().add(team)));
    server.admin(HttpMethod.POST, "/api/v1/people", directory, 200);
    // hostile declarations are refused, naming the field
    HttpResponse<Buffer> bad = server.client.post("/api/v1/people")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJson(new JsonArray().add(person("x", team, null).put("selfDeclared", new JsonObject().put("Gender!", "x"))))
        .await();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("selfDeclared");

    WebClientSession ld = signIn("ld", "ld_admin");
    HttpResponse<Buffer> taken = ld.post("/api/v1/cohorts/snapshots").putHeader("X-CSRF-Token", csrf(ld))
        .sendJsonObject(new JsonObject()).await();
    assertThat(taken.statusCode()).as(taken.bodyAsString()).isEqualTo(201);
    assertThat(taken.bodyAsJsonObject().getString("period")).matches("\\d{4}-W\\d{2}");

    WebClientSession hr = signIn("hr", "hr");
    HttpResponse<Buffer> equity = hr.get("/api/v1/cohorts?by=declared.gender").send().await();
    assertThat(equity.statusCode()).as(equity.bodyAsString()).isEqualTo(200);
    JsonArray groups = equity.bodyAsJsonObject().getJsonArray("groups");
    assertThat(groups.stream().map(g -> ((JsonObject) g).getString("group")).toList())
        .as("the first team's women and men are shown; the non-binary person is not shown separately")
        .contains("woman-" + tag, "man-" + tag).doesNotContain("nonbinary-" + tag);
    JsonObject women = groups.stream().map(JsonObject.class::cast).filter(g -> ("woman-" + tag).equals(g.getString("group")))
        .findFirst().orElseThrow();
    assertThat(women.getInteger("members")).as("the second team's women are one cell with the non-binary person")
        .isEqualTo(6);
    for (Object g : groups) {
      assertThat(((JsonObject) g).getInteger("members")).isGreaterThanOrEqualTo(5);
    }
    assertThat(hr.get("/api/v1/cohorts/history?by=declared.gender").send().await().statusCode()).isEqualTo(200);

    // everyone else: a 403 naming the role, the L&D admin and API credentials included
    for (HttpResponse<Buffer> refused : List.of(ld.get("/api/v1/cohorts?by=declared.gender").send().await(),
        signIn("lead", "manager").get("/api/v1/cohorts?by=declared.gender").send().await(),
        server.admin(HttpMethod.GET, "/api/v1/cohorts?by=declared.gender", null, 403))) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getString("detail")).contains("'hr'");
    }
    // the declaration is not in the directory entry anyone can read
    String entry = server.admin(HttpMethod.GET, "/api/v1/people/p0-" + tag, null, 200).bodyAsString();
    assertThat(entry).doesNotContain("woman").doesNotContain("selfDeclared");
    // HR takes no snapshot, changes nothing
    assertThat(hr.post("/api/v1/cohorts/snapshots").putHeader("X-CSRF-Token", csrf(hr)).sendJsonObject(new JsonObject())
        .await().statusCode()).isEqualTo(403);
    // the snapshot is audited under the account
    String account = ld.get("/api/v1/me").send().await().bodyAsJsonObject().getString("account");
    JsonArray audit = server.admin(HttpMethod.GET, "/api/v1/audit?subject=cohorts", null, 200).bodyAsJsonArray();
    assertThat(audit.stream().map(JsonObject.class::cast).filter(e -> e.getString("action").equals("cohorts.snapshot"))
        .map(e -> e.getString("actor")).toList()).contains("account:" + account);
  }

  private static String csrf(WebClientSession browser) {
    return browser.get("/api/v1/me").send().await().getHeader("X-CSRF-Token");
  }
}
