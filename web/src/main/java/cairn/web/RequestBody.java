package cairn.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the whole request body as bytes, up to a limit (413 beyond, with the limit named). Vert.x's
 * BodyHandler would decode {@code multipart/mixed} (xAPI attachments) and form bodies as HTML forms,
 * throwing on a bad escape; Cairn's APIs take the raw bytes and parse them themselves ({@link Json}).
 */
public final class RequestBody implements Handler<RoutingContext> {
  private static final String KEY = "cairn.body";
  /** Most bytes reserved before they arrive. */
  private static final int PREALLOCATE_MAX = 1024 * 1024;
  private final long limit;

  public RequestBody(long limit) {
    this.limit = limit;
  }

  /** The body read by this handler (empty when the request had none). */
  public static Buffer of(RoutingContext ctx) {
    Buffer body = ctx.get(KEY);
    return body != null ? body : Buffer.buffer();
  }

  /** Supplies the body of a rewritten request (the alternate request syntax). */
  public static void set(RoutingContext ctx, Buffer body) {
    ctx.put(KEY, body);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(KEY) != null) {
      ctx.next();
      return;
    }
    read(ctx, body -> {
      ctx.put(KEY, body);
      ctx.next();
    });
  }

  /** Reads the body, then calls {@code then}; fails the request with 413 past the limit. */
  public void read(RoutingContext ctx, Handler<Buffer> then) {
    String length = ctx.request().getHeader("Content-Length");
    long declared = 0;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        ctx.fail(ApiException.badRequest("Content-Length is not a number.", "Content-Length"));
        return;
      }
      if (declared > limit) {
        ctx.fail(tooLarge());
        return;
      }
    }
    // sized up front from the declared length, but only so far: a client may declare what it never sends
    Buffer body = Buffer.buffer((int) Math.max(0, Math.min(declared, PREALLOCATE_MAX)));
    boolean[] failed = {false};
    ctx.request().handler(chunk -> {
      if (failed[0]) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        failed[0] = true;
        ctx.fail(tooLarge());
        return;
      }
      body.appendBuffer(chunk);
    });
    ctx.request().endHandler(v -> {
      if (!failed[0]) {
        // outside the route's own call: a throw here would otherwise leave the request unanswered
        try {
          then.handle(body);
        } catch (RuntimeException e) {
          ctx.fail(e);
        }
      }
    });
    ctx.request().exceptionHandler(e -> {
      // a client that left cannot be answered; one that broke the framing (a bad chunk size) gets a 400
      if (failed[0] || e instanceof HttpClosedException || ctx.failed() || ctx.response().ended()) {
        return;
      }
      failed[0] = true;
      ctx.fail(ApiException.badRequest("The request body could not be read: " + e.getMessage()));
    });
    ctx.request().resume();
  }

  private ApiException tooLarge() {
    return ApiException.tooLarge("The request body is larger than the limit of " + limit + " bytes.");
  }
}
