package cairn.app;

import cairn.accounts.AccountsOptions;
import cairn.accounts.AccountsRoutes;
import cairn.accounts.Housekeeping;
import cairn.app.rights.RetentionVerticle;
import cairn.app.rights.Rights;
import cairn.credentials.IssuerHealth;
import cairn.credentials.IssuerOptions;
import cairn.credentials.IssuerRoutes;
import cairn.credentials.IssuerVerticle;
import cairn.lrs.LrsOptions;
import cairn.lrs.auth.CredentialStore;
import cairn.lrs.rights.Retention;
import cairn.lrs.statements.StatementSummaries;
import cairn.lrs.upstream.UpstreamFollower;
import cairn.progression.MapperVerticle;
import cairn.progression.ProgressionOptions;
import cairn.progression.ProgressionRoutes;
import cairn.progression.feed.FeedLag;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Cairn: its database, connection pool and verticles. {@link #start} opens and migrates
 * the database off the event loop, then deploys the components the configuration names: the
 * progression mapper and credential issuer workers, the metrics port if CAIRN_METRICS_PORT is set,
 * and the HTTP API (health, metrics, xAPI, progression, credentials, sign-in and accounts) with the
 * bootstrap credential seeded. Metrics go to a {@link Monitoring}: the caller's (whose Vert.x
 * reports into it), or one of its own without Vert.x's metrics.
 */
public final class Cairn {
  private static final Logger LOG = LoggerFactory.getLogger(Cairn.class);

  private final Vertx vertx;
  private final Database database;
  private final Pool pool;
  private final int port;
  private final int metricsPort;
  private final Monitoring monitoring;
  private final boolean ownsMonitoring;
  /** Held here: the gauges it feeds keep only a weak reference to it. */
  private final Probes probes;
  private final Router router;

