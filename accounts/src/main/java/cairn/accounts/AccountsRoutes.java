package cairn.accounts;

import cairn.accounts.local.AccountPages;
import cairn.accounts.local.AccountRoutes;
import cairn.accounts.local.AccountStore;
import cairn.accounts.local.InvitationRoutes;
import cairn.accounts.local.ReturnUrl;
import cairn.accounts.local.SignInRoutes;
import cairn.accounts.me.ErasureRequests;
import cairn.accounts.me.MeRoutes;
import cairn.accounts.me.SelfServiceCsrf;
import cairn.accounts.oidc.OidcOptions;
import cairn.accounts.oidc.OidcSignIn;
import cairn.accounts.sessions.PgSessionStore;
import cairn.accounts.sessions.SignedIn;
import cairn.web.auth.Directory;
import cairn.web.pages.Pages;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Consumer;

/**
 * People's own way into Cairn: the sign-in pages, the self-service API's root and the accounts
 * admin API. The application mounts them in three places around the admin API's Basic
 * authentication:
 *
 * <ol>
 *   <li>{@link #mountPages} — {@code /}, {@code /login}, {@code /login/oidc}, {@code /login/oidc/callback}
 *       (with an OpenID Connect provider), {@code /logout}, {@code /logout/everywhere},
 *       {@code /invitations/{token}} (form bodies up to {@value #FORM_LIMIT} bytes, the session, CSRF
 *       tokens on every form) and {@code /signed-out}, {@code /assets/…};</li>
 *   <li>{@link #mountSelfService} — {@code /api/v1/me} and the other features' {@code /api/v1/me/…}:
 *       session-authenticated (with a CSRF token for changes), so mounted before the admin API would
 *       ask for Basic credentials;</li>
 *   <li>{@link #mountAdmin} — {@code /api/v1/accounts/…}, after the admin API's authentication.</li>
 * </ol>
 *
 * Handlers with state (the session and CSRF handlers) are made per router, on its verticle's context.
 * With an OpenID Connect provider, {@link #start} discovers it before the routes are mounted.
 */
public final class AccountsRoutes {
  /** Largest sign-in or set-password form accepted (413 beyond). */
  public static final int FORM_LIMIT = 32 * 1024;
  /** The form field (and header) that carries the CSRF token. */
  public static final String CSRF_FIELD = "X-CSRF-Token";
  private static final List<String> SESSION_PAGES = List.of("/", "/login", "/login/oidc", "/login/oidc/callback",
      "/logout", "/logout/everywhere", "/invitations/:token");

  private final Pool pool;
  private final AccountsOptions options;
  private final AccountStore store;
  private final OidcOptions oidcOptions;
  private final Directory directory;
  private final ErasureRequests erasureRequests;
  private OidcSignIn oidc;

  public AccountsRoutes(Pool pool, AccountsOptions options) {
    this(pool, options, null);
  }

  /** {@code oidc}: the OpenID Connect provider people may sign in with, or null for local accounts only. */
  public AccountsRoutes(Pool pool, AccountsOptions options, OidcOptions oidc) {
    this(pool, options, oidc, null);
  }

  /**
   * {@code directory}: the people directory; a provider's first sign-in with a verified address of one
   * of its people makes that person an account (null: only invited people have accounts).
   */
  public AccountsRoutes(Pool pool, AccountsOptions options, OidcOptions oidc, Directory directory) {
    this.pool = pool;
    this.options = options;
    this.store = new AccountStore(pool, options.publicUrl(), options.invitationValidity());
    this.oidcOptions = oidc;
    this.directory = directory;
    this.erasureRequests = new ErasureRequests(pool, directory);
  }

  /**
   * Discovers the OpenID Connect provider, if one is configured; answers after the first attempt
   * whatever its outcome (an unreachable provider is logged and retried, its button disabled meanwhile).
   */
  public Future<Void> start(Vertx vertx) {
    if (oidcOptions == null || oidc != null) {
      return Future.succeededFuture();
    }
    oidc = new OidcSignIn(vertx, pool, oidcOptions, options.publicUrl(), directory);
    return oidc.start();
  }

