package cairn.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A benchmark's data directory: the one given ({@code --data-dir}, kept), or a temporary one deleted
 * at the end of the run — and also when the run is interrupted (Ctrl-C, SIGTERM), which used to
 * leave a ten-minute run's store (~12 GB) behind. On interruption the embedded PostgreSQL in it is
 * stopped by its own shutdown hook; this one waits for the postmaster its {@code postmaster.pid} names
 * to exit (at most a minute) before deleting anything, and leaves the directory, saying so, if it does not.
 */
final class Scratch implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofMinutes(1);

  private final Path dir;
  private final Thread hook;

  private Scratch(Path dir, boolean temporary) {
    this.dir = dir;
    this.hook = temporary ? new Thread(this::deleteWhenStopped, "bench-scratch-delete") : null;
    if (hook != null) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  /** {@code given} if not null (kept), else a new temporary directory named {@code prefix}…. */
  static Scratch of(Path given, String prefix) throws IOException {
    return given != null ? new Scratch(given, false) : new Scratch(Files.createTempDirectory(prefix), true);
  }

  Path dir() {
    return dir;
  }

  /** Deletes a temporary directory — call it once the run's database has stopped; a given one stays. */
  @Override
  public void close() {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return; // the JVM is shutting down: the hook deletes it
    }
    Out.delete(dir);
  }

  private void deleteWhenStopped() {
    Path pid = dir.resolve("postgres").resolve("postmaster.pid");
    if (!stopped(pid)) {
      System.err.println("cairn bench: interrupted; PostgreSQL still runs in " + dir + ", which is left in place");
      return;
    }
    Out.delete(dir);
    System.err.println("cairn bench: interrupted; deleted " + dir);
  }

  /** Whether the postmaster the pid file names has exited, waited for up to {@link #STOP_WAIT}. */
  private static boolean stopped(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      ProcessHandle.of(pid).ifPresent(p -> {
        try {
          p.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
          // still running: the pid file stays and says so below
        }
      });
    } catch (IOException | RuntimeException e) {
      // no pid file (never started, or already stopped and gone) or an unreadable one
    }
    return !Files.exists(pidFile);
  }
}
