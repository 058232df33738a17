package cairn.progression.feed;

import cairn.lrs.http.Json;
import cairn.progression.ProgressionOptions;
import cairn.progression.frameworks.Framework;
import cairn.progression.ladders.Credit;
import cairn.progression.ladders.Ladder;
import cairn.progression.ladders.MilestoneEvaluator;
import cairn.progression.mastery.Evidence;
import cairn.progression.mastery.Mastery;
import cairn.progression.mastery.MasteryCalculator;
import cairn.progression.rules.RuleSet;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes persons' derived state — levels, ladder standing, milestones — from their facts, and
 * replaces what was stored, in the caller's transaction. Reached milestones write issuance requests;
 * a milestone lost because its evidence was voided withdraws its request.
 */
final class Derivation {
  private final ProgressionOptions options;

  Derivation(ProgressionOptions options) {
    this.options = options;
  }

  private record Person(String id, String name, List<String> ifis, List<JsonNode> agents) {}

  /** {@code newlyVoided}: statement ids voided for the first time in this round (see FeedSql.WITHDRAW). */
  Future<Integer> derive(SqlConnection conn, Set<String> requested, Definitions defs, Set<String> newlyVoided) {
    if (requested.isEmpty()) {
      return Future.succeededFuture(0);
    }
    String consumer = options.consumer();
    return conn.preparedQuery(FeedSql.MENTORS_OF).execute(Tuple.of(consumer, (Object) requested.toArray(String[]::new)))
        .compose(mentors -> {
          Set<String> ids = new LinkedHashSet<>(requested);
          mentors.forEach(r -> ids.add(r.getString("person_id")));
          String[] idArray = ids.toArray(String[]::new);
          return conn.preparedQuery(FeedSql.PEOPLE).execute(Tuple.of((Object) idArray)).compose(rows -> {
            Map<String, Person> people = new LinkedHashMap<>();
            Map<String, String> personOf = new HashMap<>();
            for (Row row : rows) {
              Person p = people.computeIfAbsent(row.getString("person_id"),
                  id -> new Person(id, row.getString("name"), new ArrayList<>(), new ArrayList<>()));
              p.ifis().add(row.getString("ifi"));
              p.agents().add(Json.parse(row.getString("agent")));
              personOf.put(row.getString("ifi"), p.id());
            }
            String[] ifis = personOf.keySet().toArray(String[]::new);
            Tuple byIfi = Tuple.of(consumer, (Object) ifis);
            return Future.all(conn.preparedQuery(FeedSql.EVIDENCE).execute(byIfi),
                    conn.preparedQuery(FeedSql.SESSIONS).execute(byIfi),
                    conn.preparedQuery(FeedSql.ENDORSEMENTS).execute(byIfi))
                .compose(all -> write(conn, idArray, people, personOf, all.resultAt(0), all.resultAt(1),
                    all.resultAt(2), defs, newlyVoided));
          });
        });
  }

