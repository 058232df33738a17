package cairn.lrs.statements;

import static cairn.lrs.statements.Fixtures.agent;
import static cairn.lrs.statements.Fixtures.statement;
import static cairn.lrs.statements.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every GET statements parameter, against the real server and PostgreSQL. */
@ExtendWith(TestPostgres.class)
class StatementQueryTest {
  static LrsServer lrs;
  static String auth;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    auth = lrs.basic(Scope.ALL);
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  static String enc(Object value) {
    return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  private static String post(JsonObject statement) {
    HttpResponse<Buffer> r = lrs.post(auth, statement);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return LrsServer.array(r).getString(0);
  }

  private static JsonObject page(String query) {
    HttpResponse<Buffer> r = lrs.get(auth, "/xapi/statements?" + query);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("X-Experience-API-Consistent-Through")).isNotNull();
    return LrsServer.json(r);
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("statements").forEach(s -> ids.add(((JsonObject) s).getString("id")));
    return ids;
  }

  @Test
  void agentMatchesActorAndObjectAndRelatedAgentsWidens() {
    String me = unique() + "@example.com";
    String other = unique() + "@example.com";
    String asActor = post(statement(me, "http://ex.com/verbs/a", "http://ex.com/" + unique()));
    String asObject = post(statement(agent(other), "http://ex.com/verbs/a", agent(me)));
    JsonObject withInstructor = statement(other, "http://ex.com/verbs/a", "http://ex.com/" + unique());
    withInstructor.put("context", new JsonObject().put("instructor", agent(me)));
    String asInstructor = post(withInstructor);
    JsonObject team = new JsonObject().put("objectType", "Group").put("member", new JsonArray().add(agent(me)));
    String asMember = post(statement(team, "http://ex.com/verbs/a", Fixtures.activity("http://ex.com/" + unique())));

    String q = "agent=" + enc(agent(me).encode());
    assertThat(ids(page(q))).containsExactlyInAnyOrder(asActor, asObject);
    assertThat(ids(page(q + "&related_agents=true")))
        .containsExactlyInAnyOrder(asActor, asObject, asInstructor, asMember);
    JsonObject byAccount = new JsonObject().put("account",
        new JsonObject().put("homePage", "http://ex.com").put("name", unique()));
    assertThat(ids(page("agent=" + enc(byAccount.encode())))).isEmpty();
  }

  @Test
  void verbActivityAndRelatedActivities() {
    String me = unique() + "@example.com";
    String course = "http://ex.com/course/" + unique();
    String direct = post(statement(me, "http://ex.com/verbs/passed", course));
    String viaParent = post(Fixtures.withContextActivity(
        statement(me, "http://ex.com/verbs/experienced", "http://ex.com/lesson/" + unique()), "parent", course));
    String q = "agent=" + enc(agent(me).encode());
    assertThat(ids(page("activity=" + enc(course)))).containsExactly(direct);
    assertThat(ids(page("activity=" + enc(course) + "&related_activities=true"))).containsExactly(viaParent, direct);
    assertThat(ids(page(q + "&verb=" + enc("http://ex.com/verbs/passed")))).containsExactly(direct);
    assertThat(ids(page(q + "&activity=" + enc(course) + "&related_activities=true"))).containsExactly(viaParent, direct);
    assertThat(ids(page(q + "&activity=" + enc(course)))).containsExactly(direct);
  }

  @Test
  void registration() {
    String me = unique() + "@example.com";
    UUID registration = UUID.randomUUID();
    JsonObject s = statement(me, "http://ex.com/verbs/a", "http://ex.com/" + unique());
    s.put("context", new JsonObject().put("registration", registration.toString()));
    String inRegistration = post(s);
    post(statement(me, "http://ex.com/verbs/a", "http://ex.com/" + unique()));
    assertThat(ids(page("registration=" + registration))).containsExactly(inRegistration);
    assertThat(ids(page("registration=" + registration + "&agent=" + enc(agent(me).encode()))))
        .containsExactly(inRegistration);
  }

  @Test
  void sinceUntilAscendingAndLimit() throws Exception {
    String me = unique() + "@example.com";
    String q = "agent=" + enc(agent(me).encode());
    String first = post(statement(me, "http://ex.com/verbs/a", "http://ex.com/1"));
    Thread.sleep(20);
    String second = post(statement(me, "http://ex.com/verbs/a", "http://ex.com/2"));
    Thread.sleep(20);
    String third = post(statement(me, "http://ex.com/verbs/a", "http://ex.com/3"));
    assertThat(ids(page(q))).containsExactly(third, second, first);
    assertThat(ids(page(q + "&ascending=true"))).containsExactly(first, second, third);
    String secondStored = page("statementId=" + second).getString("stored");
    assertThat(ids(page(q + "&since=" + enc(secondStored)))).containsExactly(third);
    assertThat(ids(page(q + "&until=" + enc(secondStored)))).containsExactly(second, first);
    assertThat(ids(page(q + "&limit=1"))).containsExactly(third);
    assertThat(ids(page(q + "&limit=0"))).hasSize(3);
  }

