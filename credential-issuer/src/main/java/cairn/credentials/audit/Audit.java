package cairn.credentials.audit;

import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The audit trail, {@code credentials.audit}: who issued, revoked, suspended, reinstated or shared a
 * credential, or rotated a key, when and why. Written in the same transaction as the change it records.
 */
public final class Audit {
  private static final String INSERT = """
      insert into credentials.audit (actor, action, credential_id, reason, detail)
      values ($1, $2, $3, $4, $5::text::jsonb)""";
  private static final String FOR_CREDENTIAL = """
      select id, at, actor, action, reason, detail::text as detail from credentials.audit
      where credential_id = $1 order by id""";

  private Audit() {}

  public static Future<Void> record(SqlClient client, String actor, String action, UUID credentialId, String reason,
      JsonNode detail) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(actor, action, credentialId, reason, detail == null ? null : detail.toString()))
        .mapEmpty();
  }

  /** The trail of one credential, oldest first. */
  public static Future<ArrayNode> of(SqlClient client, UUID credentialId) {
    return client.preparedQuery(FOR_CREDENTIAL).execute(Tuple.of(credentialId)).map(rows -> {
      ArrayNode list = Json.MAPPER.createArrayNode();
      rows.forEach(row -> {
        ObjectNode entry = list.addObject();
        entry.put("at", row.getOffsetDateTime("at").toInstant().toString());
        entry.put("actor", row.getString("actor"));
        entry.put("action", row.getString("action"));
        if (row.getString("reason") != null) {
          entry.put("reason", row.getString("reason"));
        }
        if (row.getString("detail") != null) {
          entry.set("detail", Json.tree(row.getString("detail")));
        }
      });
      return list;
    });
  }
}
