package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.ProgressionOptions;
import cairn.progression.feed.FeedConsumer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure of a person through the whole of Cairn ({@code POST /api/v1/people/{id}/erasure}): Ada
 * reached a milestone and got a credential, shared it, keeps documents, signed in; her mentor's
 * leadership credit rests on a session with her; another person learns beside her and names her as
 * instructor. A dry run changes nothing; the erasure removes what is listed, revokes the credential
 * (its status list bit set), signs her out, derives the mentor again, leaves the other person as
 * they were, and a full recompute from the remaining log equals the incremental state. A second
 * erasure is a 404; hostile bodies are 400s; an erasure interrupted midway is finished by the next
 * request.
 */
class ErasureTest {
  /** How long a test waits for the workers. */
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(20);
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static final String VERSION = "X-Experience-API-Version";
  private static CairnServer server;
  private static String tag;
  private static String domain;
  private static String ada;
  private static String mentor;
  private static String other;
  private static String adaEmail;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    domain = "erase-" + tag + ".example";
    ada = "ada-" + tag;
    mentor = "mo-" + tag;
    other = "ot-" + tag;
    adaEmail = ada + "@example.com";
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject agent(String person) {
    return new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + person + "@example.com");
  }

  private static JsonObject statement(String actor, String verb, String course, String timestamp) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("actor", agent(actor))
        .put("verb", new JsonObject().put("id", verb))
        .put("object", new JsonObject().put("id", "https://learn." + domain + "/courses/" + course))
        .put("timestamp", timestamp);
  }

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";

  @Test
  void erasesAPersonAndOnlyWhatDependedOnThem() throws Exception {
    seed();
    // Ada: two courses (the foundations milestone), one statement she voided herself, one as a group's member
    JsonObject secure = statement(ada, COMPLETED, "secure-coding-fundamentals", "2026-02-01T10:00:00Z");
    JsonObject review = statement(ada, COMPLETED, "effective-code-review", "2026-02-02T10:00:00Z");
    JsonObject mistake = statement(ada, COMPLETED, "testing-strategies", "2026-02-03T10:00:00Z");
    JsonObject voiding = new JsonObject().put("id", UUID.randomUUID().toString()).put("actor", agent(ada))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", mistake.getString("id")));
    JsonObject group = statement(ada, "http://adlnet.gov/expapi/verbs/attended", "leading-teams", "2026-02-04T10:00:00Z")
        .put("actor", new JsonObject().put("objectType", "Group").put("name", "Team")
            .put("member", new JsonArray().add(agent(ada)).add(agent(other))));
    // the other person: their own course, with Ada as instructor (their record: kept)
    JsonObject others = statement(other, COMPLETED, "secure-coding-fundamentals", "2026-02-05T10:00:00Z");
    others.put("context", new JsonObject().put("instructor", agent(ada)));
    post(new JsonArray().add(secure).add(review).add(mistake).add(voiding).add(group).add(others));
    JsonObject adaProgress = Polling.waitFor(WAIT, () -> progress(ada), p -> p.getJsonArray("milestones").size() == 1);
    String t4 = adaProgress.getJsonArray("competencies").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("name").startsWith("T.4")).findFirst().orElseThrow().getString("competency");
    // the mentor's session with Ada, before her evidence in T.4: its outcome is her evidence
    JsonObject session = new JsonObject().put("id", UUID.randomUUID().toString()).put("actor", agent(mentor))
        .put("verb", new JsonObject().put("id", "https://cairn.dev/xapi/verbs/mentored")).put("object", agent(ada))
        .put("result", new JsonObject().put("extensions", new JsonObject().put("https://cairn.dev/xapi/extensions/outcome",
            "agreed next steps")))
        .put("context", new JsonObject().put("extensions", new JsonObject()
            .put("https://cairn.dev/xapi/extensions/competency", t4)))
        .put("timestamp", "2026-01-15T10:00:00Z");
    post(new JsonArray().add(session));
    Polling.waitFor(WAIT, () -> progress(mentor), p -> level(p, "L.2") > 0);
    JsonObject credential = Polling.waitFor(WAIT, () -> server.admin(HttpMethod.GET, "/api/v1/badges?personId=" + ada, null, 200)
        .bodyAsJsonArray(), a -> a.size() == 1).getJsonObject(0);
    String credentialId = credential.getString("id");
    JsonObject issued = server.admin(HttpMethod.GET, "/api/v1/badges/" + credentialId, null, 200).bodyAsJsonObject();
    JsonObject status = issued.getJsonObject("credential").getJsonObject("credentialStatus");

    // documents, an account with a session, a share link
    String adaAgent = URLEncoder.encode(agent(ada).encode(), StandardCharsets.UTF_8);
    xapi(HttpMethod.POST, "/xapi/activities/state?activityId=" + URLEncoder.encode("https://learn." + domain
        + "/courses/secure-coding-fundamentals", StandardCharsets.UTF_8) + "&agent=" + adaAgent + "&stateId=bookmark",
        new JsonObject().put("page", 3), 204);
    xapi(HttpMethod.POST, "/xapi/agents/profile?agent=" + adaAgent + "&profileId=prefs",
        new JsonObject().put("theme", "dark"), 204);
    String invitation = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", adaEmail)
        .put("roles", new JsonArray().add("employee")), 201).bodyAsJsonObject().getString("invitation");
    WebClientSession browser = Browser.signUpAndIn(server, invitation, adaEmail, "Ada's own password, long enough");
    HttpResponse<Buffer> me = browser.get("/api/v1/me").send().await();
    assertThat(me.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> shared = browser.post("/api/v1/me/credentials/" + credentialId + "/shares")
        .putHeader("X-CSRF-Token", me.getHeader("X-CSRF-Token")).send().await();
    assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(201);
    String shareUrl = URI.create(shared.bodyAsJsonObject().getString("url")).getPath();
    // Ada asks for it herself; the LRS admin sees her request with her person id
    HttpResponse<Buffer> asked = browser.post("/api/v1/me/erasure-request")
        .putHeader("X-CSRF-Token", shared.getHeader("X-CSRF-Token")).send().await();
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    String request = asked.bodyAsJsonObject().getString("id");
    assertThat(server.admin(HttpMethod.GET, "/api/v1/accounts/erasure-requests", null, 200).bodyAsJsonArray().stream()
        .map(JsonObject.class::cast).filter(r -> r.getString("id").equals(request))
        .map(r -> r.getString("personId")).toList()).containsExactly(ada);
    JsonObject otherBefore = Polling.waitFor(WAIT, () -> progress(other), p -> level(p, "T.4") > 0);
    assertThat(rowsOf(ada, "history_levels")).as("her levels kept in statement time").isPositive();

    // the dry run: what would go, and nothing changes
    JsonObject dry = erasure(ada, new JsonObject().put("dryRun", true), 200).bodyAsJsonObject();
    assertThat(dry.getBoolean("dryRun")).isTrue();
    JsonObject counts = dry.getJsonObject("counts");
    assertThat(counts.getJsonObject("lrs").getInteger("statements")).as(dry.encode()).isEqualTo(6);
    assertThat(counts.getJsonObject("lrs").getInteger("stateDocuments")).isEqualTo(1);
    assertThat(counts.getJsonObject("lrs").getInteger("agentProfiles")).isEqualTo(1);
    assertThat(counts.getJsonObject("accounts").getInteger("accounts")).isEqualTo(1);
    assertThat(counts.getJsonObject("accounts").getInteger("sessions")).isGreaterThanOrEqualTo(1);
    assertThat(counts.getJsonObject("credentials").getInteger("credentials")).isEqualTo(1);
    assertThat(counts.getJsonObject("credentials").getInteger("revoked")).isEqualTo(1);
    assertThat(counts.getJsonObject("credentials").getInteger("shareLinks")).isEqualTo(1);
    assertThat(counts.getJsonObject("progression").getInteger("milestones")).isEqualTo(1);
    assertThat(counts.getJsonObject("progression").getInteger("issuanceRequests")).isEqualTo(1);
    assertThat(dry.getInteger("othersAffected")).as("the mentor").isEqualTo(1);
    assertThat(server.admin(HttpMethod.GET, "/api/v1/people/" + ada, null, 200).statusCode()).isEqualTo(200);
    assertThat(statementsOf(agent(ada))).hasSize(4);
    assertThat(browser.get("/api/v1/me").send().await().statusCode()).isEqualTo(200);
    assertThat(server.client.get(shareUrl).send().await().statusCode()).isEqualTo(200);
    assertThat(badge(credentialId).getJsonObject("status").getString("status")).isEqualTo("active");
    assertThat(bit(status)).as("not revoked yet").isFalse();

    // the erasure, which closes her request
    JsonObject erased = erasure(ada, new JsonObject().put("dryRun", false).put("reason", "ticket GDPR-17"), 200)
        .bodyAsJsonObject();
    assertThat(server.admin(HttpMethod.GET, "/api/v1/accounts/erasure-requests", null, 200).bodyAsJsonArray().stream()
        .map(JsonObject.class::cast).filter(r -> r.getString("id").equals(request)).toList()).isEmpty();
    Row closed = server.cairn.pool().preparedQuery("select outcome, account_id from accounts.erasure_requests where id = $1")
        .execute(Tuple.of(UUID.fromString(request))).await().iterator().next();
    assertThat(closed.getString("outcome")).isEqualTo("erased");
    assertThat(closed.getValue("account_id")).as("nothing left naming her").isNull();
    assertThat(erased.getString("completed")).isNotBlank();
    assertThat(erased.getString("requestedBy")).isEqualTo("credential:" + CairnServer.ADMIN_KEY);
    assertThat(erased.getJsonObject("counts").getJsonObject("lrs").getInteger("statements")).isEqualTo(6);
    assertThat(erased.encode()).as("the record names no person").doesNotContain(ada).doesNotContain("mailto");

    assertThat(server.admin(HttpMethod.GET, "/api/v1/people/" + ada, null, 404).statusCode()).isEqualTo(404);
    assertThat(statementsOf(agent(ada))).isEmpty();
    for (JsonObject s : List.of(secure, review, mistake, voiding, group, session)) {
      assertThat(xapi(HttpMethod.GET, "/xapi/statements?statementId=" + s.getString("id"), null, 404).statusCode())
          .isEqualTo(404);
    }
    assertThat(xapi(HttpMethod.GET, "/xapi/statements?statementId=" + others.getString("id"), null, 200)
        .bodyAsJsonObject().getJsonObject("context").getJsonObject("instructor").getString("mbox"))
        .as("someone else's statement naming Ada as instructor stays").isEqualTo("mailto:" + adaEmail);
    xapi(HttpMethod.GET, "/xapi/agents/profile?agent=" + adaAgent + "&profileId=prefs", null, 404);
    assertThat(browser.get("/api/v1/me").send().await().statusCode()).as("signed out at once").isEqualTo(401);
    assertThat(server.admin(HttpMethod.GET, "/api/v1/accounts?limit=1000", null, 200).bodyAsString()).doesNotContain(adaEmail);
    JsonObject revoked = badge(credentialId).getJsonObject("status");
    assertThat(revoked.getString("status")).isEqualTo("revoked");
    assertThat(revoked.getString("reason")).isEqualTo("erased at the person's request");
    assertThat(bit(status)).as("the status list shows it revoked").isTrue();
    assertThat(server.client.get(shareUrl).send().await().statusCode()).isEqualTo(404);
    assertThat(server.admin(HttpMethod.GET, "/api/v1/people/" + ada + "/issuance-requests", null, 200).bodyAsJsonArray())
        .isEmpty();
    for (String table : List.of("mastery", "ladder_status", "milestones", "history_levels", "dirty_persons")) {
      assertThat(rowsOf(ada, table)).as("%s rows of the erased person", table).isZero();
    }

    // the mentor's credit from Ada's session is gone; the other person's progress is as it was
    Polling.waitFor(WAIT, () -> progress(mentor), p -> level(p, "L.2") == 0);
    assertThat(Polling.waitFor(WAIT, () -> progress(other), p -> true)).isEqualTo(otherBefore);

    // a full recompute from the remaining statements equals the incremental state
    String full = "erasure-full-" + tag;
    FeedConsumer recompute = new FeedConsumer(server.cairn.pool(),
        ProgressionOptions.defaults("http://localhost").withConsumer(full, false));
    recompute.init().await();
    recompute.drain().await();
    List<String> ifis = List.of("mbox:mailto:" + adaEmail, "mbox:mailto:" + mentor + "@example.com",
        "mbox:mailto:" + other + "@example.com");
    String recomputed = fingerprint(full, ifis);
    Polling.waitFor(WAIT, () -> fingerprint(ProgressionOptions.LIVE, ifis), live -> live.equals(recomputed));
    assertThat(fingerprint(ProgressionOptions.LIVE, ifis)).isEqualTo(recomputed);

    // audit entries name the erasure, not the person
    String audit = server.cairn.pool().preparedQuery("select detail::text as d from lrs.audit where subject = $1")
        .execute(Tuple.of(erased.getString("erasure"))).await().iterator().next().getString("d");
    assertThat(audit).contains("\"statements\": 6").doesNotContain(ada);

    // a second erasure finds nobody
    HttpResponse<Buffer> again = erasure(ada, new JsonObject().put("dryRun", false).put("reason", "again"), 404);
    assertThat(again.bodyAsJsonObject().getString("detail")).contains("No person " + ada);
    erasure(ada, new JsonObject().put("dryRun", true), 404);
  }

  @Test
  void anErasureStoppedMidwayIsFinishedByTheNextRequest() {
    seed();
    String bo = "bo-" + tag;
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", bo)
        .put("agents", new JsonArray().add(agent(bo)))), 200);
    JsonObject s = statement(bo, COMPLETED, "secure-coding-fundamentals", "2026-03-01T10:00:00Z");
    post(new JsonArray().add(s));
    Polling.waitFor(WAIT, () -> progress(bo), p -> level(p, "T.4") > 0);
    // as if a Cairn had recorded the request and erased the account, then died
    UUID id = UUID.randomUUID();
    server.cairn.pool().preparedQuery("""
        insert into rights.erasures (id, requested_by, reason, person_id, ifis, steps)
        values ($1, 'cli:test', 'ticket 1', $2, $3::text[], '{accounts}')""")
        .execute(Tuple.of(id, bo, new String[] {"mbox:mailto:" + bo + "@example.com"})).await();
    JsonObject dry = erasure(bo, new JsonObject().put("dryRun", true), 200).bodyAsJsonObject();
    assertThat(dry.getString("underWay")).isEqualTo(id.toString());
    JsonObject done = erasure(bo, new JsonObject().put("dryRun", false).put("reason", "ticket 2"), 200)
        .bodyAsJsonObject();
    assertThat(done.getString("erasure")).as("the same erasure, finished").isEqualTo(id.toString());
    assertThat(done.getString("reason")).isEqualTo("ticket 1");
    assertThat(done.getString("completed")).isNotBlank();
    assertThat(statementsOf(agent(bo))).isEmpty();
    server.admin(HttpMethod.GET, "/api/v1/people/" + bo, null, 404);
    var row = server.cairn.pool().preparedQuery("select person_id, ifis, statements from rights.erasures where id = $1")
        .execute(Tuple.of(id)).await().iterator().next();
    assertThat(row.getString("person_id")).isNull();
    assertThat(row.getValue("ifis")).isNull();
    assertThat(row.getValue("statements")).isNull();
  }

  @Test
  void hostileRequestsAreRefusedClearly() {
    String path = "/api/v1/people/nobody-" + tag + "/erasure";
    for (String body : new String[] {"", "[]", "null", "\"erase\"", "{", "{}", "{\"dryRun\": \"yes\"}",
        "{\"dryRun\": 1}", "{\"dryRun\": false}", "{\"dryRun\": false, \"reason\": \"  \"}",
        "{\"dryRun\": false, \"reason\": 7}", "{\"dryRun\": true, \"everything\": true}",
        "{\"dryRun\": false, \"reason\": \"" + "x".repeat(501) + "\"}",
        "{\"dryRun\": false, \"reason\": \"a\\u0007b\"}"}) {
      HttpResponse<Buffer> r = server.client.post(path).basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
      assertThat(r.statusCode()).as(body + ": " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(server.client.post(path).sendJsonObject(new JsonObject().put("dryRun", true)).await().statusCode())
        .isEqualTo(401);
    erasure("nobody-" + tag, new JsonObject().put("dryRun", true), 404);
    erasure("x".repeat(201), new JsonObject().put("dryRun", true), 400);
  }

  // ---- helpers

  private static boolean seeded;

  private static synchronized void seed() {
    if (seeded) {
      return;
    }
    seeded = true;
    try {
      String framework = UUID.randomUUID().toString();
      server.admin(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json", framework), 201);
      server.admin(HttpMethod.PUT, "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json", framework), 201);
      server.admin(HttpMethod.POST, "/api/v1/ladders", sample("swe-ladder.json", framework).put("id", "swe-" + tag), 201);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    JsonArray people = new JsonArray();
    for (String p : List.of(ada, mentor, other)) {
      people.add(new JsonObject().put("id", p).put("name", "Person " + p).put("agents", new JsonArray().add(agent(p))));
    }
    server.admin(HttpMethod.POST, "/api/v1/people", people, 200);
  }

  private static JsonObject sample(String file, String framework) throws IOException {
    return new JsonObject(Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", domain));
  }

  private static HttpResponse<Buffer> xapi(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = server.client.request(method, path).putHeader(VERSION, "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }

  private static void post(JsonArray statements) {
    xapi(HttpMethod.POST, "/xapi/statements", statements, 200);
  }

  private static JsonArray statementsOf(JsonObject agent) {
    return xapi(HttpMethod.GET, "/xapi/statements?limit=100&agent=" + URLEncoder.encode(agent.encode(),
        StandardCharsets.UTF_8), null, 200).bodyAsJsonObject().getJsonArray("statements");
  }

  private static HttpResponse<Buffer> erasure(String person, JsonObject body, int status) {
    return server.admin(HttpMethod.POST, "/api/v1/people/" + person + "/erasure", body, status);
  }

  private static JsonObject progress(String person) {
    return server.admin(HttpMethod.GET, "/api/v1/people/" + person + "/progress", null, 200).bodyAsJsonObject();
  }

  private static JsonObject badge(String id) {
    return server.admin(HttpMethod.GET, "/api/v1/badges/" + id, null, 200).bodyAsJsonObject();
  }

  /** The level of the competency whose name starts with {@code code} (0: none). */
  private static int level(JsonObject progress, String code) {
    return progress.getJsonArray("competencies").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("name") != null && c.getString("name").startsWith(code + " "))
        .mapToInt(c -> c.getInteger("level")).findFirst().orElse(0);
  }

  /** Whether the credential's bit is set in its status list, as a verifier reads it. */
  private static boolean bit(JsonObject status) throws IOException {
    String list = server.client.get(URI.create(status.getString("statusListCredential")).getPath()).send().await()
        .bodyAsString();
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(list.split("\\.")[1]),
        StandardCharsets.UTF_8));
    String encoded = payload.getJsonObject("credentialSubject").getString("encodedList").substring(1);
    byte[] bits;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(encoded)))) {
      bits = in.readAllBytes();
    }
    int i = Integer.parseInt(status.getValue("statusListIndex").toString());
    return ((bits[i >> 3] >> (7 - (i % 8))) & 1) == 1;
  }

  /** How many rows of a progression table name this person. */
  private static long rowsOf(String person, String table) {
    return server.cairn.pool().preparedQuery("select count(*) as n from progression." + table + " where person_id = $1")
        .execute(Tuple.of(person)).await().iterator().next().getLong("n");
  }

  /** The derived state of a consumer about these IFIs and their persons (as RecomputeTest compares it). */
  private static String fingerprint(String consumer, List<String> ifis) {
    List<String> parts = new ArrayList<>();
    String persons = "(select person_id from progression.person_ifis where ifi = any($2::text[]))";
    for (String sql : List.of(
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', encode(content_hash, 'hex'), kind, framework_id,
          rule_id, subject, other, competency, level, positive, self_asserted, valid_days, session_key, statement_id, at,
          outcome_at), '|' order by content_hash, kind, framework_id, rule_id)), '') as d
        from progression.facts where consumer = $1 and (subject = any($2::text[]) or other = any($2::text[]))""",
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', person_id, framework_id, competency, level,
          direct_level, since, valid_until, statements, refresh_at, explanation::text), '|'
          order by person_id, framework_id, competency)), '') as d
        from progression.mastery where consumer = $1 and person_id in""" + persons,
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', person_id, ladder_id, ladder_version, status::text),
          '|' order by person_id, ladder_id)), '') as d from progression.ladder_status
        where consumer = $1 and person_id in""" + persons,
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', person_id, ladder_id, milestone_id, reached_at,
          explanation::text), '|' order by person_id, ladder_id, milestone_id)), '') as d
        from progression.milestones where consumer = $1 and person_id in""" + persons)) {
      parts.add(server.cairn.pool().preparedQuery(sql).execute(Tuple.of(consumer, (Object) ifis.toArray(String[]::new))).await()
          .iterator().next().getString("d"));
    }
    return String.join(" ", parts);
  }
}
