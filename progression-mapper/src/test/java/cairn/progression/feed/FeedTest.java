package cairn.progression.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.MapperStatus;
import cairn.progression.ProgressionServer;
import cairn.progression.TestData;
import cairn.web.Json;
import cairn.xapi.generator.Person;
import cairn.xapi.generator.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed consumer against the real LRS: exactly once across restarts and rivals, voiding, replays, the outbox. */
class FeedTest {
  private static ProgressionServer server;
  private static TestData data;
  private static String xapi;
  private static Person ada;
  private static String consumer;

  @BeforeAll
  static void start() {
    consumer = "feed-test-" + System.nanoTime();
    server = new ProgressionServer(consumer);
    data = new TestData(TestData.domain("feed"), 5, 20, 2, 1);
    server.define(data);
    server.importPeople(data);
    xapi = server.xapiCredential();
    ada = data.generator.people().get(0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ObjectNode passed(Person who, String course, double scaled) {
    String courseId = "https://learn." + data.domain + "/courses/" + course;
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("id", UUID.randomUUID().toString());
    s.set("actor", who.agent());
    s.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/passed");
    s.putObject("object").put("id", courseId + "/au/1");
    ObjectNode context = s.putObject("context");
    context.put("registration", UUID.randomUUID().toString());
    context.putObject("contextActivities").putArray("grouping").addObject().put("id", courseId);
    context.putObject("extensions").put("https://w3id.org/xapi/cmi5/context/extensions/masteryscore", 0.8);
    s.putObject("result").put("success", true).putObject("score").put("scaled", scaled);
    s.put("timestamp", "2025-02-03T10:00:00.000Z");
    return s;
  }

  private static ObjectNode voiding(String target) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.set("actor", ada.agent());
    s.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/voided");
    s.putObject("object").put("objectType", "StatementRef").put("id", target);
    return s;
  }

  private static void post(ObjectNode... statements) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (ObjectNode s : statements) {
      array.add(s);
    }
    server.postArray(xapi, array);
  }

  private static int level(Person p, String code) {
    for (JsonNode c : server.get("/api/v1/people/" + TestData.personId(p) + "/progress").path("competencies")) {
      if (c.path("competency").asText().equals(data.item(code))) {
        return c.path("level").asInt();
      }
    }
    return 0;
  }

  private static List<String> evidenceStatements(Person p, String code) {
    return server.lrs.pool.preparedQuery("""
            select statement_id::text as id from progression.facts where consumer = $1 and kind = 'evidence'
            and subject = $2 and competency = $3 order by 1""")
        .execute(Tuple.of(consumer, "mbox:" + p.mbox(), data.item(code))).await()
        .stream().map(r -> r.getString("id")).toList();
  }

  private static void drain() {
    server.consumer().drain().await();
  }

  @Test
  void voidingRetractsEvidence() {
    Person bo = data.generator.people().get(1);
    ObjectNode pass = passed(bo, "secure-coding-fundamentals", 0.9);
    post(pass);
    drain();
    assertThat(level(bo, "T.4")).isEqualTo(2);
    post(voiding(pass.get("id").asText()));
    drain();
    assertThat(level(bo, "T.4")).isZero();
    assertThat(evidenceStatements(bo, "T.4")).isEmpty();
  }

  @Test
  void aVoidingThatArrivesFirstStillRetracts() {
    Person cy = data.generator.people().get(2);
    ObjectNode pass = passed(cy, "effective-code-review", 0.9);
    post(voiding(pass.get("id").asText()));
    drain();
    post(pass);
    drain();
    assertThat(level(cy, "T.2")).isZero();
  }

  @Test
  void replaysUnderNewIdsCountOnceAndSurviveVoidingOfTheOriginal() {
    Person di = data.generator.people().get(3);
    ObjectNode original = passed(di, "incident-response-and-on-call", 0.95);
    ObjectNode replay = original.deepCopy();
    replay.put("id", UUID.randomUUID().toString());
    replay.put("timestamp", "2025-02-04T10:00:00.000Z");
    post(original);
    post(replay);
    drain();
    assertThat(evidenceStatements(di, "T.3")).containsExactly(original.get("id").asText());
    post(voiding(original.get("id").asText()));
    drain();
    // the replay is the same claim: it still stands, now as the representative
    assertThat(evidenceStatements(di, "T.3")).containsExactly(replay.get("id").asText());
    post(voiding(replay.get("id").asText()));
    drain();
    assertThat(evidenceStatements(di, "T.3")).isEmpty();
  }

  @Test
  void theFeedServesBodiesByVerbInEitherAdlSpelling() {
    // the feed leaves out bodies of verbs no rule or vocabulary uses; ADL's w3id.org spelling must still count
    Person gil = data.generator.people().get(6);
    ObjectNode w3id = passed(gil, "secure-coding-fundamentals", 0.9);
    w3id.putObject("verb").put("id", "https://w3id.org/xapi/adl/verbs/passed");
    ObjectNode unused = passed(gil, "effective-code-review", 0.9);
    unused.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/experienced");
    post(w3id, unused);
    drain();
    assertThat(evidenceStatements(gil, "T.4")).containsExactly(w3id.get("id").asText());
    assertThat(evidenceStatements(gil, "T.2")).isEmpty();
    assertThat(level(gil, "T.4")).isEqualTo(2);
  }

