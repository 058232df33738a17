package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.testing.LogCapture;
import ch.qos.logback.classic.Level;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a hostile or careless client sends, through the whole of Cairn: each gets a 4xx with a
 * message that says why — never a 500, never stored — before and after authentication. Each of these
 * shapes was once answered 500.
 */
class HostileInputTest {
  private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
      (CairnServer.ADMIN_KEY + ":" + CairnServer.ADMIN_SECRET).getBytes(StandardCharsets.UTF_8));
  private static CairnServer server;

  @BeforeAll
  static void start() {
    server = new CairnServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpRequest<Buffer> xapi(HttpMethod method, String uri, String auth) {
    HttpRequest<Buffer> request = server.client.request(method, uri).putHeader("X-Experience-API-Version", "2.0.0");
    return auth == null ? request : request.putHeader("Authorization", auth);
  }

  private static JsonObject statement(String id) {
    return new JsonObject()
        .put("id", id)
        .put("actor", new JsonObject().put("mbox", "mailto:hostile@example.com"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
        .put("object", new JsonObject().put("id", "https://example.com/hostile"));
  }

  /** POSTs a statement text; answers the response, after checking the statement was not stored. */
  private static HttpResponse<Buffer> postRejected(String id, String body) {
    HttpResponse<Buffer> response = xapi(HttpMethod.POST, "/xapi/statements", ADMIN)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    HttpResponse<Buffer> read = xapi(HttpMethod.GET, "/xapi/statements?statementId=" + id, ADMIN).send().await();
    assertThat(read.statusCode()).as("statement of a rejected request must not be stored").isEqualTo(404);
    return response;
  }

  private static String message(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("message");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/xapi/statements?x=%zz", "/xapi/statements?more=%%%", "/xapi/activities/state?stateId=%",
      "/xapi/statements?agent=%E0%A4%A", "/api/v1/frameworks?x=%zz", "/xapi/statements?x=%00"})
  void malformedPercentEncodingIsA400BeforeAndAfterAuthentication(String uri) {
    for (String auth : new String[] {null, ADMIN}) {
      HttpResponse<Buffer> response = xapi(HttpMethod.GET, uri, auth).send().await();
      assertThat(response.statusCode()).as(uri + " " + response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsString()).containsAnyOf("percent-encoded", "NUL");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/xapi/statements%zz", "/xapi/%", "/xapi/statements/%2", "/api/v1/people/%00",
      "/api/v1/people/%00/progress", "/credentials/share/%"})
  void aPathThatIsNotValidPercentEncodingIsA400(String uri) {
    for (String auth : new String[] {null, ADMIN}) {
      HttpResponse<Buffer> response = xapi(HttpMethod.GET, uri, auth).send().await();
      assertThat(response.statusCode()).as(uri + " " + response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsString()).contains("percent-encoding");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"%zz=%zz", "content=%%%", "Authorization=%E0%A4%A", "content=%00"})
  void anAlternateSyntaxFormThatCannotBeReadIsA400(String form) {
    HttpResponse<Buffer> response = server.client.post("/xapi/statements?method=PUT")
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer(form)).await();
    assertThat(response.statusCode()).as(form + " " + response.bodyAsString()).isEqualTo(400);
  }

  @Test
  void aNulInTheBasicUserNameIsA401ThatNeverReachesTheStore() {
    for (String pair : new String[] {"ad\0min:" + CairnServer.ADMIN_SECRET, CairnServer.ADMIN_KEY + ":se\0cret"}) {
      String auth = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      HttpResponse<Buffer> response = xapi(HttpMethod.GET, "/xapi/statements", auth).send().await();
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
      assertThat(message(response)).contains("Malformed Basic credentials");
    }
    HttpResponse<Buffer> latin1 = xapi(HttpMethod.GET, "/xapi/statements",
        "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'})).send().await();
    assertThat(latin1.statusCode()).isEqualTo(401);
  }

  @Test
  void aNulInAJsonStringIsRefusedAndNotStored() {
    String id = UUID.randomUUID().toString();
    JsonObject s = statement(id);
    s.getJsonObject("verb").put("display", new JsonObject().put("en-US", "pa\u0000ssed"));
    assertThat(message(postRejected(id, s.encode()))).contains("NUL");
    String key = UUID.randomUUID().toString();
    JsonObject k = statement(key).put("result", new JsonObject().put("extensions",
        new JsonObject().put("https://example.com/x\u0000y", 1)));
    assertThat(message(postRejected(key, k.encode()))).contains("NUL");
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 100_000, 1_000_000})
  void deeplyNestedJsonIsRefusedQuickly(int depth) {
    String id = UUID.randomUUID().toString();
    String nested = "[".repeat(depth) + "]".repeat(depth);
    String body = statement(id).put("context", new JsonObject().put("extensions",
        new JsonObject().put("https://example.com/deep", "PLACEHOLDER"))).encode().replace("\"PLACEHOLDER\"", nested);
    long started = System.nanoTime();
    assertThat(message(postRejected(id, body))).contains("limits");
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms to refuse").isLessThan(2_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400000", "-1e400000", "1e-99999", "1E+1001", "1E+2147483648", "1e999999999"})
  void numbersBeyondTheStoresRangeAreRefused(String number) {
    String id = UUID.randomUUID().toString();
    String body = statement(id).put("result", new JsonObject().put("extensions",
        new JsonObject().put("https://example.com/n", "PLACEHOLDER"))).encode().replace("\"PLACEHOLDER\"", number);
    assertThat(message(postRejected(id, body))).contains("out of range");
  }

  @Test
  void numbersTooLongAndNamesTooLongAreRefused() {
    String id = UUID.randomUUID().toString();
    String digits = statement(id).put("result", new JsonObject().put("extensions",
        new JsonObject().put("https://example.com/n", "PLACEHOLDER"))).encode().replace("\"PLACEHOLDER\"", "9".repeat(2000));
    assertThat(message(postRejected(id, digits))).contains("limits");
    String longKey = statement(id).put("result", new JsonObject().put("extensions",
        new JsonObject().put("https://example.com/" + "k".repeat(100_000), 1))).encode();
    assertThat(message(postRejected(id, longKey))).contains("limits");
  }

  @Test
  void thousandsOfCollidingKeysAndLanguagesAreHandledWithoutAFailure() {
    // "Aa" and "BB" have the same String hash: 2^12 keys made of 12 such blocks all collide.
    JsonObject colliding = new JsonObject();
    for (int i = 0; i < 4096; i++) {
      StringBuilder key = new StringBuilder("https://example.com/");
      for (int bit = 0; bit < 12; bit++) {
        key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      colliding.put(key.toString(), i);
    }
    JsonObject languages = new JsonObject();
    for (int i = 0; i < 5000; i++) {
      languages.put("x-l" + i, "name " + i);
    }
    String id = UUID.randomUUID().toString();
    JsonObject s = statement(id).put("result", new JsonObject().put("extensions", colliding));
    s.getJsonObject("verb").put("display", languages);
    HttpResponse<Buffer> response = xapi(HttpMethod.POST, "/xapi/statements", ADMIN)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(s.encode())).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  @Test
  void aFormBodyOnTheJsonApisIsA400() {
    for (String uri : new String[] {"/api/v1/people", "/api/v1/credentials"}) {
      HttpResponse<Buffer> response = server.client.post(uri).putHeader("Authorization", ADMIN)
          .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("%zz=%zz&a=b")).await();
      assertThat(response.statusCode()).as(uri + " " + response.bodyAsString()).isEqualTo(400);
    }
    // the public verifier takes any other body as the credential itself, and says why it is not one
    HttpResponse<Buffer> verify = server.client.post("/verify")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("%zz=%zz&a=b")).await();
    assertThat(verify.statusCode()).isEqualTo(200);
    assertThat(verify.bodyAsJsonObject().getBoolean("valid")).isFalse();
  }

  @Test
  void collidingKeysInADocumentAreStoredWithoutAFailure() {
    JsonObject colliding = new JsonObject();
    for (int i = 0; i < 4096; i++) {
      StringBuilder key = new StringBuilder();
      for (int bit = 0; bit < 12; bit++) {
        key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      colliding.put(key.toString(), i);
    }
    String uri = "/xapi/activities/state?activityId=https%3A%2F%2Fexample.com%2Fcollide&agent="
        + "%7B%22mbox%22%3A%22mailto%3Acollide%40example.com%22%7D&stateId=" + UUID.randomUUID();
    for (HttpMethod method : new HttpMethod[] {HttpMethod.POST, HttpMethod.POST}) {
      HttpResponse<Buffer> response = xapi(method, uri, ADMIN).putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(colliding.encode())).await();
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(204);
    }
  }

  @Test
  void bigStatementsEndAPageEarlyWithAMoreLink() {
    String agent = "mailto:big-" + UUID.randomUUID() + "@example.com";
    String text = "x".repeat(2_200_000);
    for (int i = 0; i < 3; i++) {
      JsonObject s = statement(UUID.randomUUID().toString()).put("result", new JsonObject().put("response", text));
      s.getJsonObject("actor").put("mbox", agent);
      HttpResponse<Buffer> posted = xapi(HttpMethod.POST, "/xapi/statements", ADMIN)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(s.encode())).await();
      assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    }
    String next = "/xapi/statements?limit=10&agent=" + java.net.URLEncoder.encode(
        new JsonObject().put("mbox", agent).encode(), StandardCharsets.UTF_8);
    int pages = 0;
    int statements = 0;
    while (!next.isEmpty()) {
      HttpResponse<Buffer> page = xapi(HttpMethod.GET, next, ADMIN).send().await();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body().length()).as("page size").isLessThan(2_300_000);
      statements += page.bodyAsJsonObject().getJsonArray("statements").size();
      next = page.bodyAsJsonObject().getString("more");
      pages++;
    }
    assertThat(statements).isEqualTo(3);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aBodyThatIsNotAStatementIsA400() {
    for (String body : new String[] {"null", "[]", "\"text\"", "[null]", "[1,2]", "{}", "{\"actor\":null}",
        "{\"id\":null,\"actor\":{\"mbox\":\"mailto:a@b.c\"},\"verb\":{\"id\":\"http://x.y/v\"},\"object\":null}"}) {
      HttpResponse<Buffer> response = xapi(HttpMethod.POST, "/xapi/statements", ADMIN)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
      assertThat(response.statusCode()).as(body + " " + response.bodyAsString()).isEqualTo(400);
    }
  }

  @Test
  void aRequestWithoutHostIsA400AndAnUnknownVersionA505() throws IOException {
    assertThat(raw("GET /xapi/about HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("GET /xapi/about HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200");
    assertThat(raw("GET /xapi/about HTTP/1.7\r\nHost: x\r\n\r\n")).contains(" 505 ");
    assertThat(raw("GET /xapi/about HTTP/3.0\r\nHost: x\r\n\r\n")).contains(" 505 ");
  }

  @Test
  void badRequestsAreNotLoggedAsErrors() {
    try (LogCapture log = LogCapture.begin()) {
      xapi(HttpMethod.GET, "/xapi/statements?x=%zz", ADMIN).send().await();
      xapi(HttpMethod.POST, "/xapi/statements", ADMIN).putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer("[".repeat(5000))).await();
      xapi(HttpMethod.GET, "/xapi/statements", "Basic !!!").send().await();
      assertThat(log.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN))).isEmpty();
    }
  }

  /** Sends raw bytes on a socket (what an HTTP client library would not) and reads the answer. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket("localhost", server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) > 0 && answer.size() < 64 * 1024; ) {
          answer.write(buffer, 0, n);
          if (answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && !request.contains("HTTP/1.0")) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException e) {
        // what came so far is the answer
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
