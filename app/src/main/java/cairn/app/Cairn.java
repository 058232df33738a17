package cairn.app;

import cairn.credentials.IssuerOptions;
import cairn.credentials.IssuerRoutes;
import cairn.credentials.IssuerVerticle;
import cairn.lrs.LrsOptions;
import cairn.lrs.auth.CredentialStore;
import cairn.lrs.upstream.UpstreamFollower;
import cairn.progression.MapperVerticle;
import cairn.progression.ProgressionOptions;
import cairn.progression.ProgressionRoutes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Cairn: its database, connection pool and verticles. {@link #start} opens and migrates
 * the database off the event loop, then deploys the components the configuration names: the
 * progression mapper and credential issuer workers, and the HTTP API (xAPI, progression, credentials)
 * with the bootstrap credential seeded.
 */
public final class Cairn {
  private static final Logger LOG = LoggerFactory.getLogger(Cairn.class);

  private final Vertx vertx;
  private final Database database;
  private final Pool pool;
  private final int port;
  private final Router router;

  private Cairn(Vertx vertx, Database database, Pool pool, int port, Router router) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.port = port;
    this.router = router;
  }

  public static Future<Cairn> start(Vertx vertx, Config config) {
    return vertx.executeBlocking(() -> Database.open(config), false)
        .compose(db -> start(vertx, config, db));
  }

  /** Starts on an already opened and migrated database (tests and the benchmark share one). */
  public static Future<Cairn> start(Vertx vertx, Config config, Database db) {
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.dbPoolSize()))
        .connectingTo(db.connectOptions())
        .using(vertx)
        .build();
    return vertx.executeBlocking(() -> KeySecret.of(config), false)
        .compose(secret -> {
          ProgressionOptions progression = ProgressionOptions.defaults(config.publicUrl())
              .withMinGroupSize(config.minGroupSize());
          IssuerOptions issuer = issuerOptions(config, secret);
          java.util.Arrays.fill(secret, '\0');
          return startComponents(vertx, config, db, pool, progression, issuer);
        });
  }

  /** The credential issuer's settings from Cairn's configuration (the admin commands use the same). */
  public static IssuerOptions issuerOptions(Config config, char[] keySecret) {
    return new IssuerOptions(config.publicUrl(), keySecret, config.issuerName(),
        config.issuerUrl().orElse(config.publicUrl()), config.issuerEmail().orElse(null),
        config.issuerImage().orElse(null), Duration.ofMinutes(1), IssuerOptions.MIN_STATUS_LIST_SIZE,
        Duration.ofSeconds(1), 50, null, 2048, config.verifyPrivateAddresses());
  }

  private static Future<Cairn> startComponents(Vertx vertx, Config config, Database db, Pool pool,
      ProgressionOptions progression, IssuerOptions issuer) {
    Future<Void> workers = Future.succeededFuture();
    if (config.components().contains("mapper")) {
      workers = workers.compose(v -> vertx.deployVerticle(new MapperVerticle(pool, progression)).mapEmpty());
      if (config.upstream().isPresent()) {
        workers = workers.compose(v -> vertx.deployVerticle(new UpstreamFollower(pool, config.upstream().get())).mapEmpty());
      }
    }
    if (config.components().contains("issuer")) {
      workers = workers.compose(v -> vertx.deployVerticle(new IssuerVerticle(pool, issuer)).mapEmpty());
    }
    if (!config.components().contains("http")) {
      return workers.map(v -> new Cairn(vertx, db, pool, -1, null));
    }
    CredentialStore credentials = new CredentialStore(pool, config.tokenTtl());
    LrsOptions lrs = new LrsOptions(config.httpPort(), config.publicUrl(), config.maxBodyBytes(),
        config.maxBatch(), 100, 500, config.defaultXapiVersion());
    ProgressionRoutes progressionRoutes = new ProgressionRoutes(pool, progression);
    IssuerRoutes issuerRoutes = new IssuerRoutes(pool, issuer);
    Future<?> seeded = config.bootstrapKey().isPresent()
        ? credentials.ensure("bootstrap", config.bootstrapKey().get(), config.bootstrapSecret().get())
            .onSuccess(created -> LOG.info(created
                ? "Created the bootstrap credential {} with scope 'all'"
                : "Bootstrap credential {} already exists", config.bootstrapKey().get()))
        : Future.succeededFuture();
    // Every instance listens on the configured port; Vert.x shares one server socket between them
    // (with port 0 too: the instances share the random port the first one bound).
    return workers
        .compose(v -> seeded)
        .compose(v -> vertx.executeBlocking(ApiDocs::load, false))
        .compose(docs -> {
          HttpVerticle first = new HttpVerticle(pool, credentials, lrs, progressionRoutes, issuerRoutes, docs);
          int more = Math.max(0, config.instances() - 1);
          return vertx.deployVerticle(first)
              .compose(id -> more == 0 ? Future.<String>succeededFuture()
                  : vertx.deployVerticle(() -> new HttpVerticle(pool, credentials, lrs, progressionRoutes, issuerRoutes,
                      docs), new DeploymentOptions().setInstances(more)))
              .map(x -> new Cairn(vertx, db, pool, first.actualPort(), first.router()));
        });
  }

  public int port() {
    return port;
  }

  /**
   * The routes of the HTTP API, as the first HTTP verticle instance serves them (every instance
   * builds the same); null when this process runs no HTTP component.
   */
  Router router() {
    return router;
  }

  public Pool pool() {
    return pool;
  }

  public Database database() {
    return database;
  }

  /**
   * Undeploys every verticle (so workers finish their round before their pool goes), then closes
   * the pool; the database is closed by its owner.
   */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeployed).transform(ar -> pool.close());
  }
}
