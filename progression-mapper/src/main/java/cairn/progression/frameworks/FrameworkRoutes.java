package cairn.progression.frameworks;

import cairn.progression.Http;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;

/**
 * Capability frameworks as CASE 1.1 CFPackages: import (each changed import is a new version),
 * list, versions, a version's package, and its items with their rubric levels and tree.
 */
public final class FrameworkRoutes {
  private final Pool pool;
  private final FrameworkStore store;

  public FrameworkRoutes(Pool pool) {
    this.pool = pool;
    this.store = new FrameworkStore(pool);
  }

  public void mount(Router router) {
    router.post("/api/v1/frameworks").handler(this::importPackage);
    router.get("/api/v1/frameworks").handler(this::list);
    router.get("/api/v1/frameworks/:id").handler(this::latest);
    router.get("/api/v1/frameworks/:id/versions").handler(this::versions);
    router.get("/api/v1/frameworks/:id/versions/:version").handler(this::version);
    router.get("/api/v1/frameworks/:id/items").handler(this::items);
  }

  private void importPackage(RoutingContext ctx) {
    store.importPackage(Http.body(ctx), Http.actor(ctx))
        .onSuccess(imported -> Http.json(ctx, imported.created() ? 201 : 200, summary(imported.framework())
            .put("created", imported.created())))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.list()
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            list.addObject().put("id", row.getString("framework_id")).put("version", row.getInteger("version"))
                .put("uri", row.getString("uri")).put("title", row.getString("title"))
                .put("imported", row.getOffsetDateTime("imported").toString());
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }

  private void latest(RoutingContext ctx) {
    sendPackage(ctx, null);
  }

  private void version(RoutingContext ctx) {
    sendPackage(ctx, Http.intParam(ctx, "version"));
  }

  private void sendPackage(RoutingContext ctx, Integer version) {
    String id = ctx.pathParam("id");
    FrameworkStore.packageJson(pool, id, version)
        .onSuccess(stored -> {
          if (stored == null) {
            ctx.fail(ApiException.notFound("No framework " + id + (version == null ? "" : " version " + version) + "."));
            return;
          }
          ctx.response().putHeader("X-Cairn-Framework-Version", String.valueOf(stored.version()));
          Http.json(ctx, stored.pkg());
        })
        .onFailure(ctx::fail);
  }

  private void versions(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    store.versions(id)
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("No framework " + id + "."));
            return;
          }
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            list.addObject().put("version", row.getInteger("version")).put("uri", row.getString("uri"))
                .put("title", row.getString("title")).put("contentHash", row.getString("content_hash"))
                .put("imported", row.getOffsetDateTime("imported").toString())
                .put("importedBy", row.getString("imported_by"));
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }

  private void items(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Integer version = ctx.request().getParam("version") == null ? null : Http.intParam(ctx, "version");
    FrameworkStore.load(pool, id, version)
        .onSuccess(framework -> {
          if (framework == null) {
            ctx.fail(ApiException.notFound("No framework " + id + "."));
            return;
          }
          ObjectNode body = summary(framework);
          ArrayNode items = body.putArray("items");
          Map<String, List<String>> children = framework.children();
          for (Framework.Item item : framework.items().values()) {
            ObjectNode json = items.addObject().put("identifier", item.identifier()).put("uri", item.uri())
                .put("fullStatement", item.fullStatement());
            if (item.humanCodingScheme() != null) {
              json.put("humanCodingScheme", item.humanCodingScheme());
            }
            if (item.type() != null) {
              json.put("type", item.type());
            }
            framework.associations().stream()
                .filter(a -> a.type().equals("isChildOf") && a.origin().equals(item.uri()))
                .findFirst().ifPresent(a -> json.put("parent", a.destination()));
            ArrayNode kids = json.putArray("children");
            children.getOrDefault(item.uri(), List.of()).forEach(kids::add);
            ArrayNode levels = json.putArray("levels");
            for (Framework.Level level : framework.levels(item.uri())) {
              ObjectNode l = levels.addObject().put("level", level.number());
              if (level.quality() != null) {
                l.put("quality", level.quality());
              }
              if (level.description() != null) {
                l.put("description", level.description());
              }
            }
          }
          Http.json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private static ObjectNode summary(Framework framework) {
    return Json.MAPPER.createObjectNode().put("id", framework.id()).put("version", framework.version())
        .put("uri", framework.uri()).put("title", framework.title()).put("items", framework.items().size());
  }
}
