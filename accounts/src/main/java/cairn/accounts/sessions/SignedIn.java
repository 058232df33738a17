package cairn.accounts.sessions;

import cairn.web.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Puts the {@link Caller} on a request whose session is signed in, read afresh from the accounts on
 * every request: a revoked role or a disabled account takes effect at once, on every node. A session
 * whose account is gone or disabled is ended. Requests without a signed-in session pass on with no
 * caller; routes that need one ask {@link Caller#require}.
 */
public final class SignedIn implements Handler<RoutingContext> {
  private final Function<UUID, Future<Optional<Caller>>> accounts;

  public SignedIn(Function<UUID, Future<Optional<Caller>>> accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Session session = ctx.session();
    Object account = session == null ? null : session.get(PgSessionStore.ACCOUNT);
    if (account == null) {
      ctx.next();
      return;
    }
    UUID id;
    try {
      id = UUID.fromString(account.toString());
    } catch (IllegalArgumentException e) {
      session.destroy();
      ctx.next();
      return;
    }
    accounts.apply(id).onSuccess(caller -> {
      if (caller.isPresent()) {
        Caller.set(ctx, caller.get());
      } else {
        session.destroy();
      }
      ctx.next();
    }).onFailure(ctx::fail);
  }
}
