package cairn.lrs.documents;

import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A document body about to be stored, with the rules of 1.0.3 Part Three §2.2 / IEEE
 * 9274.1.1-2023 §4.1.6 "JSON Procedure with Requirements": any content type is kept byte for byte;
 * a body that says it is {@code application/json} must parse; POST onto an existing document merges
 * the two top-level JSON objects, the new values winning, and is a 400 for anything else.
 */
record Content(String contentType, Buffer bytes, String etag) {
  private static final String JSON = "application/json";
  private static final String DEFAULT_TYPE = "application/octet-stream";

  /** The request body; a missing Content-Type is stored as {@code application/octet-stream}. */
  static Content of(String contentType, Buffer body) {
    String type = contentType == null || contentType.isBlank() ? DEFAULT_TYPE : contentType.trim();
    if (isJson(type)) {
      Json.parse(body); // a JSON document that is not JSON cannot be merged later (400 now)
    }
    return new Content(type, body, sha1(body));
  }

  boolean isJson() {
    return isJson(contentType);
  }

  /** POST onto {@code existing}: the merged object, or a 400 when either side is no JSON object. */
  Content mergeInto(Document existing) {
    if (!isJson(existing.contentType()) || !isJson()) {
      throw ApiException.badRequest("POST merges JSON documents only: the stored document is "
          + existing.contentType() + " and the request is " + contentType + ".", "Content-Type");
    }
    JsonNode given = Json.parse(bytes);
    JsonNode stored = storedJson(existing);
    if (!given.isObject() || !stored.isObject()) {
      throw ApiException.badRequest("POST merges JSON objects only; use PUT to replace the document.", "$");
    }
    ObjectNode merged = ((ObjectNode) stored).setAll((ObjectNode) given);
    Buffer out = Buffer.buffer(merged.toString());
    return new Content(JSON, out, sha1(out));
  }

  private static JsonNode storedJson(Document existing) {
    try {
      return Json.MAPPER.readTree(existing.content().getBytes());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The stored document is not valid JSON; use PUT to replace it.", "$");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The media type without parameters ({@code application/json; charset=utf-8} is JSON). */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return media.trim().toLowerCase(Locale.ROOT).equals(JSON);
  }

  static String sha1(Buffer bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
