package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The people's pages in headless Chromium against the whole of Cairn, each checked with axe-core and
 * photographed: signing in; a credential's public page opened signed out from a share link (what it
 * shows, the evidence behind it, HEAD, noindex); the verify page with a pasted VC-JWT, a revoked one
 * (when and why), a share link, and input that is no credential. The data is the shipped samples
 * (docs/samples) under this class's own domain, statements with names and scores, and credentials
 * issued through the admin API naming those statements as evidence.
 */
class PagesTest {
  private static final String PASSWORD = "a password long enough for the pages";
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static CairnServer server;
  private static String tag;
  private static String domain;
  private static String email;
  private static String person;
  private static Chromium chromium;
  private static UUID passed;
  private static JsonObject credential;
  private static io.vertx.ext.web.client.WebClientSession ada;

  @BeforeAll
  static void start() throws IOException {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    domain = "pages-" + tag + ".example";
    email = "ada-" + tag + "@example.com";
    person = "ada-" + tag;
    seed();
    ada = Browser.signUpAndIn(server, invite(email), email, PASSWORD);
    credential = issue("Engineering Foundations", passed);
    chromium = new Chromium(server);
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

  private static void seed() throws IOException {
    String framework = UUID.randomUUID().toString();
    server.admin(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json", framework), 201);
    server.admin(HttpMethod.PUT, "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json", framework), 201);
    server.admin(HttpMethod.POST, "/api/v1/ladders", sample("swe-ladder.json", framework).put("id", "swe-" + tag), 201);
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", person)
        .put("name", "Ada Lovelace").put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email)))),
        200);
    passed = statement("http://adlnet.gov/expapi/verbs/passed", "passed",
        "https://learn." + domain + "/courses/secure-coding-fundamentals", "Secure Coding Fundamentals", 0.92);
    statement("http://adlnet.gov/expapi/verbs/completed", "completed",
        "https://learn." + domain + "/courses/effective-code-review", "Effective Code Review", 0.75);
  }

  /** Posts a statement of Ada's with a score and a named activity; answers its id. */
  private static UUID statement(String verb, String verbName, String activity, String activityName, double scaled) {
    UUID id = UUID.randomUUID();
    HttpResponse<Buffer> posted = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject().put("id", id.toString())
            .put("actor", new JsonObject().put("mbox", "mailto:" + email).put("name", "Ada"))
            .put("verb", new JsonObject().put("id", verb).put("display", new JsonObject().put("en-US", verbName)))
            .put("object", new JsonObject().put("id", activity).put("definition", new JsonObject()
                .put("name", new JsonObject().put("en-US", activityName))))
            .put("result", new JsonObject().put("success", true).put("score", new JsonObject().put("scaled", scaled)))
            .put("timestamp", "2026-11-02T10:15:00Z"))
        .await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    return id;
  }

  private static JsonObject sample(String file, String framework) throws IOException {
    return new JsonObject(Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", domain));
  }

  private static String invite(String address) {
    return server.admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", address).put("roles", new JsonArray().add("employee")), 201)
        .bodyAsJsonObject().getString("invitation");
  }

  /** A credential for Ada (its own achievement id, so that each is a new one), naming {@code evidence}. */
  private static JsonObject issue(String name, UUID evidence) {
    return server.admin(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", person)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email))
        .put("recipientName", "Ada Lovelace")
        .put("achievementId", "https://cairn.example/achievements/swe-" + tag + "/" + UUID.randomUUID())
        .put("ladderId", "swe-" + tag)
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", name).put("description", "Writes secure, reviewed, tested code.")
            .put("criteria", new JsonObject().put("narrative", "Secure coding and code review at Practitioner level."))
            .put("achievementType", "Achievement")
            .put("alignments", new JsonArray().add(new JsonObject().put("targetUrl", "https://case." + domain + "/T.4")
                .put("targetName", "Secure coding").put("targetCode", "T.4").put("targetFramework", "Engineering"))))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", evidence.toString())
            .put("rule", "rules/swe/v1#secure-coding"))), 201).bodyAsJsonObject();
  }

  private static String id(JsonObject issued) {
    return issued.getString("id").substring("urn:uuid:".length());
  }

  @Test
  void signingInInChromiumLeadsHome() {
    chromium.open("/login").accessible().screenshot("sign-in");
    chromium.signIn(email, PASSWORD);
    assertThat(chromium.path()).isEqualTo("/");
    assertThat(chromium.text()).contains(email, "My progress", "My credentials", "Verify a credential");
    chromium.accessible().screenshot("home");
  }

  @Test
  void aSharedCredentialsPageShowsWhatItIsWhoHoldsItAndTheEvidenceToAStranger() {
    String url = server.admin(HttpMethod.POST, "/api/v1/badges/" + id(credential) + "/shares", null, 201).bodyAsJsonObject()
        .getString("url");
    String path = URI.create(url).getPath();
    try (Chromium stranger = new Chromium(server)) {
      stranger.open(path);
      assertThat(stranger.find("h1").getText()).isEqualTo("Engineering Foundations");
      String text = stranger.text();
      assertThat(text).contains("This credential is genuine and valid", "Ada Lovelace", "Writes secure, reviewed, tested code.",
          "Secure coding and code review at Practitioner level.", "Secure coding", "Does not expire");
      assertThat(stranger.find("table.summary-list").getText()).contains("Issued by");
      // the evidence: the learning record in words, not a link to the LRS
      String evidence = stranger.driver.findElement(By.xpath("//h2[.='The evidence behind it']/following::table[1]"))
          .getText();
      assertThat(evidence).contains("Secure Coding Fundamentals", "passed", "92%", "2 November 2026", "secure-coding");
      assertThat(stranger.all("td.check-fail")).isEmpty();
      assertThat(stranger.all("td.check-pass")).hasSizeGreaterThanOrEqualTo(7);
      assertThat(stranger.find("meta[name=robots]").getAttribute("content")).contains("noindex");
      assertThat(stranger.find("meta[property='og:title']").getAttribute("content")).isEqualTo("Engineering Foundations");
      assertThat(stranger.find("meta[name='twitter:card']").getAttribute("content")).isEqualTo("summary");
      assertThat(stranger.find(".badge svg title").getAttribute("textContent")).contains("Engineering Foundations");
      stranger.accessible().screenshot("credential-shared");
    }
    try (Chromium phone = new Chromium(server, 390, 844)) {
      phone.open(path).accessible().screenshot("credential-shared-narrow");
      long overflow = ((Number) phone.driver.executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
      assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
    }
    HttpResponse<Buffer> head = server.client.head(path).putHeader("Accept", "text/html").send().await();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).startsWith("text/html");
    assertThat(head.getHeader("X-Robots-Tag")).isEqualTo("noindex");
    assertThat(head.body()).isNull();
    HttpResponse<Buffer> jwtHead = server.client.head(path).send().await();
    assertThat(jwtHead.getHeader("Content-Type")).isEqualTo("application/vc+jwt");
  }

  @Test
  void thePageOfARevokedCredentialSaysWhenAndWhy() {
    JsonObject revoked = issue("Revoked Foundations", passed);
    String url = server.admin(HttpMethod.POST, "/api/v1/badges/" + id(revoked) + "/shares", null, 201).bodyAsJsonObject()
        .getString("url");
    server.admin(HttpMethod.POST, "/api/v1/badges/" + id(revoked) + "/revoke",
        new JsonObject().put("reason", "Awarded in error: the assessment was retaken"), 200);
    try (Chromium stranger = new Chromium(server)) {
      stranger.open(URI.create(url).getPath());
      String text = stranger.text();
      assertThat(text).contains("This credential has been revoked", "Reason: Awarded in error: the assessment was retaken",
          "The issuer revoked it on");
      assertThat(stranger.all("td.check-fail")).hasSize(1);
      stranger.accessible();
    }
  }

  @Test
  void myBadgeImageCarriesTheCredentialAndVerifiesOnTheVerifyPageAndTheApi() throws IOException {
    JsonObject mine = issue("Baked Foundations", passed);
    HttpResponse<Buffer> svg = ada.get("/my/credentials/" + id(mine) + "/badge.svg").send().await();
    assertThat(svg.statusCode()).as(svg.bodyAsString()).isEqualTo(200);
    assertThat(svg.getHeader("Content-Type")).isEqualTo("image/svg+xml");
    assertThat(svg.bodyAsString()).contains("<openbadges:credential verify=\"" + mine.getString("jwt") + "\">");
    assertThat(ada.get("/my/credentials/" + UUID.randomUUID() + "/badge.svg").send().await().statusCode()).isEqualTo(404);

    HttpResponse<Buffer> api = server.client.post("/verify").putHeader("Content-Type", "image/svg+xml")
        .sendBuffer(svg.body()).await();
    assertThat(api.statusCode()).as(api.bodyAsString()).isEqualTo(200);
    assertThat(api.bodyAsJsonObject().getBoolean("valid")).isTrue();
    HttpResponse<Buffer> plain = server.client.post("/verify").putHeader("Content-Type", "image/svg+xml")
        .sendBuffer(Buffer.buffer("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")).await();
    assertThat(plain.statusCode()).as("an image without a credential").isEqualTo(400);

    Path file = Files.createTempFile("badge-", ".svg");
    try (Chromium committee = new Chromium(server)) {
      Files.write(file, svg.body().getBytes());
      committee.open("/verify");
      committee.find("#file").sendKeys(file.toString());
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.find("h1").getText()).isEqualTo("Baked Foundations");
      assertThat(committee.text()).contains("This credential is genuine and valid", "Secure Coding Fundamentals");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void theVerifyPageChecksAPastedCredentialWithoutSigningIn() {
    try (Chromium committee = new Chromium(server)) {
      committee.open("/verify").accessible().screenshot("verify-form");
      committee.find("#jwt").sendKeys(credential.getString("jwt"));
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.find("h1").getText()).isEqualTo("Engineering Foundations");
      assertThat(committee.text()).contains("This credential is genuine and valid", "Secure Coding Fundamentals", "92%");
      committee.accessible().screenshot("verify-valid");
    }
  }

  @Test
  void theVerifyPageShowsWhenAndWhyACredentialWasRevoked() {
    JsonObject revoked = issue("Withdrawn Foundations", passed);
    server.admin(HttpMethod.POST, "/api/v1/badges/" + id(revoked) + "/revoke",
        new JsonObject().put("reason", "The evidence was voided"), 200);
    try (Chromium committee = new Chromium(server)) {
      committee.open("/verify");
      committee.find("#jwt").sendKeys(revoked.getString("jwt"));
      committee.click("form[action='/verify'] button[type=submit]");
      String text = committee.text();
      assertThat(text).contains("This credential has been revoked", "Reason: The evidence was voided");
      assertThat(committee.driver.findElement(By.xpath("//th[.='Revocation and suspension']/following-sibling::td[1]"))
          .getText()).isEqualTo("Failed");
      committee.accessible().screenshot("verify-revoked");
    }
  }

  @Test
  void theVerifyPageTakesAShareLinkAndSaysWhatIsWrongWithOtherInput() {
    String url = server.admin(HttpMethod.POST, "/api/v1/badges/" + id(credential) + "/shares", null, 201).bodyAsJsonObject()
        .getString("url");
    try (Chromium committee = new Chromium(server)) {
      committee.open("/verify");
      committee.find("#share").sendKeys(url);
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.text()).contains("This credential is genuine and valid");

      committee.open("/verify");
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.find(".error-summary").getText()).contains("Paste a credential, upload a credential file");
      assertThat(committee.driver.getTitle()).startsWith("Error:");
      committee.accessible().screenshot("verify-nothing-given");

      committee.find("#jwt").sendKeys("not a credential");
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.text()).contains("This is not a credential Cairn can read", "Not a compact JWS");
      committee.accessible();
    }
  }

  @Test
  void iShareMyCredentialFromMyCredentialsPageSeeItOpenedAndRevokeIt() {
    String id = id(credential);
    try (Chromium me = new Chromium(server); Chromium stranger = new Chromium(server)) {
      me.open("/my/credentials");
      assertThat(me.path()).as("signed out: to the sign-in page").isEqualTo("/login");
      me.signIn(email, PASSWORD);
      me.open("/");
      me.click(me.driver.findElement(By.linkText("My credentials")));
      assertThat(me.path()).isEqualTo("/my/credentials");
      assertThat(me.text()).contains("Engineering Foundations");
      String card = "section[aria-labelledby='credential-" + id + "'] ";
      assertThat(me.find(card + "h2").getText()).isEqualTo("Engineering Foundations");
      assertThat(me.find(card + ".tag").getText()).isEqualTo("Valid");
      assertThat(me.find(card).getText()).contains("Issued by Cairn on", "You have not shared this credential yet.");
      assertThat(me.find(card + ".badge svg")).isNotNull();
      me.accessible().screenshot("my-credentials");

      me.click(card + "form[action$='/shares'] button[type=submit]");
      assertThat(me.path()).isEqualTo("/my/credentials");
      String url = me.find("#new-share-url").getAttribute("value");
      assertThat(url).contains("/credentials/share/");
      assertThat(me.find("#new-share .qr svg").getAttribute("aria-label")).contains("Engineering Foundations");
      String linkedIn = me.driver.findElement(By.linkText("Add to LinkedIn profile")).getAttribute("href");
      assertThat(linkedIn).startsWith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Engineering+Foundations")
          .contains("&organizationName=Cairn", "&issueYear=", "&issueMonth=",
              "&certUrl=" + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8),
              "&certId=" + java.net.URLEncoder.encode(credential.getString("id"), java.nio.charset.StandardCharsets.UTF_8));
      org.openqa.selenium.WebElement copy = me.find("button[data-copy='new-share-url']");
      assertThat(copy.isDisplayed()).as("the script shows the copy button").isTrue();
      copy.click();
      new org.openqa.selenium.support.ui.WebDriverWait(me.driver, java.time.Duration.ofSeconds(5))
          .until(d -> !me.find("#new-share-url-status").getText().isEmpty());
      me.accessible().screenshot("my-credentials-new-share");

      stranger.open(URI.create(url).getPath());
      assertThat(stranger.find("h1").getText()).isEqualTo("Engineering Foundations");

      me.open("/my/credentials");
      assertThat(me.text()).contains("Once, last on");
      assertThat(me.all("#new-share")).as("the link is shown once").isEmpty();
      assertThat(me.find(card + "table").getText()).contains("Once, last on");
      me.click(card + "form[action$='/revoke'] button[type=submit]");
      assertThat(me.find(card + "table").getText()).contains("Revoked on");
      me.screenshot("my-credentials-revoked-link");

      stranger.open(URI.create(url).getPath());
      assertThat(stranger.find("h1").getText()).isEqualTo("Not Found");
    }
  }

  @Test
  void aReviewerSeesWhatWasSharedWithThemAndFollowsItToTheLearningRecords() {
    String reviewerEmail = "reviewer-" + tag + "@example.com";
    String invitation = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", reviewerEmail)
        .put("roles", new JsonArray().add("committee_reviewer")), 201).bodyAsJsonObject().getString("invitation");
    Browser.signUpAndIn(server, invitation, reviewerEmail, PASSWORD);
    JsonObject mine = issue("Code Review Practitioner", passed);
    String token = ada.get("/api/v1/me").send().await().getHeader("X-CSRF-Token");
    HttpResponse<Buffer> shared = ada.post("/api/v1/me/credentials/" + id(mine) + "/shares").putHeader("X-CSRF-Token", token)
        .sendJsonObject(new JsonObject().put("with", reviewerEmail)).await();
    assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(201);
    try (Chromium reviewer = new Chromium(server); Chromium owner = new Chromium(server)) {
      reviewer.signIn(reviewerEmail, PASSWORD);
      reviewer.click(reviewer.driver.findElement(By.linkText("Credentials shared with me")));
      assertThat(reviewer.path()).isEqualTo("/my/shared-with-me");
      assertThat(reviewer.find("table").getText()).contains("Code Review Practitioner", person, "Valid")
          .doesNotContain("Engineering Foundations");
      reviewer.accessible().screenshot("shared-with-me");
      reviewer.click(reviewer.driver.findElement(By.linkText("Code Review Practitioner")));
      assertThat(reviewer.find("h1").getText()).isEqualTo("Code Review Practitioner");
      assertThat(reviewer.text()).as("the learning record behind it, by name")
          .contains("This credential is genuine and valid", "Secure Coding Fundamentals");
      assertThat(reviewer.driver.findElement(By.linkText("the credential and its statements as JSON")).getAttribute("href"))
          .endsWith("/api/v1/me/shared-with-me/" + shared.bodyAsJsonObject().getString("id"));
      reviewer.accessible().screenshot("shared-with-me-credential");
      reviewer.open("/my/shared-with-me/" + UUID.randomUUID());
      assertThat(reviewer.find("h1").getText()).isEqualTo("Not Found");

      // the owner has no reviewer role: no such link at home, and the page refuses
      owner.signIn(email, PASSWORD);
      assertThat(owner.all("a[href='/my/shared-with-me']")).isEmpty();
      owner.open("/my/shared-with-me");
      assertThat(owner.find("h1").getText()).isEqualTo("Forbidden");
    }
  }

  @Test
  void aMentorSeesTheSessionsTheyGaveAndTheMenteeThoseReceived() throws InterruptedException {
    String mentorEmail = "mentor-" + tag + "@example.com";
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", "mentor-" + tag)
        .put("name", "Grace Hopper").put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + mentorEmail)))),
        200);
    String invitation = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", mentorEmail)
        .put("roles", new JsonArray().add("mentor")), 201).bodyAsJsonObject().getString("invitation");
    Browser.signUpAndIn(server, invitation, mentorEmail, PASSWORD);
    HttpResponse<Buffer> posted = server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject()
            .put("actor", new JsonObject().put("mbox", "mailto:" + mentorEmail))
            .put("verb", new JsonObject().put("id", "https://cairn.dev/xapi/verbs/mentored"))
            .put("object", new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + email))
            .put("result", new JsonObject().put("extensions", new JsonObject()
                .put("https://cairn.dev/xapi/extensions/outcome", "Reviewed a design together")))
            .put("context", new JsonObject().put("extensions", new JsonObject()
                .put("https://cairn.dev/xapi/extensions/competency", "https://case." + domain + "/system-design"))))
        .await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    try (Chromium mentor = new Chromium(server); Chromium mentee = new Chromium(server)) {
      mentor.signIn(mentorEmail, PASSWORD);
      mentor.click(mentor.driver.findElement(By.linkText("Mentoring")));
      for (int i = 0; i < 100 && !mentor.text().contains("Ada Lovelace"); i++) {
        Thread.sleep(100);
        mentor.open("/my/mentoring");
      }
      assertThat(mentor.text()).contains("Sessions you gave", "Ada Lovelace", "system-design", "Recorded", "Not yet",
          "Sessions given: 1. Counting toward your ladders: 0");
      mentor.accessible().screenshot("mentoring");
      mentee.signIn(email, PASSWORD);
      mentee.open("/my/mentoring");
      assertThat(mentee.text()).contains("Sessions you received", "Grace Hopper", "system-design")
          .doesNotContain("Sessions you gave");
    }
  }

  @Test
  void iDownloadMyCredentialAndNobodyElses() {
    HttpResponse<Buffer> jwt = ada.get("/my/credentials/" + id(credential) + "/credential.jwt").send().await();
    assertThat(jwt.statusCode()).isEqualTo(200);
    assertThat(jwt.getHeader("Content-Disposition")).startsWith("attachment");
    assertThat(jwt.bodyAsString()).isEqualTo(credential.getString("jwt"));
    HttpResponse<Buffer> json = ada.get("/my/credentials/" + id(credential) + "/credential.json").send().await();
    assertThat(json.bodyAsJsonObject().getString("id")).isEqualTo(credential.getString("id"));
    String other = "other-" + tag;
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", other).put("name", "Other")
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + other + "@example.com")))), 200);
    JsonObject theirs = server.admin(HttpMethod.POST, "/api/v1/badges", new JsonObject().put("personId", other)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + other + "@example.com"))
        .put("achievementId", "https://cairn.example/achievements/other-" + tag).put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", "Theirs").put("description", "Not Ada's.")
            .put("criteria", new JsonObject().put("narrative", "Theirs.")))
        .put("evidence", new JsonArray()), 201).bodyAsJsonObject();
    HttpResponse<Buffer> notMine = ada.get("/my/credentials/" + id(theirs) + "/credential.jwt").send().await();
    assertThat(notMine.statusCode()).isEqualTo(404);
    assertThat(ada.get("/my/credentials/not-a-uuid/credential.jwt").send().await().statusCode()).isIn(400, 404);
    HttpResponse<Buffer> forged = server.client.post("/my/credentials/" + id(credential) + "/shares")
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("indexable", "yes")).await();
    assertThat(forged.statusCode()).as("a form without the CSRF token").isEqualTo(403);
  }

  @Test
  void myProgressShowsEveryCompetencyByNameItsEvidenceAndWhatIsMissingForTheNextMilestone()
      throws InterruptedException {
    JsonObject progress = null;
    for (int i = 0; i < 300; i++) {
      progress = server.admin(HttpMethod.GET, "/api/v1/people/" + person + "/progress", null, 200).bodyAsJsonObject();
      if (progress.getJsonArray("milestones").size() > 0) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(progress.getJsonArray("milestones")).as("the mapper has read the statements: " + progress).isNotEmpty();
    try (Chromium me = new Chromium(server)) {
      me.open("/my/progress");
      assertThat(me.path()).as("signed out: to the sign-in page").isEqualTo("/login");
      me.signIn(email, PASSWORD);
      assertThat(me.path()).as("back where I was going").isEqualTo("/my/progress");
      assertThat(me.find("h1").getText()).isEqualTo("My progress");
      // every ladder is everyone's; this class's is the one of its own framework
      String ladder = "section[aria-labelledby='ladder-swe-" + tag + "'] ";
      assertThat(me.find(ladder).getText()).contains("Software Engineering Career Ladder",
          "You have reached 1 of 4 milestones.", "Engineering Foundations", "Reached on");
      String next = me.find(ladder + "li.milestone-next").getText();
      assertThat(next).contains("Senior Engineer Readiness", "What is missing:")
          .contains("in T.1 System Design: complete, master, pass or satisfy Designing distributed systems")
          .contains("You have no level in it yet.");
      assertThat(me.driver.findElement(By.xpath("//section[@aria-labelledby='ladder-swe-" + tag
          + "']//li[contains(@class,'milestone-later')][.//h3[contains(.,'Staff')]]"))
          .getAttribute("textContent")).contains("T.1 System Design at Advanced", "Endorsed by 2 different colleagues",
              "4 mentoring sessions given with a documented outcome");
      String competency = me.driver.findElement(By.xpath("//section[.//h3[.='T.4 Secure Development']]")).getText();
      assertThat(competency).contains("Practitioner (level", "Secure Coding Fundamentals", "passed", "92%",
          "2 November 2026", "secure-coding");
      String competencies = me.driver.findElement(By.xpath("//h2[.='Your competencies']/following-sibling::section[1]"))
          .getText();
      assertThat(competencies).as("names, never a bare URL").doesNotContain("http");
      me.accessible().screenshot("my-progress");
    }
  }
}
