package cairn.accounts.local;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.accounts.AccountsServer;
import cairn.accounts.Admin;
import cairn.accounts.Browser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local accounts end to end, over HTTP on a real server and PostgreSQL: invitation, password,
 * sign-in, the self-service API, sign-out, and the attacks sign-in must withstand (CSRF, session
 * fixation, open redirect, brute force).
 */
class SignInTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static AccountsServer server;
  private static Admin admin;

  @BeforeAll
  static void start() {
    server = new AccountsServer(AccountsServer.options());
    admin = new Admin(server.client());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Browser browser() {
    return new Browser(server.client());
  }

  @Test
  void inviteSetPasswordSignInMeSignOut() {
    Browser browser = browser();
    String email = Admin.email("ada");
    JsonObject invitation = admin.invite(email, "employee", "mentor");
    assertThat(invitation.getString("invitation")).startsWith("http://localhost/invitations/");
    assertThat(invitation.getJsonArray("personIfis").getList()).containsExactly("mbox:mailto:" + email);

    HttpResponse<Buffer> page = browser.get(Admin.path(invitation));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("<label for=\"password\">", "id=\"password\"", email);
    HttpResponse<Buffer> set = browser.post(Admin.path(invitation), Browser.form("password", PASSWORD));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(303);
    assertThat(set.getHeader("Location")).isEqualTo("/login?set");
    assertThat(browser.get("/login?set").bodyAsString()).contains("Your password is set");

    assertThat(browser.me().statusCode()).isEqualTo(401);
    HttpResponse<Buffer> signedIn = browser.signIn(email, PASSWORD);
    assertThat(signedIn.getHeader("Location")).isEqualTo("/");
    JsonObject me = browser.meJson();
    assertThat(me.getString("email")).isEqualTo(email);
    assertThat(me.getString("account")).isEqualTo(invitation.getString("account"));
    assertThat(me.getJsonArray("roles").getList()).containsExactly("employee", "mentor");
    assertThat(me.getJsonObject("person").getJsonArray("ifis").getList()).containsExactly("mbox:mailto:" + email);

    HttpResponse<Buffer> home = browser.get("/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.bodyAsString()).contains(email, "action=\"/logout\"", "action=\"/logout/everywhere\"");
    HttpResponse<Buffer> out = browser.post("/logout", Browser.form());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.getHeader("Location")).isEqualTo("/signed-out");
    HttpResponse<Buffer> after = browser.me();
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(after.getHeader("WWW-Authenticate")).startsWith("Cookie");
    assertThat(browser.get("/signed-out").bodyAsString()).contains("You are signed out");
  }

  @Test
  void theSignInPageLabelsEveryInputAndSendsItsHeaders() {
    HttpResponse<Buffer> page = browser().get("/login?return=/progress");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.bodyAsString();
    assertThat(html).contains("<html lang=\"en\">", "<label for=\"email\">", "id=\"email\" name=\"email\"",
        "<label for=\"password\">", "id=\"password\" name=\"password\"", "autocomplete=\"current-password\"",
        "name=\"return\" value=\"/progress\"", "<main id=\"main\"");
    assertThat(html).doesNotContain("<script");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'");
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
  }

  @Test
  void aWrongPasswordGetsTheFormBackWithAnErrorSummary() {
    Browser browser = browser();
    String email = Admin.email("wrong");
    admin.account(browser, email, PASSWORD);
    browser.get("/login");
    HttpResponse<Buffer> wrong = browser.post("/login", Browser.form("email", email, "password", "not the password"));
    assertThat(wrong.statusCode()).as(wrong.bodyAsString()).isEqualTo(401);
    assertThat(wrong.bodyAsString()).contains("There is a problem", "href=\"#email\"",
        "The email address or the password is not right", "<title>Error:", "aria-describedby=\"email-error\"");
    // the page sent back carries a new token that works
    HttpResponse<Buffer> right = browser.post("/login", Browser.form("email", email, "password", PASSWORD));
    assertThat(right.statusCode()).as(right.bodyAsString()).isEqualTo(303);
    // an unknown address gets the same answer
    browser = browser();
    browser.get("/login");
    HttpResponse<Buffer> unknown = browser.post("/login", Browser.form("email", Admin.email("nobody"),
        "password", PASSWORD));
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.bodyAsString()).contains("The email address or the password is not right");
  }

  @Test
  void fiveFailuresLockTheAccountAcrossSessionsEvenForTheRightPassword() {
    Browser browser = browser();
    String email = Admin.email("brute");
    admin.account(browser, email, PASSWORD);
    for (int i = 0; i < 5; i++) {
      Browser attacker = browser(); // a new session each time: the count is not kept in the session
      attacker.get("/login");
      HttpResponse<Buffer> failed = attacker.post("/login", Browser.form("email", email.toUpperCase(),
          "password", "guess number " + i));
      assertThat(failed.statusCode()).as("attempt " + i).isEqualTo(401);
    }
    Browser owner = browser();
    owner.get("/login");
    HttpResponse<Buffer> locked = owner.post("/login", Browser.form("email", email, "password", PASSWORD));
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isBetween(1L, 15 * 60L);
    assertThat(locked.bodyAsString()).contains("Too many failed attempts to sign in. Try again in 15 minutes.");
    assertThat(owner.me().statusCode()).isEqualTo(401);

    // when the lock has passed (moved into the past here), the right password works and clears the count
    server.pool.preparedQuery("update accounts.login_throttle set locked_until = now() - interval '1 second', "
        + "window_start = now() - interval '1 hour' where key = $1").execute(Tuple.of("account:" + email)).await();
    owner.signIn(email, PASSWORD);
    assertThat(owner.meJson().getString("email")).isEqualTo(email);
  }

  @Test
  void aFormWithoutOrWithAWrongCsrfTokenIsRefused() {
    Browser browser = browser();
    String email = Admin.email("csrf");
    JsonObject invitation = admin.invite(email);
    browser.get(Admin.path(invitation));
    assertThat(browser.postWithToken(Admin.path(invitation), Browser.form("password", PASSWORD), null).statusCode())
        .isEqualTo(403);
    String token = browser.csrf();
    assertThat(browser.postWithToken(Admin.path(invitation), Browser.form("password", PASSWORD),
        token.substring(0, token.length() - 2) + "xx").statusCode()).isEqualTo(403);
    // the link still works from its own page
    browser.get(Admin.path(invitation));
    assertThat(browser.post(Admin.path(invitation), Browser.form("password", PASSWORD)).statusCode()).isEqualTo(303);

    browser.get("/login");
    HttpResponse<Buffer> noToken = browser.postWithToken("/login", Browser.form("email", email, "password", PASSWORD),
        null);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.getHeader("Content-Type")).startsWith("text/html");
    assertThat(noToken.bodyAsString()).contains("reload its page");
    HttpResponse<Buffer> forged = browser.postWithToken("/login", Browser.form("email", email, "password", PASSWORD),
        "forged.123.abc");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.me().statusCode()).isEqualTo(401);

    browser.signIn(email, PASSWORD);
    browser.get("/");
    assertThat(browser.postWithToken("/logout", Browser.form(), null).statusCode()).isEqualTo(403);
    assertThat(browser.postWithToken("/logout/everywhere", Browser.form(), "x").statusCode()).isEqualTo(403);
    assertThat(browser.me().statusCode()).as("still signed in").isEqualTo(200);
  }

  @Test
  void signingInGivesANewSessionIdAndTheOldOneIsWorthNothing() {
    Browser browser = browser();
    String email = Admin.email("fixation");
    admin.account(browser, email, PASSWORD);
    browser.get("/login");
    String before = browser.cookie("cairn-session");
    assertThat(before).isNotNull();
    browser.post("/login", Browser.form("email", email, "password", PASSWORD));
    String after = browser.cookie("cairn-session");
    assertThat(after).isNotNull().isNotEqualTo(before);
    assertThat(browser.meJson().getString("email")).isEqualTo(email);

    // an attacker who planted or kept the id from before the sign-in holds nothing
    HttpResponse<Buffer> planted = server.client().get("/api/v1/me").putHeader("Cookie", "cairn-session=" + before)
        .send().await();
    assertThat(planted.statusCode()).isEqualTo(401);
    // and the row stores only a digest of the id
    long raw = server.pool.preparedQuery("select count(*) as n from accounts.sessions where id_hash = $1::text::bytea")
        .execute(Tuple.of(after)).await().iterator().next().getLong("n");
    assertThat(raw).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"//evil.example", "https://evil.example", "/\\evil.example", "http:/evil.example",
      "javascript:alert(1)", "/\tevil", "evil.example", "///evil.example", "/%0d%0aLocation:%20x"})
  void aReturnUrlToAnotherSiteLandsOnTheHomePage(String target) {
    Browser browser = browser();
    String email = Admin.email("redirect");
    admin.account(browser, email, PASSWORD);
    browser.get("/login");
    HttpResponse<Buffer> signedIn = browser.post("/login", Browser.form("email", email, "password", PASSWORD,
        "return", target));
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String location = signedIn.getHeader("Location");
    if (target.startsWith("/%0d")) {
      assertThat(location).isEqualTo(target); // percent-encoded: a path on this site, no header split
    } else {
      assertThat(location).isEqualTo("/");
    }
  }

  @Test
  void aReturnPathOnThisSiteIsKept() {
    Browser browser = browser();
    String email = Admin.email("return");
    admin.account(browser, email, PASSWORD);
    HttpResponse<Buffer> page = browser.get("/login?return=%2Fprogress%3Fladder%3Dx");
    assertThat(page.bodyAsString()).contains("value=\"/progress?ladder=x\"");
    HttpResponse<Buffer> signedIn = browser.post("/login", Browser.form("email", email, "password", PASSWORD,
        "return", "/progress?ladder=x"));
    assertThat(signedIn.getHeader("Location")).isEqualTo("/progress?ladder=x");
    // signed in already, the sign-in page sends one on (and never elsewhere)
    assertThat(browser.get("/login?return=//evil.example").getHeader("Location")).isEqualTo("/");
  }

  @Test
  void anInvitationLinkWorksOnceAndExpires() {
    Browser browser = browser();
    String email = Admin.email("once");
    JsonObject invitation = admin.account(browser, email, PASSWORD);
    HttpResponse<Buffer> again = browser.get(Admin.path(invitation));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.bodyAsString()).contains("This link does not work");
    browser.get("/login"); // a page with a form: its token
    HttpResponse<Buffer> reuse = browser.post(Admin.path(invitation), Browser.form("password", "another long password"));
    assertThat(reuse.statusCode()).as(reuse.bodyAsString()).isEqualTo(404);
    browser.signIn(email, PASSWORD); // the first password stands

    String late = Admin.email("late");
    JsonObject expired = admin.invite(late);
    server.pool.preparedQuery("update accounts.invitations set expires = now() - interval '1 second' "
        + "where account_id = $1").execute(Tuple.of(UUID.fromString(expired.getString("account")))).await();
    assertThat(browser.get(Admin.path(expired)).statusCode()).isEqualTo(404);
    assertThat(browser.get("/invitations/not-a-token").statusCode()).isEqualTo(404);

    // a new link for the account works, and the old one stays dead
    HttpResponse<Buffer> renewed = admin.post("/api/v1/accounts/" + expired.getString("account") + "/invitations",
        new JsonObject());
    assertThat(renewed.statusCode()).isEqualTo(201);
    Browser other = browser();
    other.get(Admin.path(renewed.bodyAsJsonObject()));
    assertThat(other.post(Admin.path(renewed.bodyAsJsonObject()), Browser.form("password", PASSWORD)).statusCode())
        .isEqualTo(303);
    other.signIn(late, PASSWORD);
  }

  @Test
  void signingOutEverywhereEndsTheOtherSessionsOfTheAccount() {
    String email = Admin.email("everywhere");
    Browser laptop = browser();
    admin.account(laptop, email, PASSWORD);
    laptop.signIn(email, PASSWORD);
    Browser phone = browser();
    phone.signIn(email, PASSWORD);
    Browser bystander = browser();
    String other = Admin.email("bystander");
    admin.account(bystander, other, PASSWORD);
    bystander.signIn(other, PASSWORD);

    laptop.get("/");
    HttpResponse<Buffer> out = laptop.post("/logout/everywhere", Browser.form());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.getHeader("Location")).isEqualTo("/signed-out?everywhere");
    assertThat(phone.me().statusCode()).isEqualTo(401);
    assertThat(laptop.me().statusCode()).isEqualTo(401);
    assertThat(bystander.me().statusCode()).isEqualTo(200);
  }

  @Test
  void passwordRules() {
    Browser browser = browser();
    JsonObject invitation = admin.invite(Admin.email("rules"));
    String path = Admin.path(invitation);
    browser.get(path);
    HttpResponse<Buffer> tooShort = browser.post(path, Browser.form("password", "eleven char"));
    assertThat(tooShort.statusCode()).isEqualTo(400);
    assertThat(tooShort.bodyAsString()).contains("at least 12 characters", "href=\"#password\"");
    HttpResponse<Buffer> tooLong = browser.post(path, Browser.form("password", "x".repeat(1025)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.bodyAsString()).contains("at most 1024 characters");
    HttpResponse<Buffer> control = browser.post(path, Browser.form("password", "twelve chars\u0007here"));
    assertThat(control.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> longest = browser.post(path, Browser.form("password", "é".repeat(1024)));
    assertThat(longest.statusCode()).as(longest.bodyAsString()).isEqualTo(303);

    String hash = server.pool.preparedQuery("select password_hash from accounts.accounts where id = $1")
        .execute(Tuple.of(UUID.fromString(invitation.getString("account")))).await().iterator().next()
        .getString("password_hash");
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    browser.signIn(invitation.getString("email"), "é".repeat(1024));
  }

  @Test
  void withoutASessionTheSelfServiceApiIsA401AndNothingFallsThroughToTheAdminApi() {
    HttpResponse<Buffer> me = server.client().get("/api/v1/me").send().await();
    assertThat(me.statusCode()).isEqualTo(401);
    assertThat(me.bodyAsJsonObject().getString("detail")).contains("Sign in first");
    assertThat(server.client().get("/api/v1/me/nothing").send().await().statusCode()).isEqualTo(404);
    HttpResponse<Buffer> garbage = server.client().get("/api/v1/me").putHeader("Cookie", "cairn-session=" + "a".repeat(64))
        .send().await();
    assertThat(garbage.statusCode()).isEqualTo(401);
    long rows = server.pool.query("select count(*) as n from accounts.sessions where data = '{}'::jsonb").execute()
        .await().iterator().next().getLong("n");
    assertThat(rows).as("anonymous requests leave no empty session rows").isZero();
  }
}
