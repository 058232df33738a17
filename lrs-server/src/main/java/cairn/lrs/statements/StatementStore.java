package cairn.lrs.statements;

import cairn.lrs.activities.ActivityDefinitions;
import cairn.lrs.attachments.AttachmentStore;
import cairn.lrs.attachments.Part;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.xapi.IndexKeys;
import cairn.xapi.StatementComparison;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The statement store's SQL, all in one place (schema {@code lrs}, see {@code db/lrs}).
 *
 * <p>A batch is stored in one transaction: statements, then their agent and activity index rows,
 * then voiding. Ids that already exist are compared with what is stored: the same statement is a
 * no-op, a different one fails the whole batch with 409 (xAPI 1.0.3 Part Three §2.1.2).
 *
 * <p>Metrics (Micrometer's global registry), counted once a batch is committed:
 * {@code cairn.statements.stored} (statements new to the store; repeats of stored ones are not
 * counted) and {@code cairn.statements.batch.size} (statements per stored batch).
 */
final class StatementStore {
  private static final Counter STORED = Counter.builder("cairn.statements.stored")
      .description("Statements stored (new ones; a repeat of a stored statement is not counted)")
      .register(Metrics.globalRegistry);
  private static final DistributionSummary BATCH = DistributionSummary.builder("cairn.statements.batch.size")
      .description("Statements per stored batch (a POST, a PUT, a page copied from an upstream LRS)")
      .register(Metrics.globalRegistry);

  /** {@code stored} is the transaction start, written into the body in UTC with microseconds. */
  /**
   * {@code stored} ($8) is the transaction start, read first in the same transaction
   * ({@link #TRANSACTION_START}) and already written into each body in UTC with microseconds, so
   * PostgreSQL parses each body once and never rebuilds it.
   */
  private static final String INSERT_STATEMENTS = """
      insert into lrs.statements (id, stored, verb_id, registration, object_ref, voided_target, authority_key, voided,
                                  body, body_length)
      select t.id, $8, t.verb, t.registration, t.object_ref, t.voided_target, $7,
             t.voided_target is null
                 and exists (select 1 from lrs.statements v where v.voided_target = t.id),
             t.body::jsonb, length(t.body)
      from unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[])
           as t(id, verb, registration, object_ref, voided_target, body)
      on conflict (id) do nothing
      returning id, seq""";

  /**
   * One statement, alone, in one round trip and one autocommit transaction: the statement (its
   * {@code stored} — the transaction's start — written into the body text by PostgreSQL, in the
   * same format as {@link #TIMESTAMP}, and as {@code timestamp} too when the statement has none), then
   * its agent and activity index rows. No row comes back if the id is stored already: nothing was
   * written, and the caller compares.
   */
  private static final String INSERT_ALONE = """
      with b as (
        select left($6, -1) || ',"stored":"' || st.stored || '"'
               || case when $7 then '' else ',"timestamp":"' || st.stored || '"' end || '}' as body
        from (select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as stored) st),
      s as (
        insert into lrs.statements (id, stored, verb_id, registration, object_ref, voided_target, authority_key, voided,
                                    body, body_length)
        select $1, now(), $2, $3, $4, null, $5, exists (select 1 from lrs.statements v where v.voided_target = $1),
               b.body::jsonb, length(b.body)
        from b
        on conflict (id) do nothing
        returning seq),
      a as (
        insert into lrs.statement_agents (seq, agent, direct, stored)
        select s.seq, t.agent, t.direct, now() from s, unnest($8::text[], $9::boolean[]) as t(agent, direct)),
      c as (
        insert into lrs.statement_activities (seq, activity, direct, stored)
        select s.seq, t.activity, t.direct, now() from s, unnest($10::text[], $11::boolean[]) as t(activity, direct))
      select seq from s""";

  /** now() is the transaction's start: every statement of the batch gets it as stored. */
  private static final String TRANSACTION_START = "select now() as now";

  /** How the LRS writes instants: stored, Consistent-Through. UTC, microseconds. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final String INSERT_AGENTS = """
      insert into lrs.statement_agents (seq, agent, direct, stored)
      select t.seq, t.agent, t.direct, now()
      from unnest($1::bigint[], $2::text[], $3::boolean[]) as t(seq, agent, direct)""";

  private static final String INSERT_ACTIVITIES = """
      insert into lrs.statement_activities (seq, activity, direct, stored)
      select t.seq, t.activity, t.direct, now()
      from unnest($1::bigint[], $2::text[], $3::boolean[]) as t(seq, activity, direct)""";

  /**
   * Marks voided the targets of this batch's voiding statements. A statement whose voiding
   * statement arrived first (1.0.3 Part Two §2.3.2 asks the LRS not to reject a voiding statement
   * whose target it has not seen) is stored voided by the insert itself. A voiding statement is
   * never voided.
   */
  private static final String APPLY_VOIDING = """
      update lrs.statements s set voided = true
      where s.voided_target is null and not s.voided and s.id = any($1::uuid[])""";

  private static final String VOIDING_TARGETS_THAT_VOID = """
      select id from lrs.statements where id = any($1::uuid[]) and voided_target is not null""";

  private static final String EXISTING = "select id, body::text as body from lrs.statements where id = any($1::uuid[])";

  private static final String BY_ID = """
      select body::text as body, voided, stored from lrs.statements
      where id = $1 and ($2::text is null or authority_key = $2)""";

  private final Pool pool;

  private final ConsistentThrough through;

  StatementStore(Pool pool) {
    this.pool = pool;
    this.through = ConsistentThrough.of(pool);
  }

  /** A statement ready to store: complete body (id, authority, version set) and its index keys. */
  record Prepared(UUID id, ObjectNode body, IndexKeys keys) {}

  /**
   * Stores a batch atomically; fails with 409 if an id exists with other content. {@code define}:
   * the writer may change the definitions of Activities already known (scope define).
   */
  Future<Void> store(List<Prepared> batch, String authorityKey, List<Part> attachments, boolean define) {
    if (batch.size() == 1 && attachments.isEmpty() && batch.get(0).keys().voidedTarget().isEmpty()
        && ActivityDefinitions.known(activityObjects(batch, Set.of(batch.get(0).id())), define)) {
      return storeAlone(batch.get(0), authorityKey);
    }
    Map<String, JsonNode> definitions = new java.util.concurrent.ConcurrentHashMap<>();
    return pool.withTransaction(conn -> insert(conn, batch, authorityKey, definitions, define)
            .compose(inserted -> (attachments.isEmpty() ? Future.<Void>succeededFuture()
                : AttachmentStore.save(conn, attachments)).map(inserted)))
        .map(inserted -> {
          ActivityDefinitions.remember(definitions);
          STORED.increment(inserted);
          BATCH.record(batch.size());
          return null;
        });
  }

  /**
   * The most common request — one statement, no attachments, not voiding, its Activity definitions
   * already recorded — in one statement rather than a transaction of five round trips (BEGIN, the
   * transaction's start, the insert, the index rows, COMMIT): a third of the database's CPU per
   * request (docs/benchmarks.md). Atomic all the same: a single statement is its own transaction.
   * An id already stored writes nothing; then the stored statement is compared as in a batch.
   */
  private Future<Void> storeAlone(Prepared p, String authorityKey) {
    IndexKeys keys = p.keys();
    Tuple args = Tuple.tuple().addUUID(p.id()).addString(keys.verbId()).addUUID(keys.registration().orElse(null))
        .addUUID(keys.objectRef().orElse(null)).addString(authorityKey).addString(p.body().toString())
        .addBoolean(p.body().has("timestamp"))
        .addArrayOfString(keys.agents().keySet().toArray(String[]::new))
        .addArrayOfBoolean(keys.agents().values().toArray(Boolean[]::new))
        .addArrayOfString(keys.activities().keySet().toArray(String[]::new))
        .addArrayOfBoolean(keys.activities().values().toArray(Boolean[]::new));
    return pool.preparedQuery(INSERT_ALONE).execute(args).compose(rows -> {
      if (rows.size() == 0) {
        return compareExisting(pool, List.of(p), Set.of());
      }
      STORED.increment();
      BATCH.record(1);
      return Future.succeededFuture();
    });
  }

  /** Attachment data by sha2, for GET with attachments=true. */
  Future<List<Part>> attachments(java.util.Collection<String> sha2s) {
    return AttachmentStore.load(pool, sha2s);
  }

  /** Answers how many statements were new. */
  private Future<Integer> insert(SqlConnection conn, List<Prepared> batch, String authorityKey,
      Map<String, JsonNode> definitions, boolean define) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    String[] verbs = new String[n];
    UUID[] registrations = new UUID[n];
    UUID[] objectRefs = new UUID[n];
    UUID[] voidedTargets = new UUID[n];
    List<UUID> voiding = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Prepared p = batch.get(i);
      ids[i] = p.id();
      verbs[i] = p.keys().verbId();
      registrations[i] = p.keys().registration().orElse(null);
      objectRefs[i] = p.keys().objectRef().orElse(null);
      voidedTargets[i] = p.keys().voidedTarget().orElse(null);
      p.keys().voidedTarget().ifPresent(voiding::add);
    }
    return checkVoidingTargets(conn, voiding)
        .compose(v -> conn.preparedQuery(TRANSACTION_START).execute())
        .compose(rows -> {
          OffsetDateTime now = rows.iterator().next().getOffsetDateTime("now");
          String stored = TIMESTAMP.format(now);
          String[] bodies = new String[n];
          for (int i = 0; i < n; i++) {
            // Written into the text sent, then taken out again: the comparison with an existing
            // statement of the same id must see the statement as posted (no timestamp if none).
            ObjectNode body = batch.get(i).body();
            boolean timestamped = body.has("timestamp");
            body.put("stored", stored);
            if (!timestamped) {
              body.put("timestamp", stored); // 1.0.3 Part Two §2.4.7: timestamp defaults to stored
            }
            bodies[i] = body.toString();
            body.remove("stored");
            if (!timestamped) {
              body.remove("timestamp");
            }
          }
          return conn.preparedQuery(INSERT_STATEMENTS)
              .execute(args(ids, verbs, registrations, objectRefs, voidedTargets, bodies, authorityKey, now));
        })
        .compose(inserted -> {
          Map<UUID, Long> seqs = new HashMap<>();
          for (Row row : inserted) {
            seqs.put(row.getUUID("id"), row.getLong("seq"));
          }
          // Sent together: the connection pipelines them, in order, in this transaction; any
          // failure (a 409 from the comparison included) rolls the whole batch back.
          return Future.all(List.of(
                  compareExisting(conn, batch, seqs.keySet()),
                  insertIndexRows(conn, batch, seqs),
                  ActivityDefinitions.record(conn, activityObjects(batch, seqs.keySet()), definitions, define),
                  voiding.isEmpty() ? Future.succeededFuture()
                      : conn.preparedQuery(APPLY_VOIDING).execute(args((Object) voiding.toArray(UUID[]::new)))))
              .map(seqs.size());
        });
  }

  /** Every Activity object of the newly stored statements, for the canonical definitions. */
  private static List<JsonNode> activityObjects(List<Prepared> batch, Set<UUID> inserted) {
    List<JsonNode> activities = new ArrayList<>();
    for (Prepared p : batch) {
      if (inserted.contains(p.id())) {
        collectActivities(p.body(), activities);
      }
    }
    return activities;
  }

  private static void collectActivities(JsonNode statement, List<JsonNode> into) {
    JsonNode object = statement.path("object");
    switch (object.path("objectType").asText("Activity")) {
      case "Activity" -> into.add(object);
      case "SubStatement" -> collectActivities(object, into);
      default -> { }
    }
    for (JsonNode list : statement.path("context").path("contextActivities")) {
      if (list.isArray()) {
        list.forEach(into::add);
      } else if (list.isObject()) {
        into.add(list);
      }
    }
  }

  /** A voiding statement may not target another voiding statement (1.0.3 Part Two §2.3.2). */
  private static Future<Void> checkVoidingTargets(SqlConnection conn, List<UUID> targets) {
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(VOIDING_TARGETS_THAT_VOID)
        .execute(args((Object) targets.toArray(UUID[]::new)))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture()
            : Future.failedFuture(ApiException.badRequest(
                "Statement " + rows.iterator().next().getUUID("id")
                    + " is a voiding statement and cannot be voided.", "$.object.id")));
  }

  private static Future<Void> compareExisting(SqlClient conn, List<Prepared> batch, Set<UUID> inserted) {
    List<Prepared> existing = batch.stream().filter(p -> !inserted.contains(p.id())).toList();
    if (existing.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = existing.stream().map(Prepared::id).toArray(UUID[]::new);
    return conn.preparedQuery(EXISTING).execute(args((Object) ids)).compose(rows -> {
      Map<UUID, String> stored = new HashMap<>();
      rows.forEach(row -> stored.put(row.getUUID("id"), row.getString("body")));
      for (Prepared p : existing) {
        if (!StatementComparison.same(parse(stored.get(p.id())), p.body())) {
          return Future.failedFuture(ApiException.conflict(
              "A different statement with id " + p.id() + " is already stored.", "$.id"));
        }
      }
      return Future.succeededFuture();
    });
  }

  private static Future<Void> insertIndexRows(SqlConnection conn, List<Prepared> batch, Map<UUID, Long> seqs) {
    List<Long> agentSeqs = new ArrayList<>();
    List<String> agents = new ArrayList<>();
    List<Boolean> agentDirect = new ArrayList<>();
    List<Long> activitySeqs = new ArrayList<>();
    List<String> activities = new ArrayList<>();
    List<Boolean> activityDirect = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    for (Prepared p : batch) {
      Long seq = seqs.get(p.id());
      if (seq == null || !seen.add(p.id())) {
        continue;
      }
      p.keys().agents().forEach((agent, direct) -> {
        agentSeqs.add(seq);
        agents.add(agent);
        agentDirect.add(direct);
      });
      p.keys().activities().forEach((activity, direct) -> {
        activitySeqs.add(seq);
        activities.add(activity);
        activityDirect.add(direct);
      });
    }
    Future<RowSet<Row>> a = agents.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(INSERT_AGENTS).execute(args(agentSeqs.toArray(Long[]::new),
            agents.toArray(String[]::new), agentDirect.toArray(Boolean[]::new)));
    Future<RowSet<Row>> b = activities.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(INSERT_ACTIVITIES).execute(args(activitySeqs.toArray(Long[]::new),
            activities.toArray(String[]::new), activityDirect.toArray(Boolean[]::new)));
    return Future.all(a, b).mapEmpty();
  }

  /** One statement by id, visible to the given credential (null: any); empty if absent. */
  Future<Found> byId(UUID id, String authorityKey) {
    return pool.preparedQuery(BY_ID).execute(args(id, authorityKey)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Found(row.getString("body"), row.getBoolean("voided"), row.getOffsetDateTime("stored"));
    });
  }

  record Found(String body, boolean voided, OffsetDateTime stored) {}

  /**
   * A page of results: bodies in order, the cursor of the last one if more may follow, and the
   * newest stored time on the page (null when empty).
   */
  record Page(List<String> bodies, StatementQuery.Cursor next, OffsetDateTime newest) {}

  /**
   * Most characters of statements in one page: a page ends early (with a {@code more} link) rather
   * than grow past it, so big statements cannot make one answer hundreds of megabytes, nor make
   * PostgreSQL serialise them (the query leaves out bodies past it, see {@link QuerySql}). A page
   * always holds at least one statement.
   */
  static final long MAX_PAGE_CHARS = 1024L * 1024;

  Future<Page> query(StatementQuery q) {
    QuerySql sql = QuerySql.of(q);
    return pool.preparedQuery(sql.text()).execute(sql.params()).map(rows -> {
      List<String> bodies = new ArrayList<>();
      StatementQuery.Cursor last = null;
      OffsetDateTime newest = null;
      boolean more = false;
      long chars = 0;
      for (Row row : rows) {
        // no body: the query left it out past the page budget (QuerySql)
        String body = row.getString("body");
        if (bodies.size() == q.limit() || body == null
            || (!bodies.isEmpty() && chars + body.length() > MAX_PAGE_CHARS)) {
          more = true;
          break;
        }
        chars += body.length();
        bodies.add(body);
        last = new StatementQuery.Cursor(row.getOffsetDateTime("stored"), row.getLong("seq"));
        newest = newest == null || last.stored().isAfter(newest) ? last.stored() : newest;
      }
      return new Page(bodies, more ? last : null, newest);
    });
  }

  /**
   * The X-Experience-API-Consistent-Through header's value, an instant at most {@code maxAgeMillis}
   * old ({@link ConsistentThrough#FOR_READS} or {@link ConsistentThrough#FOR_WRITES}).
   */
  Future<String> consistentThrough(long maxAgeMillis) {
    return through.header(maxAgeMillis);
  }

  /** A tuple of exactly these values: {@code Tuple.of} would spread a trailing array argument. */
  private static Tuple args(Object... values) {
    Tuple tuple = Tuple.tuple();
    for (Object value : values) {
      tuple.addValue(value);
    }
    return tuple;
  }

  private static JsonNode parse(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new IllegalStateException("stored statement is not JSON", e);
    }
  }
}
