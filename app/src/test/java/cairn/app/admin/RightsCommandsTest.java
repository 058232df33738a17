package cairn.app.admin;

import static cairn.app.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.CairnServer;
import cairn.app.Config;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn admin retention [--dry-run]} and {@code cairn admin erase-person ID [--dry-run]}: the
 * retention purge removes only statements stored before the period, in batches, audited, and skips
 * while another node holds its lock; a bad period stops with exit 2; a person is erased from the
 * command line after a dry run, and a second erasure fails clearly.
 */
class RightsCommandsTest {
  private static CairnServer server;

  @BeforeAll
  static void start() {
    server = new CairnServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, String> withRetention(String period) {
    Map<String, String> env = new HashMap<>(AdminRun.shared());
    env.put("CAIRN_RETENTION_STATEMENTS", period);
    return env;
  }

  private static String post(String email) {
    String id = UUID.randomUUID().toString();
    HttpResponse<Buffer> r = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject().put("id", id).put("actor", new JsonObject().put("mbox", "mailto:" + email))
            .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/experienced"))
            .put("object", new JsonObject().put("id", "https://retention.example/" + id))).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return id;
  }

  private static int status(String id) {
    return server.client.get("/xapi/statements?statementId=" + id).putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await().statusCode();
  }

  @Test
  void retentionPurgesOnlyWhatIsPastThePeriodAndOneNodeAtATime() {
    String old1 = post("old@retention.example");
    String old2 = post("old@retention.example");
    String recent = post("recent@retention.example");
    // as if stored three years ago (the API sets stored to the time of storing)
    for (String sql : new String[] {
        "update lrs.statement_agents set stored = stored - interval '3 years' where seq in "
            + "(select seq from lrs.statements where id = any($1::uuid[]))",
        "update lrs.statements set stored = stored - interval '3 years' where id = any($1::uuid[])"}) {
      server.cairn.pool().preparedQuery(sql).execute(Tuple.of((Object) new UUID[] {UUID.fromString(old1),
          UUID.fromString(old2)})).await();
    }
    AdminRun dry = admin(withRetention("P2Y"), "retention", "--dry-run");
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out().trim()).isEqualTo("2");
    assertThat(status(old1)).as("a dry run changes nothing").isEqualTo(200);

    // another node purging: this one skips
    SqlConnection other = server.cairn.pool().getConnection().await();
    try {
      other.query("select pg_advisory_lock(" + 0x636169726e2e7265L + ")").execute().await();
      AdminRun skipped = admin(withRetention("P2Y"), "retention");
      assertThat(skipped.code()).as(skipped.toString()).isEqualTo(1);
      assertThat(skipped.err()).contains("Another Cairn is purging");
      assertThat(status(old1)).isEqualTo(200);
    } finally {
      other.query("select pg_advisory_unlock(" + 0x636169726e2e7265L + ")").execute().await();
      other.close().await();
    }

    AdminRun purged = admin(withRetention("P2Y"), "retention");
    assertThat(purged.code()).as(purged.toString()).isZero();
    assertThat(purged.out().trim()).isEqualTo("2");
    assertThat(status(old1)).isEqualTo(404);
    assertThat(status(old2)).isEqualTo(404);
    assertThat(status(recent)).isEqualTo(200);
    String audit = server.cairn.pool().query("select actor, detail::text as d from lrs.audit "
        + "where action = 'statements.purge' order by id desc limit 1").execute().await().iterator().next().getString("d");
    assertThat(audit).contains("\"statements\": 2").contains("\"period\": \"P2Y\"");
    assertThat(admin(withRetention("P2Y"), "retention", "--dry-run").out().trim()).isEqualTo("0");
  }

  @Test
  void retentionNeedsAPeriod() {
    AdminRun unset = admin(AdminRun.shared(), "retention", "--dry-run");
    assertThat(unset.code()).isEqualTo(2);
    assertThat(unset.err()).contains("CAIRN_RETENTION_STATEMENTS is not set");
    for (String bad : new String[] {"2 years", "P0D", "P-1Y", "PT5H"}) {
      AdminRun r = admin(withRetention(bad), "retention", "--dry-run");
      assertThat(r.code()).as(bad + ": " + r).isEqualTo(2);
      assertThat(r.err()).contains("CAIRN_RETENTION_STATEMENTS must be an ISO-8601 period");
    }
    assertThat(Config.from(Map.of("CAIRN_RETENTION_STATEMENTS", "P18M")).retentionStatements().orElseThrow().toTotalMonths())
        .isEqualTo(18);
  }

  @Test
  void erasePersonFromTheCommandLine(@TempDir Path dir) throws IOException {
    String id = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path people = dir.resolve("people.json");
    Files.writeString(people, new JsonArray().add(new JsonObject().put("id", id)
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + id + "@example.com")))).encode());
    assertThat(admin(AdminRun.shared(), "import", "people", people.toString()).code()).isZero();
    post(id + "@example.com");

    AdminRun dry = admin(AdminRun.shared(), "erase-person", id, "--dry-run");
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(new JsonObject(dry.out()).getJsonObject("counts").getJsonObject("lrs").getInteger("statements")).isEqualTo(1);
    assertThat(admin(AdminRun.shared(), "erase-person", id).code()).as("a reason is needed").isEqualTo(2);

    AdminRun erased = admin(AdminRun.shared(), "erase-person", id, "--reason", "ticket 42");
    assertThat(erased.code()).as(erased.toString()).isZero();
    JsonObject record = new JsonObject(erased.out());
    assertThat(record.getString("requestedBy")).startsWith("cli:");
    assertThat(record.getString("completed")).isNotBlank();

    AdminRun again = admin(AdminRun.shared(), "erase-person", id, "--reason", "ticket 42");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("No person " + id);
  }
}
