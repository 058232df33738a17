package cairn.progression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Content hashes key every stored fact, so the canonical text must never change: it is compared here
 * with the text Jackson's own serializer gives for each string (as the first version wrote it).
 */
class CanonicalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void stringsAreEscapedExactlyAsJacksonWritesThem() throws Exception {
    List<String> strings = List.of("plain", "quote \" and backslash \\", "slash / stays", "tab\tnew\nline\rcr",
        "bell\u0007 nul\u0000 esc\u001b del\u007f", "é ü 中文", "emoji 😀 and lone surrogate \ud800",
        "line sep \u2028 para \u2029", "");
    for (String s : strings) {
      JsonNode doc = JSON.createObjectNode().put(s, s).put("b", true).put("n", 1.50);
      assertThat(Canonical.json(doc)).as(s).isEqualTo(reference(doc));
    }
    JsonNode statement = JSON.readTree("""
        {"actor":{"mbox":"mailto:a@example.org","name":"Ä \\"B\\""},"verb":{"id":"http://adlnet.gov/expapi/verbs/passed",
         "display":{"en-US":"passed\\u2028"}},"result":{"score":{"scaled":0.950},"success":true,"response":"a\\tb"},
         "context":{"extensions":{"https://example.org/x":[1,2.0,{"z":null,"a":"\\u0001"}]}}}""");
    assertThat(Canonical.json(statement)).isEqualTo(reference(statement));
  }

  /** The first implementation: every string through Jackson's serializer. */
  private static String reference(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        out.append(i == 0 ? "" : ",");
        out.append(JsonNodeFactory.instance.textNode(names.get(i)).toString()).append(':');
        write(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> it = node.elements();
      boolean first = true;
      while (it.hasNext()) {
        out.append(first ? "" : ",");
        first = false;
        write(it.next(), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(node.toString());
    }
  }
}
