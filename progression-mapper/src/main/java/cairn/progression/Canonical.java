package cairn.progression;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A canonical JSON text (object members sorted by name, numbers as their plain decimal value) and
 * its SHA-256, so that the same content always hashes the same whatever the member order.
 */
public final class Canonical {
  private Canonical() {}

  public static String json(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(node, out, UnaryOperator.identity());
    return out.toString();
  }

  /**
   * Appends the canonical text of {@code node} as if every object in it (itself included) had first
   * been replaced by {@code substitute}'s answer for it — without building the substituted tree.
   */
  public static StringBuilder append(StringBuilder out, JsonNode node, UnaryOperator<JsonNode> substitute) {
    write(node, out, substitute);
    return out;
  }

  /** Appends a JSON string, or null. */
  public static StringBuilder append(StringBuilder out, String text) {
    return text == null ? out.append("null") : quoted(text, out);
  }

  private static void write(JsonNode node, StringBuilder out, UnaryOperator<JsonNode> substitute) {
    if (node != null && node.isObject()) {
      node = substitute.apply(node);
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        out.append(i == 0 ? "" : ",");
        quoted(names.get(i), out).append(':');
        write(node.get(names.get(i)), out, substitute);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> it = node.elements();
      boolean first = true;
      while (it.hasNext()) {
        out.append(first ? "" : ",");
        first = false;
        write(it.next(), out, substitute);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else if (node.isTextual()) {
      quoted(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else {
      out.append(node.toString());
    }
  }

  /** A JSON string as Jackson writes it (the same escapes), without a generator per string. */
  private static StringBuilder quoted(String text, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    return out.append('"');
  }

  public static byte[] sha256(String text) {
    return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return s.toString();
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
