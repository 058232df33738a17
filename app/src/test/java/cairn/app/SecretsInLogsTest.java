package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.web.AccessLog;
import cairn.web.testing.LogCapture;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No log line carries a secret (DESIGN.md: private keys never leave the issuer, not in logs): Cairn
 * runs with known secrets, at DEBUG, through failed and successful logins, a credential's creation
 * and use, the alternate request syntax, a key import and a share link; then neither the captured
 * events (message, MDC, key/value pairs, exceptions) nor the text and JSON lines Cairn would write
 * hold any of them. The database password is checked on the way a start with an unreachable
 * database fails, in each form it can be given.
 */
class SecretsInLogsTest {
  private static final String BOOTSTRAP_KEY = "secrets-admin";
  private static final String BOOTSTRAP_SECRET = "Bootstrap-Secret-7a1f-never-logged";
  private static final String WRONG_SECRET = "Wrong-Secret-9c2e-never-logged";
  private static final String BEARER = "Bearer-Token-5d3c-never-logged";
  private static final String DB_PASSWORD = "Db-Password-3e8b-never-logged";

  private static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void requestsWithSecretsLeaveNoneInTheLog() throws Exception {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger access = logging.getLogger(AccessLog.LOGGER);
    Level rootLevel = root.getLevel();
    Level accessLevel = access.getLevel();
    List<String> secrets = new ArrayList<>(List.of(BOOTSTRAP_SECRET, WRONG_SECRET, BEARER, CairnServer.KEY_SECRET));
    List<ILoggingEvent> events;
    root.setLevel(Level.DEBUG);
    access.setLevel(Level.INFO);
    try (LogCapture log = LogCapture.begin();
         CairnServer server = new CairnServer(Map.of("CAIRN_BOOTSTRAP_KEY", BOOTSTRAP_KEY,
             "CAIRN_BOOTSTRAP_SECRET", BOOTSTRAP_SECRET))) {
      String admin = basic(BOOTSTRAP_KEY, BOOTSTRAP_SECRET);
      for (String authorization : List.of(basic(BOOTSTRAP_KEY, WRONG_SECRET), basic("no-such-key", BOOTSTRAP_SECRET),
          "Basic " + Base64.getEncoder().encodeToString(BOOTSTRAP_SECRET.getBytes(StandardCharsets.UTF_8)),
          "Bearer " + BEARER, "Basic " + WRONG_SECRET)) {
        secrets.add(authorization);
        assertThat(server.client.get("/api/v1/credentials").putHeader("Authorization", authorization).send().await()
            .statusCode()).isEqualTo(401);
        assertThat(server.client.get("/xapi/statements").putHeader("Authorization", authorization)
            .putHeader("X-Experience-API-Version", "2.0.0").send().await().statusCode()).isEqualTo(401);
      }
      secrets.add(admin);

      HttpResponse<Buffer> created = server.client.post("/api/v1/credentials").putHeader("Authorization", admin)
          .sendJsonObject(new JsonObject().put("name", "secrets test").put("scopes", List.of("all"))).await();
      assertThat(created.statusCode()).isEqualTo(201);
      String secret = created.bodyAsJsonObject().getString("secret");
      String key = created.bodyAsJsonObject().getString("key");
      secrets.add(secret);
      assertThat(server.client.get("/xapi/statements?limit=1").putHeader("Authorization", basic(key, secret))
          .putHeader("X-Experience-API-Version", "2.0.0").send().await().statusCode()).isEqualTo(200);
      // xAPI 1.0.3's alternate request syntax carries the Authorization header in the form body
      assertThat(server.client.post("/xapi/statements?method=GET")
          .putHeader("Content-Type", "application/x-www-form-urlencoded")
          .sendBuffer(Buffer.buffer("Authorization=" + java.net.URLEncoder.encode(basic(key, secret), StandardCharsets.UTF_8)
              + "&X-Experience-API-Version=1.0.3&limit=1")).await().statusCode()).isEqualTo(200);

      ECKey imported = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
      secrets.add(imported.getD().toString());
      HttpResponse<Buffer> keyImport = server.client.post("/api/v1/keys").putHeader("Authorization", admin)
          .sendJsonObject(new JsonObject().put("alg", "ES256").put("reason", "secrets test")
              .put("jwk", new JsonObject(imported.toJSONString()))).await();
      assertThat(keyImport.statusCode()).as(keyImport.bodyAsString()).isEqualTo(201);
      String brokenD = "Private-D-5f1a-never-logged";
      secrets.add(brokenD);
      assertThat(server.client.post("/api/v1/keys").putHeader("Authorization", admin)
          .sendJsonObject(new JsonObject().put("alg", "ES256")
              .put("jwk", new JsonObject().put("kty", "EC").put("crv", "P-256").put("d", brokenD))).await()
          .statusCode()).isEqualTo(400);

      String shareToken = "Share-Token-2b7d-never-logged";
      secrets.add(shareToken);
      HttpResponse<Buffer> share = server.client.get("/credentials/share/" + shareToken).send().await();
      assertThat(share.statusCode()).isEqualTo(404);
      assertThat(log.await(e -> e.getLoggerName().equals(AccessLog.LOGGER)
          && share.getHeader("X-Request-Id").equals(LogCapture.requestId(e)), 1)).isNotEmpty();
      events = log.events(e -> true);
    } finally {
      root.setLevel(rootLevel);
      access.setLevel(accessLevel);
    }

    assertThat(events).as("the capture saw the requests").anyMatch(e -> e.getLoggerName().equals(AccessLog.LOGGER));
    String everything = everything(events);
    for (String s : secrets) {
      assertThat(everything).as("the log holds no secret").doesNotContain(s);
    }
  }

