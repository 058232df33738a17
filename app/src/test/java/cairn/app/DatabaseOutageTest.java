package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.testing.LogCapture;
import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a running Cairn: every endpoint answers 503 with Retry-After (not 500),
 * readiness says the database is DOWN while liveness stays UP, the log says so a few times rather than
 * once per request or worker round, and Cairn serves again by itself once PostgreSQL is back, without
 * losing what it acknowledged.
 */
class DatabaseOutageTest {
  private static final String KEY = "outage-admin";
  private static final String SECRET = "outage-admin-secret-01234";

  @Test
  void anOutageIsA503WithRetryAfterAndCairnRecoversByItself() throws Exception {
    Path dir = Files.createTempDirectory("cairn-outage");
    int pgPort = freePort();
    EmbeddedPostgres pg = start(dir, pgPort);
    Vertx vertx = Vertx.vertx();
    Config config = Config.from(Map.of(
        "CAIRN_HTTP_PORT", "0", "CAIRN_HTTP_INSTANCES", "1", "CAIRN_DATA_DIR", dir.toString(),
        // the libpq form DATABASE_URL uses, credentials in the URL
        "CAIRN_DB_URL", "postgresql://postgres:postgres@localhost:" + pgPort + "/postgres",
        "CAIRN_BOOTSTRAP_KEY", KEY, "CAIRN_BOOTSTRAP_SECRET", SECRET,
        "CAIRN_KEY_SECRET", "outage-test-key-secret"));
    Database db = Database.open(config);
    Cairn cairn = Cairn.start(vertx, config, db).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(cairn.port()));
    try {
      String before = UUID.randomUUID().toString();
      assertThat(post(client, before).statusCode()).isEqualTo(200);
      HealthTest.awaitReady(client, r -> r.statusCode() == 200);

      try (LogCapture log = LogCapture.begin()) {
        pg.close();
        int failed = 0;
        long outageEnd = System.currentTimeMillis() + 3_000;
        do {
          for (var call : calls(client)) {
            HttpResponse<Buffer> response = call.get();
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("5");
            assertThat(response.bodyAsString()).contains("database is out of reach");
            failed++;
          }
        } while (System.currentTimeMillis() < outageEnd);
        // three seconds: ~15 mapper rounds, 3 issuer rounds and every request failed; each says so once
        var loud = log.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(failed).isGreaterThan(12);
        assertThat(loud).as(LogCapture.describe(loud)).hasSizeLessThanOrEqualTo(6);
        assertThat(loud).noneMatch(e -> e.getLevel() == Level.ERROR);
        // readiness answers are reused for a second: the last one is three seconds old
        HttpResponse<Buffer> ready = client.get("/health/ready").send().await();
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonObject database = HealthTest.checks(ready.bodyAsJsonObject()).getJsonObject("database");
        assertThat(database.getString("status")).isEqualTo("DOWN");
        assertThat(database.getJsonObject("data").getString("reason")).isEqualTo("PostgreSQL is out of reach.");
        assertThat(ready.bodyAsString()).doesNotContain(String.valueOf(pgPort), "Connection refused");
        assertThat(client.get("/health/live").send().await().statusCode()).isEqualTo(200);
      }

      pg = start(dir, pgPort);
      long deadline = System.currentTimeMillis() + 15_000;
      String after = UUID.randomUUID().toString();
      int status;
      do {
        Thread.sleep(100);
        status = post(client, after).statusCode();
      } while (status != 200 && System.currentTimeMillis() < deadline);
      assertThat(status).as("Cairn serves again once PostgreSQL is back").isEqualTo(200);
      HealthTest.awaitReady(client, r -> r.statusCode() == 200);
      for (String id : List.of(before, after)) {
        assertThat(get(client, "/xapi/statements?statementId=" + id).statusCode()).isEqualTo(200);
      }
    } finally {
      cairn.stop().await();
      vertx.close().await();
      pg.close();
    }
  }

  private static List<java.util.function.Supplier<HttpResponse<Buffer>>> calls(WebClient client) {
    return List.of(
        () -> post(client, UUID.randomUUID().toString()),
        () -> get(client, "/xapi/statements?limit=1"),
        () -> get(client, "/xapi/activities/state?activityId=https%3A%2F%2Fexample.com%2Fa&agent="
            + "%7B%22mbox%22%3A%22mailto%3Aa%40example.com%22%7D&stateId=s"),
        () -> client.request(HttpMethod.GET, "/api/v1/frameworks").basicAuthentication(KEY, SECRET).send().await(),
        () -> client.request(HttpMethod.GET, "/api/v1/badges?personId=p").basicAuthentication(KEY, SECRET).send().await(),
        () -> client.request(HttpMethod.GET, "/.well-known/jwks.json").send().await());
  }

  private static HttpResponse<Buffer> post(WebClient client, String id) {
    return client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(KEY, SECRET)
        .sendJsonObject(new JsonObject().put("id", id)
            .put("actor", new JsonObject().put("mbox", "mailto:outage@example.com"))
            .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
            .put("object", new JsonObject().put("id", "https://example.com/outage")))
        .await();
  }

  private static HttpResponse<Buffer> get(WebClient client, String uri) {
    return client.get(uri).putHeader("X-Experience-API-Version", "2.0.0").basicAuthentication(KEY, SECRET)
        .send().await();
  }

  private static EmbeddedPostgres start(Path dir, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(false)
        .setPort(port).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
