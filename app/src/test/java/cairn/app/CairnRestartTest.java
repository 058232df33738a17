package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The zero-configuration runnable: Cairn on its own embedded PostgreSQL in a data directory,
 * started, stopped and started again, keeps every acknowledged statement and its bootstrap credential.
 */
class CairnRestartTest {

  @Test
  void aRestartKeepsEveryStatement() throws Exception {
    Path dataDir = Files.createTempDirectory("cairn-restart");
    Config config = Config.from(Map.of(
        "CAIRN_DATA_DIR", dataDir.toString(),
        "CAIRN_HTTP_PORT", "0",
        "CAIRN_HTTP_INSTANCES", "1",
        "CAIRN_BOOTSTRAP_KEY", "admin",
        "CAIRN_BOOTSTRAP_SECRET", "change-me-please"));
    String id = UUID.randomUUID().toString();
    JsonObject statement = new JsonObject()
        .put("id", id)
        .put("actor", new JsonObject().put("mbox", "mailto:restart@example.com"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
        .put("object", new JsonObject().put("id", "https://example.com/courses/restart"));

    HttpResponse<Buffer> posted = run(config, client -> client.post("/xapi/statements")
        .putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication("admin", "change-me-please")
        .sendJsonObject(statement).await());
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> read = run(config, client -> client.get("/xapi/statements?statementId=" + id)
        .putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication("admin", "change-me-please")
        .send().await());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(Files.exists(dataDir.resolve("key-secret"))).isTrue();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Opens the database, starts Cairn, makes one call, stops everything again. */
  private static HttpResponse<Buffer> run(Config config,
      java.util.function.Function<WebClient, HttpResponse<Buffer>> call) {
    Vertx vertx = Vertx.vertx();
    Database db = Database.open(config);
    try {
      Cairn cairn = Cairn.start(vertx, config, db).await();
      WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
          .setDefaultHost("localhost").setDefaultPort(cairn.port()));
      HttpResponse<Buffer> response = call.apply(client);
      cairn.stop().await();
      return response;
    } finally {
      vertx.close().await();
      db.close();
    }
  }
}