  @Test
  void theStatusCountsWaitingStatementsUpToItsCap() {
    drain();
    Person kit = data.generator.people().get(19); // no other test's person
    for (int batch = 0; batch < 3; batch++) {
      post(IntStream.range(0, 400).mapToObj(i -> passed(kit, "testing-strategies", 0.9))
          .toArray(ObjectNode[]::new));
    }
    JsonNode waiting = server.get("/api/v1/progression/status");
    assertThat(waiting.path("behind").asLong()).isEqualTo(MapperStatus.COUNTED);
    assertThat(waiting.path("lagMs").asLong()).isPositive();
    drain();
    assertThat(server.get("/api/v1/progression/status").path("behind").asLong()).isZero();
  }

  @Test
  void aConsumerBehindReadsLargerRoundsAndTheBatchSizeOnceCaughtUp() {
    Person kit = data.generator.people().get(19);
    post(IntStream.range(0, 500).mapToObj(i -> passed(kit, "testing-strategies", 0.9)).toArray(ObjectNode[]::new));
    // a new consumer starts at the beginning of the feed: at least these 500 statements behind
    FeedConsumer behind = server.consumer("growing-" + System.nanoTime(), 40);
    assertThat(List.of(behind.round().await(), behind.round().await(), behind.round().await(), behind.round().await()))
        .extracting(FeedConsumer.Round::statements).containsExactly(40, 80, 160, 160);
    FeedConsumer.Round last;
    do {
      last = behind.round().await();
      assertThat(last.statements()).isLessThanOrEqualTo(160);
    } while (last.full());
    post(IntStream.range(0, 50).mapToObj(i -> passed(kit, "testing-strategies", 0.9)).toArray(ObjectNode[]::new));
    assertThat(behind.round().await().statements()).as("the round after a short one").isEqualTo(40);
    assertThat(FeedConsumer.nextLimit(5000, 10_000, true, 13_000_000)).isEqualTo(20_000);
    assertThat(FeedConsumer.nextLimit(5000, 20_000, true, 26_000_000)).isEqualTo(20_000);
    assertThat(FeedConsumer.nextLimit(20_000, 20_000, true, 0)).as("the largest batch size does not grow").isEqualTo(20_000);
    assertThat(FeedConsumer.nextLimit(5000, 20_000, false, 0)).isEqualTo(5000);
    assertThat(FeedConsumer.nextLimit(5000, 10_000, true, 20L << 20)).as("twice these bodies exceed the budget: no growth")
        .isEqualTo(10_000);
    assertThat(FeedConsumer.nextLimit(5000, 10_000, true, 40L << 20)).as("bodies over the budget: back to the batch size")
        .isEqualTo(5000);
  }

  @Test
  void theStatusTellsTheAgeOfTheOldestWaitingStatement() throws InterruptedException {
    drain();
    assertThat(server.get("/api/v1/progression/status").path("lagMs").asLong()).isZero();
    post(passed(data.generator.people().get(7), "testing-strategies", 0.9));
    Thread.sleep(300);
    JsonNode waiting = server.get("/api/v1/progression/status");
    assertThat(waiting.path("behind").asLong()).isEqualTo(1);
    assertThat(waiting.path("lagMs").asLong()).isBetween(300L, 60_000L);
    assertThat(waiting.path("oldestWaiting").asText()).isNotEmpty();
    drain();
    JsonNode done = server.get("/api/v1/progression/status");
    assertThat(done.path("behind").asLong()).isZero();
    assertThat(done.path("lagMs").asLong()).isZero();
    assertThat(done.path("oldestWaiting").isNull()).isTrue();
  }

  private static ObjectNode at(ObjectNode statement, String day) {
    statement.put("timestamp", "2025-02-" + day + "T10:00:00.000Z");
    return statement;
  }

  private static ObjectNode failed(Person who, String course, String day) {
    ObjectNode s = at(passed(who, course, 0.3), day);
    s.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/failed");
    ((ObjectNode) s.get("result")).put("success", false);
    return s;
  }

  private static List<io.vertx.sqlclient.Row> requests(Person p) {
    var rows = new java.util.ArrayList<io.vertx.sqlclient.Row>();
    server.lrs.pool.preparedQuery("""
            select reached_at, withdrawn, withdrawn_reason, evidence::text as evidence from progression.issuance_requests
            where person_id = $1 order by id""").execute(Tuple.of(TestData.personId(p))).await().forEach(rows::add);
    return rows;
  }

