package cairn.progression.ladders;

import cairn.progression.audit.Audit;
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
 * Ladder versions' SQL. A new version marks every person for re-evaluation by every feed consumer
 * (no statement has to be read again: milestones are a function of derived levels).
 */
public final class LadderStore {
  private static final String LOCK = "select pg_advisory_xact_lock(hashtext('progression.ladder'), hashtext($1))";
  private static final String NEXT = "select coalesce(max(version), 0) + 1 as v from progression.ladders where ladder_id = $1";
  private static final String INSERT = """
      insert into progression.ladders (ladder_id, version, framework_id, definition, created_by)
      values ($1, $2, $3, $4::text::jsonb, $5)""";
  private static final String ALL_DIRTY = """
      insert into progression.dirty_persons (consumer, person_id)
      select c.consumer, p.person_id from progression.feed_cursors c cross join progression.people p
      on conflict do nothing""";
  private static final String GET = """
      select version, framework_id, definition::text as definition, created, created_by from progression.ladders
      where ladder_id = $1 and ($2::int is null or version = $2) order by version desc limit 1""";
  private static final String VERSIONS = """
      select version, framework_id, created, created_by from progression.ladders where ladder_id = $1 order by version""";
  private static final String LIST = """
      select distinct on (ladder_id) ladder_id, version, framework_id, definition->>'title' as title, created
      from progression.ladders order by ladder_id, version desc""";
  private static final String ACTIVE = """
      select distinct on (ladder_id) ladder_id, version, framework_id, definition::text as definition
      from progression.ladders order by ladder_id, version desc""";

  private final Pool pool;

  public LadderStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Ladder> define(JsonNode json, String actor) {
    String frameworkId = json.path("framework").asText("");
    if (frameworkId.isEmpty()) {
      return Future.failedFuture(new cairn.progression.InvalidDefinitionException(
          "framework (the CFDocument identifier) is required.", "$.framework"));
    }
    return FrameworkStore.load(pool, frameworkId, null).compose(framework -> {
      if (framework == null) {
        return Future.failedFuture(ApiException.notFound("No framework " + frameworkId + "; import it first."));
      }
      Ladder checked = Ladder.parse(json, framework, 0);
      return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(checked.id()))
          .compose(v -> conn.preparedQuery(NEXT).execute(Tuple.of(checked.id())))
          .compose(rows -> {
            int version = rows.iterator().next().getInteger("v");
            Ladder ladder = Ladder.parse(json, framework, version);
            return conn.preparedQuery(INSERT).execute(Tuple.of(ladder.id(), version, frameworkId, json.toString(), actor))
                .compose(r -> conn.query(ALL_DIRTY).execute())
                .compose(r -> Audit.record(conn, actor, "ladder.define", "ladder:" + ladder.id(), version,
                    Json.MAPPER.createObjectNode().put("framework", frameworkId)
                        .put("frameworkVersion", framework.version()).set("definition", json)))
                .map(r -> ladder);
          }));
    });
  }

  public Future<RowSet<Row>> get(String id, Integer version) {
    return pool.preparedQuery(GET).execute(Tuple.of(id, version));
  }

  public Future<RowSet<Row>> versions(String id) {
    return pool.preparedQuery(VERSIONS).execute(Tuple.of(id));
  }

  public Future<RowSet<Row>> list() {
    return pool.query(LIST).execute();
  }

  /** The latest version of every ladder, compiled against its framework's latest version. */
  public static Future<List<Ladder>> active(SqlClient client) {
    return client.query(ACTIVE).execute().compose(rows -> {
      List<Future<Ladder>> ladders = new ArrayList<>();
      for (Row row : rows) {
        JsonNode definition = Json.tree(row.getString("definition"));
        int version = row.getInteger("version");
        ladders.add(FrameworkStore.load(client, row.getString("framework_id"), null)
            .map(framework -> Ladder.parse(definition, framework, version)));
      }
      return Future.all(ladders).map(all -> all.<Ladder>list());
    });
  }
}
