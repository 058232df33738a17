package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Rewrites a valid statement into the form Cairn stores: {@link #normalize} into a copy,
 * {@link #normalizeInPlace} into the statement itself (for a caller that owns the tree, such as a
 * request body just parsed: copying every statement of a batch cost a tenth of the JVM's work on
 * the ingest path). Applied to the statement and to a SubStatement object alike:
 *
 * <ul>
 *   <li>a {@code contextActivities} value given as a single Activity becomes a one-element array
 *       (1.0.3 Part Two §2.4.6.2: the LRS returns arrays, XAPI-00096);
 *   <li>an object without {@code objectType} gets {@code "Activity"}, its default (§2.4.4);
 *   <li>{@code timestamp} is rewritten in UTC with a {@code Z}, every fraction digit kept and at
 *       least milliseconds written (IEEE 9274.1.1-2023 §4.2.7: the LRS converts timestamps to UTC;
 *       1.0.3 §4.5 allows the same: it SHOULD return UTC and must keep millisecond precision).
 * </ul>
 *
 * <p>{@code id}, {@code stored}, {@code authority} and {@code version} are the server's to assign
 * and are left alone.
 */
public final class StatementNormalizer {
  private StatementNormalizer() {}

  /** The normalized form in a copy; {@code statement} is not modified. */
  public static ObjectNode normalize(ObjectNode statement, XapiVersion version) {
    return normalizeInPlace(statement.deepCopy(), version);
  }

  /** Normalizes {@code statement} itself and answers it. */
  public static ObjectNode normalizeInPlace(ObjectNode statement, XapiVersion version) {
    normalizeBody(statement);
    return statement;
  }

  private static void normalizeBody(ObjectNode s) {
    JsonNode object = s.get("object");
    if (object instanceof ObjectNode o) {
      if (!o.has("objectType")) {
        // keep objectType first, as clients conventionally write it
        ObjectNode rebuilt = JsonNodeFactory.instance.objectNode();
        rebuilt.put("objectType", "Activity");
        rebuilt.setAll(o);
        s.set("object", rebuilt);
      } else if ("SubStatement".equals(o.path("objectType").textValue())) {
        normalizeBody(o);
      }
    }
    JsonNode timestamp = s.get("timestamp");
    if (timestamp != null && timestamp.isTextual()) {
      Timestamps.Parsed parsed = Timestamps.parse(timestamp.textValue());
      if (parsed != null) {
        s.put("timestamp", Timestamps.toUtc(parsed));
      }
    }
    JsonNode context = s.get("context");
    if (context != null && context.get("contextActivities") instanceof ObjectNode ca) {
      Iterator<Map.Entry<String, JsonNode>> fields = ca.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getValue().isObject()) {
          ArrayNode wrapped = JsonNodeFactory.instance.arrayNode(1);
          wrapped.add(e.getValue());
          e.setValue(wrapped);
        }
      }
    }
  }
}
