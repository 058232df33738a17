package cairn.accounts.me;

import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The self-service API's root, {@code GET /api/v1/me}: who the signed-in person is, their roles and
 * the IFIs of the person they are in the directory. Session-authenticated (the sign-in cookie, no
 * API credential); without a signed-in session a 401 problem. Other features add their own
 * {@code /api/v1/me/…} routes after the same handlers, reading the {@link Caller}.
 */
public final class MeRoutes {
  public void mount(Router router) {
    router.get("/api/v1/me").handler(this::me);
  }

  private void me(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    ObjectNode body = Json.MAPPER.createObjectNode()
        .put("account", caller.accountId())
        .put("name", caller.displayName())
        .put("email", caller.email());
    ArrayNode roles = body.putArray("roles");
    caller.roles().stream().map(Role::wireName).sorted().forEach(roles::add);
    ObjectNode person = body.putObject("person");
    person.put("linked", !caller.personIfis().isEmpty());
    ArrayNode ifis = person.putArray("ifis");
    caller.personIfis().forEach(ifis::add);
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(body.toString());
  }

  /** The 404 that keeps any other {@code /api/v1/me/…} path from falling through to the admin API. */
  public static void notFound(RoutingContext ctx) {
    ctx.fail(ApiException.notFound("No such resource under /api/v1/me."));
  }
}
