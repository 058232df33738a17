package cairn.app;

import cairn.accounts.AccountsRoutes;
import cairn.app.rights.Rights;
import cairn.credentials.IssuerRoutes;
import cairn.lrs.LrsOptions;
import cairn.lrs.LrsRoutes;
import cairn.lrs.auth.CredentialStore;
import cairn.progression.ProgressionRoutes;
import cairn.web.Edge;
import cairn.web.RequestBody;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Scope;
import cairn.web.records.LearningRecords;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Cairn's HTTP server: the shared edge ({@code web}) around the routes of the LRS, the progression
 * mapper, the credential issuer, the accounts (sign-in), and the API's description ({@link ApiDocs}).
 * The feature modules know nothing of each other; this is the one place they meet. Stateless: any
 * number of instances share the port, any number of nodes the database. The health endpoints come
 * before any authentication; {@code GET /metrics} (when it has no port of its own) needs a credential
 * with scope {@code metrics} or {@code all}. The admin API takes API credentials with scope {@code all},
 * and signed-in people by their roles ({@link RoleMatrix}).
 */
final class HttpVerticle extends VerticleBase {
  /**
   * What every instance serves; built once and shared by all instances (all of it is safe to share).
   *
   * @param metrics null when the metrics have a port of their own
   */
  record Parts(Pool pool, CredentialStore credentials, LrsOptions lrs, ProgressionRoutes progression,
      IssuerRoutes issuer, AccountsRoutes accounts, ApiDocs docs, Health health, MetricsEndpoint metrics,
      Rights rights, LearningRecords records) {}

  private final Parts parts;
  private HttpServer server;
  private Router router;

  HttpVerticle(Parts parts) {
    this.parts = parts;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    AuthHandler authentication = new AuthHandler(parts.credentials(), parts.credentials().tokens());
    Edge.front(router);
    LrsRoutes lrs = new LrsRoutes(parts.pool(), parts.credentials(), parts.lrs());
    // first: every route before the answering one is tried against each request's path
    lrs.mountXapi(router, authentication);
    parts.health().mount(router);
    if (parts.metrics() != null) {
      router.get("/metrics").handler(authentication).handler(AuthHandler.requireAny(Scope.METRICS, Scope.ALL))
          .handler(parts.metrics());
    }
    // the sign-in pages, and /api/v1/me/…: a session, not the admin API's Basic credentials
    parts.accounts().mountPages(vertx, router);
    // the dashboards' scripts, the same for everyone: no session needed
    parts.progression().mountPageAssets(router);
    // the features' pages for signed-in people, behind the same session and CSRF check
    parts.accounts().mountFeaturePages(vertx, router, List.of("/my/*", "/dashboards/*"));
    // the admin console: the same, with form bodies and uploads (CASE packages, directory CSV) up to
    // the API's body limit
    parts.accounts().mountFeaturePages(vertx, router, List.of("/admin/*"), parts.lrs().maxBodyBytes());
    // the admin console: its index, the role check of every section, then the sections
    new Console().mount(router);
    lrs.mountPages(router);
    parts.accounts().mountConsolePages(router);
    parts.progression().mountPages(router, parts.records());
    parts.progression().mountConsole(router);
    parts.issuer().mountPages(router, parts.progression().directory());
    parts.issuer().mountConsole(router, RoleMatrix.build(), parts.progression().directory());
    // the API's bodies read before the session's look-ups, which would otherwise let them go by unread
    router.route("/api/v1/*").handler(new RequestBody(parts.lrs().maxBodyBytes()));
    parts.accounts().mountSelfService(vertx, router, me -> {
      parts.progression().mountSelfService(me);
      parts.issuer().mountSelfService(me, parts.progression().directory());
      parts.rights().mountSelfService(me, parts.progression().directory());
    });
    Edge.adminApi(router, authentication, RoleMatrix.build(), parts.lrs().maxBodyBytes());
    lrs.mountAdmin(router);
    parts.progression().mount(router);
    parts.issuer().mount(router);
    parts.accounts().mountAdmin(router);
    parts.rights().mountAdmin(router);
    parts.docs().mount(router);
    Edge.finish(router);
    return Edge.listen(vertx, router, parts.lrs().port()).onSuccess(s -> server = s);
  }

  /** The port actually bound (useful when the configuration asked for 0). */
  int actualPort() {
    return server.actualPort();
  }

  /** The router this instance serves (every instance builds the same one). */
  Router router() {
    return router;
  }
}
