package cairn.app.admin;

import static cairn.app.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.CairnServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn admin import framework|people}: the API's imports from a file, with the same
 * validation, versions and audit entries, and the people import's progress on standard error.
 */
class ImportCommandsTest {
  static final String SAMPLE_DOC = "02c4a0ed-1c1f-5856-9018-545ed0d1634d";
  static CairnServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    server = new CairnServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static String auditActor(String subject, String action) {
    Row row = server.cairn.pool().preparedQuery("select actor from progression.audit_log where subject = $1 "
        + "and action = $2 order by id desc limit 1").execute(Tuple.of(subject, action)).await().iterator().next();
    return row.getString("actor");
  }

  @Test
  void aCaseFrameworkIsImportedAsAVersionAndTheSameContentChangesNothing() throws IOException {
    String id = UUID.randomUUID().toString();
    Path file = write("framework.json", Files.readString(Path.of("../docs/samples/swe-framework.json"))
        .replace(SAMPLE_DOC, id));
    AdminRun first = admin(AdminRun.shared(), "import", "framework", file.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out().strip()).isEqualTo(id + " 1");
    assertThat(first.err()).contains("as version 1, 9 items");
    assertThat(auditActor("framework:" + id, "framework.import")).isEqualTo("cli:" + System.getProperty("user.name"));

    JsonObject items = server.client.get("/api/v1/frameworks/" + id + "/items")
        .putHeader("Authorization", basicAdmin()).send().await().bodyAsJsonObject();
    assertThat(items.getJsonArray("items")).hasSize(9);

    AdminRun again = admin(AdminRun.shared(), "import", "framework", file.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out().strip()).isEqualTo(id + " 1");
    assertThat(again.err()).contains("already holds this content");
  }

  @Test
  void aBadFileIsRefusedWithWhereAndWhy() throws IOException {
    AdminRun notCase = admin(AdminRun.shared(), "import", "framework", write("bad.json", "{\"CFDocument\": 1}").toString());
    assertThat(notCase.code()).as(notCase.toString()).isEqualTo(1);
    assertThat(notCase.err()).contains("bad.json: ").contains("Nothing was imported");
    AdminRun malformed = admin(AdminRun.shared(), "import", "people", write("people.json", "[{\"id\": ").toString());
    assertThat(malformed.code()).isEqualTo(1);
    assertThat(malformed.err()).contains("Malformed JSON");
    AdminRun empty = admin(AdminRun.shared(), "import", "people", write("empty.json", "").toString());
    assertThat(empty.code()).isEqualTo(1);
    assertThat(empty.err()).contains("is empty");
    AdminRun missing = admin(AdminRun.shared(), "import", "people", dir.resolve("nowhere.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("No file");
    AdminRun noAgents = admin(AdminRun.shared(), "import", "people",
        write("noagents.json", "[{\"id\": \"x\"}]").toString());
    assertThat(noAgents.code()).isEqualTo(1);
    assertThat(noAgents.err()).contains("needs \"agents\"").contains("(at $[0].agents)");
  }

  @Test
  void thePeopleDirectoryIsImportedWithProgress() throws IOException {
    String domain = "cli-" + UUID.randomUUID() + ".example";
    JsonArray people = new JsonArray();
    for (int i = 0; i < 2500; i++) {
      people.add(new JsonObject().put("id", "p" + i + "@" + domain).put("name", "Person " + i)
          .put("role", "Engineer").put("function", "Engineering").put("level", "L" + (i % 5)).put("team", "t" + (i % 50))
          .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:p" + i + "@" + domain))));
    }
    Path file = write("people.json", people.encode());
    AdminRun run = admin(AdminRun.shared(), "import", "people", file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo("2500");
    assertThat(run.err()).contains("Imported 1,000 / 2,500 people (40%)\n").contains("Imported 2,000 / 2,500 people (80%)\n")
        .contains("Imported 2,500 / 2,500 people (100%)\n").doesNotContain("\r");
    assertThat(auditActor("people", "people.import")).isEqualTo("cli:" + System.getProperty("user.name"));

    JsonObject person = server.client.get("/api/v1/people/p2499@" + domain).putHeader("Authorization", basicAdmin())
        .send().await().bodyAsJsonObject();
    assertThat(person.getString("level")).isEqualTo("L4");
    assertThat(person.getJsonArray("agents").getJsonObject(0).getString("mbox")).isEqualTo("mailto:p2499@" + domain);
  }

  @Test
  void onATerminalTheProgressLineIsRewrittenInPlace() {
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err), true, "Imported", "people", 1200);
    progress.update(1000);
    progress.update(1200);
    assertThat(err.toString()).isEqualTo("\rImported 1,000 / 1,200 people (83%)\rImported 1,200 / 1,200 people (100%)"
        + System.lineSeparator());
    StringWriter stopped = new StringWriter();
    Progress shortOf = new Progress(new PrintWriter(stopped), true, "Imported", "people", 1200);
    shortOf.update(1000);
    shortOf.end();
    assertThat(stopped.toString()).endsWith("(83%)" + System.lineSeparator());
  }

  private static String basicAdmin() {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(
        (CairnServer.ADMIN_KEY + ":" + CairnServer.ADMIN_SECRET).getBytes());
  }
}
