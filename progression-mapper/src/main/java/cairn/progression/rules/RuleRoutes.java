package cairn.progression.rules;

import cairn.progression.Http;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** A framework's evidence rules: define a new version, read the latest or any version. */
public final class RuleRoutes {
  private final RuleStore store;

  public RuleRoutes(Pool pool) {
    this.store = new RuleStore(pool);
  }

  public void mount(Router router) {
    router.put("/api/v1/frameworks/:id/rules").handler(this::define);
    router.get("/api/v1/frameworks/:id/rules").handler(ctx -> get(ctx, null));
    router.get("/api/v1/frameworks/:id/rules/versions").handler(this::versions);
    router.get("/api/v1/frameworks/:id/rules/versions/:version").handler(ctx -> get(ctx, Http.intParam(ctx, "version")));
  }

  private void define(RoutingContext ctx) {
    store.define(ctx.pathParam("id"), Http.body(ctx), Http.actor(ctx))
        .onSuccess(rules -> Http.json(ctx, 201, Json.MAPPER.createObjectNode()
            .put("framework", rules.frameworkId()).put("version", rules.version())
            .put("frameworkVersion", rules.frameworkVersion()).put("rules", rules.rules().size())
            .put("note", "Statements are being re-read under the new rules; progress catches up as the mapper replays.")))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx, Integer version) {
    String id = ctx.pathParam("id");
    store.get(id, version)
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("No rules for framework " + id + (version == null ? "" : " version " + version) + "."));
            return;
          }
          Row row = rows.iterator().next();
          ObjectNode body = Json.MAPPER.createObjectNode().put("framework", id).put("version", row.getInteger("version"))
              .put("frameworkVersion", row.getInteger("framework_version"))
              .put("created", row.getOffsetDateTime("created").toString()).put("createdBy", row.getString("created_by"));
          body.set("definition", Json.tree(row.getString("definition")));
          Http.json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private void versions(RoutingContext ctx) {
    store.versions(ctx.pathParam("id"))
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            list.addObject().put("version", row.getInteger("version"))
                .put("frameworkVersion", row.getInteger("framework_version"))
                .put("created", row.getOffsetDateTime("created").toString()).put("createdBy", row.getString("created_by"));
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }
}
