package cairn.progression.feed;

import cairn.progression.Canonical;
import cairn.progression.ProgressionOptions;
import cairn.progression.frameworks.Framework;
import cairn.progression.ladders.Credit;
import cairn.progression.ladders.Ladder;
import cairn.progression.ladders.MilestoneEvaluator;
import cairn.progression.ladders.MilestoneHistory;
import cairn.progression.mastery.Evidence;
import cairn.progression.mastery.Mastery;
import cairn.progression.mastery.MasteryCalculator;
import cairn.progression.rules.RuleSet;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Computes persons' derived state — levels, ladder standing, milestones — from their facts, and
 * replaces what was stored, in the caller's transaction. Levels and standing are as of now; milestones
 * are history in statement time (MilestoneHistory): when each was first reached by statement
 * timestamp, evaluated again from the earliest statement time a round changed. The issuance outbox is
 * kept equal to that history: a milestone reached writes its request, one reached at another moment
 * or with other evidence supersedes it, one never reached (voided or late evidence) withdraws it.
 */
final class Derivation {
  private final ProgressionOptions options;

  Derivation(ProgressionOptions options) {
    this.options = options;
  }

  private record Person(String id, String name, List<String> ifis, List<JsonNode> agents) {}

  /** Evidence of a learner (by IFI) in a competency that a round added, removed or re-dated. */
  record EvidenceChange(String ifi, String competency) {}

  /**
   * What a round asks to derive: {@code persons}; of them, {@code full} from all their evidence (the
   * others only in the competencies whose evidence changed, {@code changes}, or expires), {@code
   * dirty} with their whole history evaluated again; for the others, the history from the earliest
   * statement time whose facts changed, per IFI ({@code sinceByIfi}) or per person (mentors whose
   * sessions' outcomes moved, {@code sinceByPerson}); {@code untilByIfi}, the latest statement time
   * whose facts changed, per IFI. {@code outbox}: whether to bring the issuance
   * outbox in line (not while a consumer replays the log after a rule change).
   */
  record Round(Set<String> persons, Set<String> full, Set<String> dirty, Set<EvidenceChange> changes,
      Map<String, Instant> sinceByIfi, Map<String, Instant> untilByIfi, Map<String, Instant> sinceByPerson,
      boolean outbox) {}

  static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  /** The moment of a person with no evidence: before any statement. */
  private static final Instant NOTHING_YET = Instant.parse("0001-01-01T00:00:00Z");

  /** Derives the round's persons again (see {@link Round}). */
  Future<Integer> derive(SqlConnection conn, Round round, Definitions defs) {
    Set<String> ids = round.persons();
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    String consumer = options.consumer();
    String[] idArray = ids.toArray(String[]::new);
    return conn.preparedQuery(FeedSql.PEOPLE).execute(Tuple.of((Object) idArray)).compose(rows -> {
      Map<String, Person> people = new LinkedHashMap<>();
      Map<String, String> personOf = new HashMap<>();
      for (Row row : rows) {
        Person p = people.computeIfAbsent(row.getString("person_id"),
            id -> new Person(id, row.getString("name"), new ArrayList<>(), new ArrayList<>()));
        p.ifis().add(row.getString("ifi"));
        p.agents().add(Json.tree(row.getString("agent")));
        personOf.put(row.getString("ifi"), p.id());
      }
      Tuple byIfi = Tuple.of(consumer, (Object) personOf.keySet().toArray(String[]::new));
      Tuple byPerson = Tuple.of(consumer, (Object) idArray);
      boolean received = defs.needsSessionsReceived();
      return Future.all(List.of(conn.preparedQuery(received ? FeedSql.SESSIONS : FeedSql.SESSIONS_GIVEN).execute(byIfi),
              conn.preparedQuery(FeedSql.ENDORSEMENTS).execute(byIfi),
              conn.preparedQuery(FeedSql.MASTERY).execute(byPerson),
              conn.preparedQuery(FeedSql.DIGESTS).execute(byPerson),
              conn.preparedQuery(FeedSql.REACHED).execute(byPerson),
              conn.preparedQuery(FeedSql.CHECKPOINTS).execute(byPerson),
              received ? Future.succeededFuture() : conn.preparedQuery(FeedSql.SESSIONS_RECEIVED).execute(byIfi)))
          .compose(all -> {
            State state = new State(people, personOf);
            state.credit(all.resultAt(0), all.resultAt(1), all.resultAt(6));
            state.history(all.resultAt(4), round, defs);
            state.checkpoints(all.resultAt(5), round);
            state.stored(all.resultAt(2), round.full(), round.changes(), defs);
            return state.evidence(conn, consumer).compose(evidence -> write(conn, idArray, state, evidence,
                Changes.stored(all.resultAt(3)), defs, round.outbox()));
          });
    });
  }

