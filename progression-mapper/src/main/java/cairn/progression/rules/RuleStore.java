package cairn.progression.rules;

import cairn.progression.audit.Audit;
import cairn.progression.feed.FeedConsumer;
import cairn.progression.frameworks.Framework;
import cairn.progression.frameworks.FrameworkStore;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule set versions' SQL. A new version changes what statements mean, so in the same transaction it
 * drops the framework's evidence and rewinds every feed consumer: the mapper replays the statement
 * log under the new rules (replay is idempotent for everything else), and the result equals a
 * recompute from scratch.
 */
public final class RuleStore {
  private static final String LOCK = "select pg_advisory_xact_lock(hashtext('progression.rules'), hashtext($1))";
  private static final String NEXT = "select coalesce(max(version), 0) + 1 as v from progression.rule_sets where framework_id = $1";
  private static final String INSERT = """
      insert into progression.rule_sets (framework_id, version, framework_version, definition, created_by)
      values ($1, $2, $3, $4::text::jsonb, $5)""";
  private static final String DROP_EVIDENCE = "delete from progression.facts where kind = 'evidence' and framework_id = $1";
  private static final String DROP_MASTERY = "delete from progression.mastery where framework_id = $1";
  private static final String REWIND = """
      update progression.feed_cursors set horizon = '0', last_tx = '0', last_seq = 0, replaying = true, updated = now()
      where consumer in (select consumer from progression.feed_cursors order by consumer for update)""";
  private static final String ALL_DIRTY = """
      insert into progression.dirty_persons (consumer, person_id)
      select c.consumer, p.person_id from progression.feed_cursors c cross join progression.people p
      on conflict do nothing""";
  private static final String GET = """
      select version, framework_version, definition::text as definition, created, created_by from progression.rule_sets
      where framework_id = $1 and ($2::int is null or version = $2) order by version desc limit 1""";
  private static final String VERSIONS = """
      select version, framework_version, created, created_by from progression.rule_sets where framework_id = $1
      order by version""";
  private static final String ACTIVE = """
      select distinct on (framework_id) framework_id, version, framework_version, definition::text as definition
      from progression.rule_sets order by framework_id, version desc""";

  private final Pool pool;

  public RuleStore(Pool pool) {
    this.pool = pool;
  }

  /** Validates against the framework's latest version and stores the next version. */
  public Future<RuleSet> define(String frameworkId, JsonNode json, String actor) {
    return FrameworkStore.load(pool, frameworkId, null).compose(framework -> {
      if (framework == null) {
        return Future.failedFuture(ApiException.notFound("No framework " + frameworkId + "; import it first."));
      }
      RuleSet.parse(json, framework, 0);
      return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(frameworkId))
          .compose(v -> conn.preparedQuery(NEXT).execute(Tuple.of(frameworkId)))
          .compose(rows -> {
            int version = rows.iterator().next().getInteger("v");
            RuleSet rules = RuleSet.parse(json, framework, version);
            return conn.preparedQuery(INSERT)
                .execute(Tuple.of(frameworkId, version, framework.version(), json.toString(), actor))
                // the cursors first: their row locks wait for a running round (deleting its rows first could deadlock with it)
                .compose(r -> conn.query(REWIND).execute())
                .compose(r -> conn.preparedQuery(DROP_EVIDENCE).execute(Tuple.of(frameworkId)))
                .compose(r -> conn.preparedQuery(DROP_MASTERY).execute(Tuple.of(frameworkId)))
                .compose(r -> FeedConsumer.evidenceDropped(conn))
                .compose(r -> conn.query(ALL_DIRTY).execute())
                .compose(r -> Audit.record(conn, actor, "rules.define", "rules:" + frameworkId, version,
                    Json.MAPPER.createObjectNode().put("frameworkVersion", framework.version())
                        .put("rules", rules.rules().size()).set("definition", json)))
                .map(r -> rules);
          }));
    });
  }

  public Future<RowSet<Row>> get(String frameworkId, Integer version) {
    return pool.preparedQuery(GET).execute(Tuple.of(frameworkId, version));
  }

  public Future<RowSet<Row>> versions(String frameworkId) {
    return pool.preparedQuery(VERSIONS).execute(Tuple.of(frameworkId));
  }

  /** The latest rule set of every framework, compiled against the framework version it pins. */
  public static Future<List<RuleSet>> active(SqlClient client) {
    return client.query(ACTIVE).execute().compose(rows -> {
      List<Future<RuleSet>> sets = new ArrayList<>();
      for (Row row : rows) {
        String id = row.getString("framework_id");
        int version = row.getInteger("version");
        JsonNode definition = Json.tree(row.getString("definition"));
        sets.add(FrameworkStore.load(client, id, row.getInteger("framework_version"))
            .map(framework -> RuleSet.parse(definition, framework, version)));
      }
      return Future.all(sets).map(all -> all.<RuleSet>list());
    });
  }

  /** The framework version each active rule set pins, by framework id. */
  public static Future<java.util.Map<String, Framework>> frameworks(SqlClient client, List<RuleSet> sets) {
    List<Future<Framework>> loads = sets.stream()
        .map(s -> FrameworkStore.load(client, s.frameworkId(), s.frameworkVersion())).toList();
    return Future.all(loads).map(all -> {
      java.util.Map<String, Framework> map = new java.util.LinkedHashMap<>();
      for (Framework f : all.<Framework>list()) {
        map.put(f.id(), f);
      }
      return map;
    });
  }
}
