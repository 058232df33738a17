package cairn.progression;

import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Where the progression mapper stands in the statement feed, as {@code GET /api/v1/progression/status}
 * answers it and the console's mapper page shows it: the cursor (statements processed, the newest
 * one's stored time, when the cursor last moved), how many committed statements wait, and the lag.
 */
public final class MapperStatus {
  /** Most waiting statements counted: the count says "at least" beyond. */
  public static final int COUNTED = 1_000;
  /**
   * The cursor, how many committed statements wait (counted up to {@link #COUNTED}), and the stored
   * time of the oldest of them (among those counted, the first in commit order): the mapper's lag is
   * its age. Capped so that polling the status stays cheap: the count walks the waiting statements,
   * and up to 10,000 it cost 19 ms a call late in a 10-minute benchmark that polls ten times a second
   * (a fifth of a core; up to 100,000 before, ~70 ms).
   */
  private static final String STATUS = """
      select c.consumer, c.processed, c.last_stored, c.updated, p.behind, p.oldest,
             extract(epoch from now() - p.oldest) * 1000 as lag_ms
      from progression.feed_cursors c
      cross join lateral (select count(*) as behind, min(x.stored) as oldest
                          from (select f.stored from lrs.statement_feed f
                                where f.tx >= c.horizon and (f.tx, f.seq) > (c.last_tx, c.last_seq)
                                order by f.tx, f.seq limit %d) x) p
      where c.consumer = $1""".formatted(COUNTED);

  private MapperStatus() {}

  /**
   * The status of {@code consumer}: {@code consumer, processed, behind, oldestWaiting, lagMs,
   * lastStored, updated}, or {@code consumer, processed: 0, note} before the mapper's first round.
   */
  public static Future<ObjectNode> read(SqlClient client, String consumer) {
    return client.preparedQuery(STATUS).execute(Tuple.of(consumer)).map(rows -> {
      ObjectNode body = Json.MAPPER.createObjectNode().put("consumer", consumer);
      if (rows.size() > 0) {
        Row r = rows.iterator().next();
        body.put("processed", r.getLong("processed")).put("behind", r.getLong("behind"))
            .put("oldestWaiting", instant(r, "oldest"))
            .put("lagMs", r.getValue("lag_ms") == null ? 0 : Math.max(0, Math.round(r.getDouble("lag_ms"))))
            .put("lastStored", instant(r, "last_stored"))
            .put("updated", instant(r, "updated"));
      } else {
        body.put("processed", 0).put("note", "The mapper has not started.");
      }
      return body;
    });
  }

  /** Whether the consumer is re-reading the statement log after a new rule set (false before its first round). */
  public static Future<Boolean> replaying(SqlClient client, String consumer) {
    return client.preparedQuery("select replaying from progression.feed_cursors where consumer = $1")
        .execute(Tuple.of(consumer))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("replaying")));
  }

  private static String instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant().toString();
  }
}
