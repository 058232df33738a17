package cairn.progression;

import cairn.web.ApiException;
import cairn.web.JsonBody;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Caller;
import cairn.web.auth.Credential;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;

/** Small request and response helpers shared by the progression routes. */
public final class Http {
  private Http() {}

  /** The JSON request body; malformed or empty is a 400. */
  public static JsonNode body(RoutingContext ctx) {
    return JsonBody.of(ctx);
  }

  /** Who is calling, for the audit log: the API credential's key, or {@code account:ID} for a signed-in person. */
  public static String actor(RoutingContext ctx) {
    Credential credential = AuthHandler.credential(ctx);
    return credential != null ? credential.key() : Caller.current(ctx).map(c -> "account:" + c.accountId()).orElse(null);
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
  }

  public static void json(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
  }

  public static int intParam(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name) != null ? ctx.pathParam(name) : ctx.request().getParam(name);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be an integer, not '" + value + "'.", name);
    }
  }
}