  /** Stops retrying the provider's discovery. */
  public void stop() {
    if (oidc != null) {
      oidc.stop();
    }
  }

  public AccountStore store() {
    return store;
  }

  /** The session cookie's name: with {@code __Host-} (Secure, path /, no domain) when cookies are Secure. */
  public String sessionCookie() {
    return options.secureCookies() ? "__Host-cairn-session" : "cairn-session";
  }

  public String csrfCookie() {
    return options.secureCookies() ? "__Host-cairn-csrf" : "cairn-csrf";
  }

  private SessionHandler sessionHandler(PgSessionStore sessions) {
    return SessionHandler.create(sessions)
        .setSessionCookieName(sessionCookie())
        .setSessionCookiePath("/")
        .setCookieHttpOnlyFlag(true)
        .setCookieSecureFlag(options.secureCookies())
        .setCookieSameSite(CookieSameSite.LAX)
        .setSessionTimeout(options.sessionIdle().toMillis())
        .setNagHttps(false);
  }

  /** The pages' and the self-service API's CSRF check: the same cookie, session entry and HMAC key. */
  private CSRFHandler csrfHandler(Vertx vertx) {
    return CSRFHandler.create(vertx, options.csrfSecret())
        .setCookieName(csrfCookie())
        .setCookiePath("/")
        .setCookieHttpOnly(true)
        .setCookieSecure(options.secureCookies())
        .setHeaderName(CSRF_FIELD)
        .setTimeout(options.sessionIdle().toMillis());
  }

  public void mountPages(Vertx vertx, Router router) {
    PgSessionStore sessions = new PgSessionStore(vertx, pool, options.sessionMax());
    SessionHandler sessionHandler = sessionHandler(sessions);
    CSRFHandler csrf = csrfHandler(vertx);
    BodyHandler forms = BodyHandler.create(false).setBodyLimit(FORM_LIMIT).setDeleteUploadedFilesOnEnd(true);
    SignedIn signedIn = new SignedIn(store::caller);
    for (String path : SESSION_PAGES) {
      router.route(path).handler(sessionHandler).handler(forms).handler(csrf).handler(signedIn);
    }
    if (oidcOptions != null && oidc == null) {
      throw new IllegalStateException("start(vertx) discovers the OpenID Connect provider before the pages are mounted");
    }
    if (oidc != null) {
      oidc.mount(router, sessionHandler, ReturnUrl::safe);
    } else {
      OidcSignIn.mountUnconfigured(router);
    }
    new SignInRoutes(store, options, sessions, sessionHandler, CSRF_FIELD, oidc).mount(router);
    new InvitationRoutes(store, sessionHandler, CSRF_FIELD).mount(router);
    SignInRoutes.mountSignedOut(router);
    Pages.mountAssets(router);
  }

  /**
   * The other features' pages for signed-in people (e.g. {@code /my/*}): the same session, form body
   * limit, CSRF check of every form and {@link cairn.web.auth.Caller} as the sign-in pages, and
   * {@link Pages#SAVE_SESSION}, so that a page is answered after its session (with the CSRF token its
   * forms carry) is stored. Mount before the features' routes.
   */
  public void mountFeaturePages(Vertx vertx, Router router, List<String> paths) {
    mountFeaturePages(vertx, router, paths, BodyHandler.create(false).setBodyLimit(FORM_LIMIT)
        .setDeleteUploadedFilesOnEnd(true));
  }

