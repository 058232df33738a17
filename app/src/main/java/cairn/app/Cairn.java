package cairn.app;

import cairn.lrs.LrsOptions;
import cairn.lrs.LrsVerticle;
import cairn.lrs.auth.CredentialStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Cairn: its database, connection pool and HTTP verticles. {@link #start} opens and
 * migrates the database off the event loop, seeds the bootstrap credential, then deploys the LRS.
 */
public final class Cairn {
  private static final Logger LOG = LoggerFactory.getLogger(Cairn.class);

  private final Vertx vertx;
  private final Database database;
  private final Pool pool;
  private final int port;

  private Cairn(Vertx vertx, Database database, Pool pool, int port) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.port = port;
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
    CredentialStore credentials = new CredentialStore(pool);
    LrsOptions lrs = new LrsOptions(config.httpPort(), config.publicUrl(), config.maxBodyBytes(),
        config.maxBatch(), 100, 500, config.defaultXapiVersion());
    Future<?> seeded = config.bootstrapKey().isPresent()
        ? credentials.ensure("bootstrap", config.bootstrapKey().get(), config.bootstrapSecret().get())
            .onSuccess(created -> LOG.info(created
                ? "Created the bootstrap credential {} with scope 'all'"
                : "Bootstrap credential {} already exists", config.bootstrapKey().get()))
        : Future.succeededFuture();
    // Every instance listens on the configured port; Vert.x shares one server socket between them
    // (with port 0 too: the instances share the random port the first one bound).
    LrsVerticle first = new LrsVerticle(pool, credentials, lrs);
    return seeded
        .compose(v -> vertx.deployVerticle(first))
        .compose(id -> {
          int more = Math.max(0, config.instances() - 1);
          Future<String> rest = more == 0 ? Future.succeededFuture()
              : vertx.deployVerticle(() -> new LrsVerticle(pool, credentials, lrs),
                  new DeploymentOptions().setInstances(more));
          return rest.map(x -> new Cairn(vertx, db, pool, first.actualPort()));
        });
  }

  public int port() {
    return port;
  }

  public Pool pool() {
    return pool;
  }

  public Database database() {
    return database;
  }

  /** Undeploys, closes the pool; the database is closed by its owner. */
  public Future<Void> stop() {
    return pool.close();
  }
}
