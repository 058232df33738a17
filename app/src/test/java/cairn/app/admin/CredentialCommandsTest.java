package cairn.app.admin;

import static cairn.app.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.CairnServer;
import cairn.lrs.testing.TestPostgres;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn admin credential}: what it creates authenticates over HTTP, list never shows a secret,
 * revoke keeps the last admin credential, and every change is audited as the operating system user.
 */
class CredentialCommandsTest {
  static CairnServer server;
  static final String ACTOR = "cli:" + System.getProperty("user.name");

  @BeforeAll
  static void start() {
    server = new CairnServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static int statementsAs(String key, String secret) {
    return server.client.get("/xapi/statements?limit=1").putHeader("X-Experience-API-Version", "2.0.0")
        .putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes()))
        .send().await().statusCode();
  }

  private static List<String> audit(String key) {
    List<String> entries = new ArrayList<>();
    server.cairn.pool().preparedQuery("select action, actor from lrs.audit where subject = $1 order by id")
        .execute(Tuple.of(key)).await()
        .forEach(row -> entries.add(row.getString("action") + " by " + row.getString("actor")));
    return entries;
  }

  @Test
  void aCreatedCredentialAuthenticatesOverHttpAndItsSecretIsShownOnce() {
    String key = "ops-" + UUID.randomUUID();
    AdminRun created = admin(AdminRun.shared(), "credential", "create", "--key", key, "--scope", "all",
        "--scope", "statements/write", "--name", "operations");
    assertThat(created.code()).as(created.toString()).isZero();
    assertThat(created.outLine("key:")).isEqualTo(key);
    String secret = created.outLine("secret:");
    assertThat(secret).hasSizeGreaterThan(30);
    assertThat(created.err()).contains("shown this once");
    assertThat(statementsAs(key, secret)).isEqualTo(200);
    assertThat(statementsAs(key, secret + "x")).isEqualTo(401);

    AdminRun list = admin(AdminRun.shared(), "credential", "list");
    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(list.out()).startsWith("KEY").contains(key).contains("operations").contains("all,statements/write")
        .doesNotContain(secret);
    assertThat(list.err()).doesNotContain(secret);

    AdminRun again = admin(AdminRun.shared(), "credential", "create", "--key", key, "--scope", "all");
    assertThat(again.code()).as(again.toString()).isEqualTo(1);
    assertThat(again.err()).contains("exists already").contains("choose another key");
    assertThat(audit(key)).containsExactly("credential.create by " + ACTOR);
  }

  @Test
  void aGivenSecretIsUsedAndNotPrintedAndARevokedCredentialNoLongerAuthenticates() {
    String key = "lms-" + UUID.randomUUID();
    String secret = "a-secret-of-the-operators-choosing";
    AdminRun created = admin(AdminRun.shared(), "credential", "create", "--key", key, "--secret", secret,
        "--scope", "statements/read");
    assertThat(created.code()).as(created.toString()).isZero();
    assertThat(created.out()).doesNotContain(secret);

    AdminRun revoked = admin(AdminRun.shared(), "credential", "revoke", "--key", key);
    assertThat(revoked.code()).as(revoked.toString()).isZero();
    assertThat(statementsAs(key, secret)).isEqualTo(401);
    assertThat(audit(key)).containsExactly("credential.create by " + ACTOR, "credential.revoke by " + ACTOR);

    AdminRun twice = admin(AdminRun.shared(), "credential", "revoke", "--key", key);
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains("No active credential has key");
  }

  @Test
  void badArgumentsExitTwoAndSayWhatIsExpected() {
    AdminRun scope = admin(AdminRun.shared(), "credential", "create", "--key", "k-" + UUID.randomUUID(),
        "--scope", "root");
    assertThat(scope.code()).isEqualTo(2);
    assertThat(scope.err()).contains("Unknown scope 'root'").contains("statements/write");
    AdminRun colon = admin(AdminRun.shared(), "credential", "create", "--key", "a:b", "--scope", "all");
    assertThat(colon.code()).isEqualTo(2);
    assertThat(colon.err()).contains("without colon");
    AdminRun shortSecret = admin(AdminRun.shared(), "credential", "create", "--key", "k-" + UUID.randomUUID(),
        "--secret", "short", "--scope", "all");
    assertThat(shortSecret.code()).isEqualTo(2);
    assertThat(shortSecret.err()).contains("16 to 1024 characters");
    AdminRun missing = admin(AdminRun.shared(), "credential", "create", "--scope", "all");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--key=KEY'");
    AdminRun config = admin(Map.of("CAIRN_DB_URL", "mysql://nowhere/db"), "credential", "list");
    assertThat(config.code()).isEqualTo(2);
    assertThat(config.err()).contains("CAIRN_DB_URL must be");
  }

  /** On a database of its own, so that "last" means what it says. */
  @Test
  void theLastAdminCredentialIsKeptAndTheWayOutIsToCreateAnotherFirst() {
    String name = "cli_last_admin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PgConnectOptions db = TestPostgres.get().database(name);
    Map<String, String> env = AdminRun.on("jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + name);

    assertThat(admin(env, "credential", "create", "--key", "first", "--scope", "all").code()).isZero();
    AdminRun refused = admin(env, "credential", "revoke", "--key", "first");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("last active credential with scope 'all'")
        .contains("cairn admin credential create --key NEW-KEY --scope all");

    assertThat(admin(env, "credential", "create", "--key", "second", "--scope", "all").code()).isZero();
    assertThat(admin(env, "credential", "revoke", "--key", "first").code()).isZero();
    assertThat(admin(env, "credential", "revoke", "--key", "second").code()).isEqualTo(1);
    AdminRun list = admin(env, "credential", "list");
    assertThat(list.out().lines().filter(l -> l.startsWith("first ")).findFirst().orElseThrow()).doesNotEndWith("-");
    assertThat(list.out().lines().filter(l -> l.startsWith("second ")).findFirst().orElseThrow()).endsWith("-");
  }

  /** A database the running Cairn has not migrated as far as this cairn.jar would. */
  @Test
  void aNewerCairnJarDoesNotMigrateUnderARunningCairn() {
    String name = "cli_behind_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PgConnectOptions db = TestPostgres.get().database(name); // the LRS schema only: the others are pending
    Pool running = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("application_name", "cairn"))
        .using(server.vertx).build();
    try {
      running.query("select 1").execute().await(); // a connection of "a running Cairn"
      AdminRun refused = admin(AdminRun.on("jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + name),
          "credential", "list");
      assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("brings migrations the database does not have yet (progression 1")
          .contains("Upgrade Cairn first");
    } finally {
      running.close().await();
    }
  }
}
