package cairn.progression.feed;

import cairn.progression.ProgressionOptions;
import cairn.progression.rules.StatementView;
import cairn.web.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code lrs.statement_feed} (lrs V4) exactly once, in commit order: each round, in one
 * transaction, claims the consumer's cursor row ({@code FOR UPDATE SKIP LOCKED}, so a second
 * instance skips rather than double-processes), reads the next rows below the feed horizon, turns
 * them into facts, re-derives the persons they touch, and advances the cursor. A crash rolls the
 * whole round back; the next round reads the same rows again.
 */
public final class FeedConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(FeedConsumer.class);
  private final Pool pool;
  private final ProgressionOptions options;
  private final Derivation derivation;
  private Definitions definitions;
  private long factsSinceAnalyze;
  private long factsAtAnalyze;
  private long analyzeMinimum = 5_000;
  private final AtomicBoolean analyzing = new AtomicBoolean();
  /** The statements the next round reads (see {@link #nextLimit}). */
  private int limit;

  public FeedConsumer(Pool pool, ProgressionOptions options) {
    this.pool = pool;
    this.options = options;
    this.derivation = new Derivation(options);
    this.limit = options.batchSize();
  }

  /**
   * What a round did. {@code busy}: another instance holds the cursor; {@code bodyChars}: the
   * characters of the statement bodies it parsed.
   */
  public record Round(int statements, int persons, boolean full, boolean busy, long bodyChars) {}

  /**
   * Creates the cursor if absent (a new consumer starts at the beginning of the feed) and notes how
   * many facts the tables hold, so that a restart on a large store does not analyze them too often.
   * A new consumer beside others (a recompute) counts from none: the statistics know nothing of its
   * facts, and on them the planner took its rows for none and scanned all of them per content (calls
   * of up to 22 s in a recompute beside a 2-million-statement store), so it analyzes once it has its
   * first few thousand.
   */
  public Future<Void> init() {
    return pool.withTransaction(conn -> conn.preparedQuery(FeedSql.ENSURE_CURSOR).execute(Tuple.of(options.consumer()))
        .compose(created -> (created.rowCount() == 0 ? Future.<Void>succeededFuture()
            : conn.preparedQuery(FeedSql.ALL_PEOPLE_DIRTY).execute(Tuple.of(options.consumer())).<Void>mapEmpty())
            .compose(v -> conn.query(FeedSql.FACTS_ESTIMATE).execute())
            .map(rows -> {
              factsAtAnalyze = created.rowCount() == 0 ? rows.iterator().next().getLong("n") : 0;
              return null;
            })));
  }

  /** Rounds until one comes back short: the consumer has caught up with the horizon. */
  public Future<Long> drain() {
    return drain(0);
  }

  private Future<Long> drain(long done) {
    return round().compose(r -> r.full() || r.busy() ? drain(done + r.statements()) : Future.succeededFuture(done + r.statements()));
  }

  public Future<Round> round() {
    int size = limit;
    return pool.withTransaction(conn -> round(conn, size)).onComplete(done -> {
      limit = done.succeeded() ? nextLimit(options.batchSize(), size, done.result().full(), done.result().bodyChars())
          : options.batchSize();
      if (done.succeeded()) {
        analyzeIfGrown();
      }
    });
  }

  /** The most a round reads: four times the batch size, at most 20,000 statements (the largest batch size). */
  static final int MAX_GROWTH = 4;
  static final int MAX_ROUND = 20_000;
  /**
   * The statement bodies a grown round may hold (characters; 32 Mi, ~64 MiB as Java strings, a few
   * times that parsed): a round keeps its statements parsed until it commits.
   */
  static final long BODY_BUDGET = 32L << 20;

  /**
   * How many statements the round after one of {@code size} reads, whose bodies came to {@code
   * chars}: twice as many after a full round (the consumer is behind), up to {@link #MAX_GROWTH}
   * times the batch size and {@link #MAX_ROUND} statements, while twice the bodies stay within
   * {@link #BODY_BUDGET}; as many again while they fit it; else the batch size. A round's cost is
   * partly per statement (facts) and partly per person it derives (their sessions, evidence and
   * derived rows), and a person with statements in a round is derived once however many they are: a
   * consumer behind catches up faster in larger rounds. What a round derives does not depend on where
   * rounds begin and end.
   */
  static int nextLimit(int batchSize, int size, boolean full, long chars) {
    if (!full || chars > BODY_BUDGET) {
      return batchSize;
    }
    if (chars * 2 > BODY_BUDGET) {
      return Math.max(batchSize, Math.min(size, MAX_ROUND));
    }
    return Math.max(batchSize, Math.min(Math.min(size, MAX_ROUND) * 2, Math.min(batchSize * MAX_GROWTH, MAX_ROUND)));
  }

  /**
   * Fresh fact tables grow faster than autovacuum re-analyzes them (once a minute at best), and on
   * stale statistics the planner reads all of a consumer's facts instead of a person's: rounds then
   * slow down as the log grows. So the consumer analyzes its tables itself whenever the facts it
   * inserted since it last did reach a fifth of what was there then (at least 5,000) — the facts
   * with a VACUUM, which keeps the visibility map the index-only reads of evidence and sessions need
   * current (it reads only the pages changed since). It (0.1–1.5 s on a busy store) runs beside the
   * rounds, not between them: it takes no lock that inserts wait for.
   */
  private void analyzeIfGrown() {
    if (factsSinceAnalyze < Math.max(analyzeMinimum, factsAtAnalyze / 5) || !analyzing.compareAndSet(false, true)) {
      return;
    }
    factsAtAnalyze += factsSinceAnalyze;
    factsSinceAnalyze = 0;
    pool.query(FeedSql.VACUUM).execute().compose(v -> pool.query(FeedSql.ANALYZE).execute()).onComplete(done -> {
      analyzing.set(false);
      if (done.failed()) {
        LOG.debug("VACUUM or ANALYZE of the progression tables failed; autovacuum will do it: {}", done.cause().getMessage());
      }
    });
  }

  /** Analyzes after this many new facts at least (5,000; tests lower it). */
  FeedConsumer analyzeAfter(long facts) {
    analyzeMinimum = facts;
    return this;
  }

  private Future<Round> round(SqlConnection conn, int size) {
    return conn.query(FeedSql.HORIZON).execute()
        .compose(h -> {
          String horizon = h.iterator().next().getString("h");
          return conn.preparedQuery(FeedSql.CLAIM).execute(Tuple.of(options.consumer())).compose(cursor -> {
            if (cursor.size() == 0) {
              return Future.succeededFuture(new Round(0, 0, false, true, 0));
            }
            Row c = cursor.iterator().next();
            return Definitions.current(conn, definitions).compose(defs -> {
              definitions = defs;
              boolean replaying = c.getBoolean("replaying");
              return conn.preparedQuery(FeedSql.READ).execute(Tuple.of(c.getString("horizon"), horizon,
                      c.getString("last_tx"), c.getLong("last_seq"), size, defs.feedVerbs()))
                  .compose(rows -> process(conn, rows, defs, replaying).compose(persons -> advance(conn, c, horizon, rows, size)
                      .map(v -> new Round(rows.size(), persons, rows.size() >= size, false, bodyChars(rows)))));
            });
          });
        });
  }

  private static long bodyChars(RowSet<Row> rows) {
    long chars = 0;
    for (Row row : rows) {
      String body = row.getString("body");
      chars += body == null ? 0 : body.length();
    }
    return chars;
  }

  private Future<Void> advance(SqlConnection conn, Row cursor, String horizon, RowSet<Row> rows, int size) {
    String lastTx = cursor.getString("last_tx");
    long lastSeq = cursor.getLong("last_seq");
    OffsetDateTime lastStored = null;
    for (Row row : rows) {
      lastTx = row.getString("tx_text");
      lastSeq = row.getLong("seq");
      OffsetDateTime stored = row.getOffsetDateTime("stored");
      lastStored = lastStored == null || stored.isAfter(lastStored) ? stored : lastStored;
    }
    // a short round has read everything below the horizon: move the horizon there
    boolean caughtUp = rows.size() < size;
    String newHorizon = caughtUp ? horizon : cursor.getString("horizon");
    // a replay (after a rule change) that caught up: everyone is derived once more, now from all their evidence
    boolean replayEnds = caughtUp && cursor.getBoolean("replaying");
    Tuple args = Tuple.of(options.consumer(), newHorizon, lastTx, lastSeq, rows.size(), lastStored);
    args.addValue(cursor.getBoolean("replaying") && !caughtUp);
    return conn.preparedQuery(FeedSql.ADVANCE).execute(args)
        .compose(r -> replayEnds ? conn.preparedQuery(FeedSql.ALL_PEOPLE_DIRTY).execute(Tuple.of(options.consumer()))
            : Future.succeededFuture())
        .mapEmpty();
  }

  private record Live(UUID id, long seq, StatementView view, byte[] hash) {}

  /** A statement whose body the feed served: one the rules or the mentoring vocabulary may use. */
  private record Candidate(UUID id, long seq, String body) {}

  /** A candidate parsed, with its facts (none: the statement is no evidence). */
  private record Extracted(Live live, List<Extraction.Fact> facts) {}

  /** Facts from the rows, then the affected persons' derived state; answers how many persons. */
  private Future<Integer> process(SqlConnection conn, RowSet<Row> rows, Definitions defs, boolean replaying) {
    String consumer = options.consumer();
    List<UUID> voidTargets = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (Row row : rows) {
      UUID target = row.getUUID("voided_target");
      if (target != null) {
        voidTargets.add(target);
      } else if (row.getString("body") != null) {
        candidates.add(new Candidate(row.getUUID("id"), row.getLong("seq"), row.getString("body")));
      }
    }
    // in seq order; REPRESENT then names each content's earliest statement by time, whatever the order
    candidates.sort(Comparator.comparingLong(Candidate::seq));
    UUID[] candidateIds = candidates.stream().map(Candidate::id).toArray(UUID[]::new);
    Future<Set<UUID>> voided = candidates.isEmpty() ? Future.succeededFuture(Set.of())
        : conn.preparedQuery(FeedSql.ALREADY_VOIDED).execute(Tuple.of(consumer, (Object) candidateIds)).map(found -> {
          Set<UUID> set = new HashSet<>(voidTargets);
          found.forEach(r -> set.add(r.getUUID("statement_id")));
          return set;
        });
    // parsing bodies and hashing contents, most of a round's Java, runs on every core while the
    // query above does; a statement found voided is parsed for nothing (rare)
    List<Extracted> extracted = candidates.parallelStream().map(c -> {
      StatementView view = StatementView.of(Json.tree(c.body()));
      List<Extraction.Fact> found = Extraction.facts(view, c.id(), defs);
      return new Extracted(new Live(c.id(), c.seq(), view, found.isEmpty() ? null : found.get(0).hash()), found);
    }).toList();
    return voided.compose(skip -> {
      List<Live> live = new ArrayList<>();
      List<Extraction.Fact> facts = new ArrayList<>();
      for (Extracted e : extracted) {
        if (!skip.contains(e.live().id()) && !e.facts().isEmpty()) {
          live.add(e.live());
          facts.addAll(e.facts());
        }
      }
      Touched affected = new Touched();
      // contents whose last live statement may have been voided: their facts may be orphans now
      Set<ByteKey> retracted = new LinkedHashSet<>();
      UUID[] targets = voidTargets.toArray(UUID[]::new);
      Future<Void> voiding = voidTargets.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(FeedSql.INSERT_VOIDED).execute(Tuple.of(consumer, (Object) targets))
              .compose(r -> conn.preparedQuery(FeedSql.RETRACT).execute(Tuple.of(consumer, (Object) targets)))
              .map(r -> {
                r.forEach(row -> retracted.add(new ByteKey(row.getBuffer("content_hash").getBytes())));
                return null;
              });
      return voiding
          .compose(v -> live.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(FeedSql.INSERT_FACT_STATEMENTS)
              .execute(Tuple.of(consumer, live.stream().map(Live::id).toArray(UUID[]::new),
                  live.stream().map(l -> io.vertx.core.buffer.Buffer.buffer(l.hash())).toArray(io.vertx.core.buffer.Buffer[]::new),
                  live.stream().map(Live::seq).toArray(Long[]::new),
                  live.stream().map(l -> l.view().timestamp()).toArray(String[]::new))).mapEmpty())
          .compose(v -> insertFacts(conn, dedup(facts), affected))
          .compose(v -> retracted.isEmpty() ? Future.succeededFuture()
              : conn.preparedQuery(FeedSql.DROP_ORPHANS).execute(Tuple.of(consumer, (Object) buffers(retracted)))
                  .map(r -> {
                    affected.collect(r);
                    return null;
                  }))
          .compose(v -> {
            // every content of the round: its facts name the earliest live statement, whatever the round boundaries
            Set<ByteKey> contents = new LinkedHashSet<>(retracted);
            live.forEach(l -> contents.add(new ByteKey(l.hash())));
            if (contents.isEmpty()) {
              return Future.succeededFuture();
            }
            Tuple byContent = Tuple.of(consumer, (Object) buffers(contents));
            return conn.preparedQuery(FeedSql.REPRESENT).execute(byContent)
                .compose(r -> {
                  affected.collect(r);
                  return conn.preparedQuery(FeedSql.OUTCOMES_OF_CONTENTS).execute(byContent);
                })
                .mapEmpty();
          })
          .compose(v -> affected.evidence.isEmpty() ? Future.succeededFuture(Map.<String, Instant>of())
              : conn.preparedQuery(FeedSql.OUTCOMES_OF_EVIDENCE).execute(Tuple.of(consumer,
                  affected.evidence.stream().map(Derivation.EvidenceChange::ifi).toArray(String[]::new),
                  affected.evidence.stream().map(Derivation.EvidenceChange::competency).toArray(String[]::new)))
                  .map(mentors -> {
                    Map<String, Instant> since = new LinkedHashMap<>();
                    mentors.forEach(r -> since.merge(r.getString("person_id"),
                        r.getOffsetDateTime("since").toInstant(), Derivation::earlier));
                    return since;
                  }))
          .compose(mentors -> persons(conn, affected.ifis, mentors.keySet()).compose(persons -> derivation.derive(conn,
              new Derivation.Round(persons.all(), persons.full(), persons.dirty(), affected.evidence, affected.since,
                  affected.until, mentors, !replaying), defs)));
    });
  }

  private static io.vertx.core.buffer.Buffer[] buffers(Set<ByteKey> hashes) {
    return hashes.stream().map(k -> io.vertx.core.buffer.Buffer.buffer(k.bytes())).toArray(io.vertx.core.buffer.Buffer[]::new);
  }

  private static List<Extraction.Fact> dedup(List<Extraction.Fact> facts) {
    Map<String, Extraction.Fact> unique = new LinkedHashMap<>();
    for (Extraction.Fact f : facts) {
      unique.putIfAbsent(new ByteKey(f.hash()) + "|" + f.kind() + "|" + f.frameworkId() + "|" + f.ruleId(), f);
    }
    return new ArrayList<>(unique.values());
  }

  private Future<Void> insertFacts(SqlConnection conn, List<Extraction.Fact> facts, Touched affected) {
    if (facts.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple tuple = Tuple.of(options.consumer(),
        facts.stream().map(f -> io.vertx.core.buffer.Buffer.buffer(f.hash())).toArray(io.vertx.core.buffer.Buffer[]::new),
        facts.stream().map(Extraction.Fact::kind).toArray(String[]::new),
        facts.stream().map(Extraction.Fact::frameworkId).toArray(String[]::new),
        facts.stream().map(Extraction.Fact::ruleId).toArray(String[]::new),
        facts.stream().map(Extraction.Fact::subject).toArray(String[]::new),
        facts.stream().map(Extraction.Fact::other).toArray(String[]::new),
        facts.stream().map(Extraction.Fact::competency).toArray(String[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::level).toArray(Integer[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::positive).toArray(Boolean[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::selfAsserted).toArray(Boolean[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::validDays).toArray(Integer[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::sessionKey).toArray(String[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::statementId).toArray(UUID[]::new));
    tuple.addValue(facts.stream().map(Extraction.Fact::at).toArray(String[]::new));
    return conn.preparedQuery(FeedSql.INSERT_FACTS).execute(tuple).map(r -> {
      factsSinceAnalyze += r.size();
      affected.collect(r);
      return null;
    });
  }

  /** What a round's fact changes touched: IFIs, and the (IFI, competency) pairs of changed evidence. */
  private static final class Touched {
    final Set<String> ifis = new LinkedHashSet<>();
    final Set<Derivation.EvidenceChange> evidence = new LinkedHashSet<>();
    /** Per IFI, the earliest statement time at which one of its facts changed: history from there on may differ. */
    final Map<String, Instant> since = new HashMap<>();
    /** Per IFI, the latest statement time at which one of its facts changed (a re-dated fact: the later of its times). */
    final Map<String, Instant> until = new HashMap<>();

    void collect(RowSet<Row> rows) {
      for (Row row : rows) {
        Instant at = row.getOffsetDateTime("at").toInstant();
        Instant last = row.getColumnIndex("until") >= 0 ? row.getOffsetDateTime("until").toInstant() : at;
        ifis.add(row.getString("subject"));
        since.merge(row.getString("subject"), at, Derivation::earlier);
        until.merge(row.getString("subject"), last, Derivation::later);
        if (row.getString("other") != null) {
          ifis.add(row.getString("other"));
          since.merge(row.getString("other"), at, Derivation::earlier);
          until.merge(row.getString("other"), last, Derivation::later);
        }
        if (row.getString("kind").equals("evidence")) {
          evidence.add(new Derivation.EvidenceChange(row.getString("subject"), row.getString("competency")));
        }
      }
    }
  }

  /**
   * {@code all}: persons to derive again; {@code full}: those of them to derive from all their
   * evidence; {@code dirty}: those of them whose whole history is evaluated again (directory and
   * ladder changes), not only expiry.
   */
  private record Persons(Set<String> all, Set<String> full, Set<String> dirty) {}

  /**
   * Persons whose state must be derived again: touched by facts, mentors whose sessions' outcomes
   * moved, and — in full — persons marked dirty (directory and ladder changes, with the mentors of
   * changed mentees) or expiring.
   */
  private Future<Persons> persons(SqlConnection conn, Set<String> ifis, Set<String> mentors) {
    Set<String> persons = new LinkedHashSet<>();
    Set<String> full = new LinkedHashSet<>();
    Set<String> dirty = new LinkedHashSet<>();
    Future<Void> touched = ifis.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(FeedSql.PERSONS_OF).execute(Tuple.of((Object) ifis.toArray(String[]::new)))
            .map(rows -> {
              rows.forEach(r -> persons.add(r.getString("person_id")));
              return null;
            });
    int others = Math.max(100, options.batchSize()); // dirty or expiring persons a round takes besides these
    return touched
        .compose(v -> {
          persons.addAll(mentors);
          return conn.preparedQuery(FeedSql.TAKE_DIRTY).execute(Tuple.of(options.consumer(), others,
              persons.toArray(String[]::new)));
        })
        .compose(rows -> {
          rows.forEach(r -> dirty.add(r.getString("person_id")));
          full.addAll(dirty);
          return conn.preparedQuery(FeedSql.EXPIRED).execute(Tuple.of(options.consumer(), others));
        })
        .map(expired -> {
          expired.forEach(r -> full.add(r.getString("person_id")));
          persons.addAll(full);
          return new Persons(persons, full, dirty);
        });
  }

  /**
   * Derives one person again from the facts their statements left: all their evidence, their whole
   * history in statement time, and the issuance outbox brought in line with it (a milestone no longer
   * reached withdraws its request, one reached otherwise supersedes it). For a caller that changed
   * what stands behind the person outside the feed — e.g. erasure, after removing their facts. Waits
   * for a round that is running (it takes the consumer's cursor row, as a round does), so it never
   * derives beside one. While the consumer replays after a rule change, the outbox is left alone.
   */
  public Future<Void> recomputePerson(String personId) {
    return pool.withTransaction(conn -> conn.preparedQuery(FeedSql.LOCK_CURSOR).execute(Tuple.of(options.consumer()))
        .compose(cursor -> {
          boolean replaying = cursor.size() > 0 && cursor.iterator().next().getBoolean("replaying");
          return Definitions.current(conn, definitions).compose(defs -> {
            definitions = defs;
            Set<String> person = Set.of(personId);
            return derivation.derive(conn, new Derivation.Round(person, person, person, Set.of(), Map.of(), Map.of(),
                Map.of(), !replaying), defs);
          });
        })
        .mapEmpty());
  }

  /**
   * A directory change, in the importing transaction, for the persons who gained or lost these IFIs:
   * the sessions in which they are mentees have their outcomes brought up to date, and their mentors
   * and the persons they endorsed are marked for derivation, in every consumer. The caller holds the
   * consumers' cursors, so no round runs meanwhile.
   */
  public static Future<Void> directoryChanged(SqlConnection conn, String[] ifis) {
    return conn.preparedQuery(FeedSql.OUTCOMES_OF_MENTEES).execute(Tuple.of((Object) ifis))
        .compose(r -> conn.preparedQuery(FeedSql.COUNTERPARTS_DIRTY).execute(Tuple.of((Object) ifis)))
        .mapEmpty();
  }

  /**
   * Evidence dropped by a rule change, in its transaction (which holds the cursors): every session's
   * outcome is brought up to date; the replay that follows keeps them so.
   */
  public static Future<Void> evidenceDropped(SqlConnection conn) {
    return conn.query(FeedSql.OUTCOMES_OF_ALL).execute()
        .compose(r -> conn.query(FeedSql.ALL_CHECKPOINTS_GONE).execute()).mapEmpty();
  }

  /** A byte array with value equality. */
  private record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey k && java.util.Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return java.util.HexFormat.of().formatHex(bytes);
    }
  }
}
