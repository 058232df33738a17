package cairn.app;

import cairn.credentials.IssuerRoutes;
import cairn.lrs.LrsOptions;
import cairn.lrs.LrsRoutes;
import cairn.lrs.auth.CredentialStore;
import cairn.progression.ProgressionRoutes;
import cairn.web.Edge;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Scope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * Cairn's HTTP server: the shared edge ({@code web}) around the routes of the LRS, the progression
 * mapper and the credential issuer, and the API's description ({@link ApiDocs}). The feature modules
 * know nothing of each other; this is the one place they meet. Stateless: any number of instances
 * share the port, any number of nodes the database. The health endpoints come before any
 * authentication; {@code GET /metrics} (when it has no port of its own) needs a credential with
 * scope {@code metrics} or {@code all}.
 */
final class HttpVerticle extends VerticleBase {
  private final Pool pool;
  private final CredentialStore credentials;
  private final LrsOptions lrs;
  private final ProgressionRoutes progression;
  private final IssuerRoutes issuer;
  private final ApiDocs docs;
  private final Health health;
  /** Null when the metrics have a port of their own. */
  private final MetricsEndpoint metrics;
  private HttpServer server;
  private Router router;

  HttpVerticle(Pool pool, CredentialStore credentials, LrsOptions lrs, ProgressionRoutes progression,
      IssuerRoutes issuer, ApiDocs docs, Health health, MetricsEndpoint metrics) {
    this.pool = pool;
    this.credentials = credentials;
    this.lrs = lrs;
    this.progression = progression;
    this.issuer = issuer;
    this.docs = docs;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    AuthHandler authentication = new AuthHandler(credentials, credentials.tokens());
    Edge.front(router);
    health.mount(router);
    if (metrics != null) {
      router.get("/metrics").handler(authentication).handler(AuthHandler.requireAny(Scope.METRICS, Scope.ALL))
          .handler(metrics);
    }
    Edge.adminApi(router, authentication, lrs.maxBodyBytes());
    new LrsRoutes(pool, credentials, lrs).mount(router, authentication);
    progression.mount(router);
    issuer.mount(router);
    docs.mount(router);
    Edge.finish(router);
    return Edge.listen(vertx, router, lrs.port()).onSuccess(s -> server = s);
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
