package cairn.accounts.local;

import cairn.web.pages.FieldError;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SessionHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time link of an invitation: {@code GET /invitations/{token}} shows the form to choose a
 * password, {@code POST} sets it (Argon2id, on a worker thread), uses the link up and ends every
 * session of the account, then sends the person to sign in. A used, expired or unknown link gets
 * the same page saying so (404), never an error.
 */
public final class InvitationRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(InvitationRoutes.class);

  private final AccountStore store;
  private final SessionHandler sessionHandler;
  private final String csrfField;

  public InvitationRoutes(AccountStore store, SessionHandler sessionHandler, String csrfField) {
    this.store = store;
    this.sessionHandler = sessionHandler;
    this.csrfField = csrfField;
  }

  public void mount(Router router) {
    router.get("/invitations/:token").handler(this::page);
    router.post("/invitations/:token").handler(this::setPassword);
  }

  private void page(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    store.pending(token).onSuccess(pending -> {
      if (pending.isEmpty()) {
        invalid(ctx);
      } else {
        show(ctx, 200, token, pending.get().email(), List.of());
      }
    }).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx, int status, String token, String email, List<FieldError> errors) {
    SetPasswordPage page = new SetPasswordPage(token, email, csrfField, ctx.get(csrfField), Passwords.MIN_LENGTH,
        Passwords.MAX_LENGTH, errors);
    Forms.afterSaving(ctx, sessionHandler, () -> View.render(ctx, status, Text.get("setPassword.title"), errors,
        "set-password.jte", page));
  }

  private void invalid(RoutingContext ctx) {
    Forms.afterSaving(ctx, sessionHandler, () -> View.render(ctx, 404, Text.get("invitation.invalid.title"),
        List.of(), "invitation-invalid.jte", null));
  }

  private void setPassword(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String password = Forms.field(ctx, "password");
    // the link is checked before any hashing: a stranger's posts cost no Argon2 work
    store.pending(token).compose(pending -> {
      if (pending.isEmpty()) {
        invalid(ctx);
        return Future.succeededFuture();
      }
      var problem = Passwords.problem(password);
      if (problem.isPresent()) {
        show(ctx, 400, token, pending.get().email(), List.of(new FieldError("password",
            Text.get(problem.get(), Passwords.MIN_LENGTH, Passwords.MAX_LENGTH))));
        return Future.succeededFuture();
      }
      return Passwords.hash(ctx.vertx(), password)
          .compose(hash -> store.setPassword(token, hash))
          .onSuccess(set -> {
            if (!set) {
              invalid(ctx);
              return;
            }
            LOG.info("Account {} set its password through an invitation", pending.get().account());
            Forms.redirect(ctx, sessionHandler, "/login?set");
          }).mapEmpty();
    }).onFailure(ctx::fail);
  }
}
