package cairn.accounts.local;

import cairn.accounts.roles.Audit;
import cairn.accounts.roles.Grants;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Local accounts' SQL: accounts, the person IFIs they sign in as, one-time invitation links, and
 * the callers that sessions resolve to. Invitation tokens are 256 random bits, stored as their
 * SHA-256 digest, good for one use before they expire.
 */
public final class AccountStore {
  private static final String INSERT_ACCOUNT = """
      insert into accounts.accounts (email, display_name) values ($1, $2) returning id""";
  private static final String INSERT_IFIS = """
      insert into accounts.person_ifis (ifi, account_id) select i, $2 from unnest($1::text[]) as i""";
  private static final String INSERT_INVITATION = """
      insert into accounts.invitations (token_hash, account_id, created_by, expires)
      values ($1, $2, $3, now() + $4::bigint * interval '1 millisecond') returning expires""";
  private static final String END_INVITATIONS = """
      update accounts.invitations set expires = least(expires, now()) where account_id = $1 and used is null""";
  private static final String ACCOUNT = """
      select a.id, a.email, coalesce((select array_agg(role order by role) from accounts.role_grants g
                                      where g.account_id = a.id), '{}') as roles,
             coalesce((select array_agg(ifi order by ifi) from accounts.person_ifis i where i.account_id = a.id), '{}')
               as ifis
      from accounts.accounts a where a.id = $1""";
  private static final String LOGIN = """
      select id, password_hash from accounts.accounts where lower(email) = lower($1) and disabled is null""";
  private static final String PENDING = """
      select a.id, a.email from accounts.invitations v join accounts.accounts a on a.id = v.account_id
      where v.token_hash = $1 and v.used is null and v.expires > now() and a.disabled is null""";
  private static final String USE_INVITATION = """
      update accounts.invitations set used = now()
      where token_hash = $1 and used is null and expires > now() returning account_id""";
  private static final String SET_PASSWORD = """
      update accounts.accounts set password_hash = $2, password_set = now() where id = $1""";
  private static final String END_SESSIONS = "delete from accounts.sessions where account_id = $1";
  private static final String CALLER = """
      select a.id, a.display_name, a.email,
             coalesce((select array_agg(ifi order by ifi) from accounts.person_ifis i where i.account_id = a.id), '{}')
               as ifis,
             coalesce((select array_agg(role order by role) from accounts.role_grants g where g.account_id = a.id), '{}')
               as roles
      from accounts.accounts a where a.id = $1 and a.disabled is null""";
  private static final String LIST = """
      select a.id, a.email, a.display_name, a.created, a.password_set, a.disabled,
             coalesce((select array_agg(ifi order by ifi) from accounts.person_ifis i where i.account_id = a.id), '{}')
               as ifis,
             coalesce((select array_agg(role order by role) from accounts.role_grants g where g.account_id = a.id), '{}')
               as roles
      from accounts.accounts a order by a.created desc, a.id desc limit $1""";
  private static final String EXISTS = "select 1 from accounts.accounts where id = $1";
  private static final String ONE = """
      select a.id, a.email, a.display_name, a.created, a.password_set, a.disabled,
             coalesce((select array_agg(ifi order by ifi) from accounts.person_ifis i where i.account_id = a.id), '{}')
               as ifis,
             coalesce((select array_agg(role order by role) from accounts.role_grants g where g.account_id = a.id), '{}')
               as roles
      from accounts.accounts a where a.id = $1""";
  private static final String ROLES_FOR_UPDATE = """
      select role from accounts.role_grants where account_id = $1 order by role for update""";
  private static final String DISABLE = """
      update accounts.accounts set disabled = now() where id = $1 and disabled is null returning id""";
  private static final String ENABLE = """
      update accounts.accounts set disabled = null where id = $1 and disabled is not null returning id""";
  /** A token as links carry it: 32 bytes, base64url without padding. */
  private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final String publicUrl;
  private final Duration validity;

  public AccountStore(Pool pool, String publicUrl, Duration validity) {
    this.pool = pool;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.validity = validity;
  }

