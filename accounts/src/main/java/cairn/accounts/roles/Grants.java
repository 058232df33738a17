package cairn.accounts.roles;

import cairn.web.Json;
import cairn.web.auth.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Grants and revocations of {@link Role}s on accounts. Each one that changes something writes an
 * audit entry (actor, time, role) in the caller's transaction; granting a role held already or
 * revoking one not held changes nothing and writes nothing.
 */
public final class Grants {
  private static final String GRANT = """
      insert into accounts.role_grants (account_id, role, granted_by)
      select $1, r, $3 from unnest($2::text[]) as r on conflict do nothing returning role""";
  private static final String REVOKE = "delete from accounts.role_grants where account_id = $1 and role = $2 returning role";

  private Grants() {}

  /** Grants {@code roles}; answers those that were not held before. */
  public static Future<Set<Role>> grant(SqlClient client, UUID account, Set<Role> roles, String actor) {
    if (roles.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    String[] names = roles.stream().map(Role::wireName).sorted().toArray(String[]::new);
    return client.preparedQuery(GRANT).execute(Tuple.of(account, names, actor)).compose(rows -> {
      Set<Role> granted = EnumSet.noneOf(Role.class);
      List<Future<Void>> entries = new ArrayList<>();
      for (Row row : rows) {
        Role role = Role.fromWire(row.getString("role")).orElseThrow();
        granted.add(role);
        entries.add(Audit.record(client, actor, "role.grant", account,
            Json.MAPPER.createObjectNode().put("role", role.wireName())));
      }
      return Future.all(entries).map(all -> granted);
    });
  }

  /** Revokes {@code role}; answers whether it was held. */
  public static Future<Boolean> revoke(SqlClient client, UUID account, Role role, String actor) {
    return client.preparedQuery(REVOKE).execute(Tuple.of(account, role.wireName())).compose(rows -> rows.size() == 0
        ? Future.succeededFuture(false)
        : Audit.record(client, actor, "role.revoke", account,
            Json.MAPPER.createObjectNode().put("role", role.wireName())).map(v -> true));
  }
}
