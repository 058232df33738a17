package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.Json;
import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.Person;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: the chain from statements to credentials does not depend on arrival order. One generated
 * cohort's statements (cmi5 attempts with passes and failures, mentoring, replays under new ids,
 * voiding) are posted in several random orders and batchings — through one Cairn, and through two
 * Cairn instances on one database of which one is killed midway and started again — each time under
 * fresh person identities. Every run must end in the same derived state (levels, ladder standing,
 * milestones with reached-at and explanations) and the same live credentials (person, achievement,
 * reached-at, evidence statement ids), once identities and statement ids are mapped back.
 *
 * <p>The suite's size (16 people over four months, about 1,000 statements, four runs) takes 20–40 s.
 * A longer version: {@code -Dcairn.arrival.learners=150 -Dcairn.arrival.months=6 -Dcairn.arrival.runs=8}
 * (runs from the third on go through two nodes; settling waits up to {@code cairn.arrival.settleSeconds},
 * default 120).
 */
class ArrivalOrderTest {
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static final String PUBLIC_URL = "https://cairn.arrival.example";
  private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Map<String, String> SETTINGS = Map.of("CAIRN_PUBLIC_URL", PUBLIC_URL);
  private static String tag;
  private static String domain;
  private static String ladder;
  private static List<Person> people;
  private static List<String> statements;
  private static java.util.Set<String> statementIds;
  private static CairnServer a;