  private static JsonNode attained(Person p) {
    for (JsonNode ladder : server.get("/api/v1/people/" + TestData.personId(p) + "/progress").path("ladders")) {
      if (ladder.path("ladder").asText().equals(data.ladderId())) {
        return ladder.path("attained");
      }
    }
    throw new AssertionError("no standing on " + data.ladderId());
  }

  @Test
  void aMilestoneIsReachedAtItsStatementTimeWhateverTheArrivalOrderAndLaterFailureKeepsIt() {
    Person bea = data.generator.people().get(1);
    Person cal = data.generator.people().get(2);
    // bea: in time order; the failure after the milestone does not undo it
    post(at(passed(bea, "secure-coding-fundamentals", 0.9), "03"), at(passed(bea, "effective-code-review", 0.9), "04"));
    drain();
    post(failed(bea, "secure-coding-fundamentals", "05"));
    drain();
    // cal: the failure arrives first, the passes before it in statement time come late
    post(failed(cal, "secure-coding-fundamentals", "05"));
    drain();
    post(at(passed(cal, "secure-coding-fundamentals", 0.9), "03"));
    drain();
    post(at(passed(cal, "effective-code-review", 0.9), "04"));
    drain();
    for (Person p : List.of(bea, cal)) {
      List<io.vertx.sqlclient.Row> rows = requests(p);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).getOffsetDateTime("withdrawn")).isNull();
      assertThat(rows.get(0).getOffsetDateTime("reached_at").toInstant()).isEqualTo("2025-02-04T10:00:00Z");
      JsonNode foundations = attained(p).get(0);
      assertThat(foundations.path("milestone").asText()).isEqualTo("foundations");
      assertThat(foundations.path("reachedAt").asText()).isEqualTo("2025-02-04T10:00:00Z");
      assertThat(foundations.path("holdsNow").asBoolean()).isFalse(); // the failure shows on progress
    }
  }

  /** The moment a person's stored levels in statement time are as of (progression V11), or null. */
  private static java.time.Instant levelsAsOf(String consumer, Person p) {
    var rows = server.lrs.pool.preparedQuery("select at from progression.history_levels where consumer = $1 and person_id = $2")
        .execute(Tuple.of(consumer, TestData.personId(p))).await();
    return rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("at").toInstant();
  }

  @Test
  void statementsInTimeOrderCarryTheHistoryOnFromTheStoredLevelsAndALateOneEvaluatesItAgain() {
    Person hal = data.generator.people().get(14);
    String name = "in-order-" + System.nanoTime();
    FeedConsumer beside = server.consumer(name, 5000);
    Runnable drainBoth = () -> {
      drain();
      beside.drain().await();
    };
    post(at(passed(hal, "secure-coding-fundamentals", 0.9), "03"));
    drainBoth.run();
    assertThat(levelsAsOf(consumer, hal)).isEqualTo("2025-02-03T10:00:00Z");
    // in time order: the history carries on from the levels of the 3rd and reaches the milestone on the 4th
    post(at(passed(hal, "effective-code-review", 0.9), "04"));
    drainBoth.run();
    assertThat(levelsAsOf(consumer, hal)).isEqualTo("2025-02-04T10:00:00Z");
    assertThat(requests(hal)).hasSize(1);
    assertThat(requests(hal).get(0).getOffsetDateTime("reached_at").toInstant()).isEqualTo("2025-02-04T10:00:00Z");
    // late: a failure between the two cancels the first pass; the whole history is evaluated again
    ObjectNode late = failed(hal, "secure-coding-fundamentals", "03");
    late.put("timestamp", "2025-02-03T12:00:00.000Z");
    post(late);
    drainBoth.run();
    assertThat(requests(hal).get(0).getString("withdrawn_reason")).contains("never reached");
    assertThat(levelsAsOf(consumer, hal)).isEqualTo("2025-02-04T10:00:00Z");
    // in time order again, from the levels stored after the late one: reached on the 5th
    post(at(passed(hal, "secure-coding-fundamentals", 0.9), "05"));
    drainBoth.run();
    assertThat(levelsAsOf(consumer, hal)).isEqualTo("2025-02-05T10:00:00Z");
    List<io.vertx.sqlclient.Row> rows = requests(hal);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).getOffsetDateTime("withdrawn")).isNull();
    assertThat(rows.get(1).getOffsetDateTime("reached_at").toInstant()).isEqualTo("2025-02-05T10:00:00Z");
    assertThat(RecomputeTest.fingerprint(server.lrs.pool, name)).isEqualTo(recomputed(name));
  }

  @Test
  void aPersonRecomputedOnTheirOwnKeepsTheirStateAndRequestsAndLosesWhatTheirFactsNoLongerSupport() {
    Person gus = data.generator.people().get(6);
    post(at(passed(gus, "secure-coding-fundamentals", 0.9), "03"), at(passed(gus, "effective-code-review", 0.9), "04"));
    drain();
    JsonNode before = server.get("/api/v1/people/" + TestData.personId(gus) + "/progress");
    server.consumer().recomputePerson(TestData.personId(gus)).await();
    assertThat(server.get("/api/v1/people/" + TestData.personId(gus) + "/progress")).isEqualTo(before);
    assertThat(requests(gus)).hasSize(1);
    // what an erasure does: the facts behind the person go, then the person is recomputed
    server.lrs.pool.preparedQuery("delete from progression.facts where consumer = $1 and subject = $2")
        .execute(Tuple.of(consumer, "mbox:" + gus.mbox())).await();
    server.consumer().recomputePerson(TestData.personId(gus)).await();
    assertThat(server.get("/api/v1/people/" + TestData.personId(gus) + "/progress").path("milestones")).isEmpty();
    assertThat(requests(gus).get(0).getString("withdrawn_reason")).contains("never reached");
  }

  @Test
  void aLateFailureBeforeTheMilestoneShowsItWasNeverReachedAndWithdrawsItsRequest() {
    Person dee = data.generator.people().get(3);
    post(at(passed(dee, "secure-coding-fundamentals", 0.9), "03"), at(passed(dee, "effective-code-review", 0.9), "06"));
    drain();
    assertThat(requests(dee)).hasSize(1);
    post(failed(dee, "secure-coding-fundamentals", "05")); // cancels the pass of the 3rd before the 6th
    drain();
    List<io.vertx.sqlclient.Row> rows = requests(dee);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getOffsetDateTime("withdrawn")).isNotNull();
    assertThat(rows.get(0).getString("withdrawn_reason")).contains("never reached");
    assertThat(server.get("/api/v1/people/" + TestData.personId(dee) + "/progress").path("milestones")).isEmpty();
  }

  @Test
  void lateEvidenceThatReachesTheMilestoneEarlierSupersedesItsRequest() {
    Person fay = data.generator.people().get(5);
    post(at(passed(fay, "secure-coding-fundamentals", 0.9), "03"), at(passed(fay, "effective-code-review", 0.9), "06"));
    drain();
    ObjectNode early = at(passed(fay, "effective-code-review", 0.95), "04");
    post(early);
    drain();
    List<io.vertx.sqlclient.Row> rows = requests(fay);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString("withdrawn_reason")).startsWith("Superseded");
    assertThat(rows.get(1).getOffsetDateTime("withdrawn")).isNull();
    assertThat(rows.get(1).getOffsetDateTime("reached_at").toInstant()).isEqualTo("2025-02-04T10:00:00Z");
    assertThat(rows.get(1).getString("evidence")).contains(early.get("id").asText());
  }

  @Test
  void aMilestoneWritesOneIssuanceRequestHoweverOftenItIsDerived() {
    Person ed = data.generator.people().get(4);
    post(passed(ed, "secure-coding-fundamentals", 0.9), passed(ed, "effective-code-review", 0.9));
    drain();
    JsonNode progress = server.get("/api/v1/people/" + TestData.personId(ed) + "/progress");
    assertThat(progress.path("milestones")).anySatisfy(m -> assertThat(m.path("milestone").asText()).isEqualTo("foundations"));
    // mark dirty and derive again: the outbox keeps one request
    server.lrs.pool.preparedQuery("insert into progression.dirty_persons values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(consumer, TestData.personId(ed))).await();
    drain();
    var rows = server.lrs.pool.preparedQuery("""
            select achievement_id, achievement, evidence, recipient from progression.issuance_requests
            where person_id = $1""").execute(Tuple.of(TestData.personId(ed))).await();
    assertThat(rows.size()).isEqualTo(1);
    var row = rows.iterator().next();
    assertThat(row.getString("achievement_id")).endsWith("/achievements/" + data.ladderId() + "/foundations");
    assertThat(row.getJson("evidence").toString()).contains("statementId");
    assertThat(row.getJson("recipient").toString()).contains(ed.mbox());
    assertThat(row.getJson("achievement").toString()).contains("alignments").contains(data.item("T.4"));
  }

  @Test
  void aMilestoneLostToVoidingWithdrawsItsRequestAndReachedAgainRequestsAnew() {
    Person hal = data.generator.people().get(8);
    ObjectNode first = passed(hal, "secure-coding-fundamentals", 0.9);
    post(first, passed(hal, "effective-code-review", 0.9));
    drain();
    String sql = "select withdrawn, withdrawn_reason from progression.issuance_requests where person_id = $1";
    var request = server.lrs.pool.preparedQuery(sql).execute(Tuple.of(TestData.personId(hal))).await();
    assertThat(request.size()).isEqualTo(1);
    assertThat(request.iterator().next().getOffsetDateTime("withdrawn")).isNull();
    post(voiding(first.get("id").asText()));
    drain();
    var withdrawn = server.lrs.pool.preparedQuery(sql).execute(Tuple.of(TestData.personId(hal))).await().iterator().next();
    assertThat(withdrawn.getOffsetDateTime("withdrawn")).isNotNull();
    assertThat(withdrawn.getString("withdrawn_reason")).contains(first.get("id").asText()).contains("voided");
    JsonNode requests = server.get("/api/v1/people/" + TestData.personId(hal) + "/issuance-requests");
    assertThat(requests.get(0).path("withdrawnReason").asText()).contains("no longer reached");
    assertThat(server.get("/api/v1/people/" + TestData.personId(hal) + "/progress").path("milestones")).isEmpty();
    // reached again with new evidence: a new request beside the withdrawn one
    post(passed(hal, "secure-coding-fundamentals", 0.95));
    drain();
    var both = server.lrs.pool.preparedQuery(sql + " order by id").execute(Tuple.of(TestData.personId(hal))).await();
    assertThat(both.size()).isEqualTo(2);
    var rows = both.iterator();
    assertThat(rows.next().getOffsetDateTime("withdrawn")).isNotNull();
    assertThat(rows.next().getOffsetDateTime("withdrawn")).isNull();
  }

  @Test
  void aRoundRewritesOnlyTheDerivedRowsItsEvidenceChanged() {
    Person jo = data.generator.people().get(10);
    Map<String, String> before = withTwoCompetencies(jo);
    post(passed(jo, "effective-code-review", 0.95));
    drain();
    Map<String, String> after = rowVersions(jo);
    assertThat(after.keySet()).isEqualTo(before.keySet()).contains(data.item("T.4"), data.item("T.2"));
    assertThat(after.get(data.item("T.4"))).as("an untouched competency's row").isEqualTo(before.get(data.item("T.4")));
    assertThat(after.get(data.item("T.2"))).as("the row of the competency with new evidence").isNotEqualTo(before.get(data.item("T.2")));
  }

  @Test
  void rowsWrittenBeforeDigestsAreReplacedOnce() {
    Person max = data.generator.people().get(13);
    Map<String, String> before = withTwoCompetencies(max);
    // as a store migrated to progression V6 has them
    server.lrs.pool.preparedQuery("""
            update progression.mastery set digest = null, statements = null where consumer = $1 and person_id = $2""")
        .execute(Tuple.of(consumer, TestData.personId(max))).await();
    post(passed(max, "effective-code-review", 0.95));
    drain();
    Map<String, String> after = rowVersions(max);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(after.get(data.item("T.4"))).as("a row without a digest is written again").isNotEqualTo(before.get(data.item("T.4")));
    long withoutDigest = server.lrs.pool.preparedQuery(
            "select count(*) from progression.mastery where consumer = $1 and person_id = $2 and (digest is null or statements is null)")
        .execute(Tuple.of(consumer, TestData.personId(max))).await().iterator().next().getLong(0);
    assertThat(withoutDigest).isZero();
  }

  @Test
  void evidenceExpiringWhileItsLevelHoldsIsRecountedWhenThePersonIsNextDerived() throws InterruptedException {
    Person liv = data.generator.people().get(17);
    // T.3 from a course whose evidence counts for 730 days, taken almost that long ago, and from one that lasts
    Instant expires = Instant.now().plusSeconds(2);
    ObjectNode old = passed(liv, "cloud-cost-awareness", 0.9);
    old.put("timestamp", expires.minus(java.time.Duration.ofDays(730)).toString());
    post(old, passed(liv, "incident-response-and-on-call", 0.9));
    drain();
    assertThat(explanation(liv, "T.3").has("expired")).isFalse();
    Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), expires).toMillis() + 100));
    // new evidence in another competency: T.3's own evidence did not change, but one piece of it expired
    post(passed(liv, "effective-code-review", 0.9));
    drain();
    JsonNode t3 = explanation(liv, "T.3");
    assertThat(t3.path("expired").asInt()).isEqualTo(1);
    assertThat(t3.path("supporting").asInt()).isEqualTo(1);
  }

  private static JsonNode explanation(Person p, String code) {
    return Json.parse(server.lrs.pool.preparedQuery("""
            select explanation::text as e from progression.mastery where consumer = $1 and person_id = $2
            and competency = $3""")
        .execute(Tuple.of(consumer, TestData.personId(p), data.item(code))).await().iterator().next().getString("e"));
  }

  /** Evidence in T.4 and T.2 for the person, consumed; their mastery rows' versions. */
  private static Map<String, String> withTwoCompetencies(Person p) {
    post(passed(p, "secure-coding-fundamentals", 0.9), passed(p, "effective-code-review", 0.9));
    drain();
    return rowVersions(p);
  }

  /** The transaction that wrote each of the person's mastery rows, by competency. */
  private static Map<String, String> rowVersions(Person p) {
    Map<String, String> versions = new java.util.TreeMap<>();
    server.lrs.pool.preparedQuery("select competency, xmin::text as v from progression.mastery where consumer = $1 and person_id = $2")
        .execute(Tuple.of(consumer, TestData.personId(p))).await()
        .forEach(r -> versions.put(r.getString("competency"), r.getString("v")));
    return versions;
  }

  @Test
  void aMentorIsDerivedAgainWhenTheMenteesLaterEvidenceArrives() {
    Person kim = data.generator.people().get(11);
    Person lee = data.generator.people().get(12);
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/ladders", mentorsLadder(), 201);
    ObjectNode mentored = mentoring(kim, lee.agent().deepCopy().put("objectType", "Agent"), "2025-02-01T10:00:00.000Z");
    post(mentored);
    drain();
    assertThat(milestones(kim)).doesNotContain("first-mentee");
    // the mentee's evidence in another competency is no outcome of the session
    post(passed(lee, "effective-code-review", 0.9));
    drain();
    assertThat(milestones(kim)).doesNotContain("first-mentee");
    // evidence in the coached competency after the session is: the mentor, untouched by the round's facts, is derived again
    post(passed(lee, "secure-coding-fundamentals", 0.9));
    drain();
    assertThat(milestones(kim)).contains("first-mentee");
  }

  @Test
  void aMenteesNewIfiBringsTheirEvidenceToTheMentorsSession() {
    Person mo = data.generator.people().get(15);
    Person nia = data.generator.people().get(16);
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/ladders", mentorsLadder(), 201);
    // the session names the mentee by an account the directory does not know yet
    ObjectNode sso = Json.MAPPER.createObjectNode().put("objectType", "Agent");
    sso.putObject("account").put("homePage", "https://sso." + data.domain).put("name", "nia-" + System.nanoTime());
    post(mentoring(mo, sso, "2025-02-01T10:00:00.000Z"), passed(nia, "secure-coding-fundamentals", 0.9));
    drain();
    assertThat(milestones(mo)).doesNotContain("first-mentee");
    ObjectNode entry = TestData.person(nia);
    ((ArrayNode) entry.get("agents")).add(sso.deepCopy().without("objectType"));
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/people", Json.MAPPER.createArrayNode().add(entry), 200);
    drain();
    // the directory made the later evidence the session's outcome: the mentor, untouched by any fact, is derived again
    assertThat(milestones(mo)).contains("first-mentee");
  }

  @Test
  void aMenteesStandingCountsTheSessionsTheyReceivedAndALadderAskingForThemCreditsThem() {
    Person mentor = data.generator.people().get(13);
    String menteeId = "mentee-" + Long.toHexString(System.nanoTime()) + "@" + data.domain;
    ObjectNode entry = TestData.person(data.generator.people().get(14)).put("id", menteeId);
    ArrayNode agents = entry.putArray("agents");
    agents.addObject().put("mbox", "mailto:" + menteeId);
    agents.addObject().putObject("account").put("homePage", "https://sso." + data.domain).put("name", menteeId);
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/people", Json.MAPPER.createArrayNode().add(entry), 200);
    ObjectNode givenOnly = mentorsLadder();
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/ladders", givenOnly, 201);
    ObjectNode mentee = Json.MAPPER.createObjectNode().put("objectType", "Agent").put("mbox", "mailto:" + menteeId);
    ObjectNode first = mentoring(mentor, mentee, "2025-01-20T10:00:00.000Z");
    // the mentee's own statement of the first session: one session, two facts
    ObjectNode attended = first.deepCopy();
    attended.set("actor", mentee.deepCopy());
    attended.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/attended");
    attended.putObject("object").put("id", "https://learn." + data.domain + "/mentoring/" + menteeId);
    ObjectNode context = (ObjectNode) attended.get("context");
    context.set("instructor", mentor.agent());
    context.putObject("contextActivities").putArray("category").addObject().put("id", Extraction.MENTORING_PROFILE);
    // a session of the mentee with themselves, under their two IFIs, is none received
    ObjectNode account = Json.MAPPER.createObjectNode().put("objectType", "Agent");
    account.putObject("account").put("homePage", "https://sso." + data.domain).put("name", menteeId);
    ObjectNode itself = mentoring(mentor, account, "2025-01-21T10:00:00.000Z");
    itself.set("actor", mentee.deepCopy().without("objectType"));
    post(first, attended, mentoring(mentor, mentee, "2025-01-27T10:00:00.000Z"), itself);
    drain();
    // no ladder asks for sessions received: the mentee's standing counts them, though a round no longer reads them
    assertThat(sessionsReceived(menteeId, givenOnly.path("id").asText())).isEqualTo(2);
    ObjectNode asksReceived = Json.MAPPER.createObjectNode().put("id", "mentees-" + System.nanoTime())
        .put("title", "Mentees").put("framework", data.frameworkId);
    asksReceived.putArray("milestones").addObject().put("id", "first-mentor").put("name", "First mentor")
        .putObject("mentoring").put("received", 1);
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/ladders", asksReceived, 201);
    drain();
    assertThat(milestones(menteeId)).doesNotContain("first-mentor");
    // the mentee's evidence in the coached competency after a session is its outcome: a session received counts
    ObjectNode passed = passed(mentor, "secure-coding-fundamentals", 0.9);
    passed.set("actor", mentee);
    post(passed);
    drain();
    assertThat(milestones(menteeId)).contains("first-mentor");
    assertThat(sessionsReceived(menteeId, asksReceived.path("id").asText())).isEqualTo(2);
  }

  /** What a person's standing on a ladder counts of mentoring sessions received. */
  private static long sessionsReceived(String personId, String ladderId) {
    for (JsonNode standing : server.get("/api/v1/people/" + personId + "/progress").path("ladders")) {
      if (standing.path("ladder").asText().equals(ladderId)) {
        return standing.path("mentoring").path("sessionsReceived").asLong();
      }
    }
    throw new AssertionError("no standing on " + ladderId + " for " + personId);
  }

  @Test
  void anEndorserFoundUnderTwoIfisCountsOnceOnceTheDirectoryJoinsThem() {
    Person eve = data.generator.people().get(18);
    String tag = Long.toHexString(System.nanoTime());
    ObjectNode byMail = Json.MAPPER.createObjectNode().put("mbox", "mailto:endorser-" + tag + "@partner.example");
    ObjectNode byAccount = Json.MAPPER.createObjectNode();
    byAccount.putObject("account").put("homePage", "https://sso.partner.example").put("name", "endorser-" + tag);
    post(endorsement(byMail, eve), endorsement(byAccount, eve));
    drain();
    assertThat(endorsers(eve)).isEqualTo(2);
    ObjectNode entry = Json.MAPPER.createObjectNode().put("id", "endorser-" + tag).put("name", "Partner");
    entry.putArray("agents").add(byMail).add(byAccount);
    server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/people", Json.MAPPER.createArrayNode().add(entry), 200);
    drain();
    // the endorsed person, untouched by any fact, is derived again: one endorser now
    assertThat(endorsers(eve)).isEqualTo(1);
  }

  private static ObjectNode endorsement(ObjectNode endorser, Person endorsed) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.set("actor", endorser.deepCopy().put("objectType", "Agent"));
    s.putObject("verb").put("id", "https://cairn.dev/xapi/verbs/endorsed");
    s.set("object", endorsed.agent().deepCopy().put("objectType", "Agent"));
    s.putObject("context").putObject("extensions").put(Vocabulary.COMPETENCY, data.item("T.4"));
    return s;
  }

  private static int endorsers(Person p) {
    return server.lrs.pool.preparedQuery("""
            select min((status->>'endorsers')::int) as n from progression.ladder_status where consumer = $1 and person_id = $2""")
        .execute(Tuple.of(consumer, TestData.personId(p))).await().iterator().next().getInteger("n");
  }

  private static ObjectNode mentorsLadder() {
    ObjectNode ladder = Json.MAPPER.createObjectNode().put("id", "mentors-" + System.nanoTime()).put("title", "Mentors")
        .put("framework", data.frameworkId);
    ladder.putArray("milestones").addObject().put("id", "first-mentee").put("name", "First mentee")
        .putObject("mentoring").put("given", 1);
    return ladder;
  }

  private static ObjectNode mentoring(Person mentor, ObjectNode mentee, String at) {
    ObjectNode mentored = Json.MAPPER.createObjectNode();
    mentored.set("actor", mentor.agent());
    mentored.putObject("verb").put("id", Vocabulary.MENTORED);
    mentored.set("object", mentee);
    ObjectNode context = mentored.putObject("context").put("registration", UUID.randomUUID().toString());
    context.putObject("extensions").put(Vocabulary.COMPETENCY, data.item("T.4"));
    mentored.put("timestamp", at);
    return mentored;
  }

  private static List<String> milestones(Person p) {
    return milestones(TestData.personId(p));
  }

  private static List<String> milestones(String personId) {
    List<String> ids = new java.util.ArrayList<>();
    server.get("/api/v1/people/" + personId + "/progress").path("milestones")
        .forEach(m -> ids.add(m.path("milestone").asText()));
    return ids;
  }

  @Test
  void theConsumerAnalyzesItsTablesAsTheyGrow() throws InterruptedException {
    String sql = "select analyze_count from pg_stat_user_tables where schemaname = 'progression' and relname = 'facts'";
    long before = server.lrs.pool.query(sql).execute().await().iterator().next().getLong(0);
    FeedConsumer consumer = server.consumer("analyze-" + System.nanoTime(), 500).analyzeAfter(10);
    server.post(data.generator.iterator(), 50, 200);
    consumer.drain().await();
    long until = System.nanoTime() + 10_000_000_000L; // statistics reach pg_stat_user_tables within a second or so
    while (server.lrs.pool.query(sql).execute().await().iterator().next().getLong(0) == before) {
      assertThat(System.nanoTime()).as("an ANALYZE of progression.facts").isLessThan(until);
      Thread.sleep(100);
    }
  }

  @Test
  void aVoidThatLeavesTheMilestoneReachedThroughAReplaySupersedesTheRequestWithOneNamingTheReplay() {
    Person ivy = data.generator.people().get(9);
    ObjectNode original = passed(ivy, "secure-coding-fundamentals", 0.9);
    ObjectNode replay = original.deepCopy();
    replay.put("id", UUID.randomUUID().toString());
    replay.put("timestamp", "2025-02-03T11:00:00.000Z"); // same content, later: the original stands for it
    post(original, passed(ivy, "effective-code-review", 0.9));
    post(replay);
    drain();
    post(voiding(original.get("id").asText()));
    drain();
    var requests = server.lrs.pool.preparedQuery("""
            select reached_at, withdrawn, withdrawn_reason, evidence::text as evidence from progression.issuance_requests
            where person_id = $1 order by id""")
        .execute(Tuple.of(TestData.personId(ivy))).await();
    // the credential must name a live statement: the replay now stands for the content, at its own time
    assertThat(requests.size()).isEqualTo(2);
    var rows = new java.util.ArrayList<io.vertx.sqlclient.Row>();
    requests.forEach(rows::add);
    assertThat(rows.get(0).getString("withdrawn_reason")).startsWith("Superseded");
    assertThat(rows.get(0).getString("evidence")).contains(original.get("id").asText());
    assertThat(rows.get(1).getOffsetDateTime("withdrawn")).isNull();
    assertThat(rows.get(1).getString("evidence")).contains(replay.get("id").asText())
        .doesNotContain(original.get("id").asText());
    assertThat(rows.get(1).getOffsetDateTime("reached_at").toInstant()).isEqualTo("2025-02-03T11:00:00Z");
    assertThat(server.get("/api/v1/people/" + TestData.personId(ivy) + "/progress").path("milestones")).isNotEmpty();
  }

  @Test
  void everyStatementIsConsumedExactlyOnceAcrossRestartsAndRivals() {
    String name = "restart-" + System.nanoTime();
    // statements arrive while consumers run; a consumer is replaced mid-way (a restart), and two
    // instances of the same consumer compete
    var statements = data.generator.iterator();
    server.post(statements, 50, 300);
    FeedConsumer first = server.consumer(name, 37);
    first.round().await();
    first.round().await();
    server.post(statements, 50, 300);
    FeedConsumer restarted = server.consumer(name, 37);
    FeedConsumer rival = server.consumer(name, 37);
    Future.all(restarted.drain(), rival.drain(), Future.succeededFuture(server.post(statements, 50, 300))).await();
    Future.all(restarted.drain(), rival.drain()).await();
    long feed = server.lrs.pool.query("select count(*) as n from lrs.statements").execute().await()
        .iterator().next().getLong("n");
    long processed = server.lrs.pool.preparedQuery("select processed from progression.feed_cursors where consumer = $1")
        .execute(Tuple.of(name)).await().iterator().next().getLong("processed");
    assertThat(processed).isEqualTo(feed);
    assertThat(RecomputeTest.fingerprint(server.lrs.pool, name)).isEqualTo(recomputed(name));
  }

  @Test
  void readsInTransactionOrderWhenTransactionIdsGainADigit() {
    // xid8 must be compared as a number: as text, 1002 sorts before 998 and rows were skipped
    long xid = server.lrs.pool.query("select pg_current_xact_id()::text::bigint as x").execute().await()
        .iterator().next().getLong("x");
    long next = (long) Math.pow(10, String.valueOf(xid).length());
    org.junit.jupiter.api.Assumptions.assumeTrue(next - xid < 30_000, "too far from the next power of ten");
    String name = "digits-" + System.nanoTime();
    FeedConsumer consumer = server.consumer(name, 7);
    consumer.drain().await();
    Person fay = data.generator.people().get(5);
    post(passed(fay, "testing-strategies", 0.9), passed(fay, "cloud-cost-awareness", 0.9));
    while (xid < next + 2) {
      List<Future<?>> burn = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        burn.add(server.lrs.pool.query("select pg_current_xact_id()").execute());
      }
      Future.all(burn).await();
      xid = server.lrs.pool.query("select pg_current_xact_id()::text::bigint as x").execute().await()
          .iterator().next().getLong("x");
    }
    post(passed(fay, "secure-coding-fundamentals", 0.9));
    consumer.drain().await();
    long unread = server.lrs.pool.preparedQuery("""
            select count(*) as n from lrs.statement_feed f, progression.feed_cursors c
            where c.consumer = $1 and (f.tx, f.seq) > (c.last_tx, c.last_seq)""").execute(Tuple.of(name)).await()
        .iterator().next().getLong("n");
    assertThat(unread).isZero();
    assertThat(RecomputeTest.fingerprint(server.lrs.pool, name)).isEqualTo(recomputed(name));
  }

  private static String recomputed(String like) {
    String fresh = like + "-full";
    server.consumer(fresh, 5000).drain().await();
    return RecomputeTest.fingerprint(server.lrs.pool, fresh);
  }
}
