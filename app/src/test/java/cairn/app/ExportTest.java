package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/me/export} in the whole of Cairn: a signed-in person downloads one ZIP archive
 * with their account, statements, documents, progress, credentials (VC-JWT and JSON) and share
 * links, and a README saying what each file is; nobody else's data is in it; an account linked to
 * no person gets its account record; only a session opens it.
 */
class ExportTest {
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static CairnServer server;
  private static String tag;
  private static String domain;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    domain = "export-" + tag + ".example";
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSignedInPersonDownloadsEverythingHeldAboutThemAndNothingElse() throws IOException {
    String me = "me-" + tag;
    String email = me + "@example.com";
    String someone = "someone-" + tag + "@example.com";
    String framework = UUID.randomUUID().toString();
    admin(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json", framework), 201);
    admin(HttpMethod.PUT, "/api/v1/frameworks/" + framework + "/rules", sample("swe-rules.json", framework), 201);
    admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", me).put("name", "Me")
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email)))), 200);
    String mine = UUID.randomUUID().toString();
    String theirs = UUID.randomUUID().toString();
    xapi(HttpMethod.POST, "/xapi/statements", new JsonArray()
        .add(statement(mine, email, "secure-coding-fundamentals"))
        .add(statement(theirs, someone, "secure-coding-fundamentals")), 200);
    String agent = URLEncoder.encode(new JsonObject().put("mbox", "mailto:" + email).encode(), StandardCharsets.UTF_8);
    xapi(HttpMethod.POST, "/xapi/agents/profile?agent=" + agent + "&profileId=prefs",
        new JsonObject().put("theme", "dark"), 204);
    JsonObject credential = admin(HttpMethod.POST, "/api/v1/badges", new JsonObject().put("personId", me)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email))
        .put("achievementId", "https://cairn.example/achievements/export-" + tag).put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", "Secure coding").put("description", "Writes secure code.")
            .put("criteria", new JsonObject().put("narrative", "Complete the course.")))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", mine).put("rule", "secure-coding"))),
        201).bodyAsJsonObject();
    String invitation = admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", email),
        201).bodyAsJsonObject().getString("invitation");
    WebClientSession browser = Browser.signUpAndIn(server, invitation, email, "my own password, long enough");

    HttpResponse<Buffer> export = browser.get("/api/v1/me/export").send().await();
    assertThat(export.statusCode()).as(export.bodyAsString()).isEqualTo(200);
    assertThat(export.getHeader("Content-Type")).isEqualTo("application/zip");
    assertThat(export.getHeader("Content-Disposition")).startsWith("attachment; filename=\"cairn-export-");
    assertThat(export.getHeader("Cache-Control")).isEqualTo("no-store");
    Map<String, String> files = unzip(export.body());
    assertThat(files).containsKeys("README.txt", "account.json", "progress.json", "issuance-requests.json",
        "credentials.json", "shares.json", "documents.json", "statements.json");
    for (String name : files.keySet()) {
      if (!name.equals("README.txt") && !name.startsWith("documents/")) {
        assertThat(files.get("README.txt")).as(name + " is explained").contains(name.startsWith("credentials/")
            ? "credentials/ID.jwt" : name);
      }
    }
    assertThat(new JsonObject(files.get("account.json")).getString("email")).isEqualTo(email);
    assertThat(files.get("account.json")).doesNotContain("argon2");
    JsonArray statements = new JsonArray(files.get("statements.json"));
    assertThat(statements).hasSize(1);
    assertThat(statements.getJsonObject(0).getString("id")).isEqualTo(mine);
    assertThat(statements.getJsonObject(0).getString("stored")).isNotBlank();
    assertThat(String.join("", files.values())).doesNotContain(theirs).doesNotContain(someone);
    assertThat(new JsonObject(files.get("progress.json")).getJsonObject("person").getString("id")).isEqualTo(me);
    JsonObject held = new JsonArray(files.get("credentials.json")).getJsonObject(0);
    assertThat(held.getString("jwt")).isEqualTo(credential.getString("jwt"));
    assertThat(held.getJsonObject("credential").getString("id")).isEqualTo(credential.getJsonObject("credential")
        .getString("id"));
    assertThat(files.get("credentials/" + held.getString("id").substring(9) + ".jwt")).isEqualTo(credential.getString("jwt"));
    JsonObject document = new JsonArray(files.get("documents.json")).getJsonObject(0);
    assertThat(document.getString("profileId")).isEqualTo("prefs");
    assertThat(new JsonObject(files.get(document.getString("file"))).getString("theme")).isEqualTo("dark");
  }

  @Test
  void anAccountLinkedToNobodyGetsItsAccountAndOnlyASessionOpensTheExport() throws IOException {
    String email = "nobody-" + tag + "@example.com";
    String invitation = admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", email),
        201).bodyAsJsonObject().getString("invitation");
    WebClientSession browser = Browser.signUpAndIn(server, invitation, email, "a password for nobody at all");
    HttpResponse<Buffer> export = browser.get("/api/v1/me/export").send().await();
    assertThat(export.statusCode()).isEqualTo(200);
    Map<String, String> files = unzip(export.body());
    assertThat(files.keySet()).containsExactly("README.txt", "account.json");
    assertThat(files.get("README.txt")).contains("not linked to a person");

    assertThat(server.client.get("/api/v1/me/export").send().await().statusCode()).isEqualTo(401);
    assertThat(server.client.get("/api/v1/me/export").basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .send().await().statusCode()).as("API credentials do not open it").isEqualTo(401);
  }

  private static Map<String, String> unzip(Buffer zip) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getBytes()), StandardCharsets.UTF_8)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private JsonObject statement(String id, String email, String course) {
    return new JsonObject().put("id", id).put("actor", new JsonObject().put("mbox", "mailto:" + email))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learn." + domain + "/courses/" + course));
  }

  private static JsonObject sample(String file, String framework) throws IOException {
    return new JsonObject(Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", domain));
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = server.client.request(method, path)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }

  private static HttpResponse<Buffer> xapi(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = server.client.request(method, path).putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    HttpResponse<Buffer> response = request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }
}
