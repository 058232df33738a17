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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-service API in the whole of Cairn: a signed-in employee reads their own progress (the
 * admin's answer for their person) and credentials, makes, lists and revokes their own share links,
 * and reaches nobody else's; changes need the CSRF token; only a session opens {@code /api/v1/me/…}.
 * The framework, rules and ladder are the shipped samples (docs/samples) under this class's own
 * domain; one statement makes the person a Practitioner of secure coding.
 */
class SelfServiceTest {
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static final String TOKEN = "X-CSRF-Token";
  private static CairnServer server;
  private static String tag;
  private static String mine;
  private static String others;
  private static WebClientSession me;
  private static String myCredential;
  private static String othersCredential;

  @BeforeAll
  static void start() throws IOException {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    String domain = "self-" + tag + ".example";
    mine = "me-" + tag;
    others = "other-" + tag;
    String myEmail = mine + "@example.com";
    seed(domain, myEmail);
    me = Browser.signUpAndIn(server, invite(myEmail), myEmail, "my own password, long enough");
    myCredential = issue(mine, myEmail).getString("id");
    othersCredential = issue(others, others + "@example.com").getString("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The samples under {@code domain}, two people, and a statement that gives {@code email} a level. */
  private static void seed(String domain, String email) throws IOException {
    String framework = UUID.randomUUID().toString();
    admin(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json", domain, framework), 201);
    admin(HttpMethod.PUT, "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json", domain, framework), 201);
    JsonObject ladder = sample("swe-ladder.json", domain, framework).put("id", "swe-" + tag);
    admin(HttpMethod.POST, "/api/v1/ladders", ladder, 201);
    admin(HttpMethod.POST, "/api/v1/people", new JsonArray()
        .add(new JsonObject().put("id", mine).put("name", "Me").put("agents", new JsonArray()
            .add(new JsonObject().put("mbox", "mailto:" + email))))
        .add(new JsonObject().put("id", others).put("name", "Someone else").put("agents", new JsonArray()
            .add(new JsonObject().put("mbox", "mailto:" + others + "@example.com")))), 200);
    HttpResponse<Buffer> posted = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject().put("actor", new JsonObject().put("mbox", "mailto:" + email))
            .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
            .put("object", new JsonObject().put("id", "https://learn." + domain + "/courses/secure-coding-fundamentals")))
        .await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject sample(String file, String domain, String framework) throws IOException {
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

  private static JsonObject issue(String person, String email) {
    return admin(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", person)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email))
        .put("achievementId", "https://cairn.example/achievements/self-" + tag)
        .put("ladderId", "swe-" + tag)
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", "Secure coding").put("description", "Writes secure code.")
            .put("criteria", new JsonObject().put("narrative", "Complete the course.")).put("achievementType", "Competency"))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", UUID.randomUUID().toString())
            .put("rule", "secure-coding"))), 201).bodyAsJsonObject();
  }

  private static String invite(String email) {
    HttpResponse<Buffer> invited = admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", email).put("roles", new JsonArray().add("employee")), 201);
    return invited.bodyAsJsonObject().getString("invitation");
  }

  /** The CSRF token the self-service API hands a signed-in browser. */
  private static String csrf(WebClientSession browser) {
    HttpResponse<Buffer> root = browser.get("/api/v1/me").send().await();
    assertThat(root.getHeader(TOKEN)).as("the token for changes, on every /api/v1/me response").isNotBlank();
    return root.getHeader(TOKEN);
  }

  @Test
  void myProgressIsWhatTheAdministratorSeesOfMyPersonAndNobodyElsesIsReachable() throws InterruptedException {
    JsonObject adminView = null;
    for (int i = 0; i < 300; i++) {
      adminView = admin(HttpMethod.GET, "/api/v1/people/" + mine + "/progress", null, 200).bodyAsJsonObject();
      if (!adminView.getJsonArray("competencies").isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(adminView.getJsonArray("competencies")).as("the mapper has read the statement").isNotEmpty();
    HttpResponse<Buffer> progress = me.get("/api/v1/me/progress").send().await();
    assertThat(progress.statusCode()).as(progress.bodyAsString()).isEqualTo(200);
    assertThat(progress.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject mineSeen = progress.bodyAsJsonObject();
    assertThat(mineSeen).isEqualTo(adminView);
    assertThat(mineSeen.getJsonObject("person").getString("id")).isEqualTo(mine);
    assertThat(mineSeen.getJsonArray("competencies").getJsonObject(0).getJsonObject("explanation").encode())
        .as("evidence down to statement ids").contains("\"statementId\"");

    for (String path : new String[] {"/api/v1/me/progress?personId=" + others, "/api/v1/me/progress/" + others,
        "/api/v1/me/people/" + others + "/progress", "/api/v1/me/../people/" + others + "/progress",
        "/api/v1/me/%2e%2e/people/" + others + "/progress"}) {
      HttpResponse<Buffer> r = me.get(path).send().await();
      assertThat(r.bodyAsString()).as(path).doesNotContain("Someone else");
      assertThat(r.statusCode()).as(path).isIn(200, 403, 404);
      if (r.statusCode() == 200) {
        assertThat(r.bodyAsJsonObject().getJsonObject("person").getString("id")).as(path).isEqualTo(mine);
      }
    }
  }

  @Test
  void anAccountLinkedToNobodyInTheDirectoryIsTold() {
    String email = "nobody-" + tag + "@example.com";
    WebClientSession nobody = Browser.signUpAndIn(server, invite(email), email, "a password for nobody at all");
    for (String path : new String[] {"/api/v1/me/progress", "/api/v1/me/credentials", "/api/v1/me/shares"}) {
      HttpResponse<Buffer> r = nobody.get(path).send().await();
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.bodyAsJsonObject().getString("detail"))
          .startsWith("Your account is not linked to a person of the directory; ask an administrator");
    }
  }

  @Test
  void iSeeMyCredentialsAndShareThemAndNobodyElses() {
    HttpResponse<Buffer> list = me.get("/api/v1/me/credentials").send().await();
    assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
    JsonArray credentials = list.bodyAsJsonArray();
    assertThat(credentials).hasSize(1);
    assertThat(credentials.getJsonObject(0).getString("id")).isEqualTo(myCredential);
    assertThat(credentials.getJsonObject(0).getString("personId")).isEqualTo(mine);
    assertThat(credentials.getJsonObject(0)).isEqualTo(admin(HttpMethod.GET, "/api/v1/badges?personId=" + mine, null,
        200).bodyAsJsonArray().getJsonObject(0));

    HttpResponse<Buffer> shared = me.post("/api/v1/me/credentials/" + myCredential + "/shares")
        .putHeader(TOKEN, csrf(me)).send().await();
    assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(201);
    String shareId = shared.bodyAsJsonObject().getString("id");
    String url = shared.bodyAsJsonObject().getString("url");
    HttpResponse<Buffer> opened = server.client.get(URI.create(url).getPath()).send().await();
    assertThat(opened.statusCode()).isEqualTo(200);
    assertThat(opened.getHeader("Content-Type")).isEqualTo("application/vc+jwt");

    // another person's credential is as good as none
    HttpResponse<Buffer> notMine = me.post("/api/v1/me/credentials/" + othersCredential + "/shares")
        .putHeader(TOKEN, csrf(me)).send().await();
    assertThat(notMine.statusCode()).as(notMine.bodyAsString()).isEqualTo(404);
    HttpResponse<Buffer> othersShare = admin(HttpMethod.POST, "/api/v1/badges/" + othersCredential.substring(9)
        + "/shares", null, 201);
    String othersShareId = othersShare.bodyAsJsonObject().getString("id");

    JsonArray shares = me.get("/api/v1/me/shares").send().await().bodyAsJsonArray();
    assertThat(shares.stream().map(s -> ((JsonObject) s).getString("credential"))).containsOnly(myCredential);
    assertThat(shares.stream().map(s -> ((JsonObject) s).getString("id"))).contains(shareId)
        .doesNotContain(othersShareId);
    assertThat(share(shareId).containsKey("revoked")).isFalse();

    HttpResponse<Buffer> revokeOthers = me.delete("/api/v1/me/shares/" + othersShareId).putHeader(TOKEN, csrf(me))
        .send().await();
    assertThat(revokeOthers.statusCode()).as(revokeOthers.bodyAsString()).isEqualTo(404);
    assertThat(server.client.get(URI.create(othersShare.bodyAsJsonObject().getString("url")).getPath()).send().await()
        .statusCode()).as("someone else's link still opens").isEqualTo(200);

    HttpResponse<Buffer> revoked = me.delete("/api/v1/me/shares/" + shareId).putHeader(TOKEN, csrf(me)).send().await();
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(204);
    assertThat(server.client.get(URI.create(url).getPath()).send().await().statusCode()).isEqualTo(404);
    assertThat(share(shareId).getString("revoked")).isNotBlank();
    assertThat(me.delete("/api/v1/me/shares/" + shareId).putHeader(TOKEN, csrf(me)).send().await().statusCode())
        .as("revoked already").isEqualTo(404);
    assertThat(me.delete("/api/v1/me/shares/not-an-id").putHeader(TOKEN, csrf(me)).send().await().statusCode())
        .isEqualTo(404);
  }

  /** One of my share links, as {@code GET /api/v1/me/shares} lists it. */
  private static JsonObject share(String id) {
    return me.get("/api/v1/me/shares").send().await().bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow();
  }

  @Test
  void changesNeedTheCsrfToken() {
    String path = "/api/v1/me/credentials/" + myCredential + "/shares";
    HttpResponse<Buffer> none = me.post(path).send().await();
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.bodyAsJsonObject().getString("detail")).contains("X-CSRF-Token");
    HttpResponse<Buffer> wrong = me.post(path).putHeader(TOKEN, "forged.123.abc").send().await();
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(me.delete("/api/v1/me/shares/" + UUID.randomUUID()).send().await().statusCode()).isEqualTo(403);
    // a token is good for one change: the answer carries the next one
    String token = csrf(me);
    HttpResponse<Buffer> first = me.post(path).putHeader(TOKEN, token).send().await();
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(me.post(path).putHeader(TOKEN, token).send().await().statusCode()).isEqualTo(403);
    HttpResponse<Buffer> next = me.delete("/api/v1/me/shares/" + first.bodyAsJsonObject().getString("id"))
        .putHeader(TOKEN, first.getHeader(TOKEN)).send().await();
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(204);
  }

  @Test
  void onlyASessionOpensTheSelfServiceApi() {
    for (String path : new String[] {"/api/v1/me/progress", "/api/v1/me/credentials", "/api/v1/me/shares"}) {
      HttpResponse<Buffer> basic = server.client.get(path)
          .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await();
      assertThat(basic.statusCode()).as(path).isEqualTo(401);
      HttpResponse<Buffer> anonymous = server.client.get(path).send().await();
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
      assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Cookie");
    }
    HttpResponse<Buffer> post = server.client.post("/api/v1/me/credentials/" + myCredential + "/shares")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await();
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(server.client.delete("/api/v1/me/shares/" + UUID.randomUUID()).send().await().statusCode())
        .isEqualTo(401);
  }
}
