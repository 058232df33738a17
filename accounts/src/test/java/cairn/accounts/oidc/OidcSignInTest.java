package cairn.accounts.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.accounts.AccountsServer;
import cairn.accounts.Admin;
import cairn.accounts.Browser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with an OpenID Connect provider end to end: a real provider (mock-oauth2-server, on a
 * free port in this JVM: discovery, keys, authorization and token endpoints, signed ID tokens),
 * the real server and PostgreSQL. The browser's redirects are followed by hand.
 */
class OidcSignInTest {
  private static final String CLIENT = "cairn-test";
  private static MockOAuth2Server provider;
  private static AccountsServer server;
  private static Admin admin;
  private static WebClient outside;
  private static String issuer;
  /** The people directory this server sees: the addresses of its people (the progression mapper's, in Cairn). */
  private static final Set<String> DIRECTORY = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    provider = new MockOAuth2Server();
    provider.start();
    issuer = provider.issuerUrl("default").toString();
    server = new AccountsServer(AccountsServer.options(), new OidcOptions(issuer, CLIENT, "test-client-secret",
        OidcOptions.DEFAULT_SCOPES, "groups", "Test IdP"),
        ifis -> Future.succeededFuture(ifis.stream().filter(DIRECTORY::contains).findFirst()
            .map(ifi -> "person-" + ifi)));
    admin = new Admin(server.client());
    outside = WebClient.create(server.vertx, new WebClientOptions().setFollowRedirects(false));
  }

  @AfterAll
  static void stop() {
    server.close();
    provider.shutdown();
  }

  /** The provider's next login: this subject, with these claims. */
  private static void nextLogin(String subject, Map<String, Object> claims) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT), claims, 3600));
  }

  /** Starts at /login/oidc, goes through the provider, answers Cairn's response to the callback. */
  private static HttpResponse<Buffer> signIn(Browser browser, String returnTo) {
    HttpResponse<Buffer> begin = browser.get("/login/oidc" + (returnTo == null ? "" : "?return=" + returnTo));
    assertThat(begin.statusCode()).as(begin.bodyAsString()).isEqualTo(303);
    String authorize = begin.getHeader("Location");
    assertThat(authorize).startsWith(issuer).contains("code_challenge_method=S256", "code_challenge=", "nonce=",
        "state=", "redirect_uri=http%3A%2F%2Flocalhost%2Flogin%2Foidc%2Fcallback");
    HttpResponse<Buffer> atProvider = outside.getAbs(authorize).send().await();
    assertThat(atProvider.statusCode()).as(atProvider.bodyAsString()).isEqualTo(302);
    URI callback = URI.create(atProvider.getHeader("Location"));
    assertThat(callback.getPath()).isEqualTo("/login/oidc/callback");
    return browser.get(callback.getRawPath() + "?" + callback.getRawQuery());
  }

  private static List<String> audit(String account, String actor) {
    List<String> entries = new ArrayList<>();
    for (Row row : server.pool.preparedQuery("""
        select action, detail->>'role' as role from accounts.audit where account_id = $1::uuid and actor = $2 order by id""")
        .execute(Tuple.of(account, actor)).await()) {
      entries.add(row.getString("action") + (row.getString("role") == null ? "" : " " + row.getString("role")));
    }
    return entries;
  }

  @Test
  void theSignInPageShowsTheProvidersButton() {
    HttpResponse<Buffer> page = new Browser(server.client()).get("/login?return=/progress");
    assertThat(page.bodyAsString()).contains("Sign in with Test IdP", "href=\"/login/oidc?return=%2Fprogress\"");
  }

  @Test
  void aVerifiedEmailLinksTheLoginThenTheLinkSignsInWithTheClaimedRoles() {
    String email = Admin.email("olga");
    JsonObject invitation = admin.invite(email, "employee");
    String account = invitation.getString("account");
    String subject = "olga-" + account;
    nextLogin(subject, Map.of("email", email, "email_verified", true, "groups", List.of("/manager", "other")));
    Browser browser = new Browser(server.client());
    HttpResponse<Buffer> done = signIn(browser, "/progress");
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(303);
    assertThat(done.getHeader("Location")).isEqualTo("/progress");
    JsonObject me = browser.meJson();
    assertThat(me.getString("account")).isEqualTo(account);
    assertThat(me.getJsonArray("roles").getList()).containsExactly("employee", "manager");
    assertThat(audit(account, "oidc:" + issuer)).containsExactly("oidc.link", "role.grant manager");

    // the next login is found by (issuer, subject), whatever its email; the claim no longer has manager
    nextLogin(subject, Map.of("email", "changed@example.org", "groups", List.of("mentor")));
    Browser again = new Browser(server.client());
    assertThat(signIn(again, null).getHeader("Location")).isEqualTo("/");
    assertThat(again.meJson().getJsonArray("roles").getList()).containsExactly("employee", "mentor");
    assertThat(audit(account, "oidc:" + issuer)).containsExactly("oidc.link", "role.grant manager",
        "role.grant mentor", "role.revoke manager");

    // sign-out ends the session and offers the provider's end_session_endpoint
    again.get("/");
    HttpResponse<Buffer> out = again.post("/logout", Browser.form());
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.bodyAsString()).contains("Sign out of Test IdP too", issuer + "/endsession?", "id_token_hint=",
        "post_logout_redirect_uri=http%3A%2F%2Flocalhost%2Fsigned-out");
    assertThat(again.me().statusCode()).isEqualTo(401);
  }

  @Test
  void anUnverifiedEmailDoesNotLink() {
    String email = Admin.email("mallory");
    admin.invite(email, "lrs_admin");
    nextLogin("mallory", Map.of("email", email, "email_verified", false));
    Browser browser = new Browser(server.client());
    HttpResponse<Buffer> page = signIn(browser, null);
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.bodyAsString()).contains("Your sign-in is not linked to a person in Cairn",
        "did not tell Cairn a verified email address");
    assertThat(browser.me().statusCode()).isEqualTo(401);
  }

  @Test
  void aFirstSignInOfAPersonOfTheDirectoryMakesTheirAccountAndNobodyElses() {
    String email = Admin.email("dora");
    DIRECTORY.add("mbox:mailto:" + email);
    nextLogin("dora-sub", Map.of("email", email, "email_verified", true, "name", "Dora Explorer",
        "groups", List.of("mentor")));
    Browser browser = new Browser(server.client());
    HttpResponse<Buffer> done = signIn(browser, null);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(303);
    JsonObject me = browser.meJson();
    assertThat(me.getString("name")).isEqualTo("Dora Explorer");
    assertThat(me.getString("email")).isEqualTo(email);
    assertThat(me.getJsonArray("roles").getList()).containsExactly("mentor");
    assertThat(me.getJsonObject("person").getJsonArray("ifis").getList()).containsExactly("mbox:mailto:" + email);
    assertThat(audit(me.getString("account"), "oidc:" + issuer))
        .containsExactly("account.create", "oidc.link", "role.grant mentor");
    // the next sign-in is the same account
    nextLogin("dora-sub", Map.of("email", email, "email_verified", true));
    Browser again = new Browser(server.client());
    signIn(again, null);
    assertThat(again.meJson().getString("account")).isEqualTo(me.getString("account"));

    // an unverified address of a person of the directory makes nothing
    String other = Admin.email("eve");
    DIRECTORY.add("mbox:mailto:" + other);
    nextLogin("eve-sub", Map.of("email", other, "email_verified", false));
    HttpResponse<Buffer> refused = signIn(new Browser(server.client()), null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(server.pool.preparedQuery("select count(*) from accounts.accounts where lower(email) = lower($1)")
        .execute(Tuple.of(other)).await().iterator().next().getLong(0)).isZero();
  }

  @Test
  void anUnknownLoginGetsAClearPage() {
    nextLogin("stranger", Map.of("email", "nobody-here@example.net", "email_verified", true));
    HttpResponse<Buffer> page = signIn(new Browser(server.client()), null);
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.bodyAsString()).contains("no account in Cairn has this address", "nobody-here@example.net");
  }

  @Test
  void aWrongStateAReplayOrARefusalIsA4xxPage() {
    Browser browser = new Browser(server.client());
    HttpResponse<Buffer> begin = browser.get("/login/oidc");
    HttpResponse<Buffer> atProvider = outside.getAbs(begin.getHeader("Location")).send().await();
    URI callback = URI.create(atProvider.getHeader("Location"));
    String code = callback.getRawQuery().replaceAll(".*code=([^&]+).*", "$1");
    HttpResponse<Buffer> forged = browser.get("/login/oidc/callback?code=" + code + "&state=forged");
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.bodyAsString()).contains("Start again from the sign-in page");
    // the flow is used up: the right state does not work after a wrong one, nor twice
    HttpResponse<Buffer> replay = browser.get(callback.getRawPath() + "?" + callback.getRawQuery());
    assertThat(replay.statusCode()).isEqualTo(400);

    browser.get("/login/oidc");
    HttpResponse<Buffer> refused = browser.get("/login/oidc/callback?error=access_denied&state=x");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsString()).contains("was cancelled or refused");
    assertThat(browser.get("/login/oidc/callback").statusCode()).isEqualTo(400);
    assertThat(browser.me().statusCode()).isEqualTo(401);
  }

  @Test
  void theReturnPathIsNoOpenRedirect() {
    String email = Admin.email("rita");
    admin.invite(email);
    nextLogin("rita-" + email, Map.of("email", email, "email_verified", true));
    HttpResponse<Buffer> done = signIn(new Browser(server.client()), "//evil.example");
    assertThat(done.getHeader("Location")).isEqualTo("/");
  }

  @Test
  void anUnreachableProviderDisablesTheButtonAndCairnStillStarts() throws java.io.IOException {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (AccountsServer down = new AccountsServer(AccountsServer.options(), new OidcOptions(
        "http://localhost:" + closed + "/default", CLIENT, "s", OidcOptions.DEFAULT_SCOPES, null, "Test IdP"))) {
      Browser browser = new Browser(down.client());
      HttpResponse<Buffer> page = browser.get("/login");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.bodyAsString()).contains("<button type=\"button\" disabled>Sign in with Test IdP</button>",
          "not available right now").doesNotContain("href=\"/login/oidc");
      HttpResponse<Buffer> begin = browser.get("/login/oidc");
      assertThat(begin.statusCode()).isEqualTo(503);
      assertThat(begin.bodyAsString()).contains("Cairn cannot reach it");
    }
  }

  @Test
  void withoutAProviderItsRoutesSaySo() {
    try (AccountsServer none = new AccountsServer(AccountsServer.options())) {
      Browser browser = new Browser(none.client());
      assertThat(browser.get("/login").bodyAsString()).doesNotContain("Sign in with");
      HttpResponse<Buffer> page = browser.get("/login/oidc/callback?code=x&state=y");
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.bodyAsString()).contains("not set up in this Cairn");
    }
  }
}