  /** All a log line could carry of these events, and the lines Cairn would write for them. */
  private static String everything(List<ILoggingEvent> events) {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : events) {
      all.append(e.getFormattedMessage()).append('\n').append(e.getMDCPropertyMap()).append('\n');
      if (e.getKeyValuePairs() != null) {
        e.getKeyValuePairs().forEach(kv -> all.append(kv.key).append('=').append(kv.value).append('\n'));
      }
      if (e.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    try (LogFormats text = new LogFormats(Map.of()); LogFormats json = new LogFormats(Map.of("CAIRN_LOG_FORMAT", "json"))) {
      all.append(text.lines(events)).append(json.lines(events));
    }
    return all.toString();
  }

  @Test
  void theDatabasePasswordIsNeitherPrintedNorLoggedWhenTheDatabaseCannotBeReached() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    List<Map<String, String>> forms = List.of(
        Map.of("CAIRN_DB_URL", "postgresql://cairn:" + DB_PASSWORD + "@127.0.0.1:" + closed + "/cairn"),
        Map.of("CAIRN_DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/cairn?user=cairn&password=" + DB_PASSWORD),
        Map.of("CAIRN_DB_URL", "postgresql://127.0.0.1:" + closed + "/cairn", "CAIRN_DB_PASSWORD", DB_PASSWORD));
    Vertx vertx = Vertx.vertx();
    try (LogCapture log = LogCapture.begin()) {
      for (Map<String, String> form : forms) {
        Map<String, String> settings = new HashMap<>(form);
        settings.put("CAIRN_KEY_SECRET", CairnServer.KEY_SECRET);
        settings.put("CAIRN_DATA_DIR", Path.of("target", "secrets-in-logs").toAbsolutePath().toString());
        Config config = Config.from(settings);
        assertThat(config.toString()).doesNotContain(DB_PASSWORD);
        assertThat(DatabaseUrl.parse(config.dbUrl().get(), config.dbUser(), config.dbPassword()).toString())
            .doesNotContain(DB_PASSWORD);
        // what Main logs when the start fails: the message and the stack trace
        assertThatThrownBy(() -> Cairn.start(vertx, config).await())
            .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(DB_PASSWORD));
      }
      assertThatThrownBy(() -> Config.from(Map.of("CAIRN_DB_URL",
          "postgresql://127.0.0.1/cairn?password=" + DB_PASSWORD + "&sslmode")).dbUrl()
          .map(url -> DatabaseUrl.parse(url, "cairn", "")).orElseThrow())
          .isInstanceOf(Config.ConfigException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(DB_PASSWORD).contains("cannot be read"));
      assertThat(everything(log.events(e -> true))).doesNotContain(DB_PASSWORD);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void anUpstreamUrlWithCredentialsIsRefusedAndItsSecretNotPrinted() {
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_UPSTREAM_URL", "https://k:" + DB_PASSWORD + "@lrs.example.org/xapi",
        "CAIRN_UPSTREAM_KEY", "k", "CAIRN_UPSTREAM_SECRET", "s")))
        .isInstanceOf(Config.ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("must not carry credentials").doesNotContain(DB_PASSWORD));
    Config config = Config.from(Map.of("CAIRN_UPSTREAM_URL", "https://lrs.example.org/xapi",
        "CAIRN_UPSTREAM_KEY", "k", "CAIRN_UPSTREAM_SECRET", DB_PASSWORD));
    assertThat(config.upstream().orElseThrow().toString()).doesNotContain(DB_PASSWORD);
    assertThat(config.toString()).doesNotContain(DB_PASSWORD);
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
