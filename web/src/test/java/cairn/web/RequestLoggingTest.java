package cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.testing.LogCapture;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request id and the access log on a real server behind {@link Edge}: the id is made or taken,
 * returned, and on every line the request causes — also from blocking code, timers and the failure
 * handler, with other requests interleaved on the same event loop.
 */
class RequestLoggingTest {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLoggingTest.class);
  /** A version 4 (random) UUID. */
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final RequestIdFilter FILTER = new RequestIdFilter();
  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient client;
  private LogCapture log;

  @BeforeAll
  static void start() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    FILTER.setContext(logging);
    FILTER.start();
    logging.addTurboFilter(FILTER);
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    Edge.front(router);
    router.get("/hello").handler(ctx -> ctx.end("hi"));
    router.get("/async/:n").handler(ctx -> {
      String n = ctx.pathParam("n");
      vertx.executeBlocking(() -> {
        LOG.info("blocking part of {}", n);
        return n;
      }).onSuccess(v -> vertx.setTimer(5, t -> {
        LOG.info("timer callback of {}", n);
        ctx.end(n);
      }));
    });
    router.get("/boom").handler(ctx -> vertx.setTimer(1, t -> ctx.fail(new IllegalStateException("boom"))));
    router.get("/share/:token").handler(ctx -> {
      AccessLog.showPathAs(ctx, "/share/{token}");
      ctx.end("shared");
    });
    Edge.finish(router);
    server = Edge.listen(vertx, router, 0).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList().remove(FILTER);
  }

  @BeforeEach
  void capture() {
    log = LogCapture.begin();
  }

  @AfterEach
  void release() {
    log.close();
  }

  private static HttpResponse<Buffer> get(String uri, String id) {
    var request = client.get(uri);
    if (id != null) {
      request.putHeader(RequestId.HEADER, id);
    }
    return request.send().await();
  }

  /** The access line of a request, once its end handler has written it. */
  private ILoggingEvent accessLine(String id) {
    List<ILoggingEvent> lines = log.await(e -> e.getLoggerName().equals(AccessLog.LOGGER)
        && id.equals(LogCapture.requestId(e)), 1);
    assertThat(lines).as("access lines of " + id).hasSize(1);
    return lines.get(0);
  }

  @Test
  void anIdIsMadeAndReturned() {
    HttpResponse<Buffer> response = get("/hello", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader(RequestId.HEADER)).matches(UUID);
    assertThat(get("/hello", null).getHeader(RequestId.HEADER)).isNotEqualTo(response.getHeader(RequestId.HEADER));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-5759e988-bd862e3fe1be46a994272793",
      "lb:7/x+y=", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void aSaneIncomingIdIsKept(String id) {
    assertThat(get("/hello", id).getHeader(RequestId.HEADER)).isEqualTo(id);
    assertThat(accessLine(id).getFormattedMessage()).startsWith("method=GET path=\"/hello\" status=200");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "X-Request-Id: {129 letters}\r\n",
      "X-Request-Id: a b\r\n",
      "X-Request-Id: a\tb\r\n",
      "X-Request-Id: abc%0d%0aSet-Cookie:%20x=1\r\n",
      "X-Request-Id: a\"b\r\n",
      "X-Request-Id: \u00e9t\u00e9\r\n",
      "X-Request-Id: \r\n",
      "X-Request-Id: abc\r\n Set-Cookie: x=1\r\n"})
  void anInsaneIncomingIdIsReplaced(String header) throws IOException {
    String answer = raw("GET /hello HTTP/1.1\r\nHost: x\r\n"
        + header.replace("{129 letters}", "a".repeat(RequestId.MAX_LENGTH + 1)) + "Connection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 ").doesNotContainIgnoringCase("Set-Cookie");
    if (answer.startsWith("HTTP/1.1 200")) {
      assertThat(responseId(answer)).matches(UUID);
    } else {
      // the HTTP codec refused the header block itself: still an id of Cairn's own
      assertThat(answer).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void everyLineOfARequestCarriesItsIdAlsoFromCallbacksWhileOthersInterleave() {
    int requests = 20;
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int n = 0; n < requests; n++) {
      sent.add(client.get("/async/" + n).putHeader(RequestId.HEADER, "req-" + n).send());
    }
    Future.all(sent).await();
    for (int n = 0; n < requests; n++) {
      String message = "timer callback of " + n;
      String blocking = "blocking part of " + n;
      List<ILoggingEvent> lines = log.events(e -> e.getFormattedMessage().equals(message)
          || e.getFormattedMessage().equals(blocking));
      assertThat(lines).hasSize(2);
      assertThat(lines).extracting(LogCapture::requestId).containsOnly("req-" + n);
      assertThat(accessLine("req-" + n).getFormattedMessage()).contains("path=\"/async/" + n + "\" status=200");
    }
    assertThat(log.events(e -> e.getFormattedMessage().startsWith("Outside")))
        .isEmpty();
    LOG.info("Outside any request");
    assertThat(log.events(e -> e.getFormattedMessage().equals("Outside any request")))
        .extracting(LogCapture::requestId).containsExactly((String) null);
  }

  @Test
  void anUnexpectedFailureIsLoggedAndAnsweredUnderTheRequestId() {
    HttpResponse<Buffer> response = get("/boom", null);
    String id = response.getHeader(RequestId.HEADER);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.bodyAsJsonObject().getString("requestId")).isEqualTo(id);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(id).doesNotContain("boom");
    List<ILoggingEvent> errors = log.events(e -> e.getLevel() == Level.ERROR);
    assertThat(errors).hasSize(1);
    assertThat(LogCapture.requestId(errors.get(0))).isEqualTo(id);
    assertThat(errors.get(0).getThrowableProxy().getMessage()).isEqualTo("boom");
    assertThat(accessLine(id).getFormattedMessage()).contains("status=500");
  }

  @Test
  void theAccessLineNamesTheQueryParametersButNotTheirValues() {
    HttpResponse<Buffer> response = get("/hello?agent=%7B%22mbox%22%3A%22mailto%3Aada%40example.com%22%7D&limit=ninety&x", null);
    ILoggingEvent line = accessLine(response.getHeader(RequestId.HEADER));
    assertThat(line.getLevel()).isEqualTo(Level.INFO);
    assertThat(line.getFormattedMessage())
        .matches("method=GET path=\"/hello\\?agent&limit&x\" status=200 bytes=2 durationMs=\\d+ remote=127\\.0\\.0\\.1 key=-")
        .doesNotContain("ada").doesNotContain("ninety"); // the duration may hold any digit
    assertThat(line.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value)
        .contains("method=GET", "path=/hello?agent&limit&x", "status=200", "bytes=2", "remote=127.0.0.1");
  }

  @Test
  void aPathHoldingASecretIsShownAsTheRouteSays() {
    HttpResponse<Buffer> response = get("/share/secret-token-123", null);
    assertThat(accessLine(response.getHeader(RequestId.HEADER)).getFormattedMessage())
        .contains("path=\"/share/{token}\"").doesNotContain("secret-token-123");
  }

  @Test
  void aRequestRefusedBeforeRoutingHasAnIdAndAnAccessLine() throws IOException {
    String answer = raw("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400");
    String id = responseId(answer);
    assertThat(id).matches(UUID);
    assertThat(answer).contains("\"requestId\":\"" + id + "\"");
    assertThat(accessLine(id).getFormattedMessage()).contains("status=400");
  }

  @Test
  void whatAClientSendsCannotForgeALineOrAField() {
    assertThat(AccessLog.clean("/a\"b\\c\r\nINFO x\u0000\u00e9", 100)).isEqualTo("/a%22b%5Cc%0D%0AINFO%20x%00%C3%A9");
    assertThat(AccessLog.clean("/" + "a".repeat(50), 10)).isEqualTo("/aaaaaaaaa...");
  }

  private static String responseId(String answer) {
    Matcher m = Pattern.compile("(?im)^X-Request-Id: ([^\r\n]*)").matcher(answer);
    assertThat(m.find()).as(answer).isTrue();
    return m.group(1);
  }

  /** Sends raw bytes (what an HTTP client library would not) and reads the answer to its end. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket("localhost", server.actualPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) > 0; ) {
        answer.write(buffer, 0, n);
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
