package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The admin console's index and its record-store sections in headless Chromium against the whole of
 * Cairn, each page checked with axe-core: an LRS admin creates an API credential, sees its secret
 * once, uses it for a statement, revokes it (the next statement is a 401); invites someone and ticks a
 * role (the audit trail has both, under the admin's account); cannot drop their own last admin role;
 * browses statements by verb and follows "more" to the next page; reads a statement's JSON, escaped;
 * gets the form again with an error summary for bad filters. An L&D admin without the LRS role gets
 * the 403 page on every one of these sections.
 */
class ConsoleLrsPagesTest {
  private static final String PASSWORD = "a password long enough for the console";
  private static CairnServer server;
  private static String tag;
  private static String adminEmail;
  private static String adminId;
  private static WebClientSession adminHttp;
  private static WebClientSession ldAdminHttp;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    adminEmail = "grace-" + tag + "@example.com";
    JsonObject invited = invite(adminEmail, "Grace Hopper", "lrs_admin");
    adminId = invited.getString("account");
    adminHttp = Browser.signUpAndIn(server, invited.getString("invitation"), adminEmail, PASSWORD);
    String ldEmail = "lin-" + tag + "@example.com";
    ldAdminHttp = Browser.signUpAndIn(server, invite(ldEmail, "Lin", "ld_admin").getString("invitation"), ldEmail,
        PASSWORD);
    chromium = new Chromium(server);
    chromium.signIn(adminEmail, PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject invite(String email, String name, String role) {
    return server.admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", email)
        .put("name", name).put("roles", new JsonArray().add(role)), 201).bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> postStatement(String key, String secret, JsonObject statement) {
    return server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(key, secret).sendJsonObject(statement).await();
  }

  private static JsonObject statement(String verb, String activityName) {
    return new JsonObject().put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", "mailto:ada-" + tag + "@example.com").put("name", "Ada"))
        .put("verb", new JsonObject().put("id", verb).put("display", new JsonObject().put("en-US", "practised")))
        .put("object", new JsonObject().put("id", "https://learn.example.com/" + tag + "/" + UUID.randomUUID())
            .put("definition", new JsonObject().put("name", new JsonObject().put("en-US", activityName))));
  }

  /** The audit entries of a trail with {@code actor}, as "action subject detail" lines. */
  private static List<String> audit(String trail, String actor) {
    List<String> lines = new ArrayList<>();
    JsonArray entries = server.admin(HttpMethod.GET, trail + "?limit=1000", null, 200).bodyAsJsonArray();
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      if (actor.equals(entry.getString("actor"))) {
        lines.add(entry.getString("action") + " " + entry.getString("subject") + " " + entry.getValue("detail"));
      }
    }
    return lines;
  }

  private static HttpResponse<Buffer> page(WebClientSession browser, String path) {
    return browser.get(path).putHeader("Accept", "text/html").send().await();
  }

  @Test
  void theIndexListsTheSectionsAnLrsAdminMayOpenAndHomeLinksToIt() {
    chromium.open("/").accessible();
    chromium.click("a[href='/admin']");
    assertThat(chromium.path()).isEqualTo("/admin");
    assertThat(chromium.text()).contains("API credentials", "Accounts", "Statements", "Signing keys")
        .doesNotContain("Capability frameworks", "Career ladders");
    chromium.accessible().screenshot("console-index");
    // an L&D admin sees their own sections, not the record store's
    String index = page(ldAdminHttp, "/admin").bodyAsString();
    assertThat(index).contains("Capability frameworks", "/admin/ladders").doesNotContain("/admin/api-credentials",
        "/admin/statements");
  }

  @Test
  void anApiCredentialIsShownOnceWorksForStatementsAndStopsWorkingWhenRevoked() {
    String name = "LMS " + tag;
    chromium.open("/admin/api-credentials").accessible();
    chromium.click("a[href='/admin/api-credentials/new']").accessible();
    chromium.find("#name").sendKeys(name);
    chromium.find("#scope-statements-write").click();
    chromium.find("#scope-statements-read").click();
    chromium.click("form[action='/admin/api-credentials'] button[type=submit]");
    assertThat(chromium.find("h1").getText()).isEqualTo("API credential created");
    String key = chromium.find("#new-key").getText();
    String secret = chromium.find("#new-secret").getText();
    assertThat(chromium.text()).contains("only time it is shown", "statements/read, statements/write");
    chromium.accessible().screenshot("console-api-credentials-created");

    assertThat(postStatement(key, secret, statement("https://example.com/verbs/tried-" + tag, "A course"))
        .statusCode()).isEqualTo(200);

    // the list names it, never its secret, and is kept by no cache
    HttpResponse<Buffer> list = page(adminHttp, "/admin/api-credentials");
    assertThat(list.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(list.bodyAsString()).contains(name, key).doesNotContain(secret);
    chromium.open("/admin/api-credentials").accessible();
    assertThat(chromium.text()).contains(name).doesNotContain(secret);

    chromium.click("a[href='/admin/api-credentials/" + key + "/revoke']");
    assertThat(chromium.find("h1").getText()).isEqualTo("Revoke " + name + "?");
    chromium.accessible();
    chromium.click("form[action='/admin/api-credentials/" + key + "/revoke'] button[type=submit]");
    assertThat(chromium.path()).isEqualTo("/admin/api-credentials");
    assertThat(chromium.text()).contains("The credential " + key + " is revoked");
    chromium.accessible();

    HttpResponse<Buffer> refused = postStatement(key, secret, statement("https://example.com/verbs/tried-" + tag,
        "After revoking"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(audit("/api/v1/credentials/audit", "account:" + adminId)).anySatisfy(line -> assertThat(line)
        .startsWith("credential.create " + key).contains(name, "statements/write"))
        .anySatisfy(line -> assertThat(line).startsWith("credential.revoke " + key));
  }

  @Test
  void theCreatedPageIsNotCacheableAndTheFormRefusesNoScopeWithAnErrorSummary() {
    HttpResponse<Buffer> form = page(adminHttp, "/admin/api-credentials/new");
    HttpResponse<Buffer> created = adminHttp.post("/admin/api-credentials").putHeader("Accept", "text/html")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add(Browser.CSRF_FIELD, Browser.formToken(form))
            .add("name", "Scraper " + tag).add("scopes", "metrics")).await();
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(created.bodyAsString()).contains("id=\"new-secret\"");

    chromium.open("/admin/api-credentials/new");
    chromium.find("#name").sendKeys("Nothing allowed");
    chromium.click("form[action='/admin/api-credentials'] button[type=submit]");
    assertThat(chromium.find(".error-summary").getText()).contains("Tick at least one scope");
    assertThat(chromium.find(".error-summary a").getAttribute("href")).endsWith("#scope-statements-write");
    assertThat(chromium.find("#name").getAttribute("value")).isEqualTo("Nothing allowed");
    chromium.accessible();
  }

  @Test
  void inviteSomeoneTickARoleAndTheAuditHasBoth() {
    String email = "alan-" + tag + "@example.com";
    chromium.open("/admin/accounts").accessible();
    chromium.click("a[href='/admin/accounts/invite']").accessible();
    chromium.find("#email").sendKeys(email);
    chromium.find("#name").sendKeys("Alan Turing");
    chromium.find("#role-employee").click();
    chromium.click("form[action='/admin/accounts/invite'] button[type=submit]");
    assertThat(chromium.find("h1").getText()).isEqualTo("Invitation made");
    assertThat(chromium.find("#invitation-link").getText()).contains("/invitations/");
    chromium.accessible();

    chromium.click("main a[href^='/admin/accounts/']");
    String accountPath = chromium.path();
    String accountId = accountPath.substring("/admin/accounts/".length());
    assertThat(chromium.find("h1").getText()).isEqualTo("Alan Turing");
    assertThat(chromium.find("#role-employee").isSelected()).isTrue();
    chromium.find("#role-mentor").click();
    chromium.click("form[action='" + accountPath + "/roles'] button[type=submit]");
    assertThat(chromium.text()).contains("The roles are saved.");
    assertThat(chromium.find("#role-mentor").isSelected()).isTrue();
    chromium.accessible();

    chromium.click("form[action='" + accountPath + "/disable'] button[type=submit]");
    assertThat(chromium.text()).contains("The account is disabled");
    chromium.click("form[action='" + accountPath + "/enable'] button[type=submit]");
    assertThat(chromium.text()).contains("The account is enabled");

    chromium.open("/admin/accounts");
    WebElement row = chromium.find("a[href='" + accountPath + "']").findElement(org.openqa.selenium.By.xpath("../.."));
    assertThat(row.getText()).contains(email, "employee, mentor", "Invited");
    chromium.accessible();

    assertThat(audit("/api/v1/accounts/audit", "account:" + adminId))
        .anySatisfy(line -> assertThat(line).startsWith("account.invite " + accountId))
        .anySatisfy(line -> assertThat(line).startsWith("role.grant " + accountId).contains("employee"))
        .anySatisfy(line -> assertThat(line).startsWith("role.grant " + accountId).contains("mentor"))
        .anySatisfy(line -> assertThat(line).startsWith("account.disable " + accountId))
        .anySatisfy(line -> assertThat(line).startsWith("account.enable " + accountId));
  }

  @Test
  void anAdminCannotRemoveTheirOwnLastAdminRole() {
    chromium.open("/admin/accounts/" + adminId);
    assertThat(chromium.find("#role-lrs_admin").isSelected()).isTrue();
    assertThat(chromium.all("form[action$='/disable']")).as("no button to disable oneself").isEmpty();
    chromium.find("#role-lrs_admin").click();
    chromium.find("#role-employee").click();
    chromium.click("form[action='/admin/accounts/" + adminId + "/roles'] button[type=submit]");
    assertThat(chromium.find(".error-summary").getText()).contains("You cannot remove your own last admin role");
    chromium.accessible();
    // nothing changed: still an LRS admin, without the employee role ticked above
    assertThat(page(adminHttp, "/admin/accounts").statusCode()).isEqualTo(200);
    assertThat(server.admin(HttpMethod.GET, "/api/v1/accounts?limit=1000", null, 200).bodyAsJsonArray().stream()
        .map(JsonObject.class::cast).filter(a -> a.getString("id").equals(adminId)).findFirst().orElseThrow()
        .getJsonArray("roles")).containsExactly("lrs_admin");
  }

  @Test
  void statementsFilteredByVerbPageOnThroughMoreAndOpenAsEscapedJson() {
    String verb = "https://example.com/verbs/practised-" + tag;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      JsonObject s = statement(verb, i == 0 ? "<b>Bold</b> & \"quoted\" course" : "Course " + i);
      ids.add(s.getString("id"));
      assertThat(postStatement(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET, s).statusCode()).isEqualTo(200);
    }
    postStatement(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET, statement("https://example.com/verbs/other-" + tag,
        "Not this one"));
    chromium.open("/admin/statements").accessible();
    chromium.find("#verb").sendKeys(verb);
    chromium.click("form[action='/admin/statements'] button[type=submit]");
    assertThat(chromium.all("tbody tr")).hasSize(20);
    assertThat(chromium.text()).contains("Statements that match", "Ada", "practised").doesNotContain("Not this one");
    assertThat(chromium.find("#verb").getAttribute("value")).isEqualTo(verb);
    chromium.accessible().screenshot("console-statements");

    chromium.click("#more");
    assertThat(chromium.all("tbody tr")).hasSize(3);
    assertThat(chromium.text()).contains("More statements that match").doesNotContain("Not this one");
    assertThat(chromium.find("#verb").getAttribute("value")).isEqualTo(verb);
    assertThat(chromium.all("#more")).isEmpty();
    chromium.accessible();

    // the oldest, on this last page: its JSON, pretty-printed and escaped
    chromium.click("a[href='/admin/statements/" + ids.get(0) + "']");
    assertThat(chromium.find("h1").getText()).isEqualTo("Statement " + ids.get(0));
    String json = chromium.find("pre").getText();
    assertThat(json).contains("\"id\" : \"" + ids.get(0) + "\"", "<b>Bold</b> & \\\"quoted\\\" course", verb);
    assertThat(chromium.all("pre b")).isEmpty();
    chromium.accessible();
  }

  @Test
  void badFiltersGiveTheFormAgainWithAnErrorSummary() {
    chromium.open("/admin/statements?verb=not+an+iri&since=yesterday&registration=42&mbox=ada%40example.com"
        + "&account-name=ada");
    List<String> links = chromium.all(".error-summary a").stream().map(a -> a.getAttribute("href")
        .replaceFirst("^.*#", "#")).toList();
    assertThat(links).containsExactlyInAnyOrder("#mbox", "#verb", "#registration", "#since");
    assertThat(chromium.find(".error-summary").getText()).contains("Enter the verb as an IRI",
        "Enter an email address or an account, not both");
    assertThat(chromium.find("#verb").getAttribute("value")).isEqualTo("not an iri");
    assertThat(chromium.all("tbody tr")).isEmpty();
    chromium.accessible();

    HttpResponse<Buffer> answer = page(adminHttp, "/admin/statements?until=" + URLEncoder.encode("2026-13-45",
        StandardCharsets.UTF_8));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.bodyAsString()).contains("There is a problem", "href=\"#until\"");
    assertThat(page(adminHttp, "/admin/statements?more=garbage").statusCode()).isEqualTo(400);
    assertThat(page(adminHttp, "/admin/statements?account-home-page=sso&account-name=ada").bodyAsString())
        .contains("href=\"#account-home-page\"");
    assertThat(page(adminHttp, "/admin/statements?account-home-page=https%3A%2F%2Fsso.example.com").bodyAsString())
        .contains("href=\"#account-name\"");
    assertThat(page(adminHttp, "/admin/statements/not-a-uuid").statusCode()).isEqualTo(404);
    assertThat(page(adminHttp, "/admin/statements/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    // a day means its start in UTC
    assertThat(page(adminHttp, "/admin/statements?since=2026-11-02&until=2099-01-01").statusCode()).isEqualTo(200);
  }

  @Test
  void anLdAdminWithoutTheLrsRoleGetsTheForbiddenPage() {
    for (String path : List.of("/admin/api-credentials", "/admin/api-credentials/new", "/admin/accounts",
        "/admin/accounts/" + adminId, "/admin/statements", "/admin/statements/" + UUID.randomUUID())) {
      HttpResponse<Buffer> answer = page(ldAdminHttp, path);
      assertThat(answer.statusCode()).as(path).isEqualTo(403);
      assertThat(answer.getHeader("Content-Type")).startsWith("text/html");
      assertThat(answer.bodyAsString()).as(path).contains("lrs_admin");
    }
    HttpResponse<Buffer> form = page(ldAdminHttp, "/");
    HttpResponse<Buffer> post = ldAdminHttp.post("/admin/api-credentials").putHeader("Accept", "text/html")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add(Browser.CSRF_FIELD, Browser.formToken(form))
            .add("name", "sneaky").add("scopes", "all")).await();
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.bodyAsString()).contains("lrs_admin");
    assertThat(server.admin(HttpMethod.GET, "/api/v1/credentials", null, 200).bodyAsString()).doesNotContain("sneaky");
    // signed out: to the sign-in page and back
    HttpResponse<Buffer> anonymous = server.client.get("/admin/statements").followRedirects(false).putHeader("Accept", "text/html").send()
        .await();
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(anonymous.getHeader("Location")).isEqualTo("/login?return=%2Fadmin%2Fstatements");
    try (Chromium lin = new Chromium(server)) {
      lin.signIn("lin-" + tag + "@example.com", PASSWORD);
      lin.open("/admin/statements");
      assertThat(lin.find("h1").getText()).isEqualTo("Forbidden");
      lin.accessible();
    }
  }
}
