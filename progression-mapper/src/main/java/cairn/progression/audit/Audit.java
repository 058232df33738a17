package cairn.progression.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The audit log of definition changes (frameworks, rules, ladders, people): written in the same
 * transaction as the change it records, so there is no change without its entry.
 */
public final class Audit {
  private static final String INSERT = """
      insert into progression.audit_log (actor, action, subject, version, detail)
      values ($1, $2, $3, $4, $5::text::jsonb)""";
  private static final String LIST = """
      select id, at, actor, action, subject, version, detail::text as detail from progression.audit_log
      where ($1::text is null or subject = $1) and id < $2 order by id desc limit $3""";
  private static final String LATEST = "select coalesce(max(id), 0) as id from progression.audit_log";

  private Audit() {}

  public static Future<Void> record(SqlClient client, String actor, String action, String subject, Integer version,
      JsonNode detail) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(actor, action, subject, version, detail == null ? null : detail.toString()))
        .mapEmpty();
  }

  /** The newest entry's id: definitions changed since a cache was filled iff this moved. */
  public static Future<Long> latest(SqlClient client) {
    return client.query(LATEST).execute().map(rows -> rows.iterator().next().getLong("id"));
  }

  public static Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> list(SqlClient client, String subject, long before,
      int limit) {
    return client.preparedQuery(LIST).execute(Tuple.of(subject, before, limit));
  }
}
