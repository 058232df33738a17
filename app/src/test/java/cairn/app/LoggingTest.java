package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.AccessLog;
import cairn.web.RequestIdFilter;
import cairn.web.testing.LogCapture;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator reads, through the whole of Cairn: each request's id on its response, on its
 * access line and on the lines its callbacks write; the access line's fields; text and JSON lines as
 * logback.xml writes them (ISO 8601 time in UTC, level, request id).
 */
class LoggingTest {
  private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
      (CairnServer.ADMIN_KEY + ":" + CairnServer.ADMIN_SECRET).getBytes(StandardCharsets.UTF_8));
  private static final ch.qos.logback.classic.Logger ACCESS =
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AccessLog.LOGGER);
  private static CairnServer server;
  private static Level accessLevel;
  private LogCapture log;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    // the tests' logback configuration keeps the access log quiet
    accessLevel = ACCESS.getLevel();
    ACCESS.setLevel(Level.INFO);
  }

  @AfterAll
  static void stop() {
    ACCESS.setLevel(accessLevel);
    server.close();
  }

  @BeforeEach
  void capture() {
    log = LogCapture.begin();
  }

  @AfterEach
  void release() {
    log.close();
  }

  private ILoggingEvent accessLine(String id) {
    List<ILoggingEvent> lines = log.await(e -> e.getLoggerName().equals(AccessLog.LOGGER)
        && id.equals(LogCapture.requestId(e)), 1);
    assertThat(lines).as("access lines of " + id).hasSize(1);
    return lines.get(0);
  }

  private static HttpResponse<Buffer> about(String id) {
    return server.client.get("/xapi/about").putHeader("X-Request-Id", id).send().await();
  }

  @Test
  void anAuthenticatedRequestHasItsIdOnItsAccessLineWithTheKeyAndNoQueryValue() {
    HttpResponse<Buffer> response = server.client.get("/xapi/statements?agent="
            + "%7B%22mbox%22%3A%22mailto%3Aada-logging%40example.com%22%7D&limit=1")
        .putHeader("Authorization", ADMIN).putHeader("X-Experience-API-Version", "2.0.0").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.getHeader("X-Request-Id");
    assertThat(id).isNotBlank();
    assertThat(accessLine(id).getFormattedMessage())
        .matches("method=GET path=\"/xapi/statements\\?agent&limit\" status=200 bytes=\\d+ durationMs=\\d+ "
            + "remote=127\\.0\\.0\\.1 key=" + CairnServer.ADMIN_KEY)
        .doesNotContain("ada-logging");
  }

  @Test
  void aLineWrittenAfterBlockingWorkAndATransactionCarriesTheRequestId() {
    String id = "rotation-" + UUID.randomUUID();
    HttpResponse<Buffer> response = server.client.post("/api/v1/keys").putHeader("Authorization", ADMIN)
        .putHeader("X-Request-Id", id)
        .sendJsonObject(new JsonObject().put("alg", "ES256").put("reason", "request ids in the log")).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.getHeader("X-Request-Id")).isEqualTo(id);
    // KeyRing.rotate logs once the key was made on a worker thread and the transaction committed
    List<ILoggingEvent> rotated = log.events(e -> e.getFormattedMessage().startsWith("Key rotation by"));
    assertThat(rotated).hasSize(1);
    assertThat(LogCapture.requestId(rotated.get(0))).isEqualTo(id);
    assertThat(accessLine(id).getFormattedMessage()).contains("method=POST path=\"/api/v1/keys\" status=201");
  }

  @Test
  void aProblemAnswerNamesTheRequestId() {
    HttpResponse<Buffer> response = server.client.get("/api/v1/nothing-here").putHeader("Authorization", ADMIN)
        .send().await();
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
  }

  @Test
  void micrometersWarningAboutVertxGaugesRegisteredAgainIsDroppedAndNoOther() {
    try (LogFormats text = new LogFormats(Map.of())) {
      VertxGaugeWarning filter = new VertxGaugeWarning();
      ch.qos.logback.classic.Logger registry = text.context.getLogger(VertxGaugeWarning.LOGGER);
      String vertx = "This Gauge has been already registered (MeterId{name='vertx.sql.processing.pending', tags=[]}), "
          + "the registration will be ignored. Note that subsequent logs will be logged at debug level.";
      assertThat(filter.decide(null, registry, Level.WARN, vertx, null, null))
          .isEqualTo(FilterReply.DENY);
      // Cairn's own meters, other messages, other loggers: untouched
      assertThat(filter.decide(null, registry, Level.WARN,
          vertx.replace("vertx.sql.processing.pending", "cairn.mapper.lag.statements"), null, null))
          .isEqualTo(FilterReply.NEUTRAL);
      assertThat(filter.decide(null, registry, Level.WARN, "A MeterFilter is being configured "
          + "after a Meter has been registered to this registry.", null, null)).isEqualTo(FilterReply.NEUTRAL);
      assertThat(filter.decide(null, text.context.getLogger("cairn.app.Main"), Level.WARN, vertx,
          null, null)).isEqualTo(FilterReply.NEUTRAL);
    }
  }

  @Test
  void textLinesStartWithAnIsoTimeInUtcTheLevelAndTheRequestId() {
    about("text-lines-1");
    try (LogFormats text = new LogFormats(Map.of())) {
      String line = text.line(accessLine("text-lines-1"));
      assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[text-lines-1\\] cairn\\.access - "
          + "method=GET path=\"/xapi/about\" status=200 .*\n");
      assertThat(text.context.getTurboFilterList()).hasAtLeastOneElementOfType(RequestIdFilter.class)
          .hasAtLeastOneElementOfType(VertxGaugeWarning.class);
      Logger logger = LoggerFactory.getLogger(LoggingTest.class);
      logger.info("outside any request");
      assertThat(text.line(log.events(e -> e.getFormattedMessage().equals("outside any request")).get(0)))
          .contains(" INFO  [-] cairn.app.LoggingTest - outside any request");
    }
  }

  @Test
  void jsonLinesAreObjectsWithTheRequestIdAndTheAccessFields() throws Exception {
    about("json-lines-1");
    LoggerFactory.getLogger(LoggingTest.class).warn("a failure, on purpose", new IllegalStateException("on purpose"));
    ObjectMapper mapper = new ObjectMapper();
    try (LogFormats json = new LogFormats(Map.of("CAIRN_LOG_FORMAT", "json"))) {
      String line = json.line(accessLine("json-lines-1"));
      assertThat(line).endsWith("\n").doesNotContain("\r").hasLineCount(1);
      JsonNode access = mapper.readTree(line);
      assertThat(access.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(access.get("level").asText()).isEqualTo("INFO");
      assertThat(access.get("logger").asText()).isEqualTo("cairn.access");
      assertThat(access.get("requestId").asText()).isEqualTo("json-lines-1");
      assertThat(access.get("message").asText()).startsWith("method=GET path=\"/xapi/about\" status=200");
      assertThat(access.get("method").asText()).isEqualTo("GET");
      assertThat(access.get("path").asText()).isEqualTo("/xapi/about");
      assertThat(access.get("status").asInt()).isEqualTo(200);
      assertThat(access.get("durationMs").isNumber()).isTrue();
      assertThat(access.get("bytes").asLong()).isPositive();
      assertThat(access.has("key")).isFalse();
      assertThat(access.has("CAIRN_LOG_FORMAT")).as("logback's own properties").isFalse();

      JsonNode failure = mapper.readTree(json.line(log.events(e -> e.getLevel() == Level.WARN
          && e.getFormattedMessage().equals("a failure, on purpose")).get(0)));
      assertThat(failure.get("level").asText()).isEqualTo("WARN");
      assertThat(failure.has("requestId")).isFalse();
      assertThat(failure.get("exception").asText()).contains("IllegalStateException: on purpose");
    }
  }

  @Test
  void theAccessLogAndTheLevelFollowTheConfiguration() {
    try (LogFormats quiet = new LogFormats(Map.of("CAIRN_ACCESS_LOG", "false", "CAIRN_LOG_LEVEL", "warn"))) {
      assertThat(quiet.context.getLogger(AccessLog.LOGGER).getEffectiveLevel()).isEqualTo(Level.OFF);
      assertThat(quiet.context.getLogger("cairn.app.Cairn").getEffectiveLevel()).isEqualTo(Level.WARN);
    }
    try (LogFormats usual = new LogFormats(Map.of("CAIRN_LOG_LEVEL", "ERROR"))) {
      assertThat(usual.context.getLogger(AccessLog.LOGGER).getEffectiveLevel()).isEqualTo(Level.INFO);
      assertThat(usual.context.getLogger("cairn.app.Cairn").getEffectiveLevel()).isEqualTo(Level.ERROR);
    }
  }
}
