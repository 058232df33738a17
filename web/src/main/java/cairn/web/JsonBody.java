package cairn.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON body of a request to Cairn's own API. {@link #prepare} parses a large body on a worker
 * thread before the feature's handler runs (see {@link Offload}); {@link #of} answers that parse, or
 * parses a small body inline. Either way the handler gets the same node or the same 400.
 */
public final class JsonBody {
  private static final String KEY = "cairn.jsonBody";

  private record Parsed(JsonNode node, RuntimeException failure) {}

  private JsonBody() {}

  /** A route handler: parses a body larger than {@link Offload#INLINE_BYTES} off the event loop. */
  public static void prepare(RoutingContext ctx) {
    Buffer body = RequestBody.of(ctx);
    if (body.length() <= Offload.INLINE_BYTES) {
      ctx.next();
      return;
    }
    Json.parse(ctx.vertx(), body).onComplete(parsed -> {
      ctx.put(KEY, parsed.succeeded() ? new Parsed(parsed.result(), null)
          : new Parsed(null, parsed.cause() instanceof RuntimeException e ? e : new IllegalStateException(parsed.cause())));
      ctx.next();
    });
  }

  /** The request body as JSON; malformed, empty or beyond the limits is a 400. */
  public static JsonNode of(RoutingContext ctx) {
    Parsed parsed = ctx.get(KEY);
    if (parsed == null) {
      return Json.parse(RequestBody.of(ctx));
    }
    if (parsed.failure() != null) {
      throw parsed.failure();
    }
    return parsed.node();
  }

  /** Whether the request has a body at all. */
  public static boolean present(RoutingContext ctx) {
    return RequestBody.of(ctx).length() > 0;
  }
}
