package cairn.app;

import cairn.accounts.AccountsOptions;
import cairn.accounts.AccountsRoutes;
import cairn.accounts.Housekeeping;
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
 * progression mapper and credential issuer workers, and the HTTP API (xAPI, progression, credentials,
 * sign-in and accounts) with the bootstrap credential seeded.
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
    return vertx.executeBlocking(() -> KeySecret.of(config), false)
        .compose(secret -> {
          ProgressionOptions progression = ProgressionOptions.defaults(config.publicUrl())
              .withMinGroupSize(config.minGroupSize());
          IssuerOptions issuer = new IssuerOptions(config.publicUrl(), secret, config.issuerName(),
              config.issuerUrl().orElse(config.publicUrl()), config.issuerEmail().orElse(null),
              config.issuerImage().orElse(null), Duration.ofMinutes(1), IssuerOptions.MIN_STATUS_LIST_SIZE,
              Duration.ofSeconds(1), 50, null, 2048, config.verifyPrivateAddresses());
          AccountsOptions accounts = accountsOptions(config, secret);
          java.util.Arrays.fill(secret, '\0');
          return startComponents(vertx, config, db, pool, progression, issuer, accounts);
        });
  }

  /**
   * The sign-in settings; CSRF tokens are signed with a key derived from the key secret, so that
   * every node of a deployment (which all share CAIRN_KEY_SECRET) accepts the others' forms.
   */
  static AccountsOptions accountsOptions(Config config, char[] keySecret) {
    Config.SignIn signIn = config.signIn();
    return new AccountsOptions(config.publicUrl(), signIn.sessionIdle(), signIn.sessionMax(),
        signIn.invitationValidity(), signIn.maxFailures(), signIn.maxFailuresPerAddress(), signIn.lockout(),
        derive("cairn csrf v1", keySecret));
  }

  private static String derive(String purpose, char[] secret) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      byte[] key = new String(secret).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      java.util.Arrays.fill(key, (byte) 0);
      return java.util.Base64.getEncoder().encodeToString(
          mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  private static Future<Cairn> startComponents(Vertx vertx, Config config, Database db, Pool pool,
      ProgressionOptions progression, IssuerOptions issuer, AccountsOptions accountsOptions) {
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
      return workers.map(v -> new Cairn(vertx, db, pool, -1));
    }
    CredentialStore credentials = new CredentialStore(pool);
    LrsOptions lrs = new LrsOptions(config.httpPort(), config.publicUrl(), config.maxBodyBytes(),
        config.maxBatch(), 100, 500, config.defaultXapiVersion());
    ProgressionRoutes progressionRoutes = new ProgressionRoutes(pool, progression);
    IssuerRoutes issuerRoutes = new IssuerRoutes(pool, issuer);
    AccountsRoutes accounts = new AccountsRoutes(pool, accountsOptions);
    Future<?> seeded = config.bootstrapKey().isPresent()
        ? credentials.ensure("bootstrap", config.bootstrapKey().get(), config.bootstrapSecret().get())
            .onSuccess(created -> LOG.info(created
                ? "Created the bootstrap credential {} with scope 'all'"
                : "Bootstrap credential {} already exists", config.bootstrapKey().get()))
        : Future.succeededFuture();
    // Every instance listens on the configured port; Vert.x shares one server socket between them
    // (with port 0 too: the instances share the random port the first one bound).
    HttpVerticle first = new HttpVerticle(pool, credentials, lrs, progressionRoutes, issuerRoutes, accounts);
    return workers
        .compose(v -> seeded)
        .compose(v -> vertx.deployVerticle(new Housekeeping(pool, accountsOptions)))
        .compose(v -> vertx.deployVerticle(first))
        .compose(id -> {
          int more = Math.max(0, config.instances() - 1);
          Future<String> rest = more == 0 ? Future.succeededFuture()
              : vertx.deployVerticle(() -> new HttpVerticle(pool, credentials, lrs, progressionRoutes, issuerRoutes,
                  accounts),
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

  /**
   * Undeploys every verticle (so workers finish their round before their pool goes), then closes
   * the pool; the database is closed by its owner.
   */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeployed).transform(ar -> pool.close());
  }
}