  /**
   * The round's persons and what each needs: stored levels by framework and competency, and the
   * competencies to compute again by framework (absent: all of them).
   */
  private static final class State {
    final Map<String, Person> people;
    final Map<String, String> personOf;
    final Map<String, Map<String, Map<String, Mastery>>> kept = new HashMap<>();
    final Map<String, Map<String, Set<String>>> recompute = new HashMap<>();
    final Map<String, Changes.Stored> masteryDigests = new HashMap<>();
    /** Per person, whose history is evaluated again: from when (absent from the map: not at all; null: from the start). */
    final Map<String, Instant> historyFrom = new HashMap<>();
    /** Per person and ladder id, the milestones stored as reached in the ladder's current version. */
    final Map<String, Map<String, Map<String, StoredReach>>> reached = new HashMap<>();
    /** Persons with a milestone to look for in their history: derived from all their evidence unless resumed. */
    final Set<String> historyWhole = new HashSet<>();
    /** Per person, their levels in statement time as stored (progression V11), and the row's bytes. */
    final Map<String, Checkpoint> checkpoints = new HashMap<>();
    final Map<String, byte[]> checkpointBytes = new HashMap<>();
    /**
     * Persons whose history carries on from their stored levels (every change after them), with the
     * latest moment this round can look at: their levels are needed up to then.
     */
    final Map<String, Instant> resumeUntil = new HashMap<>();
    /** Per person, the competencies whose evidence is read by framework (absent: all of it). */
    final Map<String, Map<String, Set<String>>> load = new HashMap<>();
    final Map<String, List<Credit.Session>> sessions = new HashMap<>();
    /** Per person, the sessions received (by key) when {@link #sessions} holds only those given; else null. */
    Map<String, Long> sessionsReceived;
    final Map<String, List<Credit.Endorsement>> endorsements = new HashMap<>();
    final Instant now = Instant.now();

    State(Map<String, Person> people, Map<String, String> personOf) {
      this.people = people;
      this.personOf = personOf;
    }

    /**
     * The persons' mentoring sessions and endorsements: the sessions given and received, or only
     * those given with a count of those received ({@code receivedRows}, when no ladder asks for them).
     */
    void credit(RowSet<Row> sessionRows, Iterable<Row> endorsementRows, RowSet<Row> receivedRows) {
      if (receivedRows != null) {
        sessionsReceived = new HashMap<>();
        receivedRows.forEach(r -> sessionsReceived.put(r.getString("person_id"), r.getLong("received")));
      }
      List<String> names = sessionRows.columnsNames(); // by position, as the evidence (see add)
      int byMentee = names.indexOf("by_mentee");
      int subject = names.indexOf("subject");
      int other = names.indexOf("other");
      int outcomeAt = names.indexOf("outcome_at");
      int key = names.indexOf("session_key");
      int competency = names.indexOf("competency");
      int at = names.indexOf("at");
      int statement = names.indexOf("statement_id");
      int positive = names.indexOf("positive");
      // the mentor's side of each session, and the mentee's unless those are only counted
      boolean[] sides = sessionsReceived == null ? new boolean[] {true, false} : new boolean[] {true};
      for (Row r : sessionRows) {
        if (r.getBoolean(byMentee) && personOf.containsKey(r.getString(subject))) {
          continue; // read as the mentor's too
        }
        String mentor = personOf.get(r.getString(subject));
        String mentee = personOf.get(r.getString(other));
        Instant outcome = r.getOffsetDateTime(outcomeAt) == null ? null : r.getOffsetDateTime(outcomeAt).toInstant();
        for (boolean given : sides) {
          String person = given ? mentor : mentee;
          if (person == null || (mentor != null && mentor.equals(mentee))) {
            continue;
          }
          sessions.computeIfAbsent(person, k -> new ArrayList<>()).add(new Credit.Session(r.getString(key),
              given, given ? r.getString(other) : r.getString(subject), r.getString(competency),
              r.getOffsetDateTime(at).toInstant(), r.getUUID(statement), outcome, r.getBoolean(positive)));
        }
      }
      sessions.values().forEach(list -> list.sort(Credit.Session.IN_TIME));
      for (Row r : endorsementRows) {
        String person = personOf.get(r.getString("subject"));
        if (person == null || person.equals(r.getString("endorser")) || personOf.containsKey(r.getString("other"))
            && person.equals(personOf.get(r.getString("other")))) {
          continue;
        }
        endorsements.computeIfAbsent(person, k -> new ArrayList<>()).add(new Credit.Endorsement(r.getString("endorser"),
            r.getString("competency"), r.getOffsetDateTime("at").toInstant(), r.getUUID("statement_id")));
      }
    }

