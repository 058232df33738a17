package cairn.lrs.attachments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Request bodies built the way the ADL conformance suite builds them (test/v1_0_3/
 * H.Communication1.5-ContentTypes.js and helper.js signStatement), byte for byte.
 */
final class SuiteBodies {
  static final String BOUNDARY = "-------314159265358979323846";
  static final String CONTENT_TYPE = "multipart/mixed; boundary=" + BOUNDARY;
  static final String TEXT1 = "here is a simple attachment";
  static final String TEXT2 = "here is another simple attachment";
  static final String TEXT3 = "and here is a third attachment";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private SuiteBodies() {}

  /** The suite's usual form: "--B" CRLF, headers with ": ", content, CRLF, ..., "--B--" CRLF. */
  static SuiteBodies start() {
    return new SuiteBodies();
  }

  SuiteBodies json(String json) {
    return text("--" + BOUNDARY + "\r\nContent-Type: application/json\r\n\r\n" + json + "\r\n");
  }

  SuiteBodies attachment(String contentType, String hash, String content) {
    return text("--" + BOUNDARY + "\r\nContent-Type: " + contentType + "\r\n"
        + "Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " + hash + "\r\n\r\n"
        + content + "\r\n");
  }

  SuiteBodies text(String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  byte[] end() {
    return text("--" + BOUNDARY + "--\r\n").out.toByteArray();
  }

  /** helper.js signStatement: a leading CRLF, no space after colons, no CRLF after the close. */
  static byte[] signed(String boundary, String json, String contentType, String jws) {
    return ("\r\n--" + boundary + "\r\nContent-Type:application/json\r\n\r\n" + json
        + "\r\n--" + boundary + "\r\nContent-Type:" + contentType + "\r\nContent-Transfer-Encoding:binary"
        + "\r\nX-Experience-API-Hash:" + sha256(jws) + "\r\n\r\n" + jws + "\r\n--" + boundary + "--")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The suite's statements.attachment template with one or more attachments. */
  static String statement(String... attachments) {
    return """
        {"actor":{"objectType":"Agent","name":"xAPI mbox","mbox":"mailto:xapi@adlnet.gov"},\
        "verb":{"id":"http://adlnet.gov/expapi/verbs/attended","display":{"en-GB":"attended"}},\
        "object":{"objectType":"Activity","id":"http://www.example.com/meetings/occurances/34534"},\
        "attachments":[%s]}""".formatted(String.join(",", attachments));
  }

  static String attachmentJson(String contentType, String sha2, String fileUrl) {
    return """
        {"usageType":"http://example.com/attachment-usage/test","display":{"en-US":"A test attachment"},\
        "contentType":"%s","length":27,"sha2":"%s"%s}""".formatted(contentType, sha2,
        fileUrl == null ? "" : ",\"fileUrl\":\"" + fileUrl + "\"");
  }
}
