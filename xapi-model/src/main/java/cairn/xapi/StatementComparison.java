package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statement equivalence as xAPI defines it for re-posted ids and signed statements (1.0.3 Part
 * Two §2.3.1 "Statement Comparison Requirements"; IEEE 9274.1.1-2023 §4.2.2, same list):
 * differences that the exceptions to immutability could cause are ignored, every other difference
 * counts. Ignored:
 *
 * <ul>
 *   <li>properties the LRS assigns: {@code id} (when the posted statement has none),
 *       {@code authority}, {@code stored}, {@code version}, and {@code timestamp} when the posted
 *       statement has none;
 *   <li>Activity definitions and verb {@code display} (not part of the statement);
 *   <li>timestamp serialization: timestamps compare as instants;
 *   <li>the order of a Group's members;
 *   <li>attachments;
 *   <li>case where it carries no meaning: the mailto scheme and domain of an mbox, hex digits of
 *       UUIDs and SHA-1 sums;
 *   <li>forms the LRS normalizes: a missing objectType (Agent for actors, Activity for objects),
 *       a single context activity versus a one-element array, 1 versus 1.0;
 *   <li>duration precision beyond 0.01 s (1.0.3 §4.6), while the duration otherwise compares as a
 *       string (§2.3.1 lists it explicitly as not an exception).
 * </ul>
 */
public final class StatementComparison {
  private StatementComparison() {}

  private static final Pattern LONG_SECONDS = Pattern.compile("(\\.\\d{2})\\d+S$");
  private static final String[] ACTOR_FIELDS = {"actor", "instructor", "team"};

  /** Numbers compare by value (1 equals 1.0); everything else by the default equality. */
  private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  /**
   * @param stored what the LRS holds (with id, stored, authority, version assigned)
   * @param posted the statement now received with the same id
   */
  public static boolean same(JsonNode stored, JsonNode posted) {
    if (!stored.isObject() || !posted.isObject()) {
      return stored.equals(posted);
    }
    boolean ignoreTimestamp = !posted.has("timestamp");
    boolean ignoreId = !posted.has("id");
    ObjectNode a = comparable((ObjectNode) stored, ignoreTimestamp, ignoreId);
    ObjectNode b = comparable((ObjectNode) posted, ignoreTimestamp, ignoreId);
    return a.equals(NUMERIC_AWARE, b);
  }

  private static ObjectNode comparable(ObjectNode statement, boolean ignoreTimestamp,
      boolean ignoreId) {
    ObjectNode s = statement.deepCopy();
    s.remove("authority");
    s.remove("stored");
    s.remove("version");
    if (ignoreId) {
      s.remove("id");
    } else {
      lowercase(s, "id");
    }
    if (ignoreTimestamp) {
      s.remove("timestamp");
    }
    body(s);
    return s;
  }

  /** What a statement and a SubStatement share. */
  private static void body(ObjectNode s) {
    s.remove("attachments");
    instant(s, "timestamp");
    actor(s.get("actor"));
    if (s.get("verb") instanceof ObjectNode verb) {
      verb.remove("display");
    }
    if (s.get("object") instanceof ObjectNode object) {
      String type = object.path("objectType").asText("Activity");
      switch (type) {
        case "Activity" -> activity(object);
        case "Agent", "Group" -> actor(object);
        case "StatementRef" -> lowercase(object, "id");
        case "SubStatement" -> body(object);
        default -> { }
      }
    }
    if (s.get("result") instanceof ObjectNode result && result.get("duration") != null) {
      Matcher m = LONG_SECONDS.matcher(result.get("duration").asText());
      if (m.find()) {
        result.put("duration", m.replaceFirst("$1S"));
      }
    }
    if (s.get("context") instanceof ObjectNode context) {
      context(context);
    }
  }

  private static void context(ObjectNode context) {
    lowercase(context, "registration");
    actor(context.get("instructor"));
    actor(context.get("team"));
    if (context.get("statement") instanceof ObjectNode ref) {
      lowercase(ref, "id");
    }
    if (context.get("contextActivities") instanceof ObjectNode ca) {
      Iterator<Map.Entry<String, JsonNode>> fields = ca.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        JsonNode value = e.getValue();
        if (value.isObject()) {
          ArrayNode wrapped = JsonNodeFactory.instance.arrayNode(1);
          wrapped.add(value);
          e.setValue(wrapped);
          value = wrapped;
        }
        for (JsonNode activity : value) {
          if (activity instanceof ObjectNode o) {
            activity(o);
          }
        }
      }
    }
    for (JsonNode ca : context.path("contextAgents")) {
      actor(ca.get("agent"));
    }
    for (JsonNode cg : context.path("contextGroups")) {
      actor(cg.get("group"));
    }
  }

  private static void activity(ObjectNode activity) {
    if (!activity.has("objectType")) {
      activity.put("objectType", "Activity");
    }
    activity.remove("definition");
  }

  private static void actor(JsonNode node) {
    if (!(node instanceof ObjectNode actor)) {
      return;
    }
    if (!actor.has("objectType")) {
      actor.put("objectType", "Agent");
    }
    JsonNode mbox = actor.get("mbox");
    if (mbox != null && mbox.isTextual()) {
      actor.put("mbox", mbox(mbox.textValue()));
    }
    lowercase(actor, "mbox_sha1sum");
    if (actor.get("member") instanceof ArrayNode members) {
      List<JsonNode> sorted = new ArrayList<>(members.size());
      for (JsonNode m : members) {
        actor(m);
        sorted.add(m);
      }
      sorted.sort(Comparator.comparing(JsonNode::toString));
      members.removeAll();
      members.addAll(sorted);
    }
  }

  /** The scheme and domain of a mailto IRI are case-insensitive; the local part is not. */
  private static String mbox(String mbox) {
    int at = mbox.lastIndexOf('@');
    String head = mbox.length() >= 7 ? mbox.substring(0, 7).toLowerCase(Locale.ROOT) : mbox;
    if (at < 7) {
      return head + mbox.substring(Math.min(7, mbox.length()));
    }
    return head + mbox.substring(7, at) + mbox.substring(at).toLowerCase(Locale.ROOT);
  }

  private static void lowercase(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    if (v != null && v.isTextual()) {
      node.put(field, v.textValue().toLowerCase(Locale.ROOT));
    }
  }

  private static void instant(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    if (v != null && v.isTextual()) {
      Timestamps.Parsed parsed = Timestamps.parse(v.textValue());
      if (parsed != null) {
        node.put(field, parsed.instant().toString());
      }
    }
  }
}
