package cairn.accounts.roles;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The accounts audit log ({@code accounts.audit}): every invitation, password change, grant and
 * revocation, with who did it and when. Written in the same transaction as the change, so there is
 * no change without its entry. Entries name an account by its id only, never by personal data.
 */
public final class Audit {
  private static final String INSERT = """
      insert into accounts.audit (actor, action, account_id, detail) values ($1, $2, $3, $4::text::jsonb)""";

  private Audit() {}

  public static Future<Void> record(SqlClient client, String actor, String action, UUID account, JsonNode detail) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(actor, action, account, detail == null ? null : detail.toString()))
        .mapEmpty();
  }
}
