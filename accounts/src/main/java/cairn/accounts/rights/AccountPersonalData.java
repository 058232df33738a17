package cairn.accounts.rights;

import cairn.accounts.roles.Audit;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What the accounts feature holds about one person, for the right of access (export) and the right to
 * erasure (GDPR art. 15, 17): their account (found by the person's IFIs), its sessions, invitation
 * links, role grants, OpenID Connect logins, and the sign-in throttle's count for its email address.
 * Erasure deletes them all — the person is signed out at once, on every node —, closes their open
 * erasure request as done, and writes one {@code account.erase} entry per account to the audit,
 * which names the account by its id only.
 */
public final class AccountPersonalData {
  private static final String FIND = """
      select a.id, a.email,
             (select count(*) from accounts.sessions s where s.account_id = a.id) as sessions,
             (select count(*) from accounts.oidc_links o where o.account_id = a.id) as logins
      from accounts.accounts a
      where a.id in (select account_id from accounts.person_ifis where ifi = any($1::text[])) order by a.id""";
  private static final String DELETE_THROTTLE = "delete from accounts.login_throttle where key = any($1::text[])";
  /** The person's open erasure requests, done: what stays of them names no one (account_id goes with the account). */
  private static final String CLOSE_REQUESTS = """
      update accounts.erasure_requests set closed = now(), outcome = 'erased', outcome_note = $2
      where account_id = any($1::uuid[]) and closed is null""";
  /** Sessions, invitations, role grants, IFIs and logins go with the account (on delete cascade). */
  private static final String DELETE = "delete from accounts.accounts where id = any($1::uuid[])";
  private static final String RECORD = """
      select a.id, a.email, a.display_name, a.created, a.password_set, a.disabled,
             coalesce((select array_agg(ifi order by ifi) from accounts.person_ifis i where i.account_id = a.id), '{}') as ifis,
             coalesce((select array_agg(role order by role) from accounts.role_grants g where g.account_id = a.id), '{}')
               as roles
      from accounts.accounts a where a.id = $1""";
  private static final String LOGINS = """
      select issuer, subject, linked from accounts.oidc_links where account_id = $1 order by issuer""";
  private static final String SESSIONS = """
      select created, last_accessed, expires from accounts.sessions where account_id = $1 order by created""";
  private static final String AUDIT = """
      select at, actor, action, detail::text as detail from accounts.audit where account_id = $1 order by id""";

  private final Pool pool;

  public AccountPersonalData(Pool pool) {
    this.pool = pool;
  }

  /** The person's accounts (by id), with how many sessions and provider logins they have. */
  public record Found(List<UUID> accounts, int sessions, int logins) {}

  public Future<Found> find(SqlClient client, List<String> ifis) {
    return client.preparedQuery(FIND).execute(Tuple.of((Object) ifis.toArray(String[]::new))).map(rows -> {
      List<UUID> ids = new ArrayList<>();
      int sessions = 0;
      int logins = 0;
      for (Row r : rows) {
        ids.add(r.getUUID("id"));
        sessions += r.getLong("sessions").intValue();
        logins += r.getLong("logins").intValue();
      }
      return new Found(List.copyOf(ids), sessions, logins);
    });
  }

  /**
   * Deletes the accounts of the person with the IFIs (and with them their sessions, invitations,
   * roles, IFIs and provider logins) in one transaction, audited as {@code actor} with the erasure's
   * id; running it again finds nothing left to do.
   */
  public Future<Found> erase(List<String> ifis, String actor, String erasureId) {
    return pool.withTransaction(conn -> conn.preparedQuery(FIND).execute(Tuple.of((Object) ifis.toArray(String[]::new)))
        .compose(rows -> {
          List<UUID> ids = new ArrayList<>();
          List<String> throttles = new ArrayList<>();
          int sessions = 0;
          int logins = 0;
          for (Row r : rows) {
            ids.add(r.getUUID("id"));
            throttles.add("account:" + r.getString("email"));
            throttles.add("account:" + r.getString("email").toLowerCase(java.util.Locale.ROOT));
            sessions += r.getLong("sessions").intValue();
            logins += r.getLong("logins").intValue();
          }
          Found found = new Found(List.copyOf(ids), sessions, logins);
          if (ids.isEmpty()) {
            return Future.succeededFuture(found);
          }
          Future<Void> audited = Future.succeededFuture();
          for (UUID id : ids) {
            audited = audited.compose(v -> Audit.record(conn, actor, "account.erase", id,
                Json.MAPPER.createObjectNode().put("erasure", erasureId)));
          }
          return audited
              .compose(v -> conn.preparedQuery(CLOSE_REQUESTS).execute(Tuple.of(ids.toArray(UUID[]::new),
                  "Erased (erasure " + erasureId + ").")))
              .compose(v -> conn.preparedQuery(DELETE_THROTTLE).execute(Tuple.of((Object) throttles.toArray(String[]::new))))
              .compose(v -> conn.preparedQuery(DELETE).execute(Tuple.of((Object) ids.toArray(UUID[]::new))))
              .map(found);
        }));
  }

  /**
   * An account's record: email, name, when it was made and its password set (never the hash), roles,
   * IFIs, provider logins, sessions (times only) and the audit entries about it.
   */
  public Future<ObjectNode> record(UUID accountId) {
    Tuple id = Tuple.of(accountId);
    return Future.all(pool.preparedQuery(RECORD).execute(id), pool.preparedQuery(LOGINS).execute(id),
        pool.preparedQuery(SESSIONS).execute(id), pool.preparedQuery(AUDIT).execute(id)).map(all -> {
          ObjectNode o = Json.MAPPER.createObjectNode();
          io.vertx.sqlclient.RowSet<Row> account = all.resultAt(0);
          for (Row r : account) {
            o.put("id", r.getUUID("id").toString()).put("email", r.getString("email"))
                .put("displayName", r.getString("display_name"))
                .put("created", r.getOffsetDateTime("created").toInstant().toString())
                .put("passwordSet", r.getOffsetDateTime("password_set") == null ? null
                    : r.getOffsetDateTime("password_set").toInstant().toString())
                .put("disabled", r.getOffsetDateTime("disabled") == null ? null
                    : r.getOffsetDateTime("disabled").toInstant().toString());
            ArrayNode roles = o.putArray("roles");
            Arrays.stream(r.getArrayOfStrings("roles")).forEach(roles::add);
            ArrayNode ifis = o.putArray("personIfis");
            Arrays.stream(r.getArrayOfStrings("ifis")).forEach(ifis::add);
          }
          ArrayNode logins = o.putArray("providerLogins");
          for (Row r : (io.vertx.sqlclient.RowSet<Row>) all.resultAt(1)) {
            logins.addObject().put("issuer", r.getString("issuer")).put("subject", r.getString("subject"))
                .put("linked", r.getOffsetDateTime("linked").toInstant().toString());
          }
          ArrayNode sessions = o.putArray("sessions");
          for (Row r : (io.vertx.sqlclient.RowSet<Row>) all.resultAt(2)) {
            sessions.addObject().put("created", r.getOffsetDateTime("created").toInstant().toString())
                .put("lastAccessed", r.getOffsetDateTime("last_accessed").toInstant().toString())
                .put("expires", r.getOffsetDateTime("expires").toInstant().toString());
          }
          ArrayNode audit = o.putArray("audit");
          for (Row r : (io.vertx.sqlclient.RowSet<Row>) all.resultAt(3)) {
            ObjectNode e = audit.addObject().put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("actor", r.getString("actor")).put("action", r.getString("action"));
            if (r.getString("detail") != null) {
              e.set("detail", Json.tree(r.getString("detail")));
            }
          }
          return o;
        });
  }
}
