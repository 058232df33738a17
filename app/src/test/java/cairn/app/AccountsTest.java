package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.TestPostgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Sign-in in the whole of Cairn: the first administrator invited from the command line, a person
 * invited through the admin API, both signing in through the pages, {@code /api/v1/me} answering
 * for the session and never for API credentials, the admin API still asking for them.
 */
class AccountsTest {
  private static CairnServer server;

  @BeforeAll
  static void start() {
    server = new CairnServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theFirstAdministratorComesFromTheCommandLine() {
    TestPostgres pg = TestPostgres.get();
    Map<String, String> env = Map.of("CAIRN_DB_URL", pg.jdbcUrl(), "CAIRN_DB_USER", pg.user(),
        "CAIRN_DB_PASSWORD", pg.password(), "CAIRN_PUBLIC_URL", "https://cairn.example.com",
        "CAIRN_DATA_DIR", Path.of("target", "cairn-cli").toAbsolutePath().toString());
    String email = "first-admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(invite(env, out, err, "--email", email, "--role", "lrs_admin", "--role", "LD_ADMIN")).as(err.toString())
        .isZero();
    Matcher link = Pattern.compile("https://cairn\\.example\\.com(/invitations/[A-Za-z0-9_-]{43})").matcher(out.toString());
    assertThat(link.find()).as(out.toString()).isTrue();
    assertThat(out.toString()).contains("with roles [ld_admin, lrs_admin]");

    WebClientSession browser = Browser.signUpAndIn(server, "http://localhost" + link.group(1), email,
        "the first administrator");
    JsonObject me = browser.get("/api/v1/me").send().await().bodyAsJsonObject();
    assertThat(me.getJsonArray("roles").getList()).containsExactly("ld_admin", "lrs_admin");

    StringWriter again = new StringWriter();
    assertThat(invite(env, new StringWriter(), again, "--email", email)).isEqualTo(1);
    assertThat(again.toString()).contains("exists already");
    StringWriter unknown = new StringWriter();
    assertThat(invite(env, new StringWriter(), unknown, "--email", "x-" + email, "--role", "emperor")).isEqualTo(2);
    assertThat(unknown.toString()).contains("Unknown role 'emperor'");
  }

  /** {@code cairn admin account invite ARGS} as the command line runs it. */
  private static int invite(Map<String, String> env, StringWriter out, StringWriter err, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "admin";
    all[1] = "account";
    all[2] = "invite";
    System.arraycopy(args, 0, all, 3, args.length);
    return new CommandLine(new Main(env)).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(all);
  }

  @Test
  void aPersonInvitedThroughTheApiSignsInAndMeAnswersForTheSessionOnly() {
    String email = "api-invited-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    HttpResponse<Buffer> invited = server.client.post("/api/v1/accounts/invitations")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject().put("email", email).put("roles", new JsonArray().add("employee"))).await();
    assertThat(invited.statusCode()).as(invited.bodyAsString()).isEqualTo(201);
    WebClientSession browser = Browser.signUpAndIn(server, invited.bodyAsJsonObject().getString("invitation"), email,
        "a password of some length");
    HttpResponse<Buffer> me = browser.get("/api/v1/me").send().await();
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getJsonObject("person").getJsonArray("ifis").getList())
        .containsExactly("mbox:mailto:" + email);

    // API credentials are no session; a session is no API credential
    HttpResponse<Buffer> basic = server.client.get("/api/v1/me")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await();
    assertThat(basic.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> frameworks = browser.get("/api/v1/frameworks").send().await();
    assertThat(frameworks.statusCode()).as("an employee's session does not open the L&D admin's API").isEqualTo(403);
    assertThat(frameworks.bodyAsJsonObject().getString("detail")).isEqualTo("This needs the role 'ld_admin'.");
    assertThat(browser.get("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0").send().await()
        .statusCode()).isEqualTo(401);
  }
}