  Pool pool() {
    return pool;
  }

  /**
   * Creates the account, its person IFIs and role grants, and a one-time link to set its password,
   * in one transaction, audited under {@code actor}. An email address or IFI already taken is a 409.
   */
  public Future<Invitation> invite(NewAccount account, String actor) {
    String token = newToken();
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT_ACCOUNT)
            .execute(Tuple.of(account.email(), account.name()))
            .compose(rows -> {
              UUID id = rows.iterator().next().getUUID("id");
              return conn.preparedQuery(INSERT_IFIS)
                  .execute(Tuple.of(account.personIfis().toArray(String[]::new), id))
                  .compose(r -> Grants.grant(conn, id, account.roles(), actor))
                  .compose(r -> Audit.record(conn, actor, "account.invite", id, Json.MAPPER.createObjectNode()
                      .put("validHours", validity.toHours())))
                  .compose(r -> link(conn, id, token, actor))
                  .map(expires -> new Invitation(id, account.email(), linkOf(token), expires, account.roles(),
                      account.personIfis()));
            }))
        .recover(e -> Future.failedFuture(conflict(e, account)));
  }

  /** A new one-time link for an existing account (a forgotten password); earlier unused links stop working. */
  public Future<Invitation> reinvite(UUID id, String actor) {
    String token = newToken();
    return pool.withTransaction(conn -> conn.preparedQuery(ACCOUNT).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("No account " + id + "."));
      }
      Row row = rows.iterator().next();
      return conn.preparedQuery(END_INVITATIONS).execute(Tuple.of(id))
          .compose(r -> Audit.record(conn, actor, "account.reinvite", id, Json.MAPPER.createObjectNode()
              .put("validHours", validity.toHours())))
          .compose(r -> link(conn, id, token, actor))
          .map(expires -> new Invitation(id, row.getString("email"), linkOf(token), expires, roles(row),
              Arrays.asList(row.getArrayOfStrings("ifis"))));
    }));
  }

  private Future<OffsetDateTime> link(SqlConnection conn, UUID id, String token, String actor) {
    return conn.preparedQuery(INSERT_INVITATION).execute(Tuple.of(digest(token), id, actor, validity.toMillis()))
        .map(rows -> rows.iterator().next().getOffsetDateTime("expires"));
  }

  private String linkOf(String token) {
    return publicUrl + "/invitations/" + token;
  }

  private static Throwable conflict(Throwable e, NewAccount account) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      if (pg.getConstraint() != null && pg.getConstraint().startsWith("person_ifis")) {
        return ApiException.conflict("The person " + account.personIfis()
            + " already has an account; one person signs in with one account.", "$.agents");
      }
      return ApiException.conflict("An account for " + account.email() + " exists already; for a new link to set "
          + "its password, POST /api/v1/accounts/{id}/invitations.", "$.email");
    }
    return e;
  }

  /** The account and password hash for an email address (no hash: the password is not set yet). */
  record Login(UUID id, String hash) {}

  Future<Optional<Login>> login(String email) {
    return pool.preparedQuery(LOGIN).execute(Tuple.of(email)).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(new Login(rows.iterator().next().getUUID("id"), rows.iterator().next().getString("password_hash"))));
  }

  /** The account a live, unused invitation token belongs to. */
  record Pending(UUID account, String email) {}

  Future<Optional<Pending>> pending(String token) {
    if (!TOKEN.matcher(token).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(PENDING).execute(Tuple.of(digest(token))).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(new Pending(rows.iterator().next().getUUID("id"), rows.iterator().next().getString("email"))));
  }

  /**
   * Uses the invitation and sets the password hash, ending every session of the account, in one
   * transaction; answers false if the link was used or expired meanwhile.
   */
  Future<Boolean> setPassword(String token, String hash) {
    return pool.withTransaction(conn -> conn.preparedQuery(USE_INVITATION).execute(Tuple.of(digest(token)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          UUID id = rows.iterator().next().getUUID("account_id");
          return conn.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash))
              .compose(r -> conn.preparedQuery(END_SESSIONS).execute(Tuple.of(id)))
              .compose(r -> Audit.record(conn, "account:" + id, "password.set", id, null))
              .map(r -> true);
        }));
  }

  /** The caller an account signs in as, unless it is gone or disabled. */
  public Future<Optional<Caller>> caller(UUID id) {
    return pool.preparedQuery(CALLER).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Caller(row.getUUID("id").toString(), row.getString("display_name"),
          row.getString("email"), Arrays.asList(row.getArrayOfStrings("ifis")), roles(row)));
    });
  }

  /** The newest {@code limit} accounts. */
  Future<List<Row>> list(int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(limit)).map(rows -> {
      List<Row> list = new ArrayList<>();
      rows.forEach(list::add);
      return list;
    });
  }

  /** One account as the list shows it (its roles, IFIs and state), empty if there is none. */
  Future<Optional<Row>> one(UUID id) {
    return pool.preparedQuery(ONE).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** What a change of an account's roles did: the roles granted and revoked. */
  public record RoleChange(Set<Role> granted, Set<Role> revoked) {}

  /**
   * Makes {@code wanted} the account's roles in one transaction (its grants locked first): grants
   * what it lacks and revokes what it holds beyond, each audited under {@code actor} ({@link Grants}).
   * {@code refuse} sees the roles held and those wanted and may fail the change (with nothing written).
   */
  public Future<RoleChange> setRoles(UUID id, Set<Role> wanted, String actor,
      java.util.function.BiFunction<Set<Role>, Set<Role>, Optional<ApiException>> refuse) {
    return pool.withTransaction(conn -> exists(conn, id)
        .compose(v -> conn.preparedQuery(ROLES_FOR_UPDATE).execute(Tuple.of(id)))
        .compose(rows -> {
          Set<Role> held = EnumSet.noneOf(Role.class);
          rows.forEach(row -> Role.fromWire(row.getString("role")).ifPresent(held::add));
          Optional<ApiException> refused = refuse.apply(Set.copyOf(held), wanted);
          if (refused.isPresent()) {
            return Future.failedFuture(refused.get());
          }
          Set<Role> add = EnumSet.noneOf(Role.class);
          wanted.stream().filter(r -> !held.contains(r)).forEach(add::add);
          Set<Role> remove = EnumSet.noneOf(Role.class);
          held.stream().filter(r -> !wanted.contains(r)).forEach(remove::add);
          Future<Void> revoking = Future.succeededFuture();
          for (Role role : remove) {
            revoking = revoking.compose(v -> Grants.revoke(conn, id, role, actor).mapEmpty());
          }
          return revoking.compose(v -> Grants.grant(conn, id, add, actor)).map(granted -> new RoleChange(
              Set.copyOf(granted), Set.copyOf(remove)));
        }));
  }

  /**
   * Disables an account (it can no longer sign in by any route; its sessions end) or enables it
   * again, audited under {@code actor} as {@code account.disable} or {@code account.enable}; answers
   * whether anything changed (disabling a disabled account does not). A 404 for no such account.
   */
  public Future<Boolean> setDisabled(UUID id, boolean disabled, String actor) {
    return pool.withTransaction(conn -> exists(conn, id)
        .compose(v -> conn.preparedQuery(disabled ? DISABLE : ENABLE).execute(Tuple.of(id)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Future<Void> sessions = disabled
              ? conn.preparedQuery(END_SESSIONS).execute(Tuple.of(id)).mapEmpty()
              : Future.succeededFuture();
          return sessions.compose(v -> Audit.record(conn, actor, disabled ? "account.disable" : "account.enable", id,
              null)).map(true);
        }));
  }

  /** Succeeds if the account exists, else fails with a 404. */
  Future<Void> exists(SqlConnection conn, UUID id) {
    return conn.preparedQuery(EXISTS).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.notFound("No account " + id + "."))
        : Future.succeededFuture());
  }

  static Set<Role> roles(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : row.getArrayOfStrings("roles")) {
      Role.fromWire(name).ifPresent(roles::add);
    }
    return roles;
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Buffer digest(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
