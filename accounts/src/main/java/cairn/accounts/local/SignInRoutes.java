package cairn.accounts.local;

import cairn.accounts.AccountsOptions;
import cairn.accounts.oidc.OidcSignIn;
import cairn.accounts.sessions.PgSessionStore;
import cairn.web.auth.Caller;
import cairn.web.pages.FieldError;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out with a local account: {@code GET /} (who is signed in, the sign-out forms),
 * {@code GET/POST /login}, {@code POST /logout}, {@code POST /logout/everywhere},
 * {@code GET /signed-out}. Mounted behind the form body, session and CSRF handlers.
 *
 * <p>A sign-in checks the throttle first (a locked email or client address is refused, with
 * {@code Retry-After}, even with the right password), then the password on a worker thread (against
 * a dummy hash when there is no such account, so an unknown address takes as long and gets the
 * same answer), and on success rotates the session id before it remembers the account (no
 * session fixation) and goes back to where the person came from, if that is a path on this site.
 *
 * <p>Every page is answered after its session is stored: the next form post must find the CSRF
 * token this page carries.
 */
public final class SignInRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SignInRoutes.class);
  /** The session data key holding the time of sign-in (ms since the epoch). */
  public static final String SIGNED_IN_AT = "cairn.signedInAt";

  private final AccountStore store;
  private final Throttle throttle;
  private final PgSessionStore sessions;
  private final SessionHandler sessionHandler;
  private final String csrfField;
  private final OidcSignIn oidc;

  /** {@code oidc}: the OpenID Connect provider's sign-in, or null when none is configured. */
  public SignInRoutes(AccountStore store, AccountsOptions options, PgSessionStore sessions,
      SessionHandler sessionHandler, String csrfField, OidcSignIn oidc) {
    this.oidc = oidc;
    this.store = store;
    this.throttle = new Throttle(store.pool(), options.maxFailuresPerAccount(), options.maxFailuresPerAddress(),
        options.lockout());
    this.sessions = sessions;
    this.sessionHandler = sessionHandler;
    this.csrfField = csrfField;
  }

  public void mount(Router router) {
    router.get("/").handler(this::home);
    router.get("/login").handler(this::loginPage);
    router.post("/login").handler(this::login);
    router.post("/logout").handler(this::logout);
    router.post("/logout/everywhere").handler(this::logoutEverywhere);
  }

  /** The signed-out page needs no session: it is mounted apart. */
  public static void mountSignedOut(Router router) {
    router.get("/signed-out").handler(ctx -> View.render(ctx, 200, Text.get("signedOut.title"), List.of(),
        "signed-out.jte", Map.of("everywhere", ctx.request().getParam("everywhere") != null)));
  }

  private void home(RoutingContext ctx) {
    Optional<Caller> caller = Caller.current(ctx);
    if (caller.isEmpty()) {
      Forms.redirect(ctx, sessionHandler, "/login");
      return;
    }
    HomePage page = new HomePage(caller.get(), csrfField, ctx.get(csrfField));
    boolean linked = !caller.get().personIfis().isEmpty();
    Forms.afterSaving(ctx, sessionHandler, () -> View.render(ctx, 200,
        linked ? Text.get("home.title", caller.get().displayName()) : Text.get("notLinked.title"), List.of(),
        linked ? "home.jte" : "not-linked.jte", page));
  }

  private void loginPage(RoutingContext ctx) {
    String returnTo = ReturnUrl.safe(ctx.request().getParam("return"));
    if (Caller.current(ctx).isPresent()) {
      Forms.redirect(ctx, sessionHandler, returnTo);
      return;
    }
    String notice = ctx.request().getParam("set") != null ? Text.get("login.passwordSet") : null;
    showLogin(ctx, 200, "", returnTo, notice, List.of());
  }

  private void showLogin(RoutingContext ctx, int status, String email, String returnTo, String notice,
      List<FieldError> errors) {
    LoginPage page = new LoginPage(email, returnTo, csrfField, ctx.get(csrfField), notice, errors,
        oidc == null ? null : oidc.name(), oidc != null && oidc.available());
    Forms.afterSaving(ctx, sessionHandler, () -> View.render(ctx, status, Text.get("login.title"), errors,
        "login.jte", page));
  }

  private void login(RoutingContext ctx) {
    String email = Forms.field(ctx, "email").strip();
    String password = Forms.field(ctx, "password");
    String returnTo = ReturnUrl.safe(Forms.field(ctx, "return"));
    List<FieldError> errors = new ArrayList<>();
    if (email.isEmpty()) {
      errors.add(new FieldError("email", Text.get("login.error.emailMissing")));
    } else if (email.length() > NewAccount.MAX_EMAIL) {
      errors.add(new FieldError("email", Text.get("login.error.emailTooLong", NewAccount.MAX_EMAIL)));
    } else if (email.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError("email", Text.get("login.error.control")));
    }
    if (password.isEmpty()) {
      errors.add(new FieldError("password", Text.get("login.error.passwordMissing")));
    } else if (password.length() > Passwords.MAX_LENGTH * 2) { // UTF-16 units: up to MAX_LENGTH code points
      errors.add(new FieldError("password", Text.get("login.error.passwordTooLong", Passwords.MAX_LENGTH)));
    }
    if (!errors.isEmpty()) {
      showLogin(ctx, 400, Forms.echo(email), returnTo, null, errors);
      return;
    }
    Throttle.Keys keys = Throttle.Keys.of(email, address(ctx));
    throttle.locked(keys).compose(lock -> {
      if (lock.isPresent()) {
        refuseLocked(ctx, email, returnTo, lock.get());
        return Future.succeededFuture();
      }
      return store.login(email).compose(login -> Passwords.matches(ctx.vertx(), password,
              login.map(AccountStore.Login::hash).orElse(null))
          .compose(right -> right
              ? signIn(ctx, login.get().id(), keys, address(ctx), returnTo)
              : throttle.failed(keys).onSuccess(v -> showLogin(ctx, 401, email, returnTo, null,
                  List.of(new FieldError("email", Text.get("login.error.wrong")))))));
    }).onFailure(ctx::fail);
  }

  private void refuseLocked(RoutingContext ctx, String email, String returnTo, Duration wait) {
    ctx.response().putHeader("Retry-After", Long.toString(wait.toSeconds()));
    long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
    showLogin(ctx, 429, email, returnTo, null,
        List.of(new FieldError("email", Text.get("login.error.throttled", minutes))));
  }

  private Future<Void> signIn(RoutingContext ctx, UUID account, Throttle.Keys keys, String address,
      String returnTo) {
    return throttle.succeeded(keys).onSuccess(v -> {
      Session session = ctx.session();
      session.regenerateId();
      session.put(PgSessionStore.ACCOUNT, account.toString());
      session.put(SIGNED_IN_AT, System.currentTimeMillis());
      LOG.info("Account {} signed in from {}", account, address);
      Forms.redirect(ctx, sessionHandler, returnTo);
    });
  }

  /**
   * Ends this session. A session signed in with the OpenID Connect provider gets a page with a link
   * to sign out there too, not a redirect: the sign-out form's Content-Security-Policy
   * ({@code form-action 'self'}) forbids a browser to follow a redirect of it to another site.
   */
  private void logout(RoutingContext ctx) {
    Optional<String> provider = oidc == null ? Optional.empty() : oidc.endSessionUrl(ctx.session());
    ctx.session().destroy();
    if (provider.isPresent()) {
      Forms.afterSaving(ctx, sessionHandler, () -> View.render(ctx, 200, Text.get("signedOut.title"), List.of(),
          "signed-out-provider.jte", Map.of("url", provider.get(), "name", oidc.name())));
      return;
    }
    Forms.redirect(ctx, sessionHandler, "/signed-out");
  }

  private void logoutEverywhere(RoutingContext ctx) {
    Optional<Caller> caller = Caller.current(ctx);
    if (caller.isEmpty()) {
      logout(ctx);
      return;
    }
    UUID account = UUID.fromString(caller.get().accountId());
    sessions.deleteAccount(account).onSuccess(ended -> {
      LOG.info("Account {} signed out everywhere ({} sessions ended)", account, ended);
      ctx.session().destroy();
      Forms.redirect(ctx, sessionHandler, "/signed-out?everywhere");
    }).onFailure(ctx::fail);
  }

  private static String address(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }
}
