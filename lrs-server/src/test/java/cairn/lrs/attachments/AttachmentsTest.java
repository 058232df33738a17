package cairn.lrs.attachments;

import static cairn.lrs.attachments.SuiteBodies.TEXT1;
import static cairn.lrs.attachments.SuiteBodies.TEXT2;
import static cairn.lrs.attachments.SuiteBodies.TEXT3;
import static cairn.lrs.attachments.SuiteBodies.attachmentJson;
import static cairn.lrs.attachments.SuiteBodies.sha256;
import static cairn.lrs.attachments.SuiteBodies.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attachment cases of H.Communication1.5-ContentTypes.js and 4.1.3-Content-Types.js. */
class AttachmentsTest {
  private static final String H1 = sha256(TEXT1);
  private static final String H2 = sha256(TEXT2);
  private static final String FILE_URL = "http://over.there.com/file.txt";

  private static Part part(String contentType, String text) {
    return new Part(sha256(text), contentType, Buffer.buffer(text));
  }

  private static JsonNode json(String text) {
    return Json.parse(text);
  }

  private static ApiException rejected(JsonNode body, List<Part> parts) {
    try {
      Attachments.check(body, parts);
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void jsonRequestWithFileUrlAttachmentsIsFine() {
    JsonNode body = json(statement(attachmentJson("text/plain; charset=ascii", H1, FILE_URL)));
    assertThat(Attachments.check(body, List.of())).isEmpty();
  }

  @Test
  void jsonRequestWithoutFileUrlIsRejected() {
    JsonNode body = json("[" + statement(attachmentJson("text/plain", H1, FILE_URL)) + ","
        + statement(attachmentJson("text/plain", H1, FILE_URL), attachmentJson("text/plain", H2, null)) + "]");
    ApiException e = rejected(body, List.of());
    assertThat(e.path()).isEqualTo("$[1].attachments[1].sha2");
    assertThat(e.getMessage()).contains("no fileUrl").contains(H2);
  }

  @Test
  void statementWithoutAttachmentsAndNoParts() {
    assertThat(Attachments.check(json("{\"verb\":{}}"), List.of())).isEmpty();
  }

  @Test
  void rawDataMatchingItsAttachment() {
    JsonNode body = json(statement(attachmentJson("text/plain", H1, null), attachmentJson("text/plain", H2, null)));
    assertThat(Attachments.check(body, List.of(part("text/plain", TEXT1), part("text/plain", TEXT2))))
        .extracting(Part::sha2).containsExactly(H1, H2);
  }

  @Test
  void excessPartIsRejected() {
    // XAPI-00128: a third part whose hash no attachment declares
    JsonNode body = json(statement(attachmentJson("text/plain", H1, null), attachmentJson("text/plain", H2, null)));
    ApiException e = rejected(body,
        List.of(part("text/plain", TEXT1), part("text/plain", TEXT2), part("text/plain", TEXT3)));
    assertThat(e.getMessage()).contains("Part 4").contains("not the data of any attachment");
  }

  @Test
  void missingPartIsRejected() {
    // XAPI-00129: two attachments without fileUrl, one part
    JsonNode body = json(statement(attachmentJson("text/plain", H1, null), attachmentJson("text/plain", H2, null)));
    assertThat(rejected(body, List.of(part("text/plain", TEXT1))).path()).isEqualTo("$.attachments[1].sha2");
  }

  @Test
  void hashHeaderNotMatchingTheContentIsRejected() {
    // XAPI-00132: X-Experience-API-Hash b018... on simple_text1's content
    String claimed = "b018994f8bbe0f08992a65c48c8c8c56f09e9baceaa6227ed85c90ae52b73c89";
    JsonNode body = json(statement(attachmentJson("text/plain", claimed, null)));
    ApiException e = rejected(body, List.of(new Part(claimed, "text/plain", Buffer.buffer(TEXT1))));
    assertThat(e.getMessage()).contains("SHA-256 is " + H1);
  }

  @Test
  void hashHeaderNotNamingTheAttachmentIsRejected() {
    String other = "b018994f8bbe0f08992a65c48c8c8c56f09e9baceaa6227ed85c90ae52b73c89";
    JsonNode body = json(statement(attachmentJson("text/plain", H1, null)));
    rejected(body, List.of(new Part(other, "text/plain", Buffer.buffer("x"))));
  }

  @Test
  void partForAFileUrlAttachmentIsKept() {
    // 2.1 StatementResource XAPI-00161 and 4.1.6.1: fileUrl and data both sent, GET returns the data
    JsonNode body = json(statement(attachmentJson("text/plain", H1, FILE_URL)));
    assertThat(Attachments.check(body, List.of(part("text/plain", TEXT1)))).hasSize(1);
  }

  @Test
  void contentTypeMustNameTheSameMediaType() {
    JsonNode body = json(statement(attachmentJson("text/plain; charset=ascii", H1, null)));
    assertThat(Attachments.check(body, List.of(part("TEXT/plain", TEXT1)))).hasSize(1);
    assertThat(rejected(body, List.of(part("image/jpeg", TEXT1))).path()).isEqualTo("Content-Type");
  }

  @Test
  void partWithoutContentTypeTakesTheDeclaredOne() {
    JsonNode body = json(statement(attachmentJson("text/plain; charset=ascii", H1, null)));
    assertThat(Attachments.check(body, List.of(part(null, TEXT1))))
        .singleElement().extracting(Part::contentType).isEqualTo("text/plain; charset=ascii");
  }

  @Test
  void oneCopyServesManyStatements() {
    String s = statement(attachmentJson("text/plain", H1, null));
    JsonNode body = json("[" + s + "," + s + "]");
    assertThat(Attachments.check(body, List.of(part("text/plain", TEXT1), part("text/plain", TEXT1)))).hasSize(1);
  }

  @Test
  void hashesOfOtherLengthsAndCases() throws Exception {
    String h512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(TEXT1.getBytes()));
    String h384 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(TEXT2.getBytes()));
    JsonNode body = json(statement(attachmentJson("text/plain", h512.toUpperCase(), null),
        attachmentJson("text/plain", h384, null)));
    assertThat(Attachments.check(body, List.of(new Part(h512, "text/plain", Buffer.buffer(TEXT1)),
        new Part(h384.toUpperCase(), "text/plain", Buffer.buffer(TEXT2))))).extracting(Part::sha2)
        .containsExactly(h512, h384);
  }

  @Test
  void subStatementAttachmentsCount() {
    String sub = """
        {"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://example.com/v"},
         "object":{"objectType":"SubStatement","actor":{"mbox":"mailto:b@example.com"},
           "verb":{"id":"http://example.com/v"},"object":{"id":"http://example.com/a"},
           "attachments":[%s]}}""".formatted(attachmentJson("text/plain", H1, null));
    assertThat(Attachments.check(json(sub), List.of(part("text/plain", TEXT1)))).hasSize(1);
    assertThat(rejected(json(sub), List.of()).path()).isEqualTo("$.object.attachments[0].sha2");
  }

  @Test
  void malformedAttachmentsAreLeftToTheValidator() {
    assertThat(Attachments.check(json("{\"attachments\":{\"sha2\":1}}"), List.of())).isEmpty();
    assertThat(Attachments.check(json("[1, {\"attachments\":[2, {\"sha2\":3}]}]"), List.of())).isEmpty();
    assertThatThrownBy(() -> Attachments.check(json("{\"attachments\":[]}"), List.of(part("text/plain", TEXT1))))
        .isInstanceOf(ApiException.class);
  }
}
