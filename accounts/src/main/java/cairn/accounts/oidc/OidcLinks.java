package cairn.accounts.oidc;

import cairn.accounts.roles.Audit;
import cairn.accounts.roles.Grants;
import cairn.web.Json;
import cairn.web.auth.Directory;
import cairn.web.auth.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which account a provider's login is ({@code accounts.oidc_links}), and the roles its claim grants.
 * A login (issuer, subject) linked before is that account; otherwise a verified email address
 * equal to an account's links the login to it (audited); otherwise, when the people directory has a
 * person with that address ({@code mbox:mailto:<address>}), an account is made for them at this
 * first sign-in, linked to the login (audited: {@code account.create}, {@code oidc.link}); otherwise
 * the login is nobody in Cairn. Disabled accounts sign in with no login.
 */
final class OidcLinks {
  private static final String LINKED = """
      select l.account_id from accounts.oidc_links l join accounts.accounts a on a.id = l.account_id
      where l.issuer = $1 and l.subject = $2 and a.disabled is null""";
  private static final String BY_EMAIL = """
      select id from accounts.accounts where lower(email) = lower($1) and disabled is null""";
  private static final String LINK = """
      insert into accounts.oidc_links (issuer, subject, account_id) values ($1, $2, $3)
      on conflict do nothing returning account_id""";
  private static final String CREATE = """
      insert into accounts.accounts (email, display_name) values ($1, $2) on conflict do nothing returning id""";
  private static final String CREATE_IFI = "insert into accounts.person_ifis (ifi, account_id) values ($1, $2)";
  private static final String REVOKE_OTHERS = """
      delete from accounts.role_grants where account_id = $1 and granted_by = $2 and not (role = any($3::text[]))
      returning role""";

  private final Pool pool;
  private final Directory directory;

  /** {@code directory}: who the people of the directory are, for accounts made at first sign-in; null for none. */
  OidcLinks(Pool pool, Directory directory) {
    this.pool = pool;
    this.directory = directory;
  }

  /**
   * What the provider said about who signed in. {@code name} is the {@code name} claim (may be null);
   * {@code roles} is null when no roles claim is configured.
   */
  record Login(String issuer, String subject, String verifiedEmail, String name, Set<Role> roles) {}

  /** The account {@code login} signs in as, linking it by its verified email address, and its roles set. */
  Future<Optional<UUID>> account(Login login, String actor) {
    return pool.withTransaction(conn -> conn.preparedQuery(LINKED).execute(Tuple.of(login.issuer(), login.subject()))
        .compose(rows -> rows.size() > 0
            ? Future.succeededFuture(Optional.of(rows.iterator().next().getUUID("account_id")))
            : linkByEmail(conn, login, actor))
        .compose(account -> account.isEmpty() || login.roles() == null
            ? Future.succeededFuture(account)
            : syncRoles(conn, account.get(), login.roles(), actor).map(account)));
  }

  private Future<Optional<UUID>> linkByEmail(SqlConnection conn, Login login, String actor) {
    if (login.verifiedEmail() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return conn.preparedQuery(BY_EMAIL).execute(Tuple.of(login.verifiedEmail())).compose(rows -> {
      if (rows.size() == 0) {
        return createForPerson(conn, login, actor);
      }
      UUID account = rows.iterator().next().getUUID("id");
      // nothing inserted: the account is linked to another login of this provider already
      return conn.preparedQuery(LINK).execute(Tuple.of(login.issuer(), login.subject(), account))
          .compose(linked -> linked.size() == 0
              ? Future.succeededFuture(Optional.<UUID>empty())
              : Audit.record(conn, actor, "oidc.link", account, Json.MAPPER.createObjectNode()
                  .put("issuer", login.issuer()).put("subject", login.subject())).map(Optional.of(account)));
    });
  }

  /**
   * An account for a verified address the people directory knows (its person has the IFI
   * {@code mbox:mailto:<address>}), linked to the login; empty when the directory does not know it.
   */
  private Future<Optional<UUID>> createForPerson(SqlConnection conn, Login login, String actor) {
    if (directory == null) {
      return Future.succeededFuture(Optional.empty());
    }
    String ifi = "mbox:mailto:" + login.verifiedEmail();
    return directory.personOf(List.of(ifi)).compose(person -> {
      if (person.isEmpty()) {
        return Future.succeededFuture(Optional.<UUID>empty());
      }
      String name = login.name() == null || login.name().isBlank() ? login.verifiedEmail() : login.name().strip();
      return conn.preparedQuery(CREATE).execute(Tuple.of(login.verifiedEmail(), name)).compose(created -> {
        if (created.size() == 0) {
          return Future.succeededFuture(Optional.<UUID>empty()); // made meanwhile by another sign-in or an invitation
        }
        UUID account = created.iterator().next().getUUID("id");
        return conn.preparedQuery(CREATE_IFI).execute(Tuple.of(ifi, account))
            .compose(r -> conn.preparedQuery(LINK).execute(Tuple.of(login.issuer(), login.subject(), account)))
            .compose(r -> Audit.record(conn, actor, "account.create", account, Json.MAPPER.createObjectNode()
                .put("by", "first sign-in with the provider, the address being a person's of the directory")))
            .compose(r -> Audit.record(conn, actor, "oidc.link", account, Json.MAPPER.createObjectNode()
                .put("issuer", login.issuer()).put("subject", login.subject())))
            .map(Optional.of(account));
      });
    });
  }

  /** Grants the claimed roles, revokes the roles this provider granted that are no longer claimed. */
  private static Future<Void> syncRoles(SqlConnection conn, UUID account, Set<Role> roles, String actor) {
    String[] names = roles.stream().map(Role::wireName).toArray(String[]::new);
    return Grants.grant(conn, account, roles, actor)
        .compose(granted -> conn.preparedQuery(REVOKE_OTHERS).execute(Tuple.of(account, actor, names)))
        .compose(revoked -> {
          List<Future<Void>> entries = new ArrayList<>();
          for (Row row : revoked) {
            entries.add(Audit.record(conn, actor, "role.revoke", account,
                Json.MAPPER.createObjectNode().put("role", row.getString("role"))));
          }
          return Future.all(entries).mapEmpty();
        });
  }
}
