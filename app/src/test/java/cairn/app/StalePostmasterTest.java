package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.web.testing.LogCapture;
import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code postmaster.pid} left by a crash (the machine's, so its process id may since belong to
 * another process) never stops the embedded PostgreSQL from starting, and the process it names is
 * left alone unless it is a PostgreSQL of that very directory. A directory a running Cairn uses is
 * refused, not taken over. (A PostgreSQL left running by a killed Cairn: {@link CrashRecoveryTest}.)
 */
class StalePostmasterTest {
  private static Path root;
  /** A running PostgreSQL of another directory, as a machine might run next to Cairn. */
  private static Database other;
  private static Path dir;
  /** The postmaster.pid the server of {@link #dir} wrote while it ran: the file a crash leaves. */
  private static List<String> pidFile;

  @BeforeAll
  static void servers() throws Exception {
    root = Files.createTempDirectory("cairn-stale-pid");
    other = Database.embedded(root.resolve("other"));
    dir = root.resolve("postgres");
    try (Database db = Database.embedded(dir)) {
      pidFile = Files.readAllLines(dir.resolve(StalePostmaster.PID_FILE));
    }
    assertThat(dir.resolve(StalePostmaster.PID_FILE)).doesNotExist();
  }

  @AfterAll
  static void stop() throws IOException {
    if (other != null) {
      other.close();
    }
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void aPidFileOfAProcessThatNoLongerRunsIsLeftToPostgresql() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    leavePidFile(gone.pid());

    String log = startsAndAnswers();

    assertThat(log).contains("WARN StalePostmaster", "process " + gone.pid(), "no longer runs");
  }

  @Test
  void aPidNowOfAnotherProgramIsLeftRunningAndItsStaleFileRemoved() throws Exception {
    Process unrelated = new ProcessBuilder("sleep", "60").start();
    try {
      leavePidFile(unrelated.pid());

      String log = startsAndAnswers();

      assertThat(unrelated.isAlive()).isTrue();
      assertThat(log).contains("WARN StalePostmaster", "process " + unrelated.pid(), "/sleep: the last run ended in a crash",
          "Removed the stale file; that process is left alone");
    } finally {
      unrelated.destroyForcibly().waitFor();
    }
  }

  @Test
  void aPidNowOfThisVeryJvmIsLeftRunning() throws Exception {
    leavePidFile(ProcessHandle.current().pid());

    String log = startsAndAnswers();

    assertThat(log).contains("process " + ProcessHandle.current().pid(), "that process is left alone");
  }

  @Test
  void aPidNowOfAPostgresqlOfAnotherDirectoryIsLeftRunning() throws Exception {
    long otherServer = Long.parseLong(Files.readAllLines(root.resolve("other").resolve(StalePostmaster.PID_FILE)).get(0));
    leavePidFile(otherServer);

    String log = startsAndAnswers();

    assertThat(ProcessHandle.of(otherServer).map(ProcessHandle::isAlive)).contains(true);
    assertThat(answers(other)).isTrue();
    assertThat(log).contains("process " + otherServer, "/postgres) of another data directory",
        "that process is left alone");
  }

  @Test
  void aDirectoryARunningCairnUsesIsRefusedAndItsServerKept() throws Exception {
    Path used = root.resolve("other");
    assertThatThrownBy(() -> Database.embedded(used))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in use by a running Cairn")
        .hasMessageContaining("another CAIRN_DATA_DIR");
    assertThat(answers(other)).isTrue();
  }

  /** Writes the file a crash leaves, naming {@code pid} as the server. */
  private static void leavePidFile(long pid) throws IOException {
    List<String> lines = new ArrayList<>(pidFile);
    lines.set(0, Long.toString(pid));
    Files.write(dir.resolve(StalePostmaster.PID_FILE), lines);
  }

  /** Starts the embedded PostgreSQL on {@link #dir}, checks it answers, stops it; what was logged meanwhile. */
  private static String startsAndAnswers() throws Exception {
    try (LogCapture capture = LogCapture.begin()) {
      try (Database db = Database.embedded(dir)) {
        assertThat(answers(db)).isTrue();
      }
      return LogCapture.describe(capture.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN)))
          .replace("cairn.app.StalePostmaster:", "StalePostmaster");
    }
  }

  private static boolean answers(Database db) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select 1")) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }
}
