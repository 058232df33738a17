package cairn.lrs.statements;

import cairn.web.Json;
import cairn.web.StatementSource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Statements by id for the other features ({@link StatementSource}): as stored, with whether voided. */
public final class StatementLookup implements StatementSource {
  private static final String BY_IDS = """
      select id, body::text as body, voided from lrs.statements where id = any($1::uuid[])""";

  private final Pool pool;

  public StatementLookup(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<ObjectNode>> statements(List<UUID> ids) {
    if (ids.size() > MAX_IDS) {
      return Future.failedFuture(new IllegalArgumentException("At most " + MAX_IDS + " statements per call."));
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(BY_IDS).execute(Tuple.of((Object) ids.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, ObjectNode> found = new HashMap<>();
      for (Row row : rows) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.set("statement", Json.tree(row.getString("body")));
        entry.put("voided", row.getBoolean("voided"));
        found.put(row.getUUID("id"), entry);
      }
      List<ObjectNode> ordered = new ArrayList<>();
      ids.stream().distinct().filter(found::containsKey).forEach(id -> ordered.add(found.get(id)));
      return ordered;
    });
  }
}