    /**
     * Which persons' history carries on from their stored levels: those with a row whose moment lies
     * before every change of this round (statements in time order), not derived in full. Their levels
     * are needed up to the latest moment the round can look at: changed facts, sessions' times and
     * outcomes, endorsements.
     */
    void checkpoints(Iterable<Row> rows, Round round) {
      for (Row r : rows) {
        byte[] bytes = r.getBuffer("levels").getBytes();
        Checkpoint c = Checkpoint.decode(instant(r, "at"), bytes);
        if (c != null) {
          checkpoints.put(r.getString("person_id"), c);
          checkpointBytes.put(r.getString("person_id"), bytes);
        }
      }
      for (Person person : people.values()) {
        Checkpoint c = checkpoints.get(person.id());
        Instant from = historyFrom.get(person.id());
        if (c == null || round.full().contains(person.id()) || from == null || !from.isAfter(c.at())) {
          continue;
        }
        Instant until = c.at();
        for (String ifi : person.ifis()) {
          until = later(until, round.untilByIfi().get(ifi));
        }
        for (Credit.Session s : sessions.getOrDefault(person.id(), List.of())) {
          until = later(later(until, s.at()), s.outcomeAt());
        }
        for (Credit.Endorsement e : endorsements.getOrDefault(person.id(), List.of())) {
          until = later(until, e.at());
        }
        resumeUntil.put(person.id(), until);
      }
    }

    /** From when each person's history is evaluated again, and what it held before. */
    void history(Iterable<Row> rows, Round round, Definitions defs) {
      Map<String, Integer> versions = new HashMap<>();
      defs.ladders().forEach(l -> versions.put(l.id(), l.version()));
      for (Row r : rows) {
        String ladder = r.getString("ladder_id");
        if (!Integer.valueOf(r.getInteger("ladder_version")).equals(versions.get(ladder))) {
          continue; // a row of an older version goes; its person is dirty and evaluated from the start
        }
        reached.computeIfAbsent(r.getString("person_id"), k -> new HashMap<>()).computeIfAbsent(ladder, k -> new HashMap<>())
            .put(r.getString("milestone_id"), new StoredReach(instant(r, "reached_at"), instant(r, "valid_until")));
      }
      for (Person person : people.values()) {
        if (round.dirty().contains(person.id())) {
          historyFrom.put(person.id(), null);
          continue;
        }
        Instant from = round.sinceByPerson().get(person.id());
        boolean changed = from != null;
        for (String ifi : person.ifis()) {
          Instant at = round.sinceByIfi().get(ifi);
          changed |= at != null;
          from = earlier(from, at);
        }
        if (changed) {
          historyFrom.put(person.id(), from);
        }
      }
      for (Map.Entry<String, Instant> e : historyFrom.entrySet()) {
        for (Ladder ladder : defs.ladders()) {
          if (!wanted(e.getKey(), ladder).isEmpty()) {
            historyWhole.add(e.getKey());
          }
        }
      }
    }

    /** The milestones of a ladder to look for in a person's history: those not reached before it is evaluated from. */
    Set<String> wanted(String person, Ladder ladder) {
      if (!historyFrom.containsKey(person)) {
        return Set.of();
      }
      Instant from = historyFrom.get(person);
      Map<String, StoredReach> stored = reached.getOrDefault(person, Map.of()).getOrDefault(ladder.id(), Map.of());
      Set<String> wanted = new HashSet<>();
      for (Ladder.Milestone m : ladder.milestones()) {
        StoredReach s = stored.get(m.id());
        if (from == null || s == null || !s.at().isBefore(from)) {
          wanted.add(m.id());
        }
      }
      return wanted;
    }

