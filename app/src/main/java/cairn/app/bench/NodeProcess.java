package cairn.app.bench;

import static cairn.app.bench.Out.sleep;

import cairn.app.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code cairn serve} in a JVM of its own, as {@code cairn bench cluster} runs it: the bench's own
 * Java and classpath, its settings in CAIRN_* variables (none inherited from the bench's environment),
 * its output appended to a log file. An HTTP node is ready when it answers {@code GET /health/live}
 * (its port opens once the database is migrated); a worker process has no port and is
 * ready when it logs that it is running.
 */
final class NodeProcess {
  /** What {@code cairn serve} logs once a process without the http component has started. */
  static final String RUNNING = "Cairn is running without HTTP";

  private final String name;
  private final Map<String, String> settings;
  private final int port;
  private final Path log;
  private final List<String> jvmOptions;
  private Process process;
  private long logStart;
  private long cpuOfEarlierRuns;

  /** {@code port} is the HTTP port, or -1 for a process without the http component. */
  NodeProcess(String name, Map<String, String> settings, int port, Path log, List<String> jvmOptions) {
    this.name = name;
    this.settings = Map.copyOf(settings);
    this.port = port;
    this.log = log;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /** Starts the JVM (again, after {@link #kill}); its output goes on in the same log file. */
  synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
    builder.environment().putAll(settings);
    try {
      logStart = Files.exists(log) ? Files.size(log) : 0;
      process = builder.start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Waits until the process serves (see the class comment); fails at once if it exits. */
  void awaitReady(Duration timeout, String key, String secret) {
    LrsClient client = port > 0 ? new LrsClient("http://localhost:" + port, key, secret) : null;
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      Process p = current();
      if (!p.isAlive()) {
        throw new BenchException(name + " exited with code " + p.exitValue() + " while starting; its log ends:\n" + tail(30));
      }
      if (client != null ? answers(client) : loggedSinceStart(RUNNING)) {
        return;
      }
      sleep(100);
    }
    throw new BenchException(name + " was not ready within " + timeout + "; its log ends:\n" + tail(30));
  }

  private static boolean answers(LrsClient client) {
    try {
      // live, not ready: readiness waits for the issuer's keys, which the issuer process (started after
      // the HTTP nodes) makes
      // a short wait per probe: a request that hangs (seen once on a node just restarted) must not use
      // up the whole start-up timeout
      return client.status("/health/live", Duration.ofSeconds(2)) == 200;
    } catch (BenchException e) {
      return false; // not listening yet
    }
  }

  /** Whether the current run has logged {@code text}. */
  private boolean loggedSinceStart(String text) {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** Lines of the log, over every run, that contain {@code text}. */
  long linesWith(String text) {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Kills the process as a crash would (SIGKILL): no shutdown hook runs, no connection is closed. */
  synchronized void kill() {
    cpuOfEarlierRuns += cpu(process);
    process.destroyForcibly();
    waitFor(process, Duration.ofSeconds(30));
  }

  /** Stops the process as an operator would (SIGTERM: Cairn closes Vert.x and its pool), forcibly after 15 s. */
  synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(process, Duration.ofSeconds(15))) {
      process.destroyForcibly();
      waitFor(process, Duration.ofSeconds(15));
    }
  }

  /** CPU time of every run of this node so far, in nanoseconds (0 where the system does not say). */
  synchronized long cpuNanos() {
    return cpuOfEarlierRuns + cpu(process);
  }

  private static long cpu(Process p) {
    return p == null ? 0 : p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private synchronized Process current() {
    return process;
  }

  /** The last lines of the log (or why it cannot be read). */
  String tail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
