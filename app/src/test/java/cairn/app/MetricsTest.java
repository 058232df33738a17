package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a running Cairn: Prometheus text for a credential with scope {@code all} or
 * {@code metrics}, nothing without one; HTTP requests by route pattern, statements stored, batch
 * sizes, the pool, the mapper, the outbox, credentials issued and verified, the JVM. And on a port of
 * its own, without credentials, when CAIRN_METRICS_PORT is set.
 */
class MetricsTest {
  private static CairnServer server;

  @BeforeAll
  static void start() {
    server = new CairnServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> metrics(String key, String secret) {
    var request = server.client.get("/metrics");
    return (key == null ? request : request.basicAuthentication(key, secret)).send().await();
  }

  private static String scrape() {
    HttpResponse<Buffer> response = metrics(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsString();
  }

  @Test
  void metricsNeedACredentialWithScopeMetricsOrAll() {
    assertThat(metrics(null, null).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> admin = metrics(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");

    JsonObject scraper = credential("metrics");
    assertThat(metrics(scraper.getString("key"), scraper.getString("secret")).statusCode()).isEqualTo(200);
    // a scraper's credential reads nothing else
    assertThat(server.client.get("/api/v1/credentials").basicAuthentication(scraper.getString("key"),
        scraper.getString("secret")).send().await().statusCode()).isEqualTo(403);
    assertThat(server.client.get("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(scraper.getString("key"), scraper.getString("secret")).send().await().statusCode())
        .isEqualTo(403);

    JsonObject writer = credential("statements/write");
    HttpResponse<Buffer> refused = metrics(writer.getString("key"), writer.getString("secret"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsString()).contains("'metrics' or 'all'");
  }

  @Test
  void statementsStoredAndBatchSizesAndRequestsByRoutePattern() {
    String before = scrape();
    double stored = Prometheus.value(before, "cairn_statements_stored_total");
    double batches = Prometheus.value(before, "cairn_statements_batch_size_count");
    JsonArray batch = new JsonArray().add(statement()).add(statement()).add(statement());
    assertThat(post(batch).statusCode()).isEqualTo(200);
    // a repeat of stored statements stores nothing new
    assertThat(post(batch).statusCode()).isEqualTo(200);
    String badge = UUID.randomUUID().toString();
    assertThat(server.client.get("/api/v1/badges/" + badge)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await().statusCode())
        .isEqualTo(404);

    String after = scrapeUntil("cairn_statements_stored_total", stored + 3);
    assertThat(Prometheus.value(after, "cairn_statements_stored_total") - stored).isEqualTo(3);
    assertThat(Prometheus.value(after, "cairn_statements_batch_size_count") - batches).isEqualTo(2);
    assertThat(Prometheus.value(after, "cairn_statements_batch_size_bucket", "le=\"10.0\"")).isGreaterThanOrEqualTo(2);
    assertThat(Prometheus.value(after, "vertx_http_server_requests_total", "method=\"POST\"", "code=\"200\"",
        "route=\"/xapi/statements\"")).isGreaterThanOrEqualTo(2);
    assertThat(Prometheus.value(after, "vertx_http_server_response_time_seconds_bucket", "method=\"POST\"",
        "route=\"/xapi/statements\"", "le=\"+Inf\"")).isGreaterThanOrEqualTo(2);
    // the route is the pattern, never the path asked for
    assertThat(Prometheus.value(after, "vertx_http_server_requests_total", "route=\"/api/v1/badges/:id\"",
        "code=\"404\"")).isGreaterThanOrEqualTo(1);
    assertThat(after).doesNotContain(badge);
  }

  @Test
  void poolMapperAndJvmMetrics() {
    // the mapper rounds every 200 ms when idle
    await(() -> Prometheus.value(scrape(), "cairn_mapper_round_seconds_count", "outcome=\"success\"") > 0);
    String text = scrape();
    assertThat(Prometheus.value(text, "cairn_mapper_lag_statements")).isGreaterThanOrEqualTo(0);
    assertThat(Prometheus.value(text, "cairn_mapper_lag_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(Prometheus.value(text, "cairn_issuer_outbox_waiting")).isGreaterThanOrEqualTo(0);
    assertThat(Prometheus.value(text, "vertx_pool_completed_total", "pool_type=\"sql\"", "pool_name=\"cairn\""))
        .isPositive();
    assertThat(text).contains("vertx_pool_queue_pending{", "vertx_pool_in_use{", "vertx_pool_queue_time_seconds_count{");
    assertThat(Prometheus.value(text, "vertx_sql_processing_time_seconds_count")).isPositive();
    // registered by each connection factory, counted in one: its re-registration warning is dropped (VertxGaugeWarning)
    assertThat(Prometheus.value(text, "vertx_sql_processing_pending")).isGreaterThanOrEqualTo(0);
    assertThat(Prometheus.value(text, "jvm_memory_used_bytes")).isPositive();
    assertThat(Prometheus.value(text, "jvm_threads_live_threads")).isPositive();
    assertThat(Prometheus.value(text, "process_uptime_seconds")).isPositive();
    assertThat(text).contains("jvm_gc_", "process_cpu_usage", "system_cpu_count", "jvm_classes_loaded_classes");
  }

  @Test
  void credentialsIssuedFromTheOutboxAndVerifiedAreCounted() {
    double issued = Prometheus.value(scrape(), "cairn_credentials_issued_total", "via=\"outbox\"");
    String person = "metrics-" + UUID.randomUUID();
    server.cairn.pool().preparedQuery("""
            insert into progression.issuance_requests (person_id, recipient, achievement_id, ladder_id, ladder_version,
              achievement, evidence, reached_at)
            values ($1, $2::text::jsonb, 'https://cairn.example/achievements/metrics', 'metrics', 1, $3::text::jsonb,
              '[]', now())""")
        .execute(Tuple.of(person, new JsonObject().put("mbox", "mailto:" + person + "@example.com").encode(),
            new JsonObject().put("name", "Observed").put("description", "Watches the metrics.")
                .put("criteria", new JsonObject().put("narrative", "Read the dashboards.")).encode()))
        .await();
    await(() -> badges(person).size() == 1);
    scrapeUntil("cairn_credentials_issued_total", issued + 1, "via=\"outbox\"");

    String id = badges(person).getJsonObject(0).getString("id").substring("urn:uuid:".length());
    String jwt = new JsonObject(server.client.get("/api/v1/badges/" + id)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await().bodyAsString())
        .getString("jwt");
    String before = scrape();
    double valid = Prometheus.value(before, "cairn_credentials_verified_total", "result=\"valid\"");
    double invalid = Prometheus.value(before, "cairn_credentials_verified_total", "result=\"invalid\"");
    assertThat(verify(jwt).getBoolean("valid")).isTrue();
    assertThat(verify("not.a.credential").getBoolean("valid")).isFalse();
    String text = scrapeUntil("cairn_credentials_verified_total", valid + invalid + 2);
    assertThat(Prometheus.value(text, "cairn_credentials_verified_total", "result=\"valid\"") - valid).isEqualTo(1);
    assertThat(Prometheus.value(text, "cairn_credentials_verified_total", "result=\"invalid\"") - invalid).isEqualTo(1);
  }

  @Test
  void aMetricsPortOfItsOwnNeedsNoCredentialAndTheMainPortHasNoMetrics() {
    try (CairnServer own = new CairnServer(Map.of("CAIRN_METRICS_PORT", "0"))) {
      assertThat(own.cairn.metricsPort()).isPositive().isNotEqualTo(own.port());
      WebClient scraper = WebClient.create(own.vertx, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(own.cairn.metricsPort()));
      try {
        HttpResponse<Buffer> metrics = scraper.get("/metrics").send().await();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.bodyAsString()).contains("jvm_memory_used_bytes", "cairn_mapper_lag_seconds");
        assertThat(scraper.get("/health/live").send().await().statusCode()).isEqualTo(200);
        assertThat(scraper.get("/xapi/about").send().await().statusCode()).isEqualTo(404);
        assertThat(own.client.get("/metrics").basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
            .send().await().statusCode()).isEqualTo(404);
        assertThat(own.client.get("/health/live").send().await().statusCode()).isEqualTo(200);
      } finally {
        scraper.close();
      }
    }
  }

  /**
   * Scrapes until the samples of {@code name} with these labels add up to at least {@code atLeast}:
   * the text is made at most once a second, so a scrape right after a change may not show it yet.
   */
  private static String scrapeUntil(String name, double atLeast, String... labels) {
    String[] text = new String[1];
    await(() -> Prometheus.value(text[0] = scrape(), name, labels) >= atLeast);
    return text[0];
  }

  private static JsonObject credential(String scope) {
    HttpResponse<Buffer> created = server.client.post("/api/v1/credentials")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
        .sendJsonObject(new JsonObject().put("name", "metrics test " + scope).put("scopes", new JsonArray().add(scope)))
        .await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static JsonObject statement() {
    return new JsonObject().put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", "mailto:metrics@example.com"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/experienced"))
        .put("object", new JsonObject().put("id", "https://example.com/metrics"));
  }

  private static HttpResponse<Buffer> post(JsonArray statements) {
    return server.client.post("/xapi/statements").putHeader("X-Experience-API-Version", "2.0.0")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).sendBuffer(statements.toBuffer()).await();
  }

  private static JsonArray badges(String person) {
    return new JsonArray(server.client.get("/api/v1/badges?personId=" + person)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await().bodyAsString());
  }

  private static JsonObject verify(String jwt) {
    HttpResponse<Buffer> response = server.client.post("/verify").putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("jwt", jwt)).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static void await(BooleanSupplier done) {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (!done.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met within 30 s").isBefore(until);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Reads values out of the Prometheus text format. */
  static final class Prometheus {
    private Prometheus() {}

    /** The sum of the samples of {@code name} whose labels include every one given (0 if none). */
    static double value(String text, String name, String... labels) {
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
          continue;
        }
        boolean all = true;
        for (String label : labels) {
          all &= line.contains(label);
        }
        if (all) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    }
  }
}