    void stored(Iterable<Row> rows, Set<String> full, Set<EvidenceChange> changes, Definitions defs) {
      Set<String> whole = new HashSet<>(full);
      for (String person : historyWhole) {
        if (!resumeUntil.containsKey(person)) {
          whole.add(person);
        }
      }
      Map<String, Set<String>> due = new HashMap<>();
      for (Row r : rows) {
        String person = r.getString("person_id");
        String[] key = {person, r.getString("framework_id"), r.getString("competency")};
        byte[] digest = r.getBuffer("digest") == null ? null : r.getBuffer("digest").getBytes();
        masteryDigests.put(String.join("\u0000", key), new Changes.Stored(key, digest));
        UUID[] statements = r.getArrayOfUUIDs("statements");
        if (statements == null || digest == null) {
          whole.add(person); // a row from before V6 (or V4)
          continue;
        }
        Instant refreshAt = instant(r, "refresh_at");
        if (refreshAt != null && !refreshAt.isAfter(now)) {
          due.computeIfAbsent(person, k -> new HashSet<>()).add(key[2]);
        }
        kept.computeIfAbsent(person, k -> new HashMap<>()).computeIfAbsent(key[1], k -> new HashMap<>())
            .put(key[2], new Mastery(key[1], key[2], r.getInteger("level"), r.getInteger("direct_level"),
                instant(r, "since"), instant(r, "valid_until"), List.of(statements), refreshAt, null));
      }
      Map<String, Set<String>> changed = new HashMap<>();
      for (EvidenceChange c : changes) {
        String person = personOf.get(c.ifi());
        if (person != null) {
          changed.computeIfAbsent(person, k -> new HashSet<>()).add(c.competency());
        }
      }
      for (String person : people.keySet()) {
        if (whole.contains(person)) {
          kept.remove(person);
          continue;
        }
        Set<String> seeds = new HashSet<>(changed.getOrDefault(person, Set.of()));
        seeds.addAll(due.getOrDefault(person, Set.of()));
        Map<String, Set<String>> byFramework = new HashMap<>();
        Map<String, Set<String>> read = new HashMap<>();
        Checkpoint checkpoint = checkpoints.get(person);
        Instant until = resumeUntil.get(person);
        for (RuleSet rules : defs.ruleSets()) {
          Framework framework = defs.frameworks().get(rules.frameworkId());
          Set<String> mine = new HashSet<>(seeds);
          mine.retainAll(framework.items().keySet());
          byFramework.put(framework.id(), MasteryCalculator.withAncestors(framework, mine));
          Set<String> needed = new HashSet<>(mine);
          if (until != null) {
            // the history carries on from the stored levels: those that expire by its last moment are computed again
            for (Mastery m : checkpoint.levels().getOrDefault(framework.id(), Map.of()).values()) {
              if (m.refreshAt() != null && !m.refreshAt().isAfter(until)
                  || m.validUntil() != null && !m.validUntil().isAfter(until)) {
                needed.add(m.competency());
              }
            }
          }
          read.put(framework.id(), MasteryCalculator.withAncestors(framework, needed));
        }
        recompute.put(person, byFramework);
        load.put(person, read);
      }
    }

