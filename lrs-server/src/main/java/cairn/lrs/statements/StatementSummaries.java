package cairn.lrs.statements;

import cairn.web.Json;
import cairn.web.records.LearningRecord;
import cairn.web.records.LearningRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The LRS's side of {@link LearningRecords}: statements by id, not voided, summarised as a person
 * reads them (the verb's and the activity's display names, the result, the time), and activities'
 * names from their canonical definitions. Reads at most {@value #MAX} ids per call: a page shows a
 * handful of records, never a store's worth.
 */
public final class StatementSummaries implements LearningRecords {
  static final int MAX = 500;
  private static final String BY_IDS = """
      select id, body::text as body from lrs.statements where id = any($1::uuid[]) and not voided""";
  private static final String STATEMENTS = """
      select id, body::text as body, voided from lrs.statements where id = any($1::uuid[])""";
  private static final String NAMES = """
      select id, definition -> 'name' as name from lrs.activities where id = any($1::text[]) and definition ? 'name'""";
  private final Pool pool;

  public StatementSummaries(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Map<UUID, LearningRecord>> summaries(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    UUID[] wanted = ids.stream().distinct().limit(MAX).toArray(UUID[]::new);
    return pool.preparedQuery(BY_IDS).execute(Tuple.of((Object) wanted)).map(rows -> {
      Map<UUID, LearningRecord> out = new HashMap<>();
      for (Row row : rows) {
        out.put(row.getUUID("id"), summary(row.getUUID("id"), Json.tree(row.getString("body"))));
      }
      return out;
    });
  }

  @Override
  public Future<List<ObjectNode>> statements(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<UUID> wanted = ids.stream().distinct().limit(MAX_STATEMENTS).toList();
    return pool.preparedQuery(STATEMENTS).execute(Tuple.of((Object) wanted.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, ObjectNode> found = new HashMap<>();
      for (Row row : rows) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.set("statement", Json.tree(row.getString("body")));
        entry.put("voided", row.getBoolean("voided"));
        found.put(row.getUUID("id"), entry);
      }
      return wanted.stream().filter(found::containsKey).map(found::get).toList();
    });
  }

  @Override
  public Future<Map<String, String>> activityNames(Collection<String> activityIds) {
    if (activityIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String[] wanted = activityIds.stream().distinct().limit(MAX).toArray(String[]::new);
    return pool.preparedQuery(NAMES).execute(Tuple.of((Object) wanted)).map(rows -> {
      Map<String, String> out = new HashMap<>();
      for (Row row : rows) {
        String name = display(Json.tree(String.valueOf(row.getValue("name"))));
        if (name != null) {
          out.put(row.getString("id"), name);
        }
      }
      return out;
    });
  }

  static LearningRecord summary(UUID id, JsonNode s) {
    String verbId = s.path("verb").path("id").asText("");
    String verb = display(s.path("verb").path("display"));
    if (verb == null) {
      verb = lastSegment(verbId);
    }
    JsonNode object = s.path("object");
    String activityId = object.path("id").asText(null);
    String activityName = display(object.path("definition").path("name"));
    JsonNode result = s.path("result");
    Double scaled = result.path("score").path("scaled").isNumber() ? result.path("score").path("scaled").asDouble() : null;
    Boolean success = result.path("success").isBoolean() ? result.get("success").asBoolean() : null;
    Boolean completion = result.path("completion").isBoolean() ? result.get("completion").asBoolean() : null;
    Instant at = instant(s.path("timestamp").asText(null));
    if (at == null) {
      at = instant(s.path("stored").asText(null));
    }
    return new LearningRecord(id, verb, activityName, activityId, scaled, success, completion, at);
  }

  /** A language map's text: en-US, then any English, then the first given. */
  static String display(JsonNode map) {
    if (!map.isObject() || map.isEmpty()) {
      return null;
    }
    for (String tag : new String[] {"en-US", "en-GB", "en"}) {
      if (map.path(tag).isTextual()) {
        return map.get(tag).asText();
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().startsWith("en") && field.getValue().isTextual()) {
        return field.getValue().asText();
      }
    }
    JsonNode first = map.elements().next();
    return first.isTextual() ? first.asText() : null;
  }

  private static String lastSegment(String iri) {
    String trimmed = iri.endsWith("/") ? iri.substring(0, iri.length() - 1) : iri;
    int at = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('#'));
    return at >= 0 ? trimmed.substring(at + 1) : trimmed;
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
