package cairn.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.Main;
import cairn.lrs.testing.TestPostgres;
import io.vertx.pgclient.PgConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code cairn bench cluster} end to end, small: two HTTP nodes, a mapper and an issuer, each a JVM of its
 * own, on a fresh database of the shared test PostgreSQL; node B is killed halfway. The bench's own checks
 * must pass, and the database must show it: every statement stored once, credentials issued once.
 */
class ClusterBenchTest {
  private static final int STATEMENTS = 1500;

  @Test
  void twoNodesAndSeparateWorkersStoreMapAndIssueEverythingOnce() throws Exception {
    TestPostgres pg = TestPostgres.get();
    String name = "cluster_bench_" + UUID.randomUUID().toString().substring(0, 8);
    PgConnectOptions db = pg.database(name);
    String url = "postgresql://" + db.getHost() + ":" + db.getPort() + "/" + name;

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute("bench", "cluster", "--people", "10", "--statements", String.valueOf(STATEMENTS),
          "--kill-node", "--no-reference", "--node-heap", "256m",
          // these JVMs live for seconds: the C1 compiler alone halves their start-up CPU on CI's two cores
          "--node-jvm-option", "-XX:TieredStopAtLevel=1", "--samples", Path.of("..", "docs", "samples").toString(),
          "--db-url", url, "--db-user", pg.user(), "--db-password", pg.password());
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(code).as(out).isZero();
    assertThat(out).contains("checks: all OK")
        .contains("OK  every acknowledged statement stored exactly once: 1,500 acknowledged, 1,500 rows")
        .contains("OK  every statement mapped exactly once")
        .contains("OK  every milestone derived once and asked for once")
        .contains("OK  every credential issued once")
        .contains("killed node-b (SIGKILL)");
    try (Connection c = DriverManager.getConnection("jdbc:" + url, pg.user(), pg.password()); Statement st = c.createStatement()) {
      assertThat(count(st, "select count(distinct id) from lrs.statements")).isEqualTo(STATEMENTS);
      assertThat(count(st, "select count(*) from lrs.statements")).isEqualTo(STATEMENTS);
      assertThat(count(st, "select processed from progression.feed_cursors where consumer = 'live'")).isEqualTo(STATEMENTS);
      long credentials = count(st, "select count(*) from credentials.credentials where revoked is null");
      assertThat(credentials).as("the small cohort reaches milestones").isPositive();
      assertThat(count(st, "select count(distinct (person_id, achievement_id)) from credentials.credentials where revoked is null"))
          .isEqualTo(credentials);
      assertThat(count(st, "select count(*) from progression.issuance_requests where withdrawn is null")).isEqualTo(credentials);
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); Statement st = c.createStatement()) {
      st.execute("drop database " + name + " with (force)");
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Writes to the console and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