  private Cairn(Vertx vertx, Database database, Pool pool, int port, int metricsPort, Monitoring monitoring,
      boolean ownsMonitoring, Probes probes, Router router) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.port = port;
    this.metricsPort = metricsPort;
    this.monitoring = monitoring;
    this.ownsMonitoring = ownsMonitoring;
    this.probes = probes;
    this.router = router;
  }

  /** Opens the database, then starts with metrics of its own (without Vert.x's). */
  public static Future<Cairn> start(Vertx vertx, Config config) {
    return start(vertx, config, (Monitoring) null);
  }

  /** Opens the database, then starts; {@code monitoring} made {@code vertx} ({@link Monitoring#vertx}). */
  public static Future<Cairn> start(Vertx vertx, Config config, Monitoring monitoring) {
    return vertx.executeBlocking(() -> Database.open(config), false)
        .compose(db -> start(vertx, config, db, monitoring));
  }

  /** Starts on an already opened and migrated database (tests and the benchmark share one). */
  public static Future<Cairn> start(Vertx vertx, Config config, Database db) {
    return start(vertx, config, db, null);
  }

  /**
   * Starts on an already opened and migrated database, recording metrics in {@code monitoring} (the
   * caller closes it), or, if null, in one of its own that {@link #stop} closes.
   */
  public static Future<Cairn> start(Vertx vertx, Config config, Database db, Monitoring monitoring) {
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setName("cairn"))
        .connectingTo(db.connectOptions())
        .using(vertx)
        .build();
    Monitoring recording = monitoring == null ? Monitoring.create() : monitoring;
    return vertx.executeBlocking(() -> KeySecret.of(config), false)
        .compose(secret -> {
          ProgressionOptions progression = ProgressionOptions.defaults(config.publicUrl())
              .withMinGroupSize(config.minGroupSize()).withCohortPeriod(config.cohortPeriod());
          IssuerOptions issuer = issuerOptions(config, secret);
          AccountsOptions accounts = accountsOptions(config, secret);
          Arrays.fill(secret, '\0');
          return startComponents(vertx, config, db, pool, progression, issuer, accounts, recording,
              monitoring == null);
        })
        .onFailure(e -> {
          if (monitoring == null) {
            recording.close();
          }
        });
  }

  /** The credential issuer's settings from Cairn's configuration (the admin commands use the same). */
  public static IssuerOptions issuerOptions(Config config, char[] keySecret) {
    return new IssuerOptions(config.publicUrl(), keySecret, config.issuerName(),
        config.issuerUrl().orElse(config.publicUrl()), config.issuerEmail().orElse(null),
        config.issuerImage().orElse(null), Duration.ofMinutes(1), IssuerOptions.MIN_STATUS_LIST_SIZE,
        Duration.ofSeconds(1), 50, null, 2048, config.verifyPrivateAddresses(), config.issuerDid());
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
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key = new String(secret).getBytes(StandardCharsets.UTF_8);
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      Arrays.fill(key, (byte) 0);
      return Base64.getEncoder().encodeToString(
          mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  private static Future<Cairn> startComponents(Vertx vertx, Config config, Database db, Pool pool,
      ProgressionOptions progression, IssuerOptions issuer, AccountsOptions accountsOptions, Monitoring monitoring,
      boolean ownsMonitoring) {
    Future<Void> workers = Future.succeededFuture();
    if (config.components().contains("mapper")) {
      // a worker verticle: a round parses and hashes up to thousands of statements, CPU work that would
      // otherwise hold an event loop the HTTP verticles share (seconds under CPU starvation)
      workers = workers.compose(v -> vertx.deployVerticle(new MapperVerticle(pool, progression),
          new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).mapEmpty());
      if (config.upstream().isPresent()) {
        workers = workers.compose(v -> vertx.deployVerticle(new UpstreamFollower(pool, config.upstream().get())).mapEmpty());
      }
    }
    if (config.components().contains("issuer")) {
      workers = workers.compose(v -> vertx.deployVerticle(new IssuerVerticle(pool, issuer)).mapEmpty());
    }
    if (config.retentionStatements().isPresent()) {
      Retention retention = new Retention(pool, config.retentionStatements().get());
      workers = workers.compose(v -> vertx.deployVerticle(new RetentionVerticle(retention)).mapEmpty());
    }
    IssuerHealth issuerHealth = new IssuerHealth(pool, issuer);
    Probes probes = new Probes(new FeedLag(pool, progression.consumer()), issuerHealth, monitoring.registry());
    Health health = new Health(vertx, pool, db, probes, issuerHealth, config.readyMapperLag());
    MetricsEndpoint metrics = new MetricsEndpoint(monitoring, probes);
    Future<Integer> metricsPort = workers.map(-1);
    if (config.metricsPort().isPresent()) {
      MetricsVerticle verticle = new MetricsVerticle(config.metricsPort().getAsInt(), metrics, health);
      metricsPort = workers.compose(v -> vertx.deployVerticle(verticle)).map(id -> verticle.actualPort());
    }
    if (!config.components().contains("http")) {
      return metricsPort.map(mp -> new Cairn(vertx, db, pool, -1, mp, monitoring, ownsMonitoring, probes, null));
    }
    CredentialStore credentials = new CredentialStore(pool, config.tokenTtl());
    LrsOptions lrs = new LrsOptions(config.httpPort(), config.publicUrl(), config.maxBodyBytes(),
        config.maxBatch(), 100, 500, config.defaultXapiVersion());
    ProgressionRoutes progressionRoutes = new ProgressionRoutes(pool, progression);
    StatementSummaries records = new StatementSummaries(pool);
    IssuerRoutes issuerRoutes = new IssuerRoutes(pool, issuer, records);
    AccountsRoutes accounts = new AccountsRoutes(pool, accountsOptions, config.signIn().oidc().orElse(null),
        progressionRoutes.directory());
    Future<?> seeded = config.bootstrapKey().isPresent()
        ? credentials.ensure("bootstrap", config.bootstrapKey().get(), config.bootstrapSecret().get())
            .onSuccess(created -> LOG.info(created
                ? "Created the bootstrap credential {} with scope 'all'"
                : "Bootstrap credential {} already exists", config.bootstrapKey().get()))
        : Future.succeededFuture();
    // /metrics is on the main port (with credentials) unless it has a port of its own
    MetricsEndpoint mainMetrics = config.metricsPort().isPresent() ? null : metrics;
    // Every instance listens on the configured port; Vert.x shares one server socket between them
    // (with port 0 too: the instances share the random port the first one bound).
    return metricsPort.compose(mp -> seeded
        .compose(v -> vertx.deployVerticle(new Housekeeping(pool, accountsOptions)))
        // the OpenID Connect provider's discovery: not waited for beyond its first attempt
        .compose(v -> accounts.start(vertx))
        .compose(v -> vertx.executeBlocking(ApiDocs::load, false))
        .compose(docs -> {
          HttpVerticle.Parts parts = new HttpVerticle.Parts(pool, credentials, lrs, progressionRoutes, issuerRoutes,
              accounts, docs, health, mainMetrics, Rights.create(vertx, pool, progression, issuerRoutes.personalData()),
              records);
          HttpVerticle first = new HttpVerticle(parts);
          int more = Math.max(0, config.instances() - 1);
          return vertx.deployVerticle(first)
              .compose(id -> more == 0 ? Future.<String>succeededFuture()
                  : vertx.deployVerticle(() -> new HttpVerticle(parts), new DeploymentOptions().setInstances(more)))
              .map(x -> new Cairn(vertx, db, pool, first.actualPort(), mp, monitoring, ownsMonitoring, probes,
                  first.router()));
        }));
  }

  public int port() {
    return port;
  }

  /** The metrics port bound (CAIRN_METRICS_PORT), or -1 when metrics are on the main port. */
  public int metricsPort() {
    return metricsPort;
  }

  public Monitoring monitoring() {
    return monitoring;
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
   * the pool, and its own monitoring if it made one; the database is closed by its owner.
   */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeployed).transform(ar -> pool.close()).onComplete(ar -> {
      if (ownsMonitoring) {
        monitoring.close();
      }
    });
  }
}
