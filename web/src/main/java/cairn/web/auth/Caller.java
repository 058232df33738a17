package cairn.web.auth;

import cairn.web.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The person behind a request that came with a signed-in session: their account, the IFIs of the
 * person they are in the directory (in the form {@code cairn.xapi.Agents.ifiKey} gives, e.g.
 * {@code mbox:mailto:ada@example.com}) and their roles. The accounts feature puts it on the
 * request; any feature reads it here, so a route can serve "my" data or check a role without
 * knowing how sign-in works.
 *
 * @param accountId the account's id (a UUID)
 * @param displayName how the person is addressed on pages
 * @param email the address the person signs in with
 * @param personIfis the person's inverse functional identifiers, as the progression mapper keys them
 * @param roles the roles granted to the account
 */
public record Caller(String accountId, String displayName, String email, List<String> personIfis, Set<Role> roles) {
  private static final String KEY = "cairn.caller";

  public Caller {
    personIfis = List.copyOf(personIfis);
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Puts the caller on the request (done by the sign-in feature's handler). */
  public static void set(RoutingContext ctx, Caller caller) {
    ctx.put(KEY, caller);
  }

  /** The signed-in caller, if the request came with a live session. */
  public static Optional<Caller> current(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  /** The signed-in caller; a 401 without one. */
  public static Caller require(RoutingContext ctx) {
    return current(ctx).orElseThrow(() -> ApiException.signInRequired("Sign in first: this needs a "
        + "signed-in session (the cookie the sign-in page at /login sets)."));
  }

  /** The signed-in caller holding {@code role}; a 401 without a session, a 403 without the role. */
  public static Caller require(RoutingContext ctx, Role role) {
    Caller caller = require(ctx);
    if (!caller.has(role)) {
      throw ApiException.forbidden("This needs the role '" + role.wireName() + "'.");
    }
    return caller;
  }
}
