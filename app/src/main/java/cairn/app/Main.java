package cairn.app;

import cairn.app.admin.AdminCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar cairn.jar [serve]}: starts Cairn; {@code admin} is what an operator does without
 * an HTTP client, {@code bench} measures.
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "Cairn 0.1.0",
    description = "Learning records to verifiable career progress.",
    subcommands = {Main.Serve.class, AdminCommand.class, cairn.app.bench.BenchCommand.class})
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private final Map<String, String> environment;

  public Main() {
    this(System.getenv());
  }

  /** With these environment variables in place of the process's (the admin commands' tests). */
  public Main(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The CAIRN_* environment the admin commands are configured by. */
  public Map<String, String> environment() {
    return environment;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    return new Serve().call();
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Run Cairn (configured by CAIRN_* environment variables; see the README).")
  static final class Serve implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Config config;
      try {
        config = Config.fromEnvironment();
      } catch (Config.ConfigException e) {
        System.err.println("cairn: " + e.getMessage());
        return 2;
      }
      Logging.apply(config);
      Monitoring monitoring = Monitoring.create();
      Vertx vertx = monitoring.vertx(new VertxOptions());
      Cairn cairn;
      try {
        cairn = Cairn.start(vertx, config, monitoring).await();
      } catch (Exception e) {
        LOG.error("Cairn did not start: {}", e.getMessage(), e);
        // the embedded PostgreSQL, if it started, is stopped by its own shutdown hook as the JVM exits
        within(VERTX_CLOSE_WAIT, "Vert.x to close", vertx.close().toCompletionStage().toCompletableFuture());
        return 1;
      }
      String database = config.dbUrl().isPresent() ? "external" : "embedded in " + config.dataDir();
      if (config.components().contains("http")) {
        LOG.info("Cairn is listening on http://localhost:{}/xapi (components: {}, database: {})", cairn.port(),
            String.join(",", new TreeSet<>(config.components())), database);
      } else {
        // no port to poll: `cairn bench cluster` waits for this line from worker processes
        LOG.info("Cairn is running without HTTP (components: {}, database: {})",
            String.join(",", new TreeSet<>(config.components())), database);
      }
      if (cairn.metricsPort() >= 0) {
        LOG.info("Metrics on http://localhost:{}/metrics (no credentials on this port)", cairn.metricsPort());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shutDown(vertx, cairn, cairn.database(), VERTX_CLOSE_WAIT, DATABASE_CLOSE_WAIT);
        stopped.countDown();
      }, "cairn-shutdown"));
      stopped.await();
      return 0;
    }
  }

  /** How long a stop waits for Vert.x: verticles finishing their round, servers and pools closing. */
  static final Duration VERTX_CLOSE_WAIT = Duration.ofSeconds(10);
  /** How long a stop waits for the database to close (zonky's pg_ctl stop waits 5 s for the server). */
  static final Duration DATABASE_CLOSE_WAIT = Duration.ofSeconds(15);

  /**
   * Stops Cairn on SIGTERM or Ctrl-C, within a bounded time whatever hangs: a worker's round waiting on
   * an unreachable database would hold Vert.x's close for ever, and the JVM exits only once every
   * shutdown hook has returned. What does not finish in time is logged and left behind: an embedded
   * PostgreSQL still running is shut down by the next start (see {@link StalePostmaster}). {@code cairn}
   * may be null (nothing deployed yet).
   */
  static void shutDown(Vertx vertx, Cairn cairn, Database database, Duration vertxWait, Duration databaseWait) {
    LOG.info("Stopping Cairn");
    // the verticles before their pool: a worker finishes its round first (else it logs "Pool closed" as a failure)
    Future<Void> components = cairn == null ? Future.succeededFuture() : cairn.stop();
    within(vertxWait, "Vert.x to close", components.eventually(vertx::close).toCompletionStage().toCompletableFuture());
    within(databaseWait, "the database to close", CompletableFuture.runAsync(database::close, runnable -> {
      Thread closer = new Thread(runnable, "cairn-database-close");
      closer.setDaemon(true); // a close that hangs must not hold the JVM
      closer.start();
    }));
    LOG.info("Cairn stopped");
  }

  private static void within(Duration wait, String what, CompletableFuture<?> done) {
    try {
      done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("Gave up waiting for {} after {} s; stopping anyway", what, wait.toSeconds());
    } catch (ExecutionException e) {
      LOG.warn("Waiting for {}: {}", what, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
