package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin console's progression sections in headless Chromium against the whole of Cairn, signed
 * in as an L&D admin, each page checked with axe-core: a CASE package imported by upload and its item
 * tree; a broken package refused with the problem against its item; evidence rules refused with the
 * validator's path, then saved and seen in the history and the audit log; a people CSV with a bad row
 * previewed (nothing stored), then corrected, confirmed, stored and audited; the mapper's status. A
 * manager gets the 403 page.
 */
class ConsoleProgressionPagesTest {
  private static final String PASSWORD = "a password long enough for the console";
  private static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  private static CairnServer server;
  private static Chromium chromium;
  private static String tag;
  private static WebClientSession manager;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    String admin = "ld-" + tag + "@example.com";
    Browser.signUpAndIn(server, invite(admin, "ld_admin"), admin, PASSWORD);
    String boss = "manager-" + tag + "@example.com";
    manager = Browser.signUpAndIn(server, invite(boss, "manager"), boss, PASSWORD);
    chromium = new Chromium(server);
    chromium.signIn(admin, PASSWORD);
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
  void importingACasePackageShowsItsItemTree() throws IOException {
    String framework = UUID.randomUUID().toString();
    chromium.open("/admin/frameworks").accessible();
    chromium.find("#file").sendKeys(file("framework", sample("swe-framework.json", framework).encode()).toString());
    chromium.click("form[action='/admin/frameworks'] button[type=submit]");

    assertThat(chromium.path()).isEqualTo("/admin/frameworks/" + framework);
    assertThat(chromium.text()).contains("Imported", "Technical Excellence", "T.4", "Version");
    // the tree: an area's competencies are nested under it
    assertThat(chromium.all(".tree > ul > li > ul > li")).isNotEmpty();
    assertThat(chromium.find(".tree").getText()).contains("T Technical Excellence");
    chromium.accessible().screenshot("console-framework-tree");
    assertThat(chromium.all("a[href='/admin']")).as("a link back to the console's index").isNotEmpty();
  }

  @Test
  void aBrokenPackageIsRefusedWithTheProblemAgainstItsItem() throws IOException {
    String framework = UUID.randomUUID().toString();
    JsonObject broken = sample("swe-framework.json", framework);
    JsonArray items = broken.getJsonArray("CFItems");
    JsonObject item = null;
    for (int i = 0; i < items.size(); i++) {
      if ("T.4".equals(items.getJsonObject(i).getString("humanCodingScheme"))) {
        item = items.getJsonObject(i);
      }
    }
    assertThat(item).as("the sample has an item T.4").isNotNull();
    item.put("fullStatement", 42);
    chromium.open("/admin/frameworks");
    setValue("#package", broken.encodePrettily());
    chromium.click("form[action='/admin/frameworks'] button[type=submit]");

    assertThat(chromium.path()).isEqualTo("/admin/frameworks");
    String summary = chromium.find(".error-summary").getText();
    assertThat(summary).contains("CFItem T.4", item.getString("identifier"), "fullStatement");
    assertThat(chromium.find("#problem-1").getText()).contains("CFItem", "T.4", "fullStatement");
    assertThat(chromium.find("#package").getAttribute("value")).as("what was pasted is kept").contains(framework);
    chromium.accessible();
    assertThat(admin(HttpMethod.GET, "/api/v1/frameworks/" + framework, null).statusCode()).as("nothing stored")
        .isEqualTo(404);
  }

  @Test
  void rulesAreRefusedAtTheValidatorsPathThenSavedAsANewVersionInTheHistory() throws IOException {
    String framework = UUID.randomUUID().toString();
    assertThat(admin(HttpMethod.POST, "/api/v1/frameworks", sample("swe-framework.json", framework)).statusCode())
        .isEqualTo(201);
    JsonObject rules = sample("swe-rules.json", framework);
    JsonObject twice = rules.copy();
    JsonArray list = twice.getJsonArray("rules");
    list.getJsonObject(1).put("id", list.getJsonObject(0).getString("id"));

    chromium.open("/admin/rules").accessible();
    chromium.click("a[href='/admin/rules/" + framework + "']");
    assertThat(chromium.text()).contains("No version saved yet");
    setValue("#definition", twice.encodePrettily());
    chromium.click("form button[type=submit]");
    assertThat(chromium.find(".error-summary").getText()).contains("$.rules[1].id", "used twice");
    assertThat(chromium.find("#definition-error").getText()).contains("$.rules[1].id");
    chromium.accessible();

    setValue("#definition", rules.encodePrettily());
    chromium.click("form button[type=submit]");
    assertThat(chromium.path()).isEqualTo("/admin/rules/" + framework);
    assertThat(chromium.text()).contains("Saved as version 1");
    assertThat(chromium.find("table.versions").getText()).contains("framework version 1", "account:");
    assertThat(chromium.find("table.audit").getText()).contains("rules.define", "account:");
    chromium.accessible();
    JsonArray audit = admin(HttpMethod.GET, "/api/v1/audit?subject=rules:" + framework, null).bodyAsJsonArray();
    assertThat(audit.getJsonObject(0).getString("actor")).startsWith("account:");
  }

