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
 * What the manager, the mentor and the committee reviewer see, through the real server with signed-in
 * sessions: a manager's cohort view covers the teams they manage, with the minimum group size, and
 * never an individual; a mentor sees the sessions they gave and their outcome, not the mentee's
 * record; a reviewer sees exactly the credentials shared with them, with evidence and verification,
 * and nothing once the link is revoked.
 */
class PeopleViewsTest {
  private static final String TOKEN = "X-CSRF-Token";
  private static final String PASSWORD = "a password for the views test";
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

  /** An account for {@code who} with these roles, signed in. */
  private static WebClientSession signIn(String who, String... roles) {
    HttpResponse<Buffer> invited = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", email(who)).put("roles", new JsonArray(List.of(roles))), 201);
    return Browser.signUpAndIn(server, invited.bodyAsJsonObject().getString("invitation"), email(who), PASSWORD);
  }

  private static JsonObject person(String who, String team) {
    return new JsonObject().put("id", who + "-" + tag).put("name", "Person " + who).put("team", team)
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email(who))));
  }

  private static String csrf(WebClientSession browser) {
    return browser.get("/api/v1/me").send().await().getHeader(TOKEN);
  }

  @Test
  void aManagerSeesTheTeamsTheyManageAsGroupsOfFiveOrMoreAndNoIndividual() {
    String big = "big-" + tag;
    String small = "small-" + tag;
    JsonArray directory = new JsonArray();
    for (int i = 0; i < 5; i++) {
      directory.add(person("member" + i, big));
    }
    directory.add(person("lone0", small)).add(person("lone1", small));
    directory.add(person("boss", "leads-" + tag).put("manages", new JsonArray().add(big)));
    directory.add(person("smallboss", "leads-" + tag).put("manages", new JsonArray().add(small)));
    directory.add(person("nobody", "leads-" + tag));
    server.admin(HttpMethod.POST, "/api/v1/people", directory, 200);
    // cohort views are served from snapshots: take one now rather than wait for the next week
    server.admin(HttpMethod.POST, "/api/v1/cohorts/snapshots", new JsonObject(), 201);

    WebClientSession boss = signIn("boss", "manager");
    JsonObject view = boss.get("/api/v1/cohorts?by=team").send().await().bodyAsJsonObject();
    assertThat(view.getInteger("population")).as(view.encode()).isEqualTo(5);
    assertThat(view.getJsonArray("teams").getList()).containsExactly(big);
    assertThat(view.getJsonArray("groups").stream().map(g -> ((JsonObject) g).getString("group")).toList())
        .containsExactly(big);
    JsonObject byRole = boss.get("/api/v1/cohorts?by=role").send().await().bodyAsJsonObject();
    assertThat(byRole.getInteger("population")).as("no request can widen or narrow the population").isEqualTo(5);

    // a team under the minimum group size shows nothing, not even its size
    WebClientSession smallBoss = signIn("smallboss", "manager");
    JsonObject tiny = smallBoss.get("/api/v1/cohorts?by=team").send().await().bodyAsJsonObject();
    assertThat(tiny.getValue("population")).as(tiny.encode()).isNull();
    assertThat(tiny.getJsonArray("groups")).isEmpty();
    assertThat(tiny.getJsonObject("suppressed").getValue("members")).isNull();

    // an individual's progress is not a manager's to read
    HttpResponse<Buffer> individual = boss.get("/api/v1/people/member0-" + tag + "/progress").send().await();
    assertThat(individual.statusCode()).isEqualTo(403);
    assertThat(individual.bodyAsString()).doesNotContain("member0");

    // the manager role without managed teams opens nothing
    HttpResponse<Buffer> none = signIn("nobody", "manager").get("/api/v1/cohorts").send().await();
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.bodyAsJsonObject().getString("detail")).contains("You manage no team");
    // the L&D admin sees the whole directory, small teams suppressed there too
    JsonObject all = server.admin(HttpMethod.GET, "/api/v1/cohorts?by=team", null, 200).bodyAsJsonObject();
    assertThat(all.containsKey("teams")).isFalse();
    assertThat(all.getJsonArray("groups").stream().map(g -> ((JsonObject) g).getString("group")).toList())
        .contains(big).doesNotContain(small);
  }

  @Test
  void aMentorSeesTheSessionsTheyGaveAndTheirOutcomeButNotTheMenteesRecord() throws InterruptedException {
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(person("mentor", "m-" + tag))
        .add(person("mentee", "m-" + tag)), 200);
    String competency = "https://skills.example/" + tag + "/system-design";
    JsonObject session = new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:" + email("mentor")))
        .put("verb", new JsonObject().put("id", "https://cairn.dev/xapi/verbs/mentored"))
        .put("object", new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + email("mentee")))
        .put("result", new JsonObject().put("extensions", new JsonObject()
            .put("https://cairn.dev/xapi/extensions/outcome", "Drew the design of the billing service together")))
        .put("context", new JsonObject().put("extensions", new JsonObject()
            .put("https://cairn.dev/xapi/extensions/competency", competency)));
    HttpResponse<Buffer> posted = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).sendJsonObject(session).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    String statementId = posted.bodyAsJsonArray().getString(0);

    WebClientSession mentor = signIn("mentor", "mentor");
    JsonObject mine = null;
    for (int i = 0; i < 300; i++) {
      HttpResponse<Buffer> answer = mentor.get("/api/v1/me/mentoring").send().await();
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
      mine = answer.bodyAsJsonObject();
      if (!mine.getJsonArray("sessionsGiven").isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(mine.getJsonArray("sessionsGiven")).as("the mapper has read the session").hasSize(1);
    JsonObject given = mine.getJsonArray("sessionsGiven").getJsonObject(0);
    assertThat(given.getString("statementId")).isEqualTo(statementId);
    assertThat(given.getString("competency")).isEqualTo(competency);
    assertThat(given.getString("mentee")).isEqualTo("Person mentee");
    assertThat(given.getBoolean("outcomeRecorded")).isTrue();
    assertThat(given.getValue("menteeShowedEvidenceAt")).as("the mentee has shown no evidence yet").isNull();
    assertThat(mine.getJsonObject("credit").getInteger("sessionsGiven")).isEqualTo(1);
    assertThat(mine.getJsonObject("credit").getInteger("counting")).isZero();

    // the mentee's own record stays theirs
    assertThat(mentor.get("/api/v1/people/mentee-" + tag + "/progress").send().await().statusCode()).isEqualTo(403);
    // a mentee without the mentor role has no mentoring view
    HttpResponse<Buffer> mentee = signIn("mentee").get("/api/v1/me/mentoring").send().await();
    assertThat(mentee.statusCode()).isEqualTo(403);
    assertThat(mentee.bodyAsJsonObject().getString("detail")).isEqualTo("This needs the role 'mentor'.");
  }

  @Test
  void aReviewerSeesExactlyWhatWasSharedWithThemWithEvidenceAndVerification() {
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(person("owner", "o-" + tag)), 200);
    HttpResponse<Buffer> posted = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject().put("actor", new JsonObject().put("mbox", "mailto:" + email("owner")))
            .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
            .put("object", new JsonObject().put("id", "https://learn.example/" + tag + "/distributed-systems"))).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    String evidenceStatement = posted.bodyAsJsonArray().getString(0);
    String mineId = issue("owner", "Distributed systems", evidenceStatement).getString("id").substring("urn:uuid:".length());
    String otherId = issue("owner", "Secure coding", UUID.randomUUID().toString()).getString("id").substring("urn:uuid:".length());
    WebClientSession owner = signIn("owner");
    WebClientSession reviewer = signIn("reviewer", "committee_reviewer");
    WebClientSession otherReviewer = signIn("other-reviewer", "committee_reviewer");

    // the owner shares one credential with the reviewer (the address in any case), and keeps the other
    HttpResponse<Buffer> shared = owner.post("/api/v1/me/credentials/" + mineId + "/shares").putHeader(TOKEN, csrf(owner))
        .sendJsonObject(new JsonObject().put("with", email("reviewer").toUpperCase())).await();
    assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(201);
    String shareId = shared.bodyAsJsonObject().getString("id");
    assertThat(shared.bodyAsJsonObject().getString("sharedWith")).isEqualTo(email("reviewer"));
    for (JsonObject hostile : List.of(new JsonObject().put("with", "not an address"),
        new JsonObject().put("with", 42), new JsonObject().put("to", email("reviewer")))) {
      HttpResponse<Buffer> refused = owner.post("/api/v1/me/credentials/" + otherId + "/shares")
          .putHeader(TOKEN, csrf(owner)).sendJsonObject(hostile).await();
      assertThat(refused.statusCode()).as(hostile.encode() + " " + refused.bodyAsString()).isEqualTo(400);
    }

    JsonArray list = reviewer.get("/api/v1/me/shared-with-me").send().await().bodyAsJsonArray();
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getString("share")).isEqualTo(shareId);
    assertThat(list.getJsonObject(0).getJsonObject("credential").getString("id")).isEqualTo("urn:uuid:" + mineId);
    HttpResponse<Buffer> one = reviewer.get("/api/v1/me/shared-with-me/" + shareId).send().await();
    assertThat(one.statusCode()).as(one.bodyAsString()).isEqualTo(200);
    JsonObject full = one.bodyAsJsonObject();
    assertThat(full.getJsonObject("credential").getJsonObject("credentialSubject").getJsonObject("achievement")
        .getString("name")).isEqualTo("Distributed systems");
    assertThat(full.getJsonArray("evidence")).isNotEmpty();
    assertThat(full.getJsonArray("statements").stream().map(s -> ((JsonObject) s).getJsonObject("statement")
        .getString("id")).toList()).as("the statement behind the evidence, and only it").containsExactly(evidenceStatement);
    assertThat(full.getJsonObject("verification").encode()).contains("\"valid\":true");

    // another reviewer, an owner without the role, a made-up id: nothing
    assertThat(otherReviewer.get("/api/v1/me/shared-with-me").send().await().bodyAsJsonArray()).isEmpty();
    assertThat(otherReviewer.get("/api/v1/me/shared-with-me/" + shareId).send().await().statusCode()).isEqualTo(404);
    assertThat(owner.get("/api/v1/me/shared-with-me").send().await().statusCode()).isEqualTo(403);
    assertThat(reviewer.get("/api/v1/me/shared-with-me/" + UUID.randomUUID()).send().await().statusCode()).isEqualTo(404);
    assertThat(reviewer.get("/api/v1/me/shared-with-me/not-a-uuid").send().await().statusCode()).isEqualTo(404);
    // the unshared credential stays out of reach by every path a reviewer has
    assertThat(reviewer.get("/api/v1/badges/" + otherId).send().await().statusCode()).isEqualTo(403);

    // revoking the link takes it away
    HttpResponse<Buffer> revoked = owner.delete("/api/v1/me/shares/" + shareId).putHeader(TOKEN, csrf(owner)).send().await();
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(reviewer.get("/api/v1/me/shared-with-me").send().await().bodyAsJsonArray()).isEmpty();
    assertThat(reviewer.get("/api/v1/me/shared-with-me/" + shareId).send().await().statusCode()).isEqualTo(404);
  }

  @Test
  void aPersonAsksToBeErasedAndTheLrsAdminSeesRefusesOrTheyWithdraw() {
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(person("leaver", "l-" + tag)), 200);
    WebClientSession leaver = signIn("leaver");
    WebClientSession lrsAdmin = signIn("data-officer", "lrs_admin");
    assertThat(leaver.get("/api/v1/me/erasure-request").send().await().statusCode()).isEqualTo(404);
    assertThat(leaver.post("/api/v1/me/erasure-request").sendJsonObject(new JsonObject()).await().statusCode())
        .as("a change needs the CSRF token").isEqualTo(403);

    HttpResponse<Buffer> asked = leaver.post("/api/v1/me/erasure-request").putHeader(TOKEN, csrf(leaver))
        .sendJsonObject(new JsonObject().put("reason", "I am leaving the company")).await();
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    String id = asked.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> again = leaver.post("/api/v1/me/erasure-request").putHeader(TOKEN, csrf(leaver)).send().await();
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).as("one open request at a time").isEqualTo(id);

    JsonObject waiting = lrsAdmin.get("/api/v1/accounts/erasure-requests").send().await().bodyAsJsonArray().stream()
        .map(JsonObject.class::cast).filter(r -> r.getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(waiting.getString("personId")).as("the person to erase").isEqualTo("leaver-" + tag);
    assertThat(waiting.getString("reason")).isEqualTo("I am leaving the company");
    assertThat(leaver.get("/api/v1/accounts/erasure-requests").send().await().statusCode()).isEqualTo(403);

    HttpResponse<Buffer> noReason = lrsAdmin.post("/api/v1/accounts/erasure-requests/" + id + "/refusal")
        .putHeader(TOKEN, csrf(lrsAdmin)).sendJsonObject(new JsonObject()).await();
    assertThat(noReason.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> refused = lrsAdmin.post("/api/v1/accounts/erasure-requests/" + id + "/refusal")
        .putHeader(TOKEN, csrf(lrsAdmin)).sendJsonObject(new JsonObject()
            .put("reason", "Payroll records are kept for six years by law; everything else was erased.")).await();
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(204);
    JsonObject seen = leaver.get("/api/v1/me/erasure-request").send().await().bodyAsJsonObject();
    assertThat(seen.getString("status")).isEqualTo("refused");
    assertThat(seen.getString("note")).startsWith("Payroll records");

    String second = leaver.post("/api/v1/me/erasure-request").putHeader(TOKEN, csrf(leaver)).send().await()
        .bodyAsJsonObject().getString("id");
    assertThat(second).isNotEqualTo(id);
    assertThat(leaver.delete("/api/v1/me/erasure-request").putHeader(TOKEN, csrf(leaver)).send().await().statusCode())
        .isEqualTo(204);
    assertThat(leaver.get("/api/v1/me/erasure-request").send().await().bodyAsJsonObject().getString("status"))
        .isEqualTo("withdrawn");
    assertThat(leaver.delete("/api/v1/me/erasure-request").putHeader(TOKEN, csrf(leaver)).send().await().statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> trail = server.admin(HttpMethod.GET, "/api/v1/accounts/audit?limit=1000", null, 200);
    assertThat(trail.bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("action").startsWith("erasure.")).map(e -> e.getString("action")).toList())
        .contains("erasure.request", "erasure.refuse", "erasure.withdraw");
  }

  private static JsonObject issue(String who, String name, String statementId) {
    return server.admin(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", who + "-" + tag)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email(who)))
        .put("achievementId", "https://cairn.example/achievements/" + name.replace(' ', '-') + "-" + tag)
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", name).put("description", name + ", shown.")
            .put("criteria", new JsonObject().put("narrative", "Shown at work.")).put("achievementType", "Competency"))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", statementId)
            .put("rule", "shown"))), 201).bodyAsJsonObject();
  }
}
