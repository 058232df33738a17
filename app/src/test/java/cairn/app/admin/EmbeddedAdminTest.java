package cairn.app.admin;

import static cairn.app.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.CairnServer;
import cairn.app.Config;
import cairn.app.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands on the embedded database: they use the PostgreSQL of a Cairn running on the
 * data directory (one postmaster per data directory), start their own when none runs and stop it
 * after; restore refuses to run under a running Cairn; backup needs pg_dump of the server's version.
 */
class EmbeddedAdminTest {
  @TempDir
  Path dir;

  private Map<String, String> env(Path data) {
    return Map.of("CAIRN_DATA_DIR", data.toString(), "CAIRN_HTTP_PORT", "0",
        "CAIRN_KEY_SECRET", CairnServer.KEY_SECRET);
  }

  private static boolean hasCredential(Database db, String key) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement ps = c.prepareStatement("select count(*) from lrs.credentials where key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  @Test
  void commandsUseTheRunningCairnsPostgresAndRestoreRefusesToRunUnderIt() throws Exception {
    Path data = dir.resolve("data");
    Path fake = dir.resolve("fake.dump");
    Files.writeString(fake, "PGDMP and not much else");
    Database running = Database.embedded(data.resolve("postgres")); // what a running Cairn holds
    try {
      assertThat(Database.runningPostmaster(Config.from(env(data)))).isPresent();
      AdminRun created = admin(env(data), "credential", "create", "--key", "ops", "--scope", "all");
      assertThat(created.code()).as(created.toString()).isZero();
      assertThat(hasCredential(running, "ops")).isTrue();

      AdminRun refused = admin(env(data), "restore", fake.toString());
      assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("A Cairn is running on CAIRN_DATA_DIR " + data).contains("stop it first");
    } finally {
      running.close();
    }

    AdminRun listed = admin(env(data), "credential", "list"); // no Cairn runs: the command starts PostgreSQL
    assertThat(listed.code()).as(listed.toString()).isZero();
    assertThat(listed.out()).contains("ops ");
    assertThat(Database.runningPostmaster(Config.from(env(data)))).isEmpty(); // and stopped it
  }

  @Test
  void backupNeedsPgDumpOfTheServersVersionAndRestoresIntoAFreshDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    assertThat(admin(env(data), "credential", "create", "--key", "kept", "--scope", "all").code()).isZero();
    Path file = dir.resolve("embedded.dump");
    AdminRun backup = admin(env(data), "backup", file.toString());
    boolean tools;
    try {
      PgTools.find(null, 17, "17");
      tools = true;
    } catch (AdminException e) {
      tools = false;
    }
    if (!tools) { // the embedded bundle has no pg_dump, and this machine has none of version 17 or newer
      assertThat(backup.code()).as(backup.toString()).isEqualTo(1);
      assertThat(backup.err()).contains("pg_dump and pg_restore of PostgreSQL 17 (or newer) are needed")
          .contains("--pg-bin");
      assertThat(file).doesNotExist();
      return;
    }
    assertThat(backup.code()).as(backup.toString()).isZero();
    Path fresh = dir.resolve("fresh");
    AdminRun restored = admin(env(fresh), "restore", file.toString());
    assertThat(restored.code()).as(restored.toString()).isZero();
    AdminRun listed = admin(env(fresh), "credential", "list");
    assertThat(listed.out()).contains("kept ");
  }
}
