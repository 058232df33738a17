package cairn.lrs.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The LRS's audit trail, {@code lrs.audit}: API credentials created and revoked, database backups
 * and restores. Callers write it on the connection of the change it records, so there is no change
 * without its entry.
 */
public final class Audit {
  private static final String INSERT = """
      insert into lrs.audit (actor, action, subject, detail) values ($1, $2, $3, $4::text::jsonb)""";

  private Audit() {}

  public static Future<Void> record(SqlClient client, String actor, String action, String subject, JsonNode detail) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(actor, action, subject, detail == null ? null : detail.toString()))
        .mapEmpty();
  }
}
