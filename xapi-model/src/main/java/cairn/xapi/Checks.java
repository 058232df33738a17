package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The checks every part of a statement shares: JSON types, the closed set of property names,
 * required properties and the typed strings (IRI, UUID, language map, extensions). Each throws an
 * {@link InvalidStatementException} naming the path; none allocates on success beyond path steps.
 */
final class Checks {
  private Checks() {}

  static InvalidStatementException fail(JsonPath path, String message) {
    return new InvalidStatementException(path.toString(), message);
  }

  static ObjectNode object(JsonNode node, JsonPath path, String what) {
    if (!node.isObject()) {
      throw fail(path, what + " must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static ArrayNode array(JsonNode node, JsonPath path, String what) {
    if (!node.isArray()) {
      throw fail(path, what + " must be a JSON array");
    }
    return (ArrayNode) node;
  }

  static String string(JsonNode node, JsonPath path, String what) {
    if (!node.isTextual()) {
      throw fail(path, what + " must be a string");
    }
    return node.textValue();
  }

  /**
   * Rejects properties outside {@code allowed} (xAPI objects are closed: 1.0.3 Part Two §2.2
   * "reject ... any ... key ... not following the format", which also makes key case matter) and
   * properties set to {@code null} (§2.2, XAPI-00007: null is only allowed as an extension value).
   */
  static void onlyKeys(ObjectNode node, JsonPath path, Set<String> allowed, String what) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!allowed.contains(e.getKey())) {
        throw fail(path.field(e.getKey()), what + " has no property \"" + e.getKey() + "\"");
      }
      if (e.getValue().isNull()) {
        throw fail(path.field(e.getKey()), "\"" + e.getKey() + "\" must not be null");
      }
    }
  }

  static JsonNode required(ObjectNode node, String name, JsonPath path, String what) {
    JsonNode v = node.get(name);
    if (v == null) {
      throw fail(path.field(name), what + " must have the \"" + name + "\" property");
    }
    return v;
  }

  static String nonEmptyString(JsonNode node, JsonPath path, String what) {
    String s = string(node, path, what);
    if (s.isEmpty()) {
      throw fail(path, what + " must not be empty");
    }
    return s;
  }

  static void iri(JsonNode node, JsonPath path, String what) {
    String s = string(node, path, what);
    if (!XapiFormats.isIri(s)) {
      throw fail(path, what + " must be an absolute IRI (scheme:...), got \"" + s + "\"");
    }
  }

  static void uuid(JsonNode node, JsonPath path, String what) {
    String s = string(node, path, what);
    if (!XapiFormats.isUuid(s)) {
      throw fail(path, what + " must be a UUID (8-4-4-4-12 hex digits), got \"" + s + "\"");
    }
  }

  static void timestamp(JsonNode node, JsonPath path, String what) {
    String s = string(node, path, what);
    if (!Timestamps.isValid(s)) {
      throw fail(path, what + " must be an ISO 8601 date-time with a valid offset, got \"" + s
          + "\"");
    }
  }

  static void languageTag(String tag, JsonPath path, String what) {
    if (!XapiFormats.isLanguageTag(tag)) {
      throw fail(path, what + " must be an RFC 5646 language tag, got \"" + tag + "\"");
    }
  }

  /** A Language Map: RFC 5646 tags to strings (1.0.3 Part Two §4.2). */
  static void languageMap(JsonNode node, JsonPath path, String what) {
    ObjectNode map = object(node, path, what + " (a language map)");
    Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      JsonPath at = path.field(e.getKey());
      languageTag(e.getKey(), at, "a language map key");
      string(e.getValue(), at, "a language map value");
    }
  }

  /** Extensions: IRI keys, any value including null (1.0.3 Part Two §4.1). */
  static void extensions(JsonNode node, JsonPath path) {
    ObjectNode map = object(node, path, "extensions");
    Iterator<String> keys = map.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!XapiFormats.isIri(key)) {
        throw fail(path.field(key), "an extension key must be an absolute IRI, got \"" + key
            + "\"");
      }
    }
  }

  static void bool(JsonNode node, JsonPath path, String what) {
    if (!node.isBoolean()) {
      throw fail(path, what + " must be true or false");
    }
  }

  static double number(JsonNode node, JsonPath path, String what) {
    if (!node.isNumber()) {
      throw fail(path, what + " must be a number");
    }
    return node.doubleValue();
  }
}
