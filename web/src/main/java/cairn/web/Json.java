package cairn.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON mapper of Cairn. Duplicate keys are rejected (a document must mean one thing) and
 * decimals are kept as written, so a stored score reads back exactly as it was sent.
 *
 * <p>What a request may cost is bounded by Jackson's own {@link StreamReadConstraints}: nesting
 * depth, number and member-name lengths (strings are bounded by the body limit). What PostgreSQL's {@code jsonb} cannot store is refused
 * here too, with a 400 that says so, rather than failing the insert: the NUL character in a string
 * or name ({@code \u0000}, SQLSTATE 22P05), and numbers beyond {@code numeric}'s exponent range
 * (22003). No library knows those two limits, hence the walk in {@link #storable}.
 */
public final class Json {
  /** Deeper than any statement or document Cairn has a use for; keeps recursive walks shallow. */
  public static final int MAX_DEPTH = 64;
  /** Digits in one number literal; scores and extensions need a few dozen at most. */
  public static final int MAX_NUMBER_LENGTH = 100;
  /** Characters in one member name; extension keys are IRIs, rarely over a few hundred. */
  public static final int MAX_NAME_LENGTH = 2048;
  /**
   * Decimal exponent magnitude accepted: PostgreSQL {@code numeric} refuses a written exponent beyond
   * ±1000; a bound a little below it keeps every accepted number storable.
   */
  static final int MAX_EXPONENT = 900;

  /**
   * For Cairn's own JSON: what it writes, and what it stored after a request was accepted. Without
   * Jackson's shared table of member names (canonicalisation), like {@link #REQUESTS}: stored
   * statements carry member names clients chose, and names chosen to collide in that table made its
   * rehash fail and then failed later, unrelated parses (a GET by id that never answered).
   */
  public static final ObjectMapper MAPPER = mapper(new JsonFactoryBuilder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES), true);

  /** For what clients send: the same rules, within the request limits above. */
  private static final ObjectMapper REQUESTS = mapper(new JsonFactoryBuilder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxNameLength(MAX_NAME_LENGTH)
          .build()), true);

  /**
   * For reading what Cairn stored: the same numbers and names as {@link #MAPPER}, without looking for
   * duplicate members — what was stored was parsed with that check when it came in (and
   * {@code jsonb} keeps one member per name), so looking again only costs: a {@code DupDetector} per
   * object, ~3% of the mapper's time reading statement bodies.
   */
  private static final ObjectMapper STORED = mapper(new JsonFactoryBuilder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES), false);

  private static ObjectMapper mapper(JsonFactoryBuilder factory, boolean duplicatesChecked) {
    return JsonMapper.builder(factory.build())
        .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, duplicatesChecked)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  private Json() {}

  /** Parses a request body; malformed, too costly or unstorable JSON is a 400 that says why. */
  public static JsonNode parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("The request body is empty; a JSON document is required.");
    }
    return parse(body.getBytes());
  }

  public static JsonNode parse(String text) {
    return parse(Buffer.buffer(text));
  }

  /** As {@link #parse(Buffer)}, on a worker thread when the body is large (see {@link Offload}). */
  public static Future<JsonNode> parse(Vertx vertx, Buffer body) {
    return Offload.bySize(vertx, body == null ? 0 : body.length(), () -> parse(body));
  }

  /** Parses JSON Cairn stored itself (already checked when it came in). */
  public static JsonNode tree(String stored) {
    try {
      return STORED.readTree(stored);
    } catch (IOException e) {
      throw new IllegalStateException("Stored JSON does not parse", e);
    }
  }

  /**
   * Reads JSON from outside Cairn within the request limits, for callers that report a failure
   * their own way (a credential under verification, a signed statement's payload).
   */
  public static JsonNode readLimited(byte[] bytes) throws IOException {
    try {
      return REQUESTS.readTree(bytes);
    } catch (NumberFormatException e) {
      throw new IOException("A number is out of range", e);
    }
  }

  private static JsonNode parse(byte[] bytes) {
    JsonNode node;
    try {
      node = REQUESTS.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw ApiException.badRequest("JSON beyond this server's limits: " + e.getOriginalMessage()
          + " (at most " + MAX_DEPTH + " levels deep, numbers of " + MAX_NUMBER_LENGTH
          + " characters, member names of " + MAX_NAME_LENGTH + ").");
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage() + where);
    } catch (IOException e) {
      throw ApiException.badRequest("Unreadable request body.");
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("A number is out of range: decimal exponents up to ±" + MAX_EXPONENT
          + " are accepted.");
    }
    if (node == null || node.isMissingNode()) {
      throw ApiException.badRequest("The request body is empty; a JSON document is required.");
    }
    storable(node);
    return node;
  }

  /**
   * Refuses what {@code jsonb} cannot hold: NUL in a string or name, numbers beyond {@code numeric}'s
   * exponent range. Iterative, though the depth is already bounded.
   */
  public static void storable(JsonNode root) {
    ArrayDeque<JsonNode> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isTextual()) {
        checkText(node.textValue());
      } else if (node.isBigDecimal()) {
        checkNumber(node.decimalValue());
      } else if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          checkText(field.getKey());
          pending.push(field.getValue());
        }
      } else if (node.isArray()) {
        node.forEach(pending::push);
      }
    }
  }

  private static void checkText(String text) {
    if (text.indexOf('\0') >= 0) {
      throw ApiException.badRequest(
          "JSON strings and member names cannot contain the NUL character (\\u0000): Cairn's store cannot keep it.");
    }
  }

  private static void checkNumber(BigDecimal value) {
    long exponent = (long) value.precision() - value.scale() - 1;
    if (Math.abs(exponent) > MAX_EXPONENT || Math.abs((long) value.scale()) > MAX_EXPONENT + MAX_NUMBER_LENGTH) {
      throw ApiException.badRequest("A number is out of range: decimal exponents up to ±" + MAX_EXPONENT
          + " are accepted.");
    }
  }
}