  @BeforeAll
  static void start() throws IOException {
    tag = UUID.randomUUID().toString().substring(0, 8);
    domain = "arrival-" + tag + ".example";
    ladder = "swe-arrival-" + tag;
    a = new CairnServer(SETTINGS);
    String framework = UUID.randomUUID().toString();
    admin(a, "POST", "/api/v1/frameworks", sample("swe-framework.json", framework), 201);
    admin(a, "PUT", "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json", framework), 201);
    admin(a, "POST", "/api/v1/ladders", new JsonObject(sample("swe-ladder.json", framework)).put("id", ladder).encode(), 201);
    int learners = Integer.getInteger("cairn.arrival.learners", 16);
    StatementGenerator generator = new StatementGenerator(new GeneratorOptions(20260501, learners,
        Math.max(2, learners / 8), LocalDate.of(2026, 3, 2), Integer.getInteger("cairn.arrival.months", 4), domain, 0,
        2.0));
    people = generator.people();
    statements = withReplaysAndVoids(generator.statements().map(ObjectNode::toString).toList(), new Random(7));
    statementIds = new java.util.HashSet<>();
    statements.forEach(s -> statementIds.add(Json.tree(s).get("id").asText()));
  }

  @AfterAll
  static void stop() {
    a.close();
  }

  /** About 4% of statements replayed under a new id an hour later, and 3% voided a day later. */
  private static List<String> withReplaysAndVoids(List<String> generated, Random random) {
    List<String> all = new ArrayList<>(generated);
    for (String s : generated) {
      ObjectNode statement = (ObjectNode) Json.tree(s);
      Instant at = Instant.parse(statement.get("timestamp").asText());
      double dice = random.nextDouble();
      if (dice < 0.04) {
        ObjectNode replay = statement.deepCopy();
        replay.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
        replay.put("timestamp", at.plusSeconds(3600).toString());
        all.add(replay.toString());
      } else if (dice < 0.07) {
        ObjectNode voiding = Json.MAPPER.createObjectNode();
        voiding.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
        voiding.set("actor", statement.get("actor"));
        voiding.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/voided");
        voiding.putObject("object").put("objectType", "StatementRef").put("id", statement.get("id").asText());
        voiding.put("timestamp", at.plusSeconds(86_400).toString());
        all.add(voiding.toString());
      }
    }
    return all;
  }

  @Test
  void derivedStateAndCredentialsAreTheSameWhateverTheOrderBatchingAndNodes() {
    String reference = run(1, new Random(1), false, true);
    assertThat(reference).contains("\"credential\"").contains("\"milestone\"");
    for (int run = 2; run <= Integer.getInteger("cairn.arrival.runs", 4); run++) {
      String other = run(run, new Random(run), run >= 3, false);
      if (!other.equals(reference)) {
        write("reference.txt", reference);
        write("run-" + run + ".txt", other);
      }
      assertThat(other.lines().filter(l -> !reference.contains(l)).toList())
          .as("run %d's lines that differ from the in-order single-node run (both in target/arrival-order)", run)
          .isEmpty();
      assertThat(other).isEqualTo(reference);
    }
  }

  private static void write(String file, String text) {
    try {
      Path dir = Path.of("target", "arrival-order");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(file), text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Posts the statements under run-specific identities — in timestamp order or shuffled, in batches
   * of 1 to 60, through {@code a} alone or alternately through a second node that is killed at half
   * way and started again — waits for the mapper and the issuer, and answers the run's state with
   * identities mapped back.
   */
  private String run(int run, Random random, boolean twoNodes, boolean inOrder) {
    Map<String, String> ids = new HashMap<>();
    List<String> mine = new ArrayList<>();
    for (String s : statements) {
      mine.add(rename(s, run, ids));
    }
    if (!inOrder) {
      Collections.shuffle(mine, random);
    }
    importPeople(run);
    CairnServer b = twoNodes ? new CairnServer(SETTINGS) : null;
    int sent = 0;
    boolean killed = false;
    while (sent < mine.size()) {
      int n = Math.min(mine.size() - sent, 1 + random.nextInt(60));
      ArrayNode batch = Json.MAPPER.createArrayNode();
      mine.subList(sent, sent + n).forEach(s -> batch.add(Json.tree(s)));
      CairnServer node = b != null && random.nextBoolean() ? b : a;
      post(node, batch);
      sent += n;
      if (b != null && !killed && sent > mine.size() / 2) {
        // killed: its Vert.x goes away under it, its connections drop and an open round rolls back
        b.client.close();
        b.vertx.close().await();
        b.monitoring.close();
        b = new CairnServer(SETTINGS);
        killed = true;
      }
    }
    settle(run);
    String state = state(run);
    if (b != null) {
      b.close();
    }
    Map<String, String> back = new HashMap<>();
    ids.forEach((original, renamed) -> back.put(renamed, original));
    Matcher m = UUIDS.matcher(state);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, back.getOrDefault(m.group(), m.group()));
    }
    m.appendTail(out);
    // a credential's evidence as a set: sorted again once the ids are the original ones
    Matcher evidence = Pattern.compile("\"evidence\":\"\\{([^}]*)}\"").matcher(out.toString());
    StringBuilder sorted = new StringBuilder();
    while (evidence.find()) {
      evidence.appendReplacement(sorted, Matcher.quoteReplacement("\"evidence\":\"{"
          + String.join(",", new java.util.TreeSet<>(List.of(evidence.group(1).split(",")))) + "}\""));
    }
    evidence.appendTail(sorted);
    return sorted.toString().replace("@r" + run + "." + domain, "@" + domain);
  }

  /** A statement with the run's people (their mailboxes under r{run}.) and statement ids. */
  private static String rename(String statement, int run, Map<String, String> ids) {
    Matcher m = UUIDS.matcher(statement.replace("@" + domain, "@r" + run + "." + domain));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String id = m.group();
      m.appendReplacement(out, statementIds.contains(id)
          ? ids.computeIfAbsent(id, k -> UUID.nameUUIDFromBytes((run + ":" + k).getBytes()).toString()) : id);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void importPeople(int run) {
    JsonArray directory = new JsonArray();
    for (Person p : people) {
      String email = p.mbox().substring("mailto:".length()).replace("@" + domain, "@r" + run + "." + domain);
      directory.add(new JsonObject().put("id", email).put("name", p.name()).put("role", p.role())
          .put("function", p.function()).put("level", String.valueOf(p.level())).put("team", p.team())
          .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email))));
    }
    admin(a, "POST", "/api/v1/people", directory.encode(), 200);
  }

  private static void post(CairnServer node, ArrayNode batch) {
    HttpResponse<Buffer> r = node.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .putHeader("Content-Type", "application/json")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).sendBuffer(Buffer.buffer(batch.toString()))
        .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  /**
   * Until the mapper has consumed everything and derived every dirty person, and the issuer has done
   * its part for this run's people: every live request issued (unless its key holds a credential
   * already, as the issuer's claim has it), every withdrawn one's credential revoked.
   */
  private static void settle(int run) {
    Pool pool = a.cairn.pool();
    Tuple mine = Tuple.of("%@r" + run + "." + domain);
    long deadline = System.nanoTime() + Integer.getInteger("cairn.arrival.settleSeconds", 120) * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      Row r = pool.preparedQuery("""
          select (select count(*) from lrs.statement_feed f, progression.feed_cursors c
                  where c.consumer = 'live' and f.tx >= c.horizon and (f.tx, f.seq) > (c.last_tx, c.last_seq))
               + (select count(*) from progression.feed_cursors where consumer = 'live' and replaying)
               + (select count(*) from progression.dirty_persons where consumer = 'live')
               + (select count(*) from progression.issuance_requests r
                  where r.person_id like $1 and r.withdrawn is null
                    and not exists (select 1 from credentials.credentials c
                                    where c.person_id = r.person_id and c.achievement_id = r.achievement_id
                                      and c.ladder_version = r.ladder_version
                                      and (c.revoked is null or c.request_id = r.id))
                    and not exists (select 1 from credentials.failed_requests f where f.request_id = r.id))
               + (select count(*) from progression.issuance_requests r join credentials.credentials c
                  on c.request_id = r.id where r.person_id like $1 and r.withdrawn is not null and c.revoked is null)
            as waiting
          """).execute(mine).await().iterator().next();
      if (r.getLong("waiting") == 0) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("Cairn did not settle in time (cairn.arrival.settleSeconds)");
  }

  /** The run's derived state and live credentials, as one text in a stable order. */
  private static String state(int run) {
    String people = "%@r" + run + "." + domain;
    Pool pool = a.cairn.pool();
    StringBuilder out = new StringBuilder();
    for (String sql : List.of("""
        select person_id, framework_id, competency, level, direct_level, since::text, valid_until::text, explanation::text
        from progression.mastery where consumer = 'live' and person_id like $1
        order by person_id, competency""", """
        select person_id, ladder_id, ladder_version, status::text from progression.ladder_status
        where consumer = 'live' and person_id like $1 and ladder_id = $2 order by person_id""", """
        select 'milestone' as milestone, person_id, ladder_id, milestone_id, ladder_version, reached_at::text, valid_until::text,
          explanation::text from progression.milestones where consumer = 'live' and person_id like $1 and ladder_id = $2
        order by person_id, milestone_id""", """
        select 'credential' as credential, c.person_id, c.achievement_id, c.ladder_version, r.reached_at::text,
          c.valid_until::text, (select array_agg(e->>'statementId' order by e->>'statementId')
                          from jsonb_array_elements(r.evidence) e)::text as evidence
        from credentials.credentials c join progression.issuance_requests r on r.id = c.request_id
        where c.revoked is null and c.person_id like $1 and r.ladder_id = $2
        order by c.person_id, c.achievement_id""")) {
      Tuple args = sql.contains("$2") ? Tuple.of(people, ladder) : Tuple.of(people);
      for (Row row : pool.preparedQuery(sql).execute(args).await()) {
        JsonObject json = row.toJson();
        out.append(json.encode()).append('\n');
      }
    }
    return out.toString();
  }

  private static String sample(String file, String framework) throws IOException {
    return Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", domain);
  }

  private static JsonNode admin(CairnServer node, String method, String path, String body, int status) {
    HttpResponse<Buffer> r = node.client.request(io.vertx.core.http.HttpMethod.valueOf(method), path)
        .putHeader("Content-Type", "application/json")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).sendBuffer(Buffer.buffer(body)).await();
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isEqualTo(status);
    return Json.tree(r.bodyAsString());
  }
}
