package cairn.lrs.attachments;

import static cairn.lrs.attachments.SuiteBodies.BOUNDARY;
import static cairn.lrs.attachments.SuiteBodies.CONTENT_TYPE;
import static cairn.lrs.attachments.SuiteBodies.TEXT1;
import static cairn.lrs.attachments.SuiteBodies.TEXT2;
import static cairn.lrs.attachments.SuiteBodies.attachmentJson;
import static cairn.lrs.attachments.SuiteBodies.sha256;
import static cairn.lrs.attachments.SuiteBodies.statement;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.ApiException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MultipartMixedTest {
  private static final String H1 = sha256(TEXT1);
  private static final String JSON = statement(attachmentJson("text/plain", H1, null));

  private static ApiException rejected(byte[] body, String contentType) {
    try {
      MultipartMixed.parse(body, contentType);
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Nested
  class Parsing {
    @Test
    void readsTheSuitesBody() {
      byte[] body = SuiteBodies.start().json(JSON).attachment("text/plain", H1, TEXT1)
          .attachment("text/plain", sha256(TEXT2), TEXT2).end();
      MultipartMixed.Request request = MultipartMixed.parse(Buffer.buffer(body), CONTENT_TYPE);
      assertThat(request.statements().path("attachments").get(0).path("sha2").asText()).isEqualTo(H1);
      assertThat(request.parts()).extracting(Part::sha2).containsExactly(H1, sha256(TEXT2));
      assertThat(request.parts().get(0).contentType()).isEqualTo("text/plain");
      assertThat(request.parts().get(0).content().toString()).isEqualTo(TEXT1);
    }

    @Test
    void readsSignStatementsBody() {
      byte[] body = SuiteBodies.signed("-------123", "{\"a\":1}", "application/octet-stream", "x.y.z");
      MultipartMixed.Request request = MultipartMixed.parse(body, "multipart/mixed; boundary=-------123");
      assertThat(request.statements().toString()).isEqualTo("{\"a\":1}");
      assertThat(request.parts()).singleElement().satisfies(p -> {
        assertThat(p.content().toString()).isEqualTo("x.y.z");
        assertThat(p.contentType()).isEqualTo("application/octet-stream");
      });
    }

    @Test
    void readsTheSpecExampleWithAQuotedBoundary() {
      String boundary = "abcABC0123'()+_,-./:=?";
      String body = "--" + boundary + "\r\nContent-Type:application/json\r\n\r\n" + JSON + "\r\n--" + boundary
          + "\r\nContent-Type:text/plain\r\nContent-Transfer-Encoding:binary\r\nX-Experience-API-Hash:" + H1
          + "\r\n\r\n" + TEXT1 + "\r\n--" + boundary + "--";
      MultipartMixed.Request request = MultipartMixed.parse(body.getBytes(StandardCharsets.UTF_8),
          "multipart/mixed; boundary=\"" + boundary + "\"");
      assertThat(request.parts()).singleElement().extracting(Part::sha2).isEqualTo(H1);
    }

    @Test
    void takesAStatementsOnlyBody() {
      MultipartMixed.Request request = MultipartMixed.parse(SuiteBodies.start().json("[]").end(), CONTENT_TYPE);
      assertThat(request.statements().isArray()).isTrue();
      assertThat(request.parts()).isEmpty();
    }

    @Test
    void keepsBinaryContentExactly() {
      byte[] data = new byte[4096];
      new Random(7).nextBytes(data);
      data[10] = '\r';
      data[11] = '\n';
      Buffer body = Buffer.buffer("preamble\r\n--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\n"
          + "X-Experience-API-Hash: " + "a".repeat(64) + "\r\n\r\n").appendBytes(data)
          .appendString("\r\n--b--\r\nepilogue");
      Part part = MultipartMixed.parse(body, "Multipart/Mixed; charset=x; Boundary=b").parts().get(0);
      assertThat(part.content().getBytes()).isEqualTo(data);
      assertThat(part.contentType()).isNull();
      assertThat(part.sha2()).isEqualTo("a".repeat(64));
    }

    @Test
    void assumesBinaryWhenNoTransferEncodingIsGiven() {
      byte[] body = SuiteBodies.start().json(JSON).text("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n"
          + "X-Experience-API-Hash: " + H1 + "\r\n\r\n" + TEXT1 + "\r\n").end();
      assertThat(MultipartMixed.parse(body, CONTENT_TYPE).parts()).hasSize(1);
    }

    @Test
    void recognisesTheMediaType() {
      assertThat(MultipartMixed.matches(" multipart/MIXED ; boundary=x")).isTrue();
      assertThat(MultipartMixed.matches("multipart/form-data; boundary=x")).isFalse();
      assertThat(MultipartMixed.matches(null)).isFalse();
    }
  }

  /** The malformed bodies of H.Communication1.5-ContentTypes.js (XAPI-00127..00135), and more. */
  @Nested
  class Rejecting {
    @Test
    void formData() {
      assertThat(rejected(SuiteBodies.start().json(JSON).end(),
          "multipart/form-data; boundary=" + BOUNDARY).path()).isEqualTo("Content-Type");
    }

    @Test
    void noBoundaryInTheHeader() {
      byte[] body = SuiteBodies.start().json(JSON).attachment("text/plain", H1, TEXT1).end();
      assertThat(rejected(body, "multipart/mixed;").getMessage()).contains("no boundary");
      rejected(body, "multipart/mixed");
    }

    @Test
    void noBoundaryBeforeTheFirstPart() {
      // The suite's XAPI-00131 body: the JSON part has no boundary line, so the first part is text.
      byte[] body = SuiteBodies.start().text("Content-Type: application/json\r\n\r\n" + JSON + "\r\n")
          .attachment("text/plain", H1, TEXT1).end();
      assertThat(rejected(body, CONTENT_TYPE).getMessage()).contains("first part");
    }

    @Test
    void noBoundaryBeforeTheSecondPart() {
      byte[] body = SuiteBodies.start().json(JSON).text("Content-Type: text/plain\r\n"
          + "Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " + H1 + "\r\n\r\n" + TEXT1 + "\r\n").end();
      assertThat(rejected(body, CONTENT_TYPE).getMessage()).contains("Malformed JSON");
    }

    @Test
    void noBoundaryAtAll() {
      assertThat(rejected(JSON.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE).getMessage())
          .contains("no boundary line");
    }

    @Test
    void firstPartNotJson() {
      byte[] body = SuiteBodies.start().text("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\n" + JSON
          + "\r\n").attachment("text/plain", H1, TEXT1).end();
      assertThat(rejected(body, CONTENT_TYPE).getMessage()).contains("application/json");
    }

    @Test
    void statementsInTwoParts() {
      byte[] body = SuiteBodies.start().json(JSON).json(JSON).attachment("text/plain", H1, TEXT1).end();
      assertThat(rejected(body, CONTENT_TYPE).path()).isEqualTo("X-Experience-API-Hash");
    }

    @Test
    void missingHashHeader() {
      byte[] body = SuiteBodies.start().json(JSON).text("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n"
          + "Content-Transfer-Encoding: binary\r\n\r\n" + TEXT1 + "\r\n").end();
      assertThat(rejected(body, CONTENT_TYPE).getMessage()).contains("Part 2 has no X-Experience-API-Hash");
    }

    @Test
    void hashNotSha2() {
      byte[] body = SuiteBodies.start().json(JSON).attachment("text/plain", "abc", TEXT1).end();
      assertThat(rejected(body, CONTENT_TYPE).getMessage()).contains("not a hex SHA-2");
    }

    @Test
    void base64TransferEncoding() {
      byte[] body = SuiteBodies.start().json(JSON).text("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n"
          + "Content-Transfer-Encoding: base64\r\nX-Experience-API-Hash: " + H1 + "\r\n\r\n" + TEXT1 + "\r\n").end();
      assertThat(rejected(body, CONTENT_TYPE).path()).isEqualTo("Content-Transfer-Encoding");
    }

    @Test
    void bareLineFeeds() {
      String body = "--" + BOUNDARY + "\nContent-Type: application/json\n\n" + JSON + "\n--" + BOUNDARY + "--\n";
      assertThat(rejected(body.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE).getMessage()).contains("CRLF");
    }

    @Test
    void noClosingBoundary() {
      String body = "--" + BOUNDARY + "\r\nContent-Type: application/json\r\n\r\n" + JSON;
      assertThat(rejected(body.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE).getMessage())
          .contains("not followed by a boundary");
    }

    @Test
    void noPartsAtAll() {
      rejected(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
      rejected(new byte[0], CONTENT_TYPE);
    }

    @Test
    void headersWithoutBlankLine() {
      String body = "--" + BOUNDARY + "\r\nContent-Type: application/json\r\n--" + BOUNDARY + "--";
      assertThat(rejected(body.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE).getMessage()).contains("blank line");
    }

    @Test
    void malformedHeaderLineAndRepeatedHeader() {
      rejected(SuiteBodies.start().text("--" + BOUNDARY + "\r\nContent-Type application/json\r\n\r\n{}\r\n").end(),
          CONTENT_TYPE);
      rejected(SuiteBodies.start().json(JSON).text("--" + BOUNDARY + "\r\nX-Experience-API-Hash: " + H1
          + "\r\nX-Experience-API-Hash: " + H1 + "\r\n\r\n" + TEXT1 + "\r\n").end(), CONTENT_TYPE);
    }

    @Test
    void invalidBoundaryParameter() {
      rejected(SuiteBodies.start().json(JSON).end(), "multipart/mixed; boundary=" + "x".repeat(71));
      rejected(SuiteBodies.start().json(JSON).end(), "multipart/mixed; boundary=\"a;b\u00e9\"");
    }

    /** Whatever the bytes, the parser answers with a result or an ApiException, nothing else. */
    @Test
    void neverThrowsAnythingElse() {
      byte[] good = SuiteBodies.start().json(JSON).attachment("text/plain", H1, TEXT1).end();
      Random random = new Random(42);
      for (int round = 0; round < 5000; round++) {
        byte[] body = good.clone();
        int cut = random.nextInt(body.length + 1);
        body = Arrays.copyOf(body, random.nextBoolean() ? cut : body.length);
        for (int flips = random.nextInt(4); flips > 0 && body.length > 0; flips--) {
          body[random.nextInt(body.length)] = "-\r\n:ab{}\"".getBytes()[random.nextInt(9)];
        }
        try {
          MultipartMixed.parse(body, CONTENT_TYPE);
        } catch (ApiException expected) {
          assertThat(expected.status()).isEqualTo(400);
        }
      }
    }
  }

  @Nested
  class Writing {
    private final Part one = new Part(H1, "text/plain", Buffer.buffer(TEXT1));
    private final Part two = new Part(sha256(TEXT2), "text/plain; charset=ascii", Buffer.buffer(TEXT2));

    @Test
    void writesJsonThenEachAttachmentOnce() {
      MultipartMixed.Response response = MultipartMixed.write("{\"statements\":[]}", List.of(one, two, one));
      assertThat(response.contentType()).matches("multipart/mixed; boundary=cairn-[0-9a-f]{32}");
      String boundary = response.contentType().substring("multipart/mixed; boundary=".length());
      String body = response.body().toString();
      assertThat(body).isEqualTo("--" + boundary + "\r\nContent-Type: application/json\r\n\r\n{\"statements\":[]}"
          + "\r\n--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
          + "X-Experience-API-Hash: " + H1 + "\r\n\r\n" + TEXT1
          + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=ascii\r\nContent-Transfer-Encoding: binary\r\n"
          + "X-Experience-API-Hash: " + two.sha2() + "\r\n\r\n" + TEXT2
          + "\r\n--" + boundary + "--\r\n");
      // The suite counts each hash in the body: once in the statement, once in the part header.
      assertThat(body.split(H1, -1)).hasSize(2);
    }

    @Test
    void roundTrips() {
      MultipartMixed.Response response = MultipartMixed.write("{\"a\":[1]}", List.of(one, two));
      MultipartMixed.Request parsed = MultipartMixed.parse(response.body(), response.contentType());
      assertThat(parsed.statements().toString()).isEqualTo("{\"a\":[1]}");
      assertThat(parsed.parts()).containsExactly(one, two);
    }

    @Test
    void usesFreshBoundaries() {
      assertThat(MultipartMixed.write("{}", List.of()).contentType())
          .isNotEqualTo(MultipartMixed.write("{}", List.of()).contentType());
    }
  }
}
