package cairn.lrs.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Statements with attachment data through the real server: multipart in, multipart out. */
@ExtendWith(TestPostgres.class)
class StatementAttachmentsHttpTest {
  static LrsServer lrs;
  static String auth;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    auth = lrs.basic(Scope.ALL);
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  private static HttpResponse<Buffer> post(String contentType, byte[] body) {
    return lrs.xapi(HttpMethod.POST, "/xapi/statements", auth, "2.0.0")
        .putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)).await();
  }

  @Test
  void attachmentDataRoundTrips() {
    String text = "certificate of attendance " + UUID.randomUUID();
    String hash = SuiteBodies.sha256(text);
    String id = UUID.randomUUID().toString();
    String statement = SuiteBodies.statement(SuiteBodies.attachmentJson("text/plain", hash, null))
        .replaceFirst("\\{", "{\"id\":\"" + id + "\",");
    byte[] body = SuiteBodies.start().json(statement).attachment("text/plain", hash, text).end();
    HttpResponse<Buffer> posted = post(SuiteBodies.CONTENT_TYPE, body);
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> plain = lrs.get(auth, "/xapi/statements?statementId=" + id);
    assertThat(plain.getHeader("Content-Type")).startsWith("application/json");

    HttpResponse<Buffer> withData = lrs.get(auth, "/xapi/statements?statementId=" + id + "&attachments=true");
    assertThat(withData.statusCode()).isEqualTo(200);
    assertThat(withData.getHeader("Content-Type")).startsWith("multipart/mixed; boundary=");
    String multipart = withData.body().toString(StandardCharsets.UTF_8);
    assertThat(multipart).contains("X-Experience-API-Hash: " + hash).contains(text).contains("\"id\":\"" + id + "\"");
  }

  @Test
  void missingOrWrongDataIsRejectedAndNothingStored() {
    String text = "some bytes";
    String hash = SuiteBodies.sha256(text);
    String id = UUID.randomUUID().toString();
    String statement = SuiteBodies.statement(SuiteBodies.attachmentJson("text/plain", hash, null))
        .replaceFirst("\\{", "{\"id\":\"" + id + "\",");
    // declared but not sent
    assertThat(post("application/json", statement.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    // sent with a hash that does not match the bytes
    byte[] wrong = SuiteBodies.start().json(statement).attachment("text/plain", hash, "other bytes").end();
    HttpResponse<Buffer> r = post(SuiteBodies.CONTENT_TYPE, wrong);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
    // not a content type statements come in
    assertThat(post("text/plain", statement.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    assertThat(lrs.get(auth, "/xapi/statements?statementId=" + id).statusCode()).isEqualTo(404);
  }
}
