package cairn.progression.ladders;

import cairn.progression.Http;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** Career ladders: define (each definition is a new version), list, read, versions. */
public final class LadderRoutes {
  private final LadderStore store;

  public LadderRoutes(Pool pool) {
    this.store = new LadderStore(pool);
  }

  public void mount(Router router) {
    router.post("/api/v1/ladders").handler(this::define);
    router.get("/api/v1/ladders").handler(this::list);
    router.get("/api/v1/ladders/:id").handler(ctx -> get(ctx, null));
    router.get("/api/v1/ladders/:id/versions").handler(this::versions);
    router.get("/api/v1/ladders/:id/versions/:version").handler(ctx -> get(ctx, Http.intParam(ctx, "version")));
  }

  private void define(RoutingContext ctx) {
    store.define(Http.body(ctx), Http.actor(ctx))
        .onSuccess(ladder -> Http.json(ctx, 201, Json.MAPPER.createObjectNode().put("id", ladder.id())
            .put("version", ladder.version()).put("framework", ladder.frameworkId())
            .put("milestones", ladder.milestones().size()).set("policy", ladder.policy().json())))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.list()
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            list.addObject().put("id", row.getString("ladder_id")).put("version", row.getInteger("version"))
                .put("framework", row.getString("framework_id")).put("title", row.getString("title"))
                .put("created", row.getOffsetDateTime("created").toString());
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx, Integer version) {
    String id = ctx.pathParam("id");
    store.get(id, version)
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("No ladder " + id + (version == null ? "" : " version " + version) + "."));
            return;
          }
          Row row = rows.iterator().next();
          ObjectNode body = Json.MAPPER.createObjectNode().put("id", id).put("version", row.getInteger("version"))
              .put("framework", row.getString("framework_id"))
              .put("created", row.getOffsetDateTime("created").toString()).put("createdBy", row.getString("created_by"));
          JsonNode definition = Json.tree(row.getString("definition"));
          body.set("definition", definition);
          body.set("policy", Ladder.Policy.parse(definition.get("policy")).json());
          Http.json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private void versions(RoutingContext ctx) {
    store.versions(ctx.pathParam("id"))
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            list.addObject().put("version", row.getInteger("version")).put("framework", row.getString("framework_id"))
                .put("created", row.getOffsetDateTime("created").toString()).put("createdBy", row.getString("created_by"));
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }
}
