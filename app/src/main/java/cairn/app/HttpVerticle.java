package cairn.app;

import cairn.accounts.AccountsRoutes;
import cairn.credentials.IssuerRoutes;
import cairn.lrs.LrsOptions;
import cairn.lrs.LrsRoutes;
import cairn.lrs.auth.CredentialStore;
import cairn.progression.ProgressionRoutes;
import cairn.web.Edge;
import cairn.web.auth.BasicAuthHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * Cairn's HTTP server: the shared edge ({@code web}) around the routes of the LRS, the progression
 * mapper, the credential issuer and the accounts (sign-in). The feature modules know nothing of each other; this is the one
 * place they meet. Stateless: any number of instances share the port, any number of nodes the database.
 */
final class HttpVerticle extends VerticleBase {
  private final Pool pool;
  private final CredentialStore credentials;
  private final LrsOptions lrs;
  private final ProgressionRoutes progression;
  private final IssuerRoutes issuer;
  private final AccountsRoutes accounts;
  private HttpServer server;

  HttpVerticle(Pool pool, CredentialStore credentials, LrsOptions lrs, ProgressionRoutes progression,
      IssuerRoutes issuer, AccountsRoutes accounts) {
    this.pool = pool;
    this.credentials = credentials;
    this.lrs = lrs;
    this.progression = progression;
    this.issuer = issuer;
    this.accounts = accounts;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    BasicAuthHandler authentication = new BasicAuthHandler(credentials);
    Edge.front(router);
    // the sign-in pages, and /api/v1/me: a session, not the admin API's Basic credentials
    accounts.mountPages(vertx, router);
    accounts.mountSelfService(vertx, router);
    Edge.adminApi(router, authentication, lrs.maxBodyBytes());
    new LrsRoutes(pool, credentials, lrs).mount(router, authentication);
    progression.mount(router);
    issuer.mount(router);
    accounts.mountAdmin(router);
    Edge.finish(router);
    return Edge.listen(vertx, router, lrs.port()).onSuccess(s -> server = s);
  }

  /** The port actually bound (useful when the configuration asked for 0). */
  int actualPort() {
    return server.actualPort();
  }
}
