package cairn.lrs.http;

import cairn.xapi.InvalidStatementException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses. On the xAPI ({@code /xapi/*}) client errors become
 * {@code {"status", "error", "message", "path"}} JSON; on Cairn's own API they are RFC 9457
 * {@code application/problem+json} ({@code type, title, status, detail}, plus {@code path}).
 * Anything unexpected is logged with an id and answered 500 with that id only, so no internal
 * detail leaks.
 */
public final class XapiFailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(XapiFailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    String message;
    String path = null;
    if (failure instanceof XapiException e) {
      status = e.status();
      message = e.getMessage();
      path = e.path();
    } else if (failure instanceof InvalidStatementException e) {
      status = 400;
      message = e.getMessage();
      path = e.path();
    } else if (failure instanceof JsonProcessingException e) {
      status = 400;
      message = "Malformed JSON: " + e.getOriginalMessage();
    } else if (failure instanceof HttpException e) {
      status = e.getStatusCode();
      message = e.getPayload() != null ? e.getPayload() : defaultMessage(status);
    } else if (failure == null) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      message = defaultMessage(status);
    } else {
      status = 500;
      String id = UUID.randomUUID().toString();
      LOG.error("Unexpected failure {} on {} {}", id, ctx.request().method(), ctx.request().path(), failure);
      message = "Internal error " + id + "; the server log has the details.";
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Basic realm=\"Cairn LRS\"");
    }
    boolean xapi = ctx.request().path().startsWith("/xapi/");
    JsonObject body = xapi
        ? new JsonObject().put("status", status).put("error", reason(status)).put("message", message)
        : new JsonObject().put("type", "about:blank").put("title", reason(status)).put("status", status)
            .put("detail", message);
    if (path != null) {
      body.put("path", path);
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", xapi ? "application/json" : "application/problem+json")
        .end(body.encode());
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "Authentication required: HTTP Basic with an API key and secret.";
      case 404 -> "No such resource.";
      case 405 -> "Method not allowed on this resource.";
      case 413 -> "Request body too large.";
      default -> reason(status);
    };
  }

  private static String reason(int status) {
    return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
