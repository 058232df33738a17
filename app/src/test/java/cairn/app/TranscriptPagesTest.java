package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.baking.Baking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The owner's transcript and baked PNG against the whole of Cairn: {@code GET /my/clr} in both forms and its
 * JSON twin {@code GET /api/v1/me/clr} (the signed-in person's own only), verified by {@code POST /verify}
 * and on the verify page (each embedded credential a check; a revoked one named); the baked PNG of a
 * credential read back by the unbaking code and verified by the API, a tampered one invalid, one without
 * the chunk a 400; the My credentials page with its transcript links, checked with axe-core.
 */
class TranscriptPagesTest {
  private static final String PASSWORD = "a password long enough for the transcript";
  private static CairnServer server;
  private static String tag;
  private static String email;
  private static String person;
  private static WebClientSession ada;
  private static JsonObject first;
  private static JsonObject second;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    email = "ada-clr-" + tag + "@example.com";
    person = "ada-clr-" + tag;
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", person)
        .put("name", "Ada Lovelace").put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email)))),
        200);
    ada = Browser.signUpAndIn(server, invite(email), email, PASSWORD);
    first = issue("Engineering Foundations", "T.4", "Secure coding");
    second = issue("Engineering Practitioner", "T.5", "Code review");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String invite(String address) {
    return server.admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", address).put("roles", new JsonArray().add("employee")), 201)
        .bodyAsJsonObject().getString("invitation");
  }

  private static JsonObject issue(String name, String code, String skill) {
    return server.admin(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", person)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email))
        .put("recipientName", "Ada Lovelace")
        .put("achievementId", "https://cairn.example/achievements/clr-" + tag + "/" + UUID.randomUUID())
        .put("ladderId", "swe-" + tag)
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", name).put("description", "Writes secure, reviewed code.")
            .put("criteria", new JsonObject().put("narrative", "Practitioner level in " + skill + "."))
            .put("alignments", new JsonArray().add(new JsonObject().put("targetUrl", "https://case.example/" + code)
                .put("targetName", skill).put("targetCode", code))))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", UUID.randomUUID().toString())
            .put("rule", "rules/swe/v1#" + code))), 201).bodyAsJsonObject();
  }

  private static String id(JsonObject issued) {
    return issued.getString("id").substring("urn:uuid:".length());
  }

  private static JsonObject verify(String contentType, Buffer body) {
    HttpResponse<Buffer> r = server.client.post("/verify").putHeader("Content-Type", contentType).sendBuffer(body).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject check(JsonObject report, String name) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("check").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theOwnerDownloadsTheTranscriptInBothFormsAndItVerifies() {
    HttpResponse<Buffer> jwt = ada.get("/my/clr?form=vc-jwt").send().await();
    assertThat(jwt.statusCode()).as(jwt.bodyAsString()).isEqualTo(200);
    assertThat(jwt.getHeader("Content-Type")).isEqualTo("application/vc+jwt");
    assertThat(jwt.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"transcript.jwt\"");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.bodyAsString().split("\\.")[1]),
        StandardCharsets.UTF_8));
    assertThat(payload.getJsonArray("type")).containsExactly("VerifiableCredential", "ClrCredential");
    JsonObject subject = payload.getJsonObject("credentialSubject");
    assertThat(subject.getJsonArray("verifiableCredential")).hasSize(2);
    assertThat(subject.getJsonArray("achievement").getJsonObject(1).getJsonArray("alignment").getJsonObject(0)
        .getString("targetType")).isEqualTo("CFItem");
    JsonObject report = verify("application/jwt", jwt.body());
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
    assertThat(check(report, "embedded 2").getString("reason")).contains("Engineering Practitioner");

    HttpResponse<Buffer> json = ada.get("/my/clr?form=data-integrity").send().await();
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.getHeader("Content-Type")).isEqualTo("application/vc");
    assertThat(json.bodyAsJsonObject().getJsonArray("proof").getJsonObject(0).getString("cryptosuite"))
        .isEqualTo("eddsa-rdfc-2022");
    assertThat(verify("application/vc", json.body()).getBoolean("valid")).isTrue();

    HttpResponse<Buffer> api = ada.get("/api/v1/me/clr?form=data-integrity").send().await();
    assertThat(api.statusCode()).as(api.bodyAsString()).isEqualTo(200);
    assertThat(api.bodyAsJsonObject().getInteger("credentials")).isEqualTo(2);
    assertThat(api.bodyAsJsonObject().getJsonObject("credential").getString("name")).isEqualTo("Transcript from Cairn");
    assertThat(ada.get("/api/v1/me/clr").send().await().bodyAsJsonObject().getString("jwt")).contains(".");
    HttpResponse<Buffer> bad = ada.get("/api/v1/me/clr?form=pdf").send().await();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("form must be vc-jwt or data-integrity");

    // nobody else's: without a session, none
    assertThat(server.client.get("/api/v1/me/clr").send().await().statusCode()).isEqualTo(401);
    HttpResponse<Buffer> page = server.client.get("/my/clr").followRedirects(false).send().await();
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.getHeader("Location")).startsWith("/login?return=");
  }

  @Test
  void aBakedPngGoesRoundTripAndATamperedOrPlainOneFails() throws IOException {
    HttpResponse<Buffer> png = ada.get("/my/credentials/" + id(first) + "/badge.png").send().await();
    assertThat(png.statusCode()).as(png.bodyAsString()).isEqualTo(200);
    assertThat(png.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(Baking.unbake(png.body().getBytes())).contains(first.getString("jwt"));
    assertThat(verify("image/png", png.body()).getBoolean("valid")).isTrue();
    assertThat(ada.get("/my/credentials/" + UUID.randomUUID() + "/badge.png").send().await().statusCode()).isEqualTo(404);

    // one byte of the signature changed inside the chunk (the chunk's CRC no longer matters to the reader)
    byte[] bytes = png.body().getBytes();
    String jwt = first.getString("jwt");
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(jwt) + jwt.length() - 5;
    bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
    JsonObject tampered = verify("image/png", Buffer.buffer(bytes));
    assertThat(tampered.getBoolean("valid")).isFalse();
    assertThat(check(tampered, "signature").getBoolean("pass")).isFalse();

    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body().getBytes())),
        "png", plain);
    HttpResponse<Buffer> none = server.client.post("/verify").putHeader("Content-Type", "image/png")
        .sendBuffer(Buffer.buffer(plain.toByteArray())).await();
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.bodyAsJsonObject().getString("detail")).contains("openbadgecredential");

    // and on the verify page
    Path file = Files.createTempFile("badge-", ".png");
    try (Chromium committee = new Chromium(server)) {
      Files.write(file, png.body().getBytes());
      committee.open("/verify");
      committee.find("#file").sendKeys(file.toString());
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.find("h1").getText()).isEqualTo("Engineering Foundations");
      assertThat(committee.text()).contains("This credential is genuine and valid");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void theVerifyPageChecksATranscriptAndNamesARevokedCredentialInside() throws IOException {
    JsonObject third = issue("Engineering Mentor", "T.6", "Mentoring");
    String transcript = ada.get("/my/clr?form=data-integrity").send().await().bodyAsString();
    server.admin(HttpMethod.POST, "/api/v1/badges/" + id(third) + "/revoke", new JsonObject().put("reason", "Awarded in error"),
        200);
    JsonObject report = verify("application/vc", Buffer.buffer(transcript));
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "signature").getBoolean("pass")).isTrue();
    assertThat(check(report, "embedded 3").getString("reason")).contains("Engineering Mentor", "revoked");

    Path file = Files.createTempFile("transcript-", ".json");
    try (Chromium committee = new Chromium(server)) {
      Files.writeString(file, transcript);
      committee.open("/verify");
      committee.find("#file").sendKeys(file.toString());
      committee.click("form[action='/verify'] button[type=submit]");
      assertThat(committee.find("h1").getText()).isEqualTo("Transcript from Cairn");
      assertThat(committee.text()).contains("Embedded credential 1", "Embedded credential 3", "Engineering Mentor",
          "revoked");
      committee.accessible().screenshot("verify-transcript");
    } finally {
      Files.deleteIfExists(file);
    }
    // the revoked credential is left out of a new transcript
    assertThat(ada.get("/api/v1/me/clr").send().await().bodyAsJsonObject().getInteger("credentials")).isEqualTo(2);
  }

  @Test
  void myCredentialsOffersTheTranscriptAndTheBakedPng() {
    try (Chromium browser = new Chromium(server)) {
      browser.open("/login").signIn(email, PASSWORD);
      browser.open("/my/credentials");
      assertThat(browser.find("a[href='/my/clr?form=vc-jwt']").getText())
          .isEqualTo("Download my transcript (CLR), signed as a VC-JWT");
      assertThat(browser.find("a[href='/my/clr?form=data-integrity']").getText()).contains("Data Integrity");
      assertThat(browser.find("a[href='/my/credentials/" + id(first) + "/badge.png']").getText()).contains("(PNG)");
      browser.accessible().screenshot("my-credentials-transcript");
    }
  }
}
