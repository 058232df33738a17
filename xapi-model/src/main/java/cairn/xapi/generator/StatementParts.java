package cairn.xapi.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.UUID;

/** Small builders for the JSON of a statement, shared by the cmi5 and mentoring scenarios. */
final class StatementParts {
  private StatementParts() {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** A version 4 (random) UUID drawn from the scenario's random source, so the seed fixes it. */
  static UUID uuid(SplittableRandom random) {
    long msb = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** A statement skeleton: id, actor, verb, object, timestamp in the conventional order. */
  static ObjectNode statement(UUID id, ObjectNode actor, String verbId, ObjectNode object) {
    ObjectNode s = JSON.objectNode();
    s.put("id", id.toString());
    s.set("actor", actor);
    ObjectNode verb = s.putObject("verb");
    verb.put("id", verbId);
    verb.putObject("display").put("en-US", verbId.substring(verbId.lastIndexOf('/') + 1));
    s.set("object", object);
    return s;
  }

  static void timestamp(ObjectNode statement, long epochMillis) {
    statement.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(epochMillis)));
  }

  static ObjectNode activity(String id, String name, String type) {
    ObjectNode a = JSON.objectNode();
    a.put("objectType", "Activity");
    a.put("id", id);
    ObjectNode definition = a.putObject("definition");
    definition.putObject("name").put("en-US", name);
    definition.put("type", type);
    return a;
  }

  /** An activity given by id alone, as cmi5 categories are. */
  static ObjectNode activityRef(String id) {
    ObjectNode a = JSON.objectNode();
    a.put("id", id);
    return a;
  }

  static ArrayNode list(ObjectNode... items) {
    ArrayNode list = JSON.arrayNode();
    for (ObjectNode item : items) {
      list.add(item);
    }
    return list;
  }

  /** An ISO 8601 duration (xAPI 1.0.3 Part Two §4.6) with centisecond precision. */
  static String duration(long millis) {
    long centis = Math.max(0, millis) / 10;
    long hours = centis / 360_000;
    long minutes = centis / 6_000 % 60;
    long seconds = centis / 100 % 60;
    long fraction = centis % 100;
    StringBuilder d = new StringBuilder("PT");
    if (hours > 0) {
      d.append(hours).append('H');
    }
    if (minutes > 0) {
      d.append(minutes).append('M');
    }
    d.append(seconds);
    if (fraction > 0) {
      d.append('.').append(fraction < 10 ? "0" : "").append(fraction);
    }
    return d.append('S').toString();
  }

  static ObjectNode object() {
    return JSON.objectNode();
  }
}
