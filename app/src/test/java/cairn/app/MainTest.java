package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.testing.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The command line answers --help on every command instead of "Unknown option"; a stop (SIGTERM)
 * ends, and stops the embedded PostgreSQL, even when something in Vert.x never finishes stopping.
 */
class MainTest {

  @Test
  void everyCommandAnswersHelp() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), commands);
    assertThat(commands).extracting(c -> String.join(" ", c)).contains("", "serve", "bench hostile", "bench cluster",
        "admin", "admin credential create", "admin account invite", "admin credential revoke", "admin credential list", "admin key rotate",
        "admin import framework", "admin import people", "admin backup", "admin restore");
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute(args.toArray(String[]::new));
      assertThat(code).as(args + ": " + err).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).contains("Usage: cairn");
      if (!command.isEmpty() && command.get(0).equals("admin")) {
        assertThat(out.toString()).as(String.join(" ", args)).contains("Exit codes:");
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aStopEndsAndStopsPostgresqlEvenWhenAVerticleNeverStops() throws Exception {
    Path dir = Files.createTempDirectory("cairn-stop");
    Database db = Database.embedded(dir.resolve("postgres"));
    Vertx vertx = Vertx.vertx();
    Promise<Void> stopping = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> stop() {
        return stopping.future(); // as a round waiting on a database that never answers
      }
    }).await();

    try (LogCapture log = LogCapture.begin()) {
      Main.shutDown(vertx, null, db, Duration.ofSeconds(1), Main.DATABASE_CLOSE_WAIT);

      assertThat(LogCapture.describe(log.events(e -> e.getLoggerName().equals(Main.class.getName()))))
          .contains("Gave up waiting for Vert.x to close after 1 s; stopping anyway", "Cairn stopped");
    }
    assertThat(dir.resolve("postgres").resolve(StalePostmaster.PID_FILE)).as("a stopped PostgreSQL").doesNotExist();
    stopping.complete(); // lets this test's Vert.x finish closing
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void aCommandGroupWithoutItsCommandSaysWhatIsMissing() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("admin", "credential");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand").contains("create").contains("revoke");
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) { // not an alias
        List<String> next = new ArrayList<>(path);
        next.add(name);
        collect(sub, next, into);
      }
    });
  }
}