  /**
   * {@link #mountFeaturePages(Vertx, Router, List)} for pages whose forms upload files or carry much
   * text (the admin console's imports): form bodies, {@code multipart/form-data} included, up to
   * {@code bodyLimit} bytes (413 beyond), uploaded files kept under the temporary directory's
   * {@code cairn-uploads} until the request ends. Mount before any other pages on the same paths:
   * the first body handler a request meets reads its body.
   */
  public void mountFeaturePages(Vertx vertx, Router router, List<String> paths, long bodyLimit) {
    mountFeaturePages(vertx, router, paths, BodyHandler.create(true).setBodyLimit(bodyLimit)
        .setUploadsDirectory(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "cairn-uploads").toString())
        .setDeleteUploadedFilesOnEnd(true));
  }

  private void mountFeaturePages(Vertx vertx, Router router, List<String> paths, BodyHandler forms) {
    SessionHandler sessionHandler = sessionHandler(new PgSessionStore(vertx, pool, options.sessionMax()));
    CSRFHandler csrf = csrfHandler(vertx);
    SignedIn signedIn = new SignedIn(store::caller);
    for (String path : paths) {
      router.route(path).handler(sessionHandler).handler(forms).handler(csrf).handler(signedIn).handler(ctx -> {
        ctx.put(Pages.SAVE_SESSION, (java.util.function.Function<io.vertx.ext.web.RoutingContext, Future<Void>>)
            c -> sessionHandler.flush(c, true));
        ctx.next();
      });
    }
  }

  /** {@link #mountSelfService(Vertx, Router, Consumer)} with no feature's routes but {@code /api/v1/me}. */
  public void mountSelfService(Vertx vertx, Router router) {
    mountSelfService(vertx, router, r -> { });
  }

  /**
   * The self-service API, {@code /api/v1/me} and below, and sessions on the rest of {@code /api/v1}.
   * For every {@code /api/v1/…} request without an {@code Authorization} header (those are API
   * clients', left to the admin API's authentication): the session (never an API credential), the
   * {@link cairn.web.auth.Caller}, {@code Cache-Control: no-store}, for a signed-in caller the CSRF
   * check of POST, PUT, PATCH and DELETE ({@link SelfServiceCsrf}). Then {@code GET /api/v1/me}, the
   * routes {@code features} mounts (other features' {@code /api/v1/me/…}), and a 404 for any other
   * path below {@code /api/v1/me}, so that none falls through to the admin API. What a signed-in
   * person may reach of the admin API is the application's role matrix ({@link cairn.web.auth.RoleAccess}).
   */
  public void mountSelfService(Vertx vertx, Router router, Consumer<Router> features) {
    SessionHandler sessionHandler = sessionHandler(new PgSessionStore(vertx, pool, options.sessionMax()));
    SignedIn signedIn = new SignedIn(store::caller);
    SelfServiceCsrf csrf = new SelfServiceCsrf(csrfHandler(vertx), CSRF_FIELD);
    router.route("/api/v1/*")
        .handler(ctx -> unlessApiClient(ctx, sessionHandler))
        .handler(ctx -> unlessApiClient(ctx, signedIn))
        .handler(ctx -> {
          // a person's own record: never kept by a shared cache or the browser's
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.next();
        })
        .handler(ctx -> unlessApiClient(ctx, csrf));
    new MeRoutes().mount(router);
    erasureRequests.mountSelfService(router);
    features.accept(router);
    router.route("/api/v1/me/*").handler(MeRoutes::notFound);
  }

  /** Runs {@code handler} unless the request names its credentials in {@code Authorization}. */
  private static void unlessApiClient(RoutingContext ctx, Handler<RoutingContext> handler) {
    if (ctx.request().getHeader("Authorization") != null) {
      ctx.next();
    } else {
      handler.handle(ctx);
    }
  }

  /**
   * The console's accounts pages ({@code /admin/accounts}, {@link AccountPages}); mount after
   * {@link #mountFeaturePages} has put the session, CSRF check and caller on {@code /admin/*}, behind
   * the console's role check.
   */
  public void mountConsolePages(Router router) {
    new AccountPages(store).mount(router);
  }

  public void mountAdmin(Router router) {
    new AccountRoutes(store).mount(router);
    erasureRequests.mountAdmin(router);
  }
}