    /** The evidence the computation needs: all of it for persons derived in full, else that of the competencies computed again. */
    Future<Map<String, List<Evidence>>> evidence(SqlConnection conn, String consumer) {
      List<String> wholeIfis = new ArrayList<>();
      List<String> ifis = new ArrayList<>();
      List<String> competencies = new ArrayList<>();
      for (Person person : people.values()) {
        Map<String, Set<String>> items = load.get(person.id());
        if (items == null) {
          wholeIfis.addAll(person.ifis());
          continue;
        }
        Set<String> all = new HashSet<>();
        items.values().forEach(all::addAll);
        for (String ifi : person.ifis()) {
          for (String competency : all) {
            ifis.add(ifi);
            competencies.add(competency);
          }
        }
      }
      Map<String, List<Evidence>> evidence = new HashMap<>();
      Future<RowSet<Row>> whole = wholeIfis.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.EVIDENCE)
          .execute(Tuple.of(consumer, (Object) wholeIfis.toArray(String[]::new)));
      Future<RowSet<Row>> some = ifis.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.EVIDENCE_OF)
          .execute(Tuple.of(consumer, ifis.toArray(String[]::new), competencies.toArray(String[]::new)));
      return Future.all(whole, some).compose(all -> {
        for (int i = 0; i < 2; i++) {
          add(evidence, all.resultAt(i));
        }
        // evidence after the moment the history resumes up to means a change this round did not report:
        // never expected (every fact change names its time); those persons are derived from all their evidence
        List<String> again = new ArrayList<>();
        for (Map.Entry<String, Instant> e : Map.copyOf(resumeUntil).entrySet()) {
          if (evidence.getOrDefault(e.getKey(), List.of()).stream().anyMatch(x -> x.at().isAfter(e.getValue()))) {
            evidence.remove(e.getKey());
            resumeUntil.remove(e.getKey());
            kept.remove(e.getKey());
            recompute.remove(e.getKey());
            load.remove(e.getKey());
            again.addAll(people.get(e.getKey()).ifis());
          }
        }
        return again.isEmpty() ? Future.succeededFuture(sorted(evidence)) : conn.preparedQuery(FeedSql.EVIDENCE)
            .execute(Tuple.of(consumer, (Object) again.toArray(String[]::new))).map(rows -> {
              add(evidence, rows);
              return sorted(evidence);
            });
      });
    }

    /** In time order once: the computations sort each person's evidence again, then in linear time. */
    private static Map<String, List<Evidence>> sorted(Map<String, List<Evidence>> evidence) {
      evidence.values().forEach(list -> list.sort(Evidence.IN_TIME));
      return evidence;
    }

    private void add(Map<String, List<Evidence>> evidence, RowSet<Row> rows) {
      if (rows == null) {
        return;
      }
      // by position: a lookup by name searches the column names, per value of each of the round's many rows
      List<String> names = rows.columnsNames();
      int subject = names.indexOf("subject");
      int framework = names.indexOf("framework_id");
      int rule = names.indexOf("rule_id");
      int competency = names.indexOf("competency");
      int level = names.indexOf("level");
      int positive = names.indexOf("positive");
      int self = names.indexOf("self_asserted");
      int validDays = names.indexOf("valid_days");
      int statement = names.indexOf("statement_id");
      int at = names.indexOf("at");
      for (Row r : rows) {
        evidence.computeIfAbsent(personOf.get(r.getString(subject)), k -> new ArrayList<>()).add(new Evidence(
            r.getString(subject), r.getString(framework), r.getString(rule), r.getString(competency),
            r.getInteger(level), r.getBoolean(positive), r.getBoolean(self), r.getInteger(validDays),
            r.getUUID(statement), r.getOffsetDateTime(at).toInstant()));
      }
    }
  }

  /** A milestone stored as first reached at {@code at}. */
  private record StoredReach(Instant at, Instant validUntil) {}

  private static Instant instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant();
  }

  private Future<Integer> write(SqlConnection conn, String[] ids, State state, Map<String, List<Evidence>> evidence,
      Map<String, Map<String, Changes.Stored>> stored, Definitions defs, boolean outboxOn) {
    Map<String, Person> people = state.people;
    Map<String, List<Credit.Session>> sessions = state.sessions;
    Map<String, List<Credit.Endorsement>> endorsements = state.endorsements;
    Instant now = state.now;
    Columns checkpoints = new Columns(3);
    List<String> checkpointsGone = new ArrayList<>();
    Changes mastery = new Changes(3, 10, state.masteryDigests);
    Changes status = new Changes(2, 4, stored.get("status"));
    Changes milestones = new Changes(3, 7, stored.get("milestone"));
    Columns outbox = new Columns(11);
    Columns supersede = new Columns(5);
    Columns neverReached = new Columns(3);
    boolean issue = options.issue() && outboxOn;
    // each person is derived on any core (a parallel stream); what they write is recorded and applied
    // in person order afterwards, so the round sends what one thread would have
    List<List<Runnable>> writes = people.values().parallelStream().map(person -> {
      List<Runnable> write = new ArrayList<>();
      List<Evidence> mine = evidence.getOrDefault(person.id(), List.of());
      Map<String, Set<String>> recompute = state.recompute.get(person.id());
      Map<String, Map<String, Mastery>> kept = state.kept.getOrDefault(person.id(), Map.of());
      Map<String, Map<String, Mastery>> byFramework = new HashMap<>();
      Instant resumeUntil = recompute == null ? null : state.resumeUntil.get(person.id());
      Checkpoint checkpoint = resumeUntil == null ? null : state.checkpoints.get(person.id());
      for (RuleSet rules : defs.ruleSets()) {
        Framework framework = defs.frameworks().get(rules.frameworkId());
        Map<String, Mastery> levels = MasteryCalculator.compute(framework, rules, mine, now,
            kept.getOrDefault(rules.frameworkId(), Map.of()), recompute == null ? null : recompute.get(rules.frameworkId()));
        byFramework.put(rules.frameworkId(), levels);
        for (Mastery m : levels.values()) {
          if (m.explanation() == null) {
            write.add(() -> mastery.keep(person.id(), m.frameworkId(), m.competency()));
            continue;
          }
          Object[] row = {person.id(), m.frameworkId(), m.competency(), m.level(), m.directLevel(),
              m.since() == null ? null : m.since().toString(), m.validUntil() == null ? null : m.validUntil().toString(),
              m.statements().stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")),
              m.refreshAt() == null ? null : m.refreshAt().toString(), m.explanation().toString()};
          write.add(() -> mastery.add(row));
        }
      }
      for (Ladder ladder : defs.ladders()) {
        Framework framework = defs.ladderFrameworks().get(ladder.id());
        RuleSet rules = defs.ruleSet(ladder.frameworkId());
        List<Credit.Session> mySessions = sessions.getOrDefault(person.id(), List.of());
        List<Credit.Endorsement> myEndorsements = endorsements.getOrDefault(person.id(), List.of());
        MilestoneEvaluator.Result result = MilestoneEvaluator.evaluate(ladder, framework, rules,
            byFramework.getOrDefault(ladder.frameworkId(), Map.of()), mySessions, myEndorsements,
            state.sessionsReceived == null ? null : state.sessionsReceived.getOrDefault(person.id(), 0L));
        // history: the milestones reached before the evaluated span are kept; the others are looked for
        Set<String> wanted = state.wanted(person.id(), ladder);
        Map<String, MilestoneHistory.First> found = MilestoneHistory.firstReached(ladder, framework, rules, mine,
            mySessions, myEndorsements, state.historyFrom.get(person.id()), wanted,
            checkpoint == null ? null : checkpoint.levels().getOrDefault(ladder.frameworkId(), Map.of()),
            checkpoint == null ? null : checkpoint.at());
        Map<String, StoredReach> before = state.reached.getOrDefault(person.id(), Map.of()).getOrDefault(ladder.id(), Map.of());
        Set<String> holds = new HashSet<>();
        result.reached().forEach(r -> holds.add(r.milestone().id()));
        ArrayNode attained = result.status().putArray("attained");
        for (Ladder.Milestone m : ladder.milestones()) {
          String achievementId = options.publicBaseUrl() + "/achievements/" + ladder.id() + "/" + m.id();
          MilestoneHistory.First first = found.get(m.id());
          Instant at;
          Instant validUntil;
          if (!wanted.contains(m.id()) && before.containsKey(m.id())) {
            write.add(() -> milestones.keep(person.id(), ladder.id(), m.id()));
            at = before.get(m.id()).at();
            validUntil = before.get(m.id()).validUntil();
          } else if (first != null) {
            MilestoneEvaluator.Reached reached = first.reached();
            at = first.at();
            validUntil = ladder.policy().credentialExpiry().equals("none") ? null : first.validUntil();
            Object[] row = {person.id(), ladder.id(), m.id(), ladder.version(), at.toString(),
                validUntil == null ? null : validUntil.toString(), reached.explanation().toString()};
            write.add(() -> milestones.add(row));
            if (issue) {
              Object[] superseding = {person.id(), achievementId, ladder.version(), at.toString(),
                  reached.evidence().toString()};
              Object[] request = {person.id(), recipient(person).toString(), person.name(), achievementId, ladder.id(),
                  ladder.version(), reached.achievement().toString(), reached.evidence().toString(),
                  reached.explanation().toString(), at.toString(), validUntil == null ? null : validUntil.toString()};
              write.add(() -> {
                supersede.add(superseding);
                outbox.add(request);
              });
            }
          } else {
            if (issue && wanted.contains(m.id())) {
              write.add(() -> neverReached.add(person.id(), achievementId, ladder.version()));
            }
            continue;
          }
          ObjectNode json = attained.addObject().put("milestone", m.id()).put("name", m.name())
              .put("reachedAt", at.toString()).put("holdsNow", holds.contains(m.id()));
          if (validUntil != null) {
            json.put("validUntil", validUntil.toString());
          }
        }
        String standing = result.status().toString();
        write.add(() -> status.add(person.id(), ladder.id(), ladder.version(), standing));
      }
      // the levels in statement time as of the person's latest moment, for the next round to carry on from
      Checkpoint next = null;
      if (recompute == null) {
        Instant at = NOTHING_YET;
        for (Evidence e : mine) {
          at = later(at, e.at());
        }
        for (Credit.Session s : sessions.getOrDefault(person.id(), List.of())) {
          at = later(later(at, s.at()), s.outcomeAt());
        }
        for (Credit.Endorsement e : endorsements.getOrDefault(person.id(), List.of())) {
          at = later(at, e.at());
        }
        next = checkpointAt(defs, mine, null, at);
      } else if (checkpoint != null) {
        next = checkpointAt(defs, mine, checkpoint, resumeUntil);
      } else if (state.checkpoints.containsKey(person.id())) {
        write.add(() -> checkpointsGone.add(person.id())); // a change before its moment: no longer the person's history
      }
      if (next != null) {
        byte[] bytes = next.encode();
        if (!next.at().equals(state.checkpoints.containsKey(person.id()) ? state.checkpoints.get(person.id()).at() : null)
            || !Arrays.equals(bytes, state.checkpointBytes.get(person.id()))) {
          Instant at = next.at();
          write.add(() -> checkpoints.add(person.id(), at.toString(), Buffer.buffer(bytes)));
        }
      }
      return write;
    }).toList();
    writes.forEach(person -> person.forEach(Runnable::run));
    String consumer = options.consumer();
    // one pipeline: PostgreSQL runs the statements in this order, the round waits once
    Columns masteryGone = mastery.deletes();
    Columns statusGone = status.deletes();
    Columns milestonesGone = milestones.deletes();
    List<Future<?>> steps = new ArrayList<>();
    steps.add(masteryGone.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.DELETE_MASTERY)
        .execute(masteryGone.tuple(consumer, String[].class, String[].class, String[].class)));
    steps.add(statusGone.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.DELETE_STATUS)
        .execute(statusGone.tuple(consumer, String[].class, String[].class)));
    steps.add(milestonesGone.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.DELETE_MILESTONES)
        .execute(milestonesGone.tuple(consumer, String[].class, String[].class, String[].class)));
    steps.add(conn.preparedQuery(FeedSql.CLEAR_DIRTY).execute(Tuple.of(consumer, (Object) ids)));
    steps.add(checkpointsGone.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.DELETE_CHECKPOINTS)
        .execute(Tuple.of(consumer, (Object) checkpointsGone.toArray(String[]::new))));
    steps.add(checkpoints.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.UPSERT_CHECKPOINTS)
        .execute(checkpoints.tuple(consumer, String[].class, String[].class, Buffer[].class)));
    steps.add(mastery.inserts().isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.INSERT_MASTERY)
        .execute(mastery.inserts().tuple(consumer, String[].class, String[].class, String[].class, Integer[].class,
            Integer[].class, String[].class, String[].class, String[].class, String[].class, String[].class,
            Buffer[].class)));
    steps.add(status.inserts().isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.INSERT_STATUS)
        .execute(status.inserts().tuple(consumer, String[].class, String[].class, Integer[].class, String[].class,
            Buffer[].class)));
    steps.add(milestones.inserts().isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.INSERT_MILESTONES)
        .execute(milestones.inserts().tuple(consumer, String[].class, String[].class, String[].class, Integer[].class,
            String[].class, String[].class, String[].class, Buffer[].class)));
    // the outbox follows the history: stale requests step aside before the ones the history names go in
    steps.add(supersede.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.SUPERSEDE)
        .execute(supersede.tuple(null, String[].class, String[].class, Integer[].class, String[].class, String[].class)));
    steps.add(neverReached.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.NEVER_REACHED)
        .execute(neverReached.tuple(null, String[].class, String[].class, Integer[].class).addValue(consumer)));
    steps.add(outbox.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.ISSUE)
        .execute(outbox.tuple(null, String[].class, String[].class, String[].class, String[].class, String[].class,
            Integer[].class, String[].class, String[].class, String[].class, String[].class, String[].class)));
    return Future.all(steps).map(r -> people.size());
  }

  /**
   * A person's levels in statement time at {@code at}, for every framework with rules: from {@code
   * from} (null: from all the evidence, which {@code evidence} then holds), computing again what
   * changed or expired since.
   */
  private static Checkpoint checkpointAt(Definitions defs, List<Evidence> evidence, Checkpoint from, Instant at) {
    Map<String, Map<String, Mastery>> levels = new LinkedHashMap<>();
    for (RuleSet rules : defs.ruleSets()) {
      Framework framework = defs.frameworks().get(rules.frameworkId());
      levels.put(framework.id(), MilestoneHistory.levelsAt(framework, rules, evidence,
          from == null ? null : from.levels().getOrDefault(framework.id(), Map.of()), from == null ? null : from.at(), at));
    }
    return new Checkpoint(at, levels);
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

  /**
   * One derived table's new rows for the round's persons, against the digests stored with the old
   * ones: a row whose digest is unchanged is left alone; changed and vanished rows are deleted by key,
   * changed and new ones inserted with their digest. The first {@code keys} values of a row (the
   * person first) are its key within the consumer.
   */
  static final class Changes {
    record Stored(String[] key, byte[] digest) {}

    private final int keys;
    private final Map<String, Stored> stored;
    private final Columns inserts;
    private final Columns deletes;
    private final MessageDigest sha256 = Canonical.sha256();

    Changes(int keys, int columns, Map<String, Stored> stored) {
      this.keys = keys;
      this.stored = stored == null ? new HashMap<>() : stored;
      this.inserts = new Columns(columns + 1);
      this.deletes = new Columns(keys);
    }

    /** The DIGESTS rows by table ("mastery", "status", "milestone"), each by row key. */
    static Map<String, Map<String, Stored>> stored(Iterable<Row> rows) {
      Map<String, Map<String, Stored>> tables = new HashMap<>();
      for (Row r : rows) {
        String table = r.getString("t");
        String[] key = table.equals("status") ? new String[] {r.getString("person_id"), r.getString("a")}
            : new String[] {r.getString("person_id"), r.getString("a"), r.getString("b")};
        byte[] digest = r.getBuffer("digest") == null ? null : r.getBuffer("digest").getBytes();
        tables.computeIfAbsent(table, t -> new HashMap<>()).put(String.join("\u0000", key), new Stored(key, digest));
      }
      return tables;
    }

    void add(Object... values) {
      String[] key = new String[keys];
      for (int i = 0; i < keys; i++) {
        key[i] = (String) values[i];
      }
      for (Object value : values) {
        sha256.update((value == null ? "\u0001" : value.toString()).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      byte[] digest = sha256.digest();
      Stored old = stored.remove(String.join("\u0000", key));
      if (old != null && Arrays.equals(old.digest(), digest)) {
        return;
      }
      if (old != null) {
        deletes.add((Object[]) key);
      }
      Object[] row = Arrays.copyOf(values, values.length + 1);
      row[values.length] = Buffer.buffer(digest);
      inserts.add(row);
    }

    /** A stored row that stays as it is (see MasteryCalculator#compute with kept items). */
    void keep(String... key) {
      stored.remove(String.join("\u0000", key));
    }

    Columns inserts() {
      return inserts;
    }

    /**
     * Changed rows, and the stored rows that no new row repeated: the persons no longer have them.
     * Called once, after the last {@link #add}.
     */
    Columns deletes() {
      stored.values().forEach(s -> deletes.add((Object[]) s.key()));
      stored.clear();
      return deletes;
    }
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
