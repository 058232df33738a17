package cairn.lrs.statements;

import static cairn.lrs.statements.Fixtures.statement;
import static cairn.lrs.statements.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.LrsOptions;
import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST and PUT on the Statement Resource against the real server and PostgreSQL. */
@ExtendWith(TestPostgres.class)
class StatementWriteTest {
  static LrsServer lrs;
  static String auth;

  @BeforeAll
  static void start() {
    lrs = new LrsServer(new LrsOptions(0, "http://lrs.test", 64 * 1024, 50, 100, 500, cairn.xapi.XapiVersion.V2_0_0));
    auth = lrs.basic(Scope.ALL);
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  private HttpResponse<Buffer> put(String id, Object body) {
    return lrs.xapi(HttpMethod.PUT, "/xapi/statements?statementId=" + id, auth, "2.0.0")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())).await();
  }

  private JsonObject byId(String id) {
    HttpResponse<Buffer> r = lrs.get(auth, "/xapi/statements?statementId=" + id);
    assertThat(r.statusCode()).isEqualTo(200);
    return LrsServer.json(r);
  }

  @Test
  void postAssignsIdStoredAuthorityVersionAndTimestamp() {
    String me = unique() + "@example.com";
    HttpResponse<Buffer> r = lrs.post(auth, statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/" + unique()));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray ids = LrsServer.array(r);
    assertThat(ids).hasSize(1);
    JsonObject stored = byId(ids.getString(0));
    assertThat(stored.getString("id")).isEqualTo(ids.getString(0));
    assertThat(Instant.parse(stored.getString("stored"))).isBefore(Instant.now().plusSeconds(5));
    assertThat(stored.getString("timestamp")).isEqualTo(stored.getString("stored"));
    assertThat(stored.getString("version")).isEqualTo("2.0.0");
    assertThat(stored.getJsonObject("authority").getJsonObject("account").getString("homePage"))
        .isEqualTo("http://lrs.test");
    assertThat(r.getHeader("X-Experience-API-Consistent-Through")).isNotNull();
  }

  /**
   * A statement posted alone is stored by one SQL statement, a batch in a transaction: both must
   * give the same stored form and the same index rows (found by agent, activity, verb, registration).
   */
  @Test
  void aStatementAloneIsStampedAndIndexedLikeOneInABatch() {
    String me = unique() + "@example.com";
    String activity = "http://ex.com/" + unique();
    String registration = UUID.randomUUID().toString();
    JsonObject alone = statement(me, "http://adlnet.gov/expapi/verbs/passed", activity)
        .put("context", new JsonObject().put("registration", registration)
            .put("contextActivities", new JsonObject().put("parent", new JsonArray().add(Fixtures.activity(activity + "/parent")))));
    JsonObject timed = statement(me, "http://adlnet.gov/expapi/verbs/passed", activity)
        .put("context", new JsonObject().put("registration", registration)
            .put("contextActivities", new JsonObject().put("parent", new JsonArray().add(Fixtures.activity(activity + "/parent")))))
        .put("timestamp", "2026-01-02T03:04:05.678Z");
    String aloneId = LrsServer.array(lrs.post(auth, alone)).getString(0);
    String timedId = LrsServer.array(lrs.post(auth, timed)).getString(0);
    JsonArray batch = new JsonArray().add(alone.copy()).add(timed.copy());
    JsonArray batchIds = LrsServer.array(lrs.post(auth, batch));

    String format = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
    for (String id : java.util.List.of(aloneId, timedId, batchIds.getString(0), batchIds.getString(1))) {
      JsonObject stored = byId(id);
      assertThat(stored.getString("stored")).matches(format);
    }
    assertThat(byId(aloneId).getString("timestamp")).isEqualTo(byId(aloneId).getString("stored"));
    assertThat(byId(timedId).getString("timestamp")).isEqualTo("2026-01-02T03:04:05.678Z");
    String agent = java.net.URLEncoder.encode(Fixtures.agent(me).encode(), java.nio.charset.StandardCharsets.UTF_8);
    for (String query : java.util.List.of("agent=" + agent, "activity=" + activity + "&related_activities=false",
        "activity=" + activity + "/parent&related_activities=true", "registration=" + registration,
        "verb=http://adlnet.gov/expapi/verbs/passed&agent=" + agent)) {
      JsonArray found = LrsServer.json(lrs.get(auth, "/xapi/statements?limit=10&" + query)).getJsonArray("statements");
      assertThat(found.stream().map(s -> ((JsonObject) s).getString("id")).toList()).as(query)
          .containsExactlyInAnyOrder(aloneId, timedId, batchIds.getString(0), batchIds.getString(1));
    }
  }

  @Test
  void batchIsStoredInOrderAndReturnsIds() {
    String me = unique() + "@example.com";
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 5; i++) {
      batch.add(statement(me, "http://adlnet.gov/expapi/verbs/experienced", "http://ex.com/" + unique()));
    }
    String given = UUID.randomUUID().toString();
    batch.getJsonObject(2).put("id", given);
    HttpResponse<Buffer> r = lrs.post(auth, batch);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray ids = LrsServer.array(r);
    assertThat(ids).hasSize(5);
    assertThat(ids.getString(2)).isEqualTo(given);
    ids.forEach(id -> byId((String) id));
  }

  @Test
  void invalidStatementInBatchStoresNothing() {
    String me = unique() + "@example.com";
    String good = UUID.randomUUID().toString();
    JsonArray batch = new JsonArray()
        .add(statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a").put("id", good))
        .add(statement(me, "not an iri", "http://ex.com/b"));
    HttpResponse<Buffer> r = lrs.post(auth, batch);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(r).getString("path")).startsWith("$[1].verb");
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + good).statusCode()).isEqualTo(404);
  }

  @Test
  void conflictingIdInBatchRollsBackTheWholeBatch() {
    String me = unique() + "@example.com";
    String existing = UUID.randomUUID().toString();
    assertThat(lrs.post(auth, statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a")
        .put("id", existing)).statusCode()).isEqualTo(200);
    String fresh = UUID.randomUUID().toString();
    JsonArray batch = new JsonArray()
        .add(statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a").put("id", fresh))
        .add(statement(me, "http://adlnet.gov/expapi/verbs/failed", "http://ex.com/a").put("id", existing));
    HttpResponse<Buffer> r = lrs.post(auth, batch);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + fresh).statusCode()).isEqualTo(404);
  }

  @Test
  void samePostTwiceIsANoOp() {
    JsonObject s = statement(unique() + "@example.com", "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a")
        .put("id", UUID.randomUUID().toString());
    assertThat(lrs.post(auth, s).statusCode()).isEqualTo(200);
    assertThat(lrs.post(auth, s).statusCode()).isEqualTo(200);
    assertThat(put(s.getString("id"), s).statusCode()).isEqualTo(204);
  }

  @Test
  void putStoresUnderTheGivenIdAndChecksIt() {
    String id = UUID.randomUUID().toString();
    JsonObject s = statement(unique() + "@example.com", "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a");
    assertThat(put(id, s).statusCode()).isEqualTo(204);
    assertThat(byId(id).getString("id")).isEqualTo(id);
    assertThat(put(UUID.randomUUID().toString(), s.copy().put("id", UUID.randomUUID().toString())).statusCode())
        .isEqualTo(400);
    assertThat(put("not-a-uuid", s).statusCode()).isEqualTo(400);
    assertThat(put(id, s.copy().put("verb", Fixtures.verb("http://adlnet.gov/expapi/verbs/failed"))).statusCode())
        .isEqualTo(409);
    assertThat(lrs.xapi(HttpMethod.PUT, "/xapi/statements", auth, "2.0.0")
        .sendBuffer(Buffer.buffer(s.encode())).await().statusCode()).isEqualTo(400);
  }

  @Test
  void duplicateIdsWithinABatchAreRejected() {
    String id = UUID.randomUUID().toString();
    JsonObject s = statement(unique() + "@example.com", "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a").put("id", id);
    HttpResponse<Buffer> r = lrs.post(auth, new JsonArray().add(s).add(s.copy()));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void voidingHidesTheTargetAndServesItAsVoided() {
    String me = unique() + "@example.com";
    String target = LrsServer.array(lrs.post(auth, statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/v")))
        .getString(0);
    HttpResponse<Buffer> voiding = lrs.post(auth, Fixtures.voiding(me, target));
    assertThat(voiding.statusCode()).isEqualTo(200);
    String voidingId = LrsServer.array(voiding).getString(0);
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + target).statusCode()).isEqualTo(404);
    assertThat(LrsServer.json(lrs.get(auth, "/xapi/statements?voidedStatementId=" + target)).getString("id"))
        .isEqualTo(target);
    JsonObject page = LrsServer.json(lrs.get(auth, "/xapi/statements?agent="
        + java.net.URLEncoder.encode(Fixtures.agent(me).encode(), java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(page.getJsonArray("statements").stream().map(s -> ((JsonObject) s).getString("id")))
        .containsExactly(voidingId);
    // A voiding statement cannot itself be voided.
    assertThat(lrs.post(auth, Fixtures.voiding(me, voidingId)).statusCode()).isEqualTo(400);
  }

  @Test
  void voidingThatArrivesFirstStillVoids() {
    String me = unique() + "@example.com";
    String target = UUID.randomUUID().toString();
    assertThat(lrs.post(auth, Fixtures.voiding(me, target)).statusCode()).isEqualTo(200);
    assertThat(lrs.post(auth, statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/v").put("id", target))
        .statusCode()).isEqualTo(200);
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + target).statusCode()).isEqualTo(404);
    assertThat(lrs.get(auth, "/xapi/statements?voidedStatementId=" + target).statusCode()).isEqualTo(200);
  }

  @Test
  void limitsAnswer413WithAMessage() {
    String me = unique() + "@example.com";
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 51; i++) {
      tooMany.add(statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/a"));
    }
    HttpResponse<Buffer> r = lrs.post(auth, tooMany);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(LrsServer.json(r).getString("message")).contains("at most 50");

    String big = "x".repeat(70 * 1024);
    HttpResponse<Buffer> huge = lrs.post(auth, statement(me, "http://adlnet.gov/expapi/verbs/passed", "http://ex.com/" + big));
    assertThat(huge.statusCode()).isEqualTo(413);
  }

  @Test
  void badJsonAndMissingVersionAre400() {
    HttpResponse<Buffer> r = lrs.xapi(HttpMethod.POST, "/xapi/statements", auth, "2.0.0")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"actor\": ")).await();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(r).getString("message")).startsWith("Malformed JSON");

    HttpResponse<Buffer> dup = lrs.xapi(HttpMethod.POST, "/xapi/statements", auth, "2.0.0")
        .sendBuffer(Buffer.buffer("{\"id\":\"a\",\"id\":\"b\"}")).await();
    assertThat(dup.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> noVersion = lrs.xapi(HttpMethod.GET, "/xapi/statements", auth, null).send().await();
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(noVersion).getString("path")).isEqualTo("X-Experience-API-Version");
    assertThat(noVersion.getHeader("X-Experience-API-Consistent-Through")).isNotNull();

    HttpResponse<Buffer> badVersion = lrs.xapi(HttpMethod.GET, "/xapi/statements", auth, "3.0.0").send().await();
    assertThat(badVersion.statusCode()).isEqualTo(400);
  }

  @Test
  void version103StatementsGetVersion100() {
    HttpResponse<Buffer> r = lrs.xapi(HttpMethod.POST, "/xapi/statements", auth, "1.0.3")
        .sendBuffer(Buffer.buffer(statement(unique() + "@example.com", "http://adlnet.gov/expapi/verbs/passed",
            "http://ex.com/a").encode())).await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("X-Experience-API-Version")).isEqualTo("1.0.3");
    assertThat(byId(LrsServer.array(r).getString(0)).getString("version")).isEqualTo("1.0.0");
  }
}
