package cairn.accounts;

import cairn.lrs.testing.TestPostgres;
import cairn.web.Edge;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The accounts feature on a real HTTP server and the shared test PostgreSQL, composed as the
 * application composes it (the edge, the pages, {@code /api/v1/me} before the admin API's Basic
 * authentication, the admin routes after it), with one admin API credential of scope {@code all}.
 */
public final class AccountsServer implements AutoCloseable {
  public static final String ADMIN_KEY = "accounts-admin";
  public static final String ADMIN_SECRET = "accounts-admin-secret-0123456789";

  static {
    // the first pooled buffer registers Netty's JFR events, seconds of JVM start-up work on a busy
    // machine: done here, on the test's thread, not on the event loop of the first request
    io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(16).release();
  }

  /** Vert.x's default limit (2 s) for an event loop: a longer hold fails the class (BlockedThreadGuard). */
  public final Vertx vertx = Vertx.vertx(new VertxOptions().setWarningExceptionTime(1)
      .setWarningExceptionTimeUnit(TimeUnit.SECONDS));
  public final Pool pool;
  public final AccountsRoutes routes;
  public final AccountsOptions options;
  private final int port;

  public AccountsServer(AccountsOptions options) {
    this(options, null);
  }

  /** With an OpenID Connect provider ({@code oidc} not null), discovered before the server starts. */
  public AccountsServer(AccountsOptions options, cairn.accounts.oidc.OidcOptions oidc) {
    this(options, oidc, null);
  }

  /** With a people directory too, for accounts made at a provider's first sign-in. */
  public AccountsServer(AccountsOptions options, cairn.accounts.oidc.OidcOptions oidc,
      cairn.web.auth.Directory directory) {
    TestPostgres pg = TestPostgres.get();
    synchronized (AccountsServer.class) {
      pg.migrate(AccountsSchema.NAME, AccountsSchema.LOCATION);
    }
    this.options = options;
    pool = PgBuilder.pool().connectingTo(pg.connectOptions()).using(vertx).build();
    routes = new AccountsRoutes(pool, options, oidc, directory);
    routes.start(vertx).await();
    Server server = new Server();
    vertx.deployVerticle(server).await();
    port = server.http.actualPort();
  }

  /** Default options, with the public URL this server is reached at unknown: links say http://localhost. */
  public static AccountsOptions options() {
    return AccountsOptions.defaults("http://localhost", "test-csrf-secret-0123456789");
  }

  private final class Server extends VerticleBase {
    HttpServer http;

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      Edge.front(router);
      routes.mountPages(vertx, router);
      routes.mountSelfService(vertx, router);
      Edge.adminApi(router, new AuthHandler((key, secret) -> Future.succeededFuture(
          ADMIN_KEY.equals(key) && ADMIN_SECRET.equals(secret)
              ? Optional.of(new Credential(ADMIN_KEY, "test admin", Set.of(Scope.ALL), Instant.now(), null))
              : Optional.empty()), token -> Future.succeededFuture(Optional.empty())), 1024 * 1024);
      routes.mountAdmin(router);
      Edge.finish(router);
      return Edge.listen(vertx, router, 0).onSuccess(s -> http = s);
    }
  }

  public int port() {
    return port;
  }

  public WebClient client() {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port)
        .setFollowRedirects(false));
  }

  @Override
  public void close() {
    routes.stop();
    vertx.close().await();
  }
}