  private Future<Integer> write(SqlConnection conn, String[] ids, Map<String, Person> people,
      Map<String, String> personOf, Iterable<Row> evidenceRows, Iterable<Row> sessionRows, Iterable<Row> endorsementRows,
      Definitions defs, Set<String> newlyVoided) {
    Map<String, List<Evidence>> evidence = new HashMap<>();
    for (Row r : evidenceRows) {
      evidence.computeIfAbsent(personOf.get(r.getString("subject")), k -> new ArrayList<>()).add(new Evidence(
          r.getString("subject"), r.getString("framework_id"), r.getString("rule_id"), r.getString("competency"),
          r.getInteger("level"), r.getBoolean("positive"), r.getBoolean("self_asserted"), r.getInteger("valid_days"),
          r.getUUID("statement_id"), r.getOffsetDateTime("at").toInstant()));
    }
    Map<String, List<Credit.Session>> sessions = new HashMap<>();
    for (Row r : sessionRows) {
      String mentor = personOf.get(r.getString("subject"));
      String mentee = personOf.get(r.getString("other"));
      Instant outcome = r.getOffsetDateTime("outcome_at") == null ? null : r.getOffsetDateTime("outcome_at").toInstant();
      for (boolean given : new boolean[] {true, false}) {
        String person = given ? mentor : mentee;
        if (person == null || (mentor != null && mentor.equals(mentee))) {
          continue;
        }
        sessions.computeIfAbsent(person, k -> new ArrayList<>()).add(new Credit.Session(r.getString("session_key"),
            given, given ? r.getString("other") : r.getString("subject"), r.getString("competency"),
            r.getOffsetDateTime("at").toInstant(), r.getUUID("statement_id"), outcome, r.getBoolean("positive")));
      }
    }
    Map<String, List<Credit.Endorsement>> endorsements = new HashMap<>();
    for (Row r : endorsementRows) {
      String person = personOf.get(r.getString("subject"));
      if (person == null || person.equals(r.getString("endorser")) || personOf.containsKey(r.getString("other"))
          && person.equals(personOf.get(r.getString("other")))) {
        continue;
      }
      endorsements.computeIfAbsent(person, k -> new ArrayList<>()).add(new Credit.Endorsement(r.getString("endorser"),
          r.getString("competency"), r.getOffsetDateTime("at").toInstant(), r.getUUID("statement_id")));
    }
    Instant now = Instant.now();
    Columns mastery = new Columns(8);
    Columns status = new Columns(4);
    Columns milestones = new Columns(6);
    Columns outbox = new Columns(10);
    for (Person person : people.values()) {
      List<Evidence> mine = evidence.getOrDefault(person.id(), List.of());
      Map<String, Map<String, Mastery>> byFramework = new HashMap<>();
      for (RuleSet rules : defs.ruleSets()) {
        Framework framework = defs.frameworks().get(rules.frameworkId());
        Map<String, Mastery> levels = MasteryCalculator.compute(framework, rules, mine, now);
        byFramework.put(rules.frameworkId(), levels);
        for (Mastery m : levels.values()) {
          mastery.add(person.id(), m.frameworkId(), m.competency(), m.level(), m.directLevel(),
              m.since() == null ? null : m.since().toString(), m.validUntil() == null ? null : m.validUntil().toString(),
              m.explanation().toString());
        }
      }
      for (Ladder ladder : defs.ladders()) {
        Framework framework = defs.ladderFrameworks().get(ladder.id());
        MilestoneEvaluator.Result result = MilestoneEvaluator.evaluate(ladder, framework,
            defs.ruleSet(ladder.frameworkId()), byFramework.getOrDefault(ladder.frameworkId(), Map.of()),
            sessions.getOrDefault(person.id(), List.of()), endorsements.getOrDefault(person.id(), List.of()));
        status.add(person.id(), ladder.id(), ladder.version(), result.status().toString());
        for (MilestoneEvaluator.Reached reached : result.reached()) {
          String at = reached.at() == null ? now.toString() : reached.at().toString();
          milestones.add(person.id(), ladder.id(), ladder.version(), reached.milestone().id(), at,
              reached.explanation().toString());
          if (options.issue()) {
            outbox.add(person.id(), recipient(person).toString(), person.name(),
                options.publicBaseUrl() + "/achievements/" + ladder.id() + "/" + reached.milestone().id(),
                ladder.id(), ladder.version(), reached.achievement().toString(), reached.evidence().toString(),
                reached.explanation().toString(), at);
          }
        }
      }
    }
    String consumer = options.consumer();
    Tuple masteryRows = mastery.tuple(consumer, String[].class, String[].class, String[].class, Integer[].class,
        Integer[].class, String[].class, String[].class, String[].class);
    Tuple statusRows = status.tuple(consumer, String[].class, String[].class, Integer[].class, String[].class);
    Tuple milestoneRows = milestones.tuple(consumer, String[].class, String[].class, Integer[].class, String[].class,
        String[].class, String[].class);
    return conn.preparedQuery(FeedSql.STALE_MASTERY).execute(withIds(masteryRows, ids))
        .compose(r -> conn.preparedQuery(FeedSql.STALE_STATUS).execute(withIds(statusRows, ids)))
        .compose(r -> conn.preparedQuery(FeedSql.STALE_MILESTONES).execute(withIds(milestoneRows, ids)))
        .compose(r -> conn.preparedQuery(FeedSql.CLEAR_DIRTY).execute(Tuple.of(consumer, (Object) ids)))
        .compose(r -> mastery.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(FeedSql.INSERT_MASTERY).execute(masteryRows))
        .compose(r -> status.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(FeedSql.INSERT_STATUS).execute(statusRows))
        .compose(r -> milestones.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(FeedSql.INSERT_MILESTONES).execute(milestoneRows))
        .compose(r -> outbox.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(FeedSql.ISSUE).execute(outbox.tuple(null, String[].class, String[].class,
                String[].class, String[].class, String[].class, Integer[].class, String[].class, String[].class,
                String[].class, String[].class)))
        .compose(r -> !options.issue() || newlyVoided.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(FeedSql.WITHDRAW).execute(Tuple.of((Object) ids, consumer, options.publicBaseUrl(),
                newlyVoided.toArray(String[]::new))))
        .map(r -> people.size());
  }

  /** The rows' tuple with the persons' ids after them (the STALE_* statements' last parameter). */
  private static Tuple withIds(Tuple rows, String[] ids) {
    Tuple tuple = Tuple.tuple();
    for (int i = 0; i < rows.size(); i++) {
      tuple.addValue(rows.getValue(i));
    }
    return tuple.addValue(ids);
  }

  /** The learner as an xAPI Agent: an mbox when the directory has one, else their first IFI. */
  private static JsonNode recipient(Person person) {
    for (JsonNode agent : person.agents()) {
      if (agent.has("mbox")) {
        return agent;
      }
    }
    return person.agents().get(0);
  }

  /** Column-wise values for an unnest insert. */
  static final class Columns {
    private final List<List<Object>> columns = new ArrayList<>();

    Columns(int n) {
      for (int i = 0; i < n; i++) {
        columns.add(new ArrayList<>());
      }
    }

    void add(Object... values) {
      for (int i = 0; i < values.length; i++) {
        columns.get(i).add(values[i]);
      }
    }

    boolean isEmpty() {
      return columns.get(0).isEmpty();
    }

    /** A tuple of arrays, after a leading value (the consumer) unless it is null. */
    Tuple tuple(Object first, Class<?>... types) {
      Tuple tuple = Tuple.tuple();
      if (first != null) {
        tuple.addValue(first);
      }
      for (int i = 0; i < columns.size(); i++) {
        Object array = java.lang.reflect.Array.newInstance(types[i].getComponentType(), columns.get(i).size());
        for (int j = 0; j < columns.get(i).size(); j++) {
          java.lang.reflect.Array.set(array, j, columns.get(i).get(j));
        }
        tuple.addValue(array);
      }
      return tuple;
    }
  }
}
