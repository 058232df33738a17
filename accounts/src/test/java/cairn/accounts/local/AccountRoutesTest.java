package cairn.accounts.local;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.accounts.AccountsOptions;
import cairn.accounts.AccountsServer;
import cairn.accounts.Admin;
import cairn.accounts.Browser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The accounts admin API: invitations, role grants and revocations, and their audit. */
class AccountRoutesTest {
  private static AccountsServer server;
  private static Admin admin;

  @BeforeAll
  static void start() {
    AccountsOptions defaults = AccountsServer.options();
    // few failures per client address: this class tests that lock too
    server = new AccountsServer(new AccountsOptions(defaults.publicUrl(), defaults.sessionIdle(), defaults.sessionMax(),
        defaults.invitationValidity(), 5, 4, Duration.ofMinutes(15), defaults.csrfSecret()));
    admin = new Admin(server.client());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void invitingNeedsTheAdminCredential() {
    HttpResponse<Buffer> anonymous = server.client().post("/api/v1/accounts/invitations")
        .sendJsonObject(new JsonObject().put("email", Admin.email("x"))).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  void badInvitationsAreA400ThatSaysWhy() {
    assertThat(admin.post("/api/v1/accounts/invitations", new JsonObject().put("email", "not an address"))
        .bodyAsJsonObject().getString("detail")).contains("is not an email address");
    HttpResponse<Buffer> role = admin.post("/api/v1/accounts/invitations", new JsonObject()
        .put("email", Admin.email("role")).put("roles", new JsonArray().add("emperor")));
    assertThat(role.statusCode()).isEqualTo(400);
    assertThat(role.bodyAsJsonObject().getString("detail")).contains("Unknown role 'emperor'", "lrs_admin");
    HttpResponse<Buffer> agent = admin.post("/api/v1/accounts/invitations", new JsonObject()
        .put("email", Admin.email("agent")).put("agents", new JsonArray().add(new JsonObject().put("name", "x"))));
    assertThat(agent.statusCode()).isEqualTo(400);
    assertThat(admin.post("/api/v1/accounts/invitations", new JsonObject().put("email", "a\u0000b@example.com"))
        .statusCode()).isEqualTo(400);
  }

  @Test
  void anEmailOrAPersonTakenAlreadyIsA409() {
    String email = Admin.email("twice");
    admin.invite(email);
    HttpResponse<Buffer> again = admin.post("/api/v1/accounts/invitations", new JsonObject().put("email",
        email.toUpperCase()));
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<Buffer> samePerson = admin.post("/api/v1/accounts/invitations", new JsonObject()
        .put("email", Admin.email("alias")).put("agents", new JsonArray().add(new JsonObject()
            .put("mbox", "mailto:" + email))));
    assertThat(samePerson.statusCode()).isEqualTo(409);
    assertThat(samePerson.bodyAsJsonObject().getString("detail")).contains("already has an account");
  }

  @Test
  void theInvitationNamesThePersonByTheGivenAgents() {
    JsonObject invitation = admin.post("/api/v1/accounts/invitations", new JsonObject()
        .put("email", Admin.email("agents")).put("name", "Grace")
        .put("agents", new JsonArray().add(new JsonObject().put("account", new JsonObject()
            .put("homePage", "https://hr.example.com").put("name", "g-42"))))).bodyAsJsonObject();
    assertThat(invitation.getJsonArray("personIfis").getList())
        .containsExactly("account:22:https://hr.example.comg-42");
  }

  @Test
  void grantsAndRevocationsAreAuditedAndTakeEffectAtOnce() {
    String email = Admin.email("roles");
    Browser browser = new Browser(server.client());
    JsonObject invitation = admin.account(browser, email, "a long enough password", "employee");
    String id = invitation.getString("account");
    browser.signIn(email, "a long enough password");
    assertThat(browser.meJson().getJsonArray("roles").getList()).containsExactly("employee");

    HttpResponse<Buffer> granted = server.client().put("/api/v1/accounts/" + id + "/roles/auditor")
        .basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET).send().await();
    assertThat(granted.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> twice = server.client().put("/api/v1/accounts/" + id + "/roles/auditor")
        .basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET).send().await();
    assertThat(twice.statusCode()).isEqualTo(200);
    assertThat(browser.meJson().getJsonArray("roles").getList()).containsExactly("auditor", "employee");
    HttpResponse<Buffer> revoked = server.client().delete("/api/v1/accounts/" + id + "/roles/employee")
        .basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET).send().await();
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(browser.meJson().getJsonArray("roles").getList()).containsExactly("auditor");
    assertThat(server.client().delete("/api/v1/accounts/" + id + "/roles/employee")
        .basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET).send().await().statusCode())
        .isEqualTo(404);
    assertThat(server.client().put("/api/v1/accounts/" + UUID.randomUUID() + "/roles/auditor")
        .basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET).send().await().statusCode())
        .isEqualTo(404);

    List<String> audit = new ArrayList<>();
    for (Row row : server.pool.preparedQuery("select actor, action, detail->>'role' as role from accounts.audit "
        + "where account_id = $1 order by id").execute(Tuple.of(UUID.fromString(id))).await()) {
      audit.add(row.getString("actor") + " " + row.getString("action") + (row.getString("role") == null ? ""
          : " " + row.getString("role")));
    }
    String actor = "api-key:" + AccountsServer.ADMIN_KEY;
    assertThat(audit).containsExactly(actor + " role.grant employee", actor + " account.invite",
        "account:" + id + " password.set", actor + " role.grant auditor", actor + " role.revoke employee");

    HttpResponse<Buffer> list = server.client().get("/api/v1/accounts?limit=1000")
        .basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET).send().await();
    assertThat(list.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("email"))).contains(email);
  }

  @Test
  void failuresFromOneClientAddressLockItForEveryAccount() {
    Browser browser = new Browser(server.client());
    String email = Admin.email("address");
    admin.account(browser, email, "the right password here");
    // other test classes failed from this address too, against their own servers' limits
    server.pool.query("delete from accounts.login_throttle where key = 'address:127.0.0.1'").execute().await();
    for (int i = 0; i < 4; i++) {
      browser.get("/login");
      assertThat(browser.post("/login", Browser.form("email", Admin.email("spray"), "password", "guess " + i))
          .statusCode()).isEqualTo(401);
    }
    browser.get("/login");
    HttpResponse<Buffer> locked = browser.post("/login", Browser.form("email", email, "password",
        "the right password here"));
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.getHeader("Retry-After")).isNotNull();
    server.pool.query("delete from accounts.login_throttle where key = 'address:127.0.0.1'").execute().await();
  }
}
