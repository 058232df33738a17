package cairn.accounts.local;

import cairn.accounts.roles.Grants;
import cairn.web.ApiException;
import cairn.web.AuditTrail;
import cairn.web.Json;
import cairn.web.JsonBody;
import cairn.web.auth.Actor;
import cairn.web.auth.Role;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * The accounts admin API, behind the admin API's authentication (a credential with scope
 * {@code all}, or a signed-in LRS admin); every change is audited under {@code api-key:<key>} or
 * {@code account:<id>}:
 * <ul>
 *   <li>{@code POST /api/v1/accounts/invitations}: create an account and answer its one-time link</li>
 *   <li>{@code POST /api/v1/accounts/{id}/invitations}: a new link for an account (forgotten password)</li>
 *   <li>{@code GET /api/v1/accounts}: the newest accounts ({@code limit}, default 100, at most 1000)</li>
 *   <li>{@code PUT} / {@code DELETE /api/v1/accounts/{id}/roles/{role}}: grant or revoke a role</li>
 *   <li>{@code GET /api/v1/accounts/audit}: the audit trail, newest first ({@code before}, {@code limit})</li>
 * </ul>
 */
public final class AccountRoutes {
  private final AccountStore store;

  public AccountRoutes(AccountStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router.post("/api/v1/accounts/invitations").handler(this::invite);
    router.post("/api/v1/accounts/:id/invitations").handler(this::reinvite);
    router.get("/api/v1/accounts").handler(this::list);
    router.get("/api/v1/accounts/audit").handler(new AuditTrail(store.pool(), "select id, at, actor, action, "
        + "account_id as subject, detail::text as detail from accounts.audit where id < $1 order by id desc limit $2")::list);
    router.put("/api/v1/accounts/:id/roles/:role").handler(this::grant);
    router.delete("/api/v1/accounts/:id/roles/:role").handler(this::revoke);
  }

  private static String actor(RoutingContext ctx) {
    return Actor.of(ctx);
  }

  private void invite(RoutingContext ctx) {
    NewAccount account = NewAccount.fromJson(JsonBody.of(ctx));
    store.invite(account, actor(ctx)).onSuccess(invitation -> answer(ctx, invitation)).onFailure(ctx::fail);
  }

  private void reinvite(RoutingContext ctx) {
    store.reinvite(id(ctx), actor(ctx)).onSuccess(invitation -> answer(ctx, invitation)).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, Invitation invitation) {
    ObjectNode body = Json.MAPPER.createObjectNode()
        .put("account", invitation.account().toString())
        .put("email", invitation.email())
        .put("invitation", invitation.link())
        .put("expires", invitation.expires().toInstant().toString());
    ArrayNode roles = body.putArray("roles");
    invitation.roles().stream().map(Role::wireName).sorted().forEach(roles::add);
    ArrayNode ifis = body.putArray("personIfis");
    invitation.personIfis().forEach(ifis::add);
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.toString());
  }

  private void list(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 100, 1, 1000);
    store.list(limit).onSuccess(rows -> {
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (Row row : rows) {
        ObjectNode entry = list.addObject()
            .put("id", row.getUUID("id").toString())
            .put("email", row.getString("email"))
            .put("name", row.getString("display_name"))
            .put("created", row.getOffsetDateTime("created").toInstant().toString())
            .put("passwordSet", row.getOffsetDateTime("password_set") != null)
            .put("disabled", row.getOffsetDateTime("disabled") != null);
        ArrayNode roles = entry.putArray("roles");
        AccountStore.roles(row).stream().map(Role::wireName).sorted().forEach(roles::add);
        ArrayNode ifis = entry.putArray("personIfis");
        Arrays.stream(row.getArrayOfStrings("ifis")).forEach(ifis::add);
      }
      ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
    }).onFailure(ctx::fail);
  }

  private void grant(RoutingContext ctx) {
    UUID id = id(ctx);
    Role role = role(ctx);
    store.pool().withTransaction(conn -> store.exists(conn, id)
            .compose(v -> Grants.grant(conn, id, Set.of(role), actor(ctx))))
        .onSuccess(granted -> ctx.response().setStatusCode(granted.isEmpty() ? 200 : 201)
            .putHeader("Content-Type", "application/json")
            .end(Json.MAPPER.createObjectNode().put("account", id.toString()).put("role", role.wireName())
                .put("granted", !granted.isEmpty()).toString()))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    UUID id = id(ctx);
    Role role = role(ctx);
    store.pool().withTransaction(conn -> Grants.revoke(conn, id, role, actor(ctx)))
        .onSuccess(revoked -> {
          if (revoked) {
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(ApiException.notFound("Account " + id + " does not hold the role '" + role.wireName() + "'."));
          }
        })
        .onFailure(ctx::fail);
  }

  private static UUID id(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No account " + ctx.pathParam("id") + ": account ids are UUIDs.");
    }
  }

  private static Role role(RoutingContext ctx) {
    String name = ctx.pathParam("role");
    return Role.fromWire(name).orElseThrow(() -> ApiException.badRequest("Unknown role '" + name
        + "'; the roles are " + Role.wireNames() + ".", "role"));
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Math.max(min, Math.min(max, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a number.", name);
    }
  }
}