  @Test
  void aPeopleCsvIsPreviewedWithItsRowErrorsAndStoredOnlyOnceCorrectAndConfirmed() {
    String ada = "ada-" + tag;
    String bob = "bob-" + tag;
    String header = "person_id,name,email,team,role,function,level,manages\n";
    String good = ada + ",Ada Lovelace,ada-" + tag + "@example.com,Platform,engineer,engineering,L3,\n";
    String bad = bob + ",\"Bob, the Builder\",not-an-address,Platform,manager,engineering,L5,Platform;Data\n";
    chromium.open("/admin/people").accessible();
    setValue("#csv", header + good + bad);
    chromium.click("form[action='/admin/people/preview'] button[type=submit]");

    assertThat(chromium.path()).isEqualTo("/admin/people/preview");
    assertThat(chromium.find(".error-summary").getText()).contains("Row 3", "email", "not-an-address");
    assertThat(chromium.find("#row-3").getText()).contains("Bob, the Builder", "email");
    assertThat(chromium.find("#row-2").getText()).contains("Ada Lovelace", "Ready");
    assertThat(chromium.all("#confirm")).as("no confirmation while a row is wrong").isEmpty();
    chromium.accessible().screenshot("console-people-preview");
    assertThat(admin(HttpMethod.GET, "/api/v1/people/" + ada, null).statusCode()).as("nothing stored").isEqualTo(404);

    chromium.open("/admin/people");
    setValue("#csv", header + good + bad.replace("not-an-address", "bob-" + tag + "@example.com"));
    chromium.click("form[action='/admin/people/preview'] button[type=submit]");
    assertThat(chromium.all(".error-summary")).isEmpty();
    assertThat(admin(HttpMethod.GET, "/api/v1/people/" + ada, null).statusCode()).as("still nothing stored")
        .isEqualTo(404);
    chromium.accessible();
    chromium.click("#confirm");

    assertThat(chromium.path()).isEqualTo("/admin/people");
    assertThat(chromium.text()).contains("Imported 2 people");
    JsonObject stored = admin(HttpMethod.GET, "/api/v1/people/" + bob, null).bodyAsJsonObject();
    assertThat(stored.getString("name")).isEqualTo("Bob, the Builder");
    assertThat(stored.getJsonArray("manages")).containsExactly("Platform", "Data");
    assertThat(stored.getJsonArray("agents").getJsonObject(0).getString("mbox")).isEqualTo("mailto:bob-" + tag + "@example.com");
    JsonObject entry = admin(HttpMethod.GET, "/api/v1/audit?subject=people&limit=1", null).bodyAsJsonArray()
        .getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("people.import");
    assertThat(entry.getString("actor")).startsWith("account:");

    chromium.open("/admin/people?q=" + tag).accessible();
    assertThat(chromium.text()).contains("2 people", "Ada Lovelace", "Bob, the Builder");
  }

  @Test
  void hostileInputGetsTheErrorSummaryNeverAFailure() {
    chromium.open("/admin/people");
    setValue("#csv", "person_id,name,shoe_size\n\"unclosed,quote\n");
    chromium.click("form[action='/admin/people/preview'] button[type=submit]");
    assertThat(chromium.find(".error-summary").getText()).contains("CSV cannot be read");
    chromium.accessible();

    chromium.open("/admin/people");
    setValue("#csv", "person_id,name,shoe_size\nx-" + tag + ",X,44\n");
    chromium.click("form[action='/admin/people/preview'] button[type=submit]");
    assertThat(chromium.find(".error-summary").getText()).contains("Row 1", "shoe_size", "Unknown column");

    chromium.open("/admin/ladders");
    setValue("#definition", "{\"id\": \"x\", \"framework\": ");
    chromium.click("form[action='/admin/ladders'] button[type=submit]");
    assertThat(chromium.find(".error-summary").getText()).contains("Malformed JSON");
    assertThat(chromium.find("#definition").getAttribute("value")).contains("\"framework\"");
    chromium.accessible();
  }

  @Test
  void theMapperPageShowsItsStatus() {
    chromium.open("/admin/mapper").accessible();
    assertThat(chromium.text()).contains("Statements processed", "Statements waiting", "Lag", "Rounds in this process");
    chromium.screenshot("console-mapper");
  }

  @Test
  void aManagerGetsTheForbiddenPage() {
    for (String path : new String[] {"/admin/frameworks", "/admin/rules", "/admin/ladders", "/admin/people",
        "/admin/mapper"}) {
      HttpResponse<Buffer> page = manager.get(path).putHeader("Accept", "text/html").send().await();
      assertThat(page.statusCode()).as(path).isEqualTo(403);
      assertThat(page.getHeader("Content-Type")).startsWith("text/html");
      assertThat(page.bodyAsString()).contains("ld_admin");
    }
  }

  private static void setValue(String css, String value) {
    chromium.driver.executeScript("arguments[0].value = arguments[1];", chromium.find(css), value);
  }

  private static Path file(String name, String content) throws IOException {
    Path file = Files.createTempFile(name + "-", ".json");
    Files.writeString(file, content);
    file.toFile().deleteOnExit();
    return file.toAbsolutePath();
  }

  private static JsonObject sample(String file, String framework) throws IOException {
    return new JsonObject(Files.readString(Path.of("../docs/samples", file)).replace(SAMPLE_DOC, framework)
        .replace("northwind.example", "console-" + tag + ".example"));
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String path, Object body) {
    HttpRequest<Buffer> request = server.client.request(method, path)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    return body == null ? request.send().await() : request.sendJson(body).await();
  }

  private static String invite(String address, String role) {
    HttpResponse<Buffer> invited = admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", address).put("roles", new JsonArray().add(role)));
    assertThat(invited.statusCode()).as(invited.bodyAsString()).isEqualTo(201);
    return invited.bodyAsJsonObject().getString("invitation");
  }
}
