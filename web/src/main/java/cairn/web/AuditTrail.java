package cairn.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * A feature's audit trail as a read-only listing, {@code GET …?before=ID&limit=N}: newest first, at most
 * 1,000 entries a page (100 unless asked), {@code before} the id of the oldest entry of the page before.
 * The feature gives the query: {@code $1} the id bound, {@code $2} the limit, and the columns
 * {@code id, at, actor, action, subject, detail} ({@code subject} and {@code detail} may be null).
 */
public final class AuditTrail {
  private final Pool pool;
  private final String sql;

  public AuditTrail(Pool pool, String sql) {
    this.pool = pool;
    this.sql = sql;
  }

  public void list(RoutingContext ctx) {
    long before = number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    long limit = number(ctx, "limit", 100, 1, 1000);
    pool.preparedQuery(sql).execute(Tuple.of(before, (int) limit))
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            ObjectNode entry = list.addObject();
            entry.put("id", row.getLong("id"));
            entry.put("at", row.getOffsetDateTime("at").toInstant().toString());
            entry.put("actor", row.getString("actor"));
            entry.put("action", row.getString("action"));
            Object subject = row.getValue("subject");
            if (subject != null) {
              entry.put("subject", subject.toString());
            }
            Object detail = row.getValue("detail");
            if (detail != null) {
              entry.set("detail", Json.tree(detail.toString()));
            }
          }
          ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
        })
        .onFailure(ctx::fail);
  }

  private static long number(RoutingContext ctx, String name, long absent, long min, long max) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + ", not '" + value
        + "'.", name);
  }
}
