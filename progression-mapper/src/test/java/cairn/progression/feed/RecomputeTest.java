package cairn.progression.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.MapperVerticle;
import cairn.progression.ProgressionServer;
import cairn.progression.TestData;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: for generated organisations, ingested while the mapper follows the feed incrementally
 * (small batches, the directory imported a third of the way and changed at two thirds, statements
 * replayed under new ids and voided),
 * the derived state equals a recompute from the statement log into empty state.
 */
class RecomputeTest {
  private static ProgressionServer server;

  @BeforeAll
  static void start() {
    server = new ProgressionServer("recompute-" + System.nanoTime());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A digest of a consumer's derived state: facts, levels, ladder standing, milestones. */
  static String fingerprint(Pool pool, String consumer) {
    List<String> parts = new ArrayList<>();
    for (String sql : List.of(
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', encode(content_hash, 'hex'), kind, framework_id,
          rule_id, subject, other, competency, level, positive, self_asserted, valid_days, session_key, statement_id, at,
          outcome_at),
          '|' order by content_hash, kind, framework_id, rule_id)), '') as d from progression.facts where consumer = $1""",
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', person_id, framework_id, competency, level,
          direct_level, since, valid_until, statements, refresh_at, explanation::text), '|'
          order by person_id, framework_id, competency)), '') as d
        from progression.mastery where consumer = $1""",
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', person_id, ladder_id, ladder_version, status::text),
          '|' order by person_id, ladder_id)), '') as d from progression.ladder_status where consumer = $1""",
        """
        select count(*) || ':' || coalesce(md5(string_agg(concat_ws(',', person_id, ladder_id, milestone_id, reached_at,
          explanation::text), '|' order by person_id, ladder_id, milestone_id)), '') as d
        from progression.milestones where consumer = $1""")) {
      parts.add(pool.preparedQuery(sql).execute(Tuple.of(consumer)).await().iterator().next().getString("d"));
    }
    return String.join(" ", parts);
  }

  @Test
  void incrementalStateEqualsAFullRecompute() {
    for (long seed : new long[] {3, 17, 42}) {
      check(seed);
    }
  }

  private void check(long seed) {
    TestData data = new TestData(TestData.domain("recompute" + seed), seed, 40, 4, 2);
    server.define(data);
    String live = "incremental-" + seed + "-" + System.nanoTime();
    var verticle = new MapperVerticle(server.lrs.pool, server.options.withConsumer(live, false).withBatchSize(40)
        .withPollInterval(Duration.ofMillis(20)));
    String id = server.lrs.vertx.deployVerticle(verticle).await();
    SplittableRandom random = new SplittableRandom(seed);
    String xapi = server.xapiCredential();
    Iterator<ObjectNode> statements = data.generator.iterator();
    // people known by an account sometimes appear by their mbox, so their facts span two IFIs
    java.util.Map<String, String> mboxOf = new java.util.HashMap<>();
    data.generator.people().forEach(p -> p.account().ifPresent(a -> mboxOf.put(a.name(), p.mbox())));
    List<String> ids = new ArrayList<>();
    int batches = 0;
    while (statements.hasNext() && batches < 40) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      while (statements.hasNext() && array.size() < 60) {
        ObjectNode s = statements.next();
        String account = s.path("actor").path("account").path("name").asText(null);
        if (account != null && mboxOf.containsKey(account) && random.nextDouble() < 0.3) {
          s.putObject("actor").put("objectType", "Agent").put("mbox", mboxOf.get(account));
        }
        array.add(s);
        ids.add(s.get("id").asText());
        if (random.nextDouble() < 0.05) {
          ObjectNode replay = s.deepCopy();
          replay.put("id", UUID.randomUUID().toString());
          array.add(replay);
          ids.add(replay.get("id").asText());
        }
        if (random.nextDouble() < 0.03 && ids.size() > 10) {
          ObjectNode voiding = Json.MAPPER.createObjectNode();
          voiding.set("actor", s.get("actor"));
          voiding.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/voided");
          voiding.putObject("object").put("objectType", "StatementRef")
              .put("id", ids.remove(random.nextInt(ids.size() - 5)));
          array.add(voiding);
        }
      }
      server.postArray(xapi, array);
      if (++batches == 15) {
        server.importPeople(data);
      } else if (batches == 30) {
        // the directory changes: every third person loses their second IFI (their account), whose
        // statements and mentees' outcomes no longer count for them
        ArrayNode people = data.people();
        for (int i = 0; i < people.size(); i += 3) {
          ArrayNode agents = (ArrayNode) people.get(i).get("agents");
          while (agents.size() > 1) {
            agents.remove(agents.size() - 1);
          }
        }
        server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/people", people, 200);
      }
    }
    server.lrs.vertx.undeploy(id).await();
    // a restart: a new instance of the same consumer finishes the work
    FeedConsumer restarted = new FeedConsumer(server.lrs.pool, server.options.withConsumer(live, false).withBatchSize(40));
    restarted.drain().await();

    String full = "full-" + seed + "-" + System.nanoTime();
    server.consumer(full, 5000).drain().await();
    String incremental = fingerprint(server.lrs.pool, live);
    assertThat(incremental).isEqualTo(fingerprint(server.lrs.pool, full));
    Row counts = server.lrs.pool.preparedQuery("""
        select (select count(*) from progression.facts where consumer = $1 and kind = 'session') as sessions,
               (select count(*) from progression.milestones where consumer = $1) as milestones""")
        .execute(Tuple.of(live)).await().iterator().next();
    assertThat(counts.getLong("sessions")).as("mentoring sessions in seed " + seed).isPositive();
    assertThat(counts.getLong("milestones")).as("milestones in seed " + seed).isPositive();
  }
}
