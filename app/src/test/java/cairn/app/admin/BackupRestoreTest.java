package cairn.app.admin;

import static cairn.app.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cairn.app.Cairn;
import cairn.app.CairnServer;
import cairn.app.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn admin backup} and {@code restore} on a PostgreSQL with its own pg_dump and
 * pg_restore (the machine's installation, see {@link SystemPostgres}): a backup of a running Cairn
 * restores into an empty database with the same statements and credentials; restore refuses a
 * database a Cairn is connected to, a database with Cairn data (unless --clean), and a file that is
 * not a backup.
 */
class BackupRestoreTest {
  static SystemPostgres pg;
  static final String KEY = "backup-admin";
  static final String SECRET = "backup-admin-secret-0123456789";

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> installation = SystemPostgres.installation();
    assumeTrue(installation.isPresent(), "no PostgreSQL server with its client tools under /usr/lib/postgresql");
    pg = SystemPostgres.start(installation.get());
    pg.createDatabase("source");
    pg.createDatabase("target");
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  static Map<String, String> env(String database) {
    Map<String, String> env = new HashMap<>();
    env.put("CAIRN_DB_URL", pg.jdbcUrl(database));
    env.put("CAIRN_DB_USER", "postgres");
    env.put("CAIRN_HTTP_PORT", "0");
    env.put("CAIRN_HTTP_INSTANCES", "1");
    env.put("CAIRN_DATA_DIR", Path.of("target", "backup-test").toAbsolutePath().toString());
    env.put("CAIRN_KEY_SECRET", CairnServer.KEY_SECRET);
    env.put("CAIRN_BOOTSTRAP_KEY", KEY);
    env.put("CAIRN_BOOTSTRAP_SECRET", SECRET);
    return env;
  }

  /** A Cairn on one of the cluster's databases, with a client that speaks xAPI as the bootstrap credential. */
  record Running(Vertx vertx, Cairn cairn, WebClient client) implements AutoCloseable {
    static Running on(String database) {
      Vertx vertx = Vertx.vertx();
      Cairn cairn = Cairn.start(vertx, Config.from(env(database))).await();
      return new Running(vertx, cairn, WebClient.create(vertx,
          new WebClientOptions().setDefaultHost("localhost").setDefaultPort(cairn.port())));
    }

    String auth() {
      return "Basic " + Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes());
    }

    JsonArray statements() {
      var response = client.get("/xapi/statements?limit=500&ascending=true").putHeader("Authorization", auth())
          .putHeader("X-Experience-API-Version", "2.0.0").send().await();
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      return response.bodyAsJsonObject().getJsonArray("statements");
    }

    @Override
    public void close() {
      client.close();
      cairn.stop().await();
      vertx.close().await();
      cairn.database().close();
    }
  }

  private static List<String> audit(String database, String action) throws Exception {
    List<String> actors = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), "postgres", "");
        ResultSet rs = c.createStatement().executeQuery("select actor from lrs.audit where action = '" + action + "'")) {
      while (rs.next()) {
        actors.add(rs.getString(1));
      }
    }
    return actors;
  }

  @Test
  void aBackupOfARunningCairnRestoresIntoAnEmptyDatabaseWithTheSameStatements() throws Exception {
    Path file = dir.resolve("cairn.dump");
    JsonArray before;
    try (Running source = Running.on("source")) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 25; i++) {
        batch.add(new JsonObject().put("actor", new JsonObject().put("mbox", "mailto:learner" + i + "@example.com"))
            .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
            .put("object", new JsonObject().put("id", "https://example.com/courses/" + UUID.randomUUID())));
      }
      var posted = source.client.post("/xapi/statements").putHeader("Authorization", source.auth())
          .putHeader("X-Experience-API-Version", "2.0.0").sendJson(batch).await();
      assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
      before = source.statements();
      assertThat(before).hasSize(25);

      AdminRun backup = admin(env("source"), "backup", file.toString());
      assertThat(backup.code()).as(backup.toString()).isZero();
      assertThat(backup.out().strip()).isEqualTo(file.toString());
      assertThat(Files.size(file)).isPositive();
      assertThat(dir.resolve("cairn.dump.partial")).doesNotExist();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

      AdminRun busy = admin(env("source"), "restore", "--clean", file.toString());
      assertThat(busy.code()).as(busy.toString()).isEqualTo(1);
      assertThat(busy.err()).contains("connection(s) of a running Cairn are open").contains("stop every Cairn");
    }
    assertThat(audit("source", "database.backup")).containsExactly("cli:" + System.getProperty("user.name"));

    AdminRun exists = admin(env("source"), "backup", file.toString());
    assertThat(exists.code()).isEqualTo(1);
    assertThat(exists.err()).contains("exists: choose another name, or pass --force");
    assertThat(admin(env("source"), "backup", "--force", file.toString()).code()).isZero();

    AdminRun restored = admin(env("target"), "restore", file.toString());
    assertThat(restored.code()).as(restored.toString()).isZero();
    assertThat(restored.out().strip()).isEqualTo("25");

    AdminRun occupied = admin(env("target"), "restore", file.toString());
    assertThat(occupied.code()).isEqualTo(1);
    assertThat(occupied.err()).contains("holds Cairn data already").contains("--clean");
    AdminRun cleaned = admin(env("target"), "restore", "--clean", file.toString());
    assertThat(cleaned.code()).as(cleaned.toString()).isZero();
    assertThat(audit("target", "database.restore")).hasSize(1); // the first restore's entry was replaced too

    try (Running target = Running.on("target")) {
      assertThat(target.statements()).isEqualTo(before);
    }
  }

  @Test
  void aFileThatIsNotABackupIsRefused() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello");
    AdminRun refused = admin(env("target"), "restore", file.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("is not a backup made by 'cairn admin backup'");
    AdminRun missing = admin(env("target"), "restore", dir.resolve("none.dump").toString());
    assertThat(missing.code()).isEqualTo(2);
  }
}
