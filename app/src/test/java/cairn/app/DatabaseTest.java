package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL of the zero-setup default keeps what it acknowledged through a power loss. */
class DatabaseTest {

  @Test
  void theEmbeddedPostgresqlRunsWithFsyncAndFullPageWritesAndSpacedCheckpoints() throws Exception {
    Path dir = Files.createTempDirectory("cairn-durable");
    try (Database db = Database.embedded(dir.resolve("postgres"));
         Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement()) {
      for (String setting : new String[] {"fsync", "full_page_writes", "synchronous_commit"}) {
        try (ResultSet rs = st.executeQuery("show " + setting)) {
          rs.next();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
      // checkpoints spaced for full ingest: fewer whole-page images in the log (Database#embedded)
      for (String[] setting : new String[][] {{"max_wal_size", "4GB"}, {"checkpoint_timeout", "15min"}}) {
        try (ResultSet rs = st.executeQuery("show " + setting[0])) {
          rs.next();
          assertThat(rs.getString(1)).as(setting[0]).isEqualTo(setting[1]);
        }
      }
    }
  }
}
