package cairn.lrs.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;

/**
 * The one JSON mapper of the LRS. Duplicate keys are rejected (a statement must mean one thing) and
 * decimals are kept as written, so a stored score reads back exactly as it was sent.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  /** Parses a request body; malformed JSON is a 400 naming the parser's complaint. */
  public static JsonNode parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw XapiException.badRequest("The request body is empty; a JSON document is required.");
    }
    try {
      return MAPPER.readTree(body.getBytes());
    } catch (JsonProcessingException e) {
      throw XapiException.badRequest("Malformed JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (java.io.IOException e) {
      throw XapiException.badRequest("Unreadable request body.");
    }
  }

  public static JsonNode parse(String text) {
    return parse(Buffer.buffer(text));
  }
}
