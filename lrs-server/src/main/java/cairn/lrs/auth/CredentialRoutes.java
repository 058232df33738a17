package cairn.lrs.auth;

import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.JsonBody;
import cairn.web.auth.Actor;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin API for API credentials, {@code /api/v1/credentials}: create (the secret is shown once),
 * list, revoke, and their audit trail ({@code GET /api/v1/credentials/audit}). Needs a credential with scope {@code all}. Creations and revocations are audited
 * ({@code lrs.audit}, actor {@code api-key:<the caller's key>}).
 */
public final class CredentialRoutes {
  private final CredentialStore store;

  public CredentialRoutes(CredentialStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router.post("/api/v1/credentials").handler(this::create);
    router.get("/api/v1/credentials").handler(this::list);
    router.get("/api/v1/credentials/audit").handler(store.auditTrail()::list);
    router.delete("/api/v1/credentials/:key").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    NewCredential wanted = NewCredential.fromJson(JsonBody.of(ctx));
    store.create(wanted.name(), wanted.scopes(), null, null, actor(ctx))
        .onSuccess(created -> {
          ObjectNode json = json(created.credential());
          json.put("secret", created.secret());
          ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(json.toString());
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.list()
        .onSuccess(list -> {
          ArrayNode array = Json.MAPPER.createArrayNode();
          list.forEach(c -> array.add(json(c)));
          ctx.response().putHeader("Content-Type", "application/json").end(array.toString());
        })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    store.revoke(ctx.pathParam("key"), actor(ctx))
        .onSuccess(done -> {
          switch (done) {
            case REVOKED -> ctx.response().setStatusCode(204).end();
            case NOT_FOUND -> ctx.fail(ApiException.notFound("No active credential with that key."));
            case LAST_ADMIN -> ctx.fail(ApiException.conflict("This is the last active credential with scope "
                + "'all': without it nobody could use the admin API. Create another one first.", null));
          }
        })
        .onFailure(ctx::fail);
  }

  /** Who is acting, for the audit trail: the admin credential's key. */
  private static String actor(RoutingContext ctx) {
    return Actor.of(ctx);
  }

  private static ObjectNode json(Credential c) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("key", c.key());
    json.put("name", c.name());
    ArrayNode scopes = json.putArray("scopes");
    c.scopes().forEach(s -> scopes.add(s.wireName()));
    json.put("created", c.created().toString());
    if (c.revoked() != null) {
      json.put("revoked", c.revoked().toString());
    }
    return json;
  }
}
