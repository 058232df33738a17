package cairn.app.rights;

import cairn.web.ApiException;
import cairn.web.JsonBody;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code POST /api/v1/people/{id}/erasure}, the admin API's erasure of a person (an API credential
 * with scope {@code all}): body {@code {"dryRun": true|false, "reason": "…"}}. {@code dryRun} must be
 * given: an erasure cannot be undone, so nothing defaults to it. The dry run answers what would go;
 * the erasure answers its record (see {@link Erasure}).
 */
public final class ErasureRoutes {
  /** Longest reason kept (it is kept for good: a ticket reference, not a story). */
  static final int MAX_REASON = 500;
  private static final Set<String> FIELDS = Set.of("dryRun", "reason");
  private final Erasure erasure;

  public ErasureRoutes(Erasure erasure) {
    this.erasure = erasure;
  }

  public void mount(Router router) {
    router.post("/api/v1/people/:id/erasure").handler(this::erase);
  }

  /** A request's body, checked. */
  record Request(boolean dryRun, String reason) {}

  /** Checks a request's body: a 400 naming what is wrong (the command line checks its options with it too). */
  public static void check(JsonNode body) {
    parse(body);
  }

  static Request parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("Send a JSON object: {\"dryRun\": true|false, \"reason\": \"…\"}.", "$");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest("Unknown member \"" + name + "\": the body has only dryRun and reason.",
            "$." + name);
      }
    }
    JsonNode dryRun = body.get("dryRun");
    if (dryRun == null || !dryRun.isBoolean()) {
      throw ApiException.badRequest("\"dryRun\" must be true (show what would be erased) or false (erase): "
          + "an erasure cannot be undone, so it is never assumed.", "$.dryRun");
    }
    JsonNode reason = body.get("reason");
    if (reason != null && !reason.isNull() && !reason.isTextual()) {
      throw ApiException.badRequest("\"reason\" must be a string.", "$.reason");
    }
    String text = reason == null || reason.isNull() ? "" : reason.asText().strip();
    if (!dryRun.booleanValue() && text.isEmpty()) {
      throw ApiException.badRequest("An erasure needs a \"reason\" (for example the request's ticket number); "
          + "it is kept in the erasure's record.", "$.reason");
    }
    if (text.length() > MAX_REASON) {
      throw ApiException.badRequest("\"reason\" is limited to " + MAX_REASON + " characters.", "$.reason");
    }
    if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw ApiException.badRequest("\"reason\" must not hold control characters.", "$.reason");
    }
    return new Request(dryRun.booleanValue(), text);
  }

  private void erase(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id.isBlank() || id.length() > 200) {
      throw ApiException.badRequest("A person id has 1 to 200 characters.", "id");
    }
    Request request = parse(JsonBody.of(ctx));
    Credential credential = AuthHandler.credential(ctx);
    String actor = "credential:" + (credential == null ? "unknown" : credential.key());
    (request.dryRun() ? erasure.dryRun(id) : erasure.erase(id, request.reason(), actor))
        .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end(body.toString()))
        .onFailure(ctx::fail);
  }
}
