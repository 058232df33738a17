package cairn.lrs.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical Activity definitions (1.0.3 Part Three §2.5; IEEE 9274.1.1-2023 §4.1.6.4): what the
 * LRS learns about an Activity from the statements that mention it. Language maps are united and
 * every other definition property keeps its latest value (table {@code lrs.activities}, merge
 * function {@code lrs.merge_definition}).
 *
 * <p>Changing a definition the LRS already holds needs scope {@code define} (or {@code all}; 1.0.3
 * Part Three §4.2: without it "ids from the saved Activities ... will not have their definitions
 * updated"). A writer without it still records the definition of an Activity the LRS has never
 * seen, so the first tool to mention an Activity names it and no later one can rename it.
 */
public final class ActivityDefinitions {
  /**
   * One statement per batch. Definitions that would not change the stored one are filtered out
   * before the upsert, so the common case (the same course activity in every statement) takes no
   * row lock and concurrent statement batches do not queue behind each other; the rest are written
   * in id order so two batches never lock the same rows in opposite orders.
   */
  private static final String UPSERT = """
      insert into lrs.activities as a (id, definition)
      select t.id, t.definition::jsonb
      from unnest($1::text[], $2::text[]) as t(id, definition)
      left join lrs.activities cur on cur.id = t.id
      where cur.id is null
         or cur.definition is distinct from lrs.merge_definition(cur.definition, t.definition::jsonb)
      order by t.id
      on conflict (id) do update set definition = lrs.merge_definition(a.definition, excluded.definition)""";

  /** For a writer without scope {@code define}: only Activities not yet known. */
  private static final String INSERT_NEW = """
      insert into lrs.activities (id, definition)
      select t.id, t.definition::jsonb
      from unnest($1::text[], $2::text[]) as t(id, definition)
      order by t.id
      on conflict (id) do nothing""";

  private static final String FIND = "select definition::text as definition from lrs.activities where id = $1";

  private ActivityDefinitions() {}

  /**
   * Records the definitions carried by a batch's Activity objects, inside the caller's (statement
   * insert) transaction. Activities without a definition are skipped: their ids are already in the
   * statement index and add nothing here. Several objects with the same id are merged in batch
   * order first, as PostgreSQL cannot update one row twice in one statement.
   */
  public static Future<Void> record(SqlConnection conn, List<JsonNode> activities) {
    return record(conn, activities, new java.util.HashMap<>(), true);
  }

  /**
   * Definitions this process has committed recently, by activity id. Most statements repeat the
   * definition of an activity already recorded; those are left out of the upsert altogether. Only
   * committed definitions enter (see {@link #remember}); the map is bounded by clearing it.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, JsonNode> RECENT =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int RECENT_LIMIT = 100_000;

  /**
   * As {@link #record(SqlConnection, List)}, leaving out definitions identical to one this process
   * recently committed, and putting what it writes into {@code written}: pass that to
   * {@link #remember} once the transaction has committed. Without {@code define}, only Activities
   * not yet known are recorded, and nothing is remembered (what it sent may not be what is stored).
   */
  public static Future<Void> record(SqlConnection conn, List<JsonNode> activities, Map<String, JsonNode> written,
      boolean define) {
    Map<String, ObjectNode> merged = merged(activities);
    if (!define) {
      merged.keySet().removeIf(RECENT::containsKey);
      if (merged.isEmpty()) {
        return Future.succeededFuture();
      }
      String[] ids = merged.keySet().toArray(String[]::new);
      String[] definitions = merged.values().stream().map(JsonNode::toString).toArray(String[]::new);
      return conn.preparedQuery(INSERT_NEW).execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(definitions))
          .mapEmpty();
    }
    merged.forEach((id, definition) -> {
      if (!definition.equals(RECENT.get(id))) {
        written.put(id, definition);
      }
    });
    if (written.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> sorted = new java.util.ArrayList<>(written.keySet());
    java.util.Collections.sort(sorted);
    String[] ids = sorted.toArray(String[]::new);
    String[] definitions = sorted.stream().map(id -> written.get(id).toString()).toArray(String[]::new);
    return conn.preparedQuery(UPSERT).execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(definitions)).mapEmpty();
  }

  /**
   * Whether {@link #record} would write nothing for these Activity objects: every definition they
   * carry is one this process recently committed (without {@code define}: every such Activity is
   * known). A statement store may then leave the definitions out of its transaction.
   */
  public static boolean known(List<JsonNode> activities, boolean define) {
    Map<String, ObjectNode> merged = merged(activities);
    return define ? merged.entrySet().stream().allMatch(e -> e.getValue().equals(RECENT.get(e.getKey())))
        : RECENT.keySet().containsAll(merged.keySet());
  }

  /** The definitions of the objects by activity id, several of one id merged in order. */
  private static Map<String, ObjectNode> merged(List<JsonNode> activities) {
    Map<String, ObjectNode> merged = new TreeMap<>();
    for (JsonNode activity : activities) {
      JsonNode definition = activity.get("definition");
      JsonNode id = activity.get("id");
      if (id == null || !id.isTextual() || definition == null || !definition.isObject() || definition.isEmpty()) {
        continue;
      }
      // merge copies what it changes, so the statement's own node can stand for a single occurrence
      merged.merge(id.asText(), (ObjectNode) definition, ActivityDefinitions::merge);
    }
    return merged;
  }

  /** Notes definitions whose transaction committed, so repeats of them skip the upsert. */
  public static void remember(Map<String, JsonNode> written) {
    if (RECENT.size() + written.size() > RECENT_LIMIT) {
      RECENT.clear();
    }
    RECENT.putAll(written);
  }

  /** The Java twin of {@code lrs.merge_definition}, for objects of one batch. */
  static ObjectNode merge(ObjectNode stored, ObjectNode given) {
    if (stored.equals(given)) {
      return stored; // the common repeat (a course named in every statement of a batch): nothing to copy
    }
    ObjectNode result = stored.deepCopy();
    given.fields().forEachRemaining(e -> {
      JsonNode old = result.get(e.getKey());
      boolean languageMap = e.getKey().equals("name") || e.getKey().equals("description");
      if (languageMap && old != null && old.isObject() && e.getValue().isObject()) {
        ((ObjectNode) old).setAll((ObjectNode) e.getValue());
      } else {
        result.set(e.getKey(), e.getValue());
      }
    });
    return result;
  }

  /** The stored definition as JSON text, or {@code null} when none is known. */
  static Future<String> find(Pool pool, String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("definition"));
  }
}