  @Test
  void moreLinksPageWithoutGapsOrRepeatsWhileNewStatementsArrive() {
    String me = unique() + "@example.com";
    List<String> posted = new ArrayList<>();
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 25; i++) {
      batch.add(statement(me, "http://ex.com/verbs/a", "http://ex.com/" + i));
    }
    LrsServer.array(lrs.post(auth, batch)).forEach(id -> posted.add((String) id));
    List<String> seen = new ArrayList<>();
    JsonObject page = page("agent=" + enc(agent(me).encode()) + "&limit=10");
    seen.addAll(ids(page));
    post(statement(me, "http://ex.com/verbs/a", "http://ex.com/late"));
    int pages = 1;
    while (!page.getString("more").isEmpty()) {
      HttpResponse<Buffer> r = lrs.get(auth, page.getString("more"));
      assertThat(r.statusCode()).isEqualTo(200);
      page = LrsServer.json(r);
      seen.addAll(ids(page));
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(posted);
    assertThat(lrs.get(auth, "/xapi/statements?more=garbage").statusCode()).isEqualTo(400);
  }

  @Test
  void statementsTargetingAMatchingStatementMatchToo() {
    String me = unique() + "@example.com";
    String verb = "http://ex.com/verbs/" + unique();
    String target = post(statement(me, verb, "http://ex.com/" + unique()));
    JsonObject ref = statement(agent(unique() + "@example.com"), "http://ex.com/verbs/cited",
        new JsonObject().put("objectType", "StatementRef").put("id", target));
    String referring = post(ref);
    String voiding = post(Fixtures.voiding(unique() + "@example.com", target));
    // The target is voided, so it is gone; both statements pointing at it still match its verb and agent.
    assertThat(ids(page("verb=" + enc(verb)))).containsExactly(voiding, referring);
    assertThat(ids(page("agent=" + enc(agent(me).encode())))).containsExactly(voiding, referring);
    assertThat(ids(page("verb=" + enc(verb) + "&ascending=true&limit=1"))).containsExactly(referring);
    assertThat(ids(page("verb=" + enc("http://ex.com/verbs/cited") + "&agent=" + enc(agent(me).encode()))))
        .isEmpty();
  }

  @Test
  void formatsIdsExactCanonical() {
    String me = unique() + "@example.com";
    String id = post(statement(me, "http://ex.com/verbs/a", "http://ex.com/" + unique()));
    JsonObject exact = page("statementId=" + id);
    HttpResponse<Buffer> single = lrs.get(auth, "/xapi/statements?statementId=" + id);
    assertThat(java.time.ZonedDateTime.parse(single.getHeader("Last-Modified"),
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
        .isEqualTo(Instant.parse(exact.getString("stored")).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(exact.getJsonObject("verb").getJsonObject("display").fieldNames()).contains("en-US", "de");
    JsonObject ids = page("statementId=" + id + "&format=ids");
    assertThat(ids.getJsonObject("verb").fieldNames()).containsExactly("id");
    assertThat(ids.getJsonObject("object").containsKey("definition")).isFalse();
    HttpResponse<Buffer> canonical = lrs.xapi(HttpMethod.GET, "/xapi/statements?statementId=" + id + "&format=canonical",
        auth, "2.0.0").putHeader("Accept-Language", "de, en;q=0.5").send().await();
    JsonObject c = LrsServer.json(canonical);
    assertThat(c.getJsonObject("verb").getJsonObject("display").fieldNames()).containsExactly("de");
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + id + "&format=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void badParametersAre400WithTheParameterNamed() {
    for (String query : List.of("limit=-1", "limit=x", "since=yesterday", "registration=abc",
        "agent=notjson", "agent=" + enc("{\"name\":\"no ifi\"}"), "verb=noiri", "ascending=maybe",
        "unknown=1", "statementId=" + UUID.randomUUID() + "&verb=" + enc("http://ex.com/v"),
        "statementId=" + UUID.randomUUID() + "&voidedStatementId=" + UUID.randomUUID())) {
      HttpResponse<Buffer> r = lrs.get(auth, "/xapi/statements?" + query);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(LrsServer.json(r).getString("message")).as(query).isNotBlank();
      assertThat(r.getHeader("X-Experience-API-Consistent-Through")).as(query).isNotNull();
    }
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + UUID.randomUUID()).statusCode()).isEqualTo(404);
  }

  @Test
  void consistentThroughIsRecentAndNeverAheadOfTheStore() {
    HttpResponse<Buffer> r = lrs.get(auth, "/xapi/statements?limit=1");
    Instant through = Instant.parse(r.getHeader("X-Experience-API-Consistent-Through"));
    assertThat(through).isBefore(Instant.now().plusSeconds(1)).isAfter(Instant.now().minusSeconds(10));
  }

  @Test
  void aQueryGetsAFresherConsistentThroughThanAWriteMayCarry() throws InterruptedException {
    HttpResponse<Buffer> write = lrs.post(auth, statement(unique() + "@example.com", "http://example.com/fresh",
        "http://example.com/fresh"));
    assertThat(write.statusCode()).isEqualTo(200);
    Instant written = Instant.parse(write.getHeader("X-Experience-API-Consistent-Through"));
    Thread.sleep(ConsistentThrough.FOR_READS * 2); // past the age a query's answer may reuse
    HttpResponse<Buffer> read = lrs.get(auth, "/xapi/statements?limit=1");
    Instant queried = Instant.parse(read.getHeader("X-Experience-API-Consistent-Through"));
    // a write's answer may reuse a value up to FOR_WRITES old; a query's not past FOR_READS
    assertThat(queried).isAfter(written).isBefore(Instant.now());
    assertThat(ConsistentThrough.FOR_WRITES).isGreaterThan(ConsistentThrough.FOR_READS);
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    HttpResponse<Buffer> r = lrs.xapi(HttpMethod.HEAD, "/xapi/statements?limit=1", auth, "2.0.0").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
    assertThat(r.getHeader("X-Experience-API-Consistent-Through")).isNotNull();
  }
}
