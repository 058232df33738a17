package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.TestPostgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/live} and {@code /health/ready} on a running Cairn, without credentials: live
 * answers while the process does; ready passes its four checks, and fails (503) on the mapper's lag
 * beyond the configured limit. (A database out of reach: {@link DatabaseOutageTest}.)
 */
class HealthTest {

  @Test
  void liveAndReadyAnswerWithoutCredentialsAndListEveryCheck() {
    try (CairnServer server = new CairnServer()) {
      HttpResponse<Buffer> live = server.client.get("/health/live").send().await();
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
      assertThat(live.getHeader("Cache-Control")).isEqualTo("no-store");

      HttpResponse<Buffer> ready = awaitReady(server.client, r -> r.statusCode() == 200);
      JsonObject body = ready.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(checks(body).fieldNames()).containsExactlyInAnyOrder("database", "migrations", "mapper", "issuerKeys");
      checks(body).forEach(check -> assertThat(((JsonObject) check.getValue()).getString("status"))
          .as(check.getKey()).isEqualTo("UP"));
      JsonObject mapper = checks(body).getJsonObject("mapper").getJsonObject("data");
      assertThat(mapper.fieldNames()).containsExactlyInAnyOrder("waitingStatements", "oldestWaitingSeconds",
          "maxLagSeconds");
      assertThat(mapper.getLong("maxLagSeconds")).isEqualTo(600);
      // nothing about where the database is or who connects to it
      assertThat(ready.bodyAsString())
          .doesNotContain("jdbc", "postgresql:", TestPostgres.get().user(), TestPostgres.get().password());

      HttpResponse<Buffer> head = server.client.request(HttpMethod.HEAD, "/health/ready").send().await();
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isNull();
    }
  }

  @Test
  void readyIs503WhileTheMapperLagsBeyondTheLimit() {
    // no mapper in this process: a statement posted now waits until the next test's mapper runs
    try (CairnServer server = new CairnServer(Map.of("CAIRN_COMPONENTS", "http",
        "CAIRN_READY_MAPPER_LAG_SECONDS", "1"))) {
      HttpResponse<Buffer> posted = server.client.post("/xapi/statements")
          .putHeader("X-Experience-API-Version", "2.0.0")
          .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
          .sendJsonObject(new JsonObject().put("id", UUID.randomUUID().toString())
              .put("actor", new JsonObject().put("mbox", "mailto:lag@example.com"))
              .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
              .put("object", new JsonObject().put("id", "https://example.com/lag")))
          .await();
      assertThat(posted.statusCode()).isEqualTo(200);

      HttpResponse<Buffer> ready = awaitReady(server.client, r -> r.statusCode() == 503
          && "DOWN".equals(checks(r.bodyAsJsonObject()).getJsonObject("mapper").getString("status")));
      JsonObject mapper = checks(ready.bodyAsJsonObject()).getJsonObject("mapper");
      assertThat(mapper.getJsonObject("data").getLong("waitingStatements")).isPositive();
      // DOWN beyond 1 s; the answer shows the wait to a tenth of a second (1.04 s shows as 1.0)
      assertThat(mapper.getJsonObject("data").getDouble("oldestWaitingSeconds")).isGreaterThanOrEqualTo(1.0);
      assertThat(mapper.getJsonObject("data").getString("reason")).contains("behind the statement feed");
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      // the process itself is fine
      assertThat(server.client.get("/health/live").send().await().statusCode()).isEqualTo(200);
    }
  }

  /** The checks by id. */
  static JsonObject checks(JsonObject ready) {
    JsonObject byId = new JsonObject();
    JsonArray list = ready.getJsonArray("checks");
    for (int i = 0; i < list.size(); i++) {
      byId.put(list.getJsonObject(i).getString("id"), list.getJsonObject(i));
    }
    return byId;
  }

  /** Asks /health/ready until the answer matches (answers are reused for a second), for up to 30 s. */
  static HttpResponse<Buffer> awaitReady(WebClient client, Predicate<HttpResponse<Buffer>> wanted) {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    HttpResponse<Buffer> response;
    do {
      response = client.get("/health/ready").send().await();
      if (wanted.test(response)) {
        return response;
      }
      sleep(200);
    } while (Instant.now().isBefore(until));
    throw new AssertionError("/health/ready did not answer as expected within 30 s; last: "
        + response.statusCode() + " " + response.bodyAsString());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
