package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin console's credential issuer sections in headless Chromium against the whole of Cairn, each
 * page checked with axe-core: Ada reaches the foundations milestone through her statements and the
 * issuer signs her credential from the outbox; an administrator (L&D and LRS admin) sees it on the
 * issuer's status page, finds it by her address and her name, suspends it (the public verify API then
 * says suspended) and unsuspends it (valid again), revokes another after a confirmation (revoked,
 * audited with the account and the reason), and rotates the RS256 key (a new key active, the old one
 * retired, Ada's credential still valid). Missing and hostile input gets the error summary, never a
 * 500; an employee gets the 403 page, nobody signed in the sign-in page.
 */
class ConsoleIssuerPagesTest {
  /** How long a test waits for the workers. */
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  private static final String PASSWORD = "a password long enough for the console";
  private static CairnServer server;
  private static String tag;
  private static String domain;
  private static String ada;
  private static String adaName;
  private static String adminEmail;
  private static String adminAccount;
  private static WebClientSession admin;
  private static WebClientSession employee;
  private static Chromium chromium;
  /** Ada's credential, issued from the outbox for her milestone. */
  private static JsonObject credential;

  @BeforeAll
  static void start() throws IOException {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    domain = "console-" + tag + ".example";
    ada = "ada-" + tag;
    adaName = "Ada Lovelace " + tag;
    String framework = UUID.randomUUID().toString();
    api(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json", framework), 201);
    api(HttpMethod.PUT, "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json", framework), 201);
    api(HttpMethod.POST, "/api/v1/ladders", sample("swe-ladder.json", framework).put("id", "swe-" + tag), 201);
    api(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", ada).put("name", adaName)
        .put("agents", new JsonArray().add(agent(ada)))), 200);
    // the foundations milestone: the mapper writes the outbox row, the issuer signs the credential
    api(HttpMethod.POST, "/xapi/statements", new JsonArray()
        .add(statement("secure-coding-fundamentals", "2026-02-01T10:00:00Z"))
        .add(statement("effective-code-review", "2026-02-02T10:00:00Z")), 200);
    JsonObject summary = Polling.waitFor(WAIT, () -> api(HttpMethod.GET, "/api/v1/badges?personId=" + ada, null, 200)
        .bodyAsJsonArray(), a -> a.size() == 1).getJsonObject(0);
    credential = api(HttpMethod.GET, "/api/v1/badges/" + summary.getString("id"), null, 200).bodyAsJsonObject();

    adminEmail = "console-admin-" + tag + "@example.com";
    admin = Browser.signUpAndIn(server, invite(adminEmail, "ld_admin", "lrs_admin"), adminEmail, PASSWORD);
    adminAccount = admin.get("/api/v1/me").send().await().bodyAsJsonObject().getString("account");
    String employeeEmail = "console-employee-" + tag + "@example.com";
    employee = Browser.signUpAndIn(server, invite(employeeEmail, "employee"), employeeEmail, PASSWORD);
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

  @Test
  void theStatusPageShowsWhatWasIssuedAndTheOutbox() {
    chromium.open("/admin/issuer").accessible().screenshot("console-issuer");
    assertThat(chromium.find("h1").getText()).isEqualTo("Credential issuer");
    assertThat(Long.parseLong(chromium.find("#issued-total").getText())).isGreaterThanOrEqualTo(1);
    assertThat(chromium.find("#outbox-waiting").getText()).matches("[0-9]+");
    assertThat(chromium.find("#last-issued").getText()).endsWith("UTC");
    assertThat(chromium.text()).contains("Usable: every algorithm has an active key", "Status lists", "Milestones waiting");
    assertThat(chromium.find("a[href='/admin']").getText()).isEqualTo("Admin console");
  }

  @Test
  void theSearchFindsTheCredentialByAddressNameBadgeStatusAndDate() {
    String id = id(credential);
    chromium.open("/admin/credentials");
    chromium.find("#person").sendKeys(ada + "@example.com");
    chromium.click("form[action='/admin/credentials'] button[type=submit]");
    assertThat(rows()).containsExactly(id);
    chromium.accessible().screenshot("console-credentials");

    chromium.open("/admin/credentials?person=" + adaName.replace(' ', '+').substring(4)
        + "&achievement=foundations&status=active&from=2020-01-01&to=2999-12-31");
    assertThat(rows()).containsExactly(id);
    chromium.open("/admin/credentials?person=" + ada + "&status=revoked");
    assertThat(rows()).isEmpty();
    assertThat(chromium.text()).contains("No credential matches");
    // a LIKE wildcard is taken literally: "%" matches nobody's name
    chromium.open("/admin/credentials?person=%25");
    assertThat(rows()).isEmpty();

    chromium.open("/admin/credentials?person=" + ada);
    chromium.click("a[href='/admin/credentials/" + id + "']");
    assertThat(chromium.find("h1").getText()).isEqualTo("Engineering Foundations");
  }

  @Test
  void badSearchFieldsGetTheErrorSummary() {
    chromium.open("/admin/credentials?from=2026-13-45&to=yesterday&status=lost&person=" + "x".repeat(501));
    List<String> summary = chromium.all(".error-summary-list a").stream().map(WebElement::getText).toList();
    assertThat(summary).contains("Enter a real day as year-month-day, for example 2026-11-02",
        "Select a status from the list", "Enter at most 500 characters");
    assertThat(chromium.find(".error-summary-list a[href='#from']")).isNotNull();
    assertThat(chromium.driver.getTitle()).startsWith("Error: ");
    chromium.accessible();
    chromium.open("/admin/credentials?from=2026-11-02&to=2026-11-01");
    assertThat(chromium.find(".error-summary-list a[href='#to']").getText()).contains("on or after the start day");

    HttpResponse<Buffer> hostile = admin.get("/admin/credentials?person=a%01b&page=-5&achievement=%27%3B--")
        .putHeader("Accept", "text/html").send().await();
    assertThat(hostile.statusCode()).as(hostile.bodyAsString()).isEqualTo(400);
    assertThat(hostile.bodyAsString()).contains("without control characters");
    HttpResponse<Buffer> nul = admin.get("/admin/credentials?person=%00").putHeader("Accept", "text/html").send().await();
    assertThat(nul.statusCode()).as("the edge refuses NUL in any query").isEqualTo(400);
    HttpResponse<Buffer> odd = admin.get("/admin/credentials?achievement=%27%3B--&page=abc").putHeader("Accept", "text/html")
        .send().await();
    assertThat(odd.statusCode()).isEqualTo(200);
    assertThat(admin.get("/admin/credentials/not-a-uuid").putHeader("Accept", "text/html").send().await().statusCode())
        .isEqualTo(404);
  }

  @Test
  void suspendingMakesTheVerifyApiSaySuspendedAndUnsuspendingMakesItValidAgain() {
    String id = id(credential);
    chromium.open("/admin/credentials/" + id).accessible().screenshot("console-credential-detail");
    String text = chromium.text();
    assertThat(text).contains(adaName, ada, "VC-JWT", "Data Integrity proof", "Issued", "outbox-worker",
        credential.getJsonObject("credential").getJsonArray("evidence").getJsonObject(0).getString("name")
            .substring("xAPI statement ".length()));

    // no reason: the error summary, nothing changed
    chromium.click("#suspend");
    assertThat(chromium.find(".error-summary-list a[href='#suspend-reason']").getText()).isEqualTo("Enter a reason");
    assertThat(chromium.find("#status").getText()).isEqualTo("Active");
    chromium.accessible();

    chromium.find("#suspend-reason").sendKeys("Under review: the assessment is being checked");
    chromium.click("#suspend");
    assertThat(chromium.find("#status").getText()).isEqualTo("Suspended");
    assertThat(chromium.find("#done").getText()).contains("suspended");
    JsonObject report = verify(credential.getString("jwt"));
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "status").getString("reason")).contains("suspended");

    chromium.click("#unsuspend");
    assertThat(chromium.find("#status").getText()).isEqualTo("Active");
    assertThat(verify(credential.getString("jwt")).getBoolean("valid")).isTrue();
    assertThat(chromium.text()).contains("Under review: the assessment is being checked", "Unsuspended",
        "account:" + adminAccount);
  }

  @Test
  void revokingAsksForConfirmationAndIsAuditedWithTheReasonAndTheAccount() {
    JsonObject other = issueByHand("Console Revocation " + tag);
    String id = id(other);
    chromium.open("/admin/credentials/" + id);
    chromium.click("#revoke");
    assertThat(chromium.find(".error-summary-list a[href='#revoke-reason']").getText()).isEqualTo("Enter a reason");
    chromium.find("#revoke-reason").sendKeys("Awarded in error: wrong person");
    chromium.click("#revoke");
    assertThat(chromium.find("h1").getText()).isEqualTo("Revoke Console Revocation " + tag + "?");
    assertThat(chromium.text()).contains("This cannot be undone", "Reason: Awarded in error: wrong person");
    chromium.accessible();
    assertThat(api(HttpMethod.GET, "/api/v1/badges/" + id, null, 200).bodyAsJsonObject().getJsonObject("status")
        .getString("status")).as("nothing happens before the confirmation").isEqualTo("active");
    chromium.click("#confirm-revoke");
    assertThat(chromium.find("#status").getText()).isEqualTo("Revoked");
    assertThat(chromium.all("#suspend, #revoke, #unsuspend")).as("no action is left on a revoked credential").isEmpty();

    JsonObject report = verify(other.getString("jwt"));
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "status").getString("reason")).contains("revoked");
    JsonArray audit = api(HttpMethod.GET, "/api/v1/badges/" + id + "/audit", null, 200).bodyAsJsonArray();
    JsonObject revoke = audit.stream().map(JsonObject.class::cast).filter(e -> "revoke".equals(e.getString("action")))
        .findFirst().orElseThrow();
    assertThat(revoke.getString("actor")).isEqualTo("account:" + adminAccount);
    assertThat(revoke.getString("reason")).isEqualTo("Awarded in error: wrong person");
  }

  @Test
  void hostileReasonsAreRefusedWithTheErrorSummary() {
    JsonObject other = issueByHand("Console Hostile " + tag);
    String id = id(other);
    HttpResponse<Buffer> page = admin.get("/admin/credentials/" + id).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    String token = Browser.formToken(page);
    for (String reason : List.of("x".repeat(1001), "nul \u0000 inside", "   ")) {
      HttpResponse<Buffer> refused = admin.post("/admin/credentials/" + id + "/suspend").putHeader("Accept", "text/html")
          .sendForm(MultiMap.caseInsensitiveMultiMap().add(Browser.CSRF_FIELD, token).add("reason", reason)).await();
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsString()).contains("error-summary", "href=\"#suspend-reason\"");
      token = Browser.formToken(refused);
    }
    HttpResponse<Buffer> noToken = admin.post("/admin/credentials/" + id + "/revoke").putHeader("Accept", "text/html")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("reason", "no token").add("confirmed", "yes")).await();
    assertThat(noToken.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> badAlg = admin.post("/admin/keys/rotate").putHeader("Accept", "text/html")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add(Browser.CSRF_FIELD, Browser.formToken(admin.get("/admin/keys")
            .send().await())).add("alg", "HS256")
            .add("confirmed", "yes")).await();
    assertThat(badAlg.statusCode()).as(badAlg.bodyAsString()).isEqualTo(400);
    assertThat(badAlg.bodyAsString()).contains("Select which key to rotate");
    assertThat(api(HttpMethod.GET, "/api/v1/badges/" + id, null, 200).bodyAsJsonObject().getJsonObject("status")
        .getString("status")).isEqualTo("active");
  }

  @Test
  void rotatingAKeyRetiresTheOldOneAndItsCredentialsStillVerify() {
    chromium.open("/admin/keys").accessible();
    String old = chromium.find("tr.key-active[data-alg='RS256']").getAttribute("data-key");
    assertThat(chromium.text()).contains("DID verification method:");
    chromium.find("#alg-RS256").click();
    chromium.find("#reason").sendKeys("yearly rotation " + tag);
    chromium.click("form[action='/admin/keys/rotate'] button[type=submit]");
    assertThat(chromium.find("h1").getText()).isEqualTo("Rotate the RS256 key?");
    assertThat(chromium.text()).contains(old);
    chromium.accessible();
    chromium.click("#confirm-rotate");
    assertThat(chromium.path()).isEqualTo("/admin/keys");
    assertThat(chromium.find("#rotated").getText()).contains("A new RS256 key signs from now on");
    String now = chromium.find("tr.key-active[data-alg='RS256']").getAttribute("data-key");
    assertThat(now).isNotEqualTo(old);
    assertThat(chromium.find("tr.key-retired[data-key='" + old + "']").getText()).contains("Retired");
    chromium.accessible().screenshot("console-keys");

    JsonObject report = verify(credential.getString("jwt"));
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
    JsonObject newer = issueByHand("Console After Rotation " + tag);
    assertThat(newer.getString("kid")).endsWith("/keys/" + now);
  }

  @Test
  void aPersonWithoutTheRoleGetsTheForbiddenPageAndNobodySignedInTheSignInPage() {
    for (String path : List.of("/admin/issuer", "/admin/keys", "/admin/credentials", "/admin/credentials/" + id(credential))) {
      HttpResponse<Buffer> refused = employee.get(path).putHeader("Accept", "text/html").send().await();
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.bodyAsString()).contains("Forbidden", "needs the role");
      HttpResponse<Buffer> signedOut = server.client.get(path).putHeader("Accept", "text/html").followRedirects(false)
          .send().await();
      assertThat(signedOut.statusCode()).as(path).isEqualTo(303);
      assertThat(signedOut.getHeader("Location")).startsWith("/login?return=");
    }
    HttpResponse<Buffer> page = employee.get("/").send().await(); // the sign-out form's token
    HttpResponse<Buffer> post = employee.post("/admin/credentials/" + id(credential) + "/revoke")
        .putHeader("Accept", "text/html").sendForm(MultiMap.caseInsensitiveMultiMap()
            .add(Browser.CSRF_FIELD, Browser.formToken(page)).add("reason", "not mine to revoke").add("confirmed", "yes"))
        .await();
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(api(HttpMethod.GET, "/api/v1/badges/" + id(credential), null, 200).bodyAsJsonObject()
        .getJsonObject("status").getString("status")).isNotEqualTo("revoked");
    try (Chromium other = new Chromium(server)) {
      other.signIn("console-employee-" + tag + "@example.com", PASSWORD);
      other.open("/admin/credentials");
      assertThat(other.find("h1").getText()).isEqualTo("Forbidden");
      assertThat(other.text()).contains("ld_admin");
      other.accessible();
    }
  }

  // ---- helpers

  private static List<String> rows() {
    return chromium.all("table.results tr[data-credential]").stream().map(r -> r.getAttribute("data-credential")).toList();
  }

  private static JsonObject agent(String person) {
    return new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + person + "@example.com");
  }

  private static JsonObject statement(String course, String timestamp) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("actor", agent(ada))
        .put("verb", new JsonObject().put("id", COMPLETED))
        .put("object", new JsonObject().put("id", "https://learn." + domain + "/courses/" + course))
        .put("timestamp", timestamp);
  }

  private static JsonObject sample(String file, String framework) throws IOException {
    return new JsonObject(Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", domain));
  }

  private static String invite(String email, String... roles) {
    return api(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", email)
        .put("roles", new JsonArray(List.of((Object[]) roles))), 201).bodyAsJsonObject().getString("invitation");
  }

  /** Another credential for Ada, issued through the admin API. */
  private static JsonObject issueByHand(String name) {
    return api(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", ada)
        .put("recipient", agent(ada))
        .put("recipientName", adaName)
        .put("achievementId", "https://cairn.example/achievements/console-" + tag + "/" + UUID.randomUUID())
        .put("ladderId", "swe-" + tag)
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", name).put("description", "For the console's test.")
            .put("criteria", new JsonObject().put("narrative", "Issued by hand.")).put("achievementType", "Achievement"))
        .put("evidence", new JsonArray()), 201).bodyAsJsonObject();
  }

  private static String id(JsonObject issued) {
    return issued.getString("id").substring("urn:uuid:".length());
  }

  /** The public verify API's report on a VC-JWT. */
  private static JsonObject verify(String jwt) {
    HttpResponse<Buffer> answer = server.client.post("/verify").sendJsonObject(new JsonObject().put("jwt", jwt)).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static JsonObject check(JsonObject report, String name) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> name.equals(c.getString("check"))).findFirst().orElseThrow(() -> new AssertionError(report.encode()));
  }

  private static HttpResponse<Buffer> api(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = server.client.request(method, path)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    if (path.startsWith("/xapi/")) {
      request.putHeader("X-Experience-API-Version", "2.0.0");
    }
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }
}
