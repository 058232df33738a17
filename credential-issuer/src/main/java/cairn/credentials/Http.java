package cairn.credentials;

import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.JsonBody;
import cairn.web.auth.Actor;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Function;

/** Small helpers the issuer's handlers share: JSON in and out, the acting credential, reasons. */
public final class Http {
  public static final ObjectMapper MAPPER = Json.MAPPER;

  private Http() {}

  public static void json(RoutingContext ctx, int status, String contentType, JsonNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body.toString());
  }

  /**
   * A completion handler for a handler's future: a failure, or an exception thrown while answering
   * (a 404 found missing, say), goes to the failure handler instead of being lost.
   */
  public static <T> Handler<AsyncResult<T>> handler(RoutingContext ctx, Consumer<T> answer) {
    return handler(ctx, answer, e -> e);
  }

  /** As {@link #handler(RoutingContext, Consumer)}, translating failures first. */
  public static <T> Handler<AsyncResult<T>> handler(RoutingContext ctx, Consumer<T> answer,
      Function<Throwable, Throwable> translate) {
    return result -> {
      if (result.failed()) {
        ctx.fail(translate.apply(result.cause()));
        return;
      }
      try {
        answer.accept(result.result());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    };
  }

  /** Parses JSON known to be well formed (our own stored documents). */
  public static JsonNode tree(String json) {
    return Json.tree(json);
  }

  /**
   * The request body as JSON ({@code {}} when empty). A malformed body is a 400 that does not quote
   * the body: admin bodies may carry key material.
   */
  public static JsonNode bodyQuietly(RoutingContext ctx) {
    if (!JsonBody.present(ctx)) {
      return MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = JsonBody.of(ctx);
    } catch (ApiException e) {
      if (e.getMessage().startsWith("Malformed JSON")) {
        // the parser's complaint may quote the body, and admin bodies may carry key material
        throw ApiException.badRequest("The request body is not well-formed JSON.", "$");
      }
      throw e;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("Send a JSON object.", "$");
    }
    return node;
  }

  /** Who is acting: the API key of the admin credential, for the audit trail. */
  public static String actor(RoutingContext ctx) {
    return Actor.of(ctx);
  }

  /** The {@code reason} member (1..1000 characters); required for status changes. */
  public static String reason(JsonNode body, boolean required) {
    JsonNode reason = body.path("reason");
    if (reason.isMissingNode() || reason.isNull()) {
      if (required) {
        throw ApiException.badRequest("A reason is required: {\"reason\": \"...\"}.", "$.reason");
      }
      return null;
    }
    if (!reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > 1000) {
      throw ApiException.badRequest("reason must be a string of 1 to 1000 characters.", "$.reason");
    }
    return reason.asText();
  }
}
