package cairn.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark stopped halfway (SIGTERM: Ctrl-C, a CI timeout) leaves no store behind. */
class ScratchTest {

  @Test
  void anInterruptedBenchmarkStopsItsPostgresqlAndDeletesItsTemporaryStore(@TempDir Path tmp) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = tmp.resolve("bench.log");
    Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-cp", classpath, Main.class.getName(),
        "bench", "floor", "--quick", "--samples", Path.of("..", "docs", "samples").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      // Cairn and its embedded PostgreSQL are up once it imports the directory
      while (!output(log).contains("Importing the directory") && bench.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Path store;
      try (Stream<Path> dirs = Files.list(tmp)) {
        store = dirs.filter(d -> d.getFileName().toString().startsWith("cairn-bench-floor")).findFirst().orElseThrow();
      }
      assertThat(store.resolve("postgres").resolve("postmaster.pid")).as(output(log)).exists();

      bench.destroy(); // SIGTERM
      assertThat(bench.waitFor(90, TimeUnit.SECONDS)).as(output(log)).isTrue();
      assertThat(store).as(output(log)).doesNotExist();
      assertThat(output(log)).contains("interrupted; deleted " + store);
    } finally {
      bench.destroyForcibly();
    }
  }

  private static String output(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
  }
}
