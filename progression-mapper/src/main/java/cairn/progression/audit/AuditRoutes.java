package cairn.progression.audit;

import cairn.progression.Http;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** {@code GET /api/v1/audit?subject=…&before=…&limit=…}: who changed which definition, newest first. */
public final class AuditRoutes {
  private final Pool pool;

  public AuditRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/api/v1/audit").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String subject = ctx.request().getParam("subject");
    long before = ctx.request().getParam("before") == null ? Long.MAX_VALUE : Http.intParam(ctx, "before");
    int limit = ctx.request().getParam("limit") == null ? 100 : Math.max(1, Math.min(1000, Http.intParam(ctx, "limit")));
    Audit.list(pool, subject, before, limit)
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            ObjectNode entry = list.addObject();
            entry.put("id", row.getLong("id"));
            entry.put("at", row.getOffsetDateTime("at").toString());
            entry.put("actor", row.getString("actor"));
            entry.put("action", row.getString("action"));
            entry.put("subject", row.getString("subject"));
            if (row.getInteger("version") != null) {
              entry.put("version", row.getInteger("version"));
            }
            if (row.getString("detail") != null) {
              entry.set("detail", Json.tree(row.getString("detail")));
            }
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }
}
