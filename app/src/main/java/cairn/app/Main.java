package cairn.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cairn.jar [serve]}: starts Cairn; other subcommands are tools. */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "Cairn 0.1.0",
    description = "Learning records to verifiable career progress.",
    subcommands = {Main.Serve.class, cairn.app.bench.BenchCommand.class})
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

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
      Vertx vertx = Vertx.vertx(new VertxOptions());
      Cairn cairn;
      try {
        cairn = Cairn.start(vertx, config).await();
      } catch (Exception e) {
        LOG.error("Cairn did not start: {}", e.getMessage(), e);
        vertx.close().await();
        return 1;
      }
      String database = config.dbUrl().isPresent() ? "external" : "embedded in " + config.dataDir();
      if (config.components().contains("http")) {
        LOG.info("Cairn is listening on http://localhost:{}/xapi (components: {}, database: {})", cairn.port(),
            String.join(",", new java.util.TreeSet<>(config.components())), database);
      } else {
        // no port to poll: `cairn bench cluster` waits for this line from worker processes
        LOG.info("Cairn is running without HTTP (components: {}, database: {})",
            String.join(",", new java.util.TreeSet<>(config.components())), database);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("Stopping Cairn");
        try {
          // the workers finish their round before the pool closes (else a stop logs "Pool closed" as a failed round)
          cairn.stop().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // shutting down anyway
        }
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception ignored) {
          // shutting down anyway
        }
        cairn.database().close();
        stopped.countDown();
      }));
      stopped.await();
      return 0;
    }
  }
}
