package cairn.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import cairn.web.pages.Pages;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses. On the xAPI ({@code /xapi/*}) errors become
 * {@code {"status", "error", "message", "path"}} JSON; on Cairn's own API they are RFC 9457
 * {@code application/problem+json} ({@code type, title, status, detail}, plus {@code path}).
 *
 * <p>A request refused for what it is ({@link ApiException}, a framework {@link HttpException}) is
 * answered and not logged: a client's mistake is not the server's. The database being out of reach
 * is a 503 with {@code Retry-After} (the pool reconnects by itself), logged once per outage at WARN.
 * A value the database refuses as data ({@code 22xxx}, {@code 54xxx}) is a 400 and a WARN line: the
 * edge should have refused it first, so it is worth knowing. Anything else is a bug: logged at ERROR
 * with a stack trace and an id, and answered 500 with that id only, so no internal detail leaks.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  /** Seconds a client is asked to wait while the database is out of reach. */
  static final int RETRY_AFTER_SECONDS = 5;

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
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
    String challenge = ApiException.BASIC_CHALLENGE;
    if (failure instanceof ApiException e) {
      status = e.status();
      message = e.getMessage();
      path = e.path();
      challenge = e.challenge();
    } else if (failure instanceof HttpException e) {
      status = e.getStatusCode();
      message = e.getPayload() != null ? e.getPayload() : defaultMessage(status);
    } else if (failure == null) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      message = defaultMessage(status);
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // a framework handler's refusal with its status (CSRFHandler: 403 and an IllegalArgumentException)
      status = ctx.statusCode();
      message = reason(status) + ": " + failure.getMessage()
          + (status == 403 ? ". If you sent a form, reload its page and send it again." : ".");
    } else if (Unavailable.is(failure)) {
      status = 503;
      message = "The database is out of reach; try again in a few seconds.";
      Unavailable.log(LOG, failure);
      response.putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    } else if (failure instanceof PgException e && refusedData(e.getSqlState())) {
      status = 400;
      String id = UUID.randomUUID().toString();
      LOG.warn("Request {} {} refused by the database as data ({} {}), id {}", ctx.request().method(),
          ctx.request().path(), e.getSqlState(), e.getErrorMessage(), id);
      message = "The store cannot keep a value of this request (" + e.getErrorMessage() + "); id " + id + ".";
    } else {
      status = 500;
      String id = UUID.randomUUID().toString();
      LOG.error("Unexpected failure {} on {} {}", id, ctx.request().method(), ctx.request().path(), failure);
      message = "Internal error " + id + "; the server log has the details.";
    }
    respond(ctx.request(), status, message, path, challenge);
  }

  static void respond(HttpServerRequest request, int status, String message, String path) {
    respond(request, status, message, path, ApiException.BASIC_CHALLENGE);
  }

  /**
   * Writes an error answer for a request: xAPI error JSON under {@code /xapi/}, RFC 9457 problem JSON
   * under {@code /api/} and for clients that do not ask for HTML, an HTML page for a browser on
   * Cairn's pages. Also for the edge's refusals made before the router (no Host, unknown HTTP version).
   */
  static void respond(HttpServerRequest request, int status, String message, String path, String challenge) {
    HttpServerResponse response = request.response();
    if (status == 401) {
      response.putHeader("WWW-Authenticate", challenge);
    }
    if (Pages.wantsHtml(request)) {
      Pages.error(response, status, reason(status), message);
      return;
    }
    boolean xapi = request.path() != null && request.path().startsWith("/xapi/");
    JsonObject body = xapi
        ? new JsonObject().put("status", status).put("error", reason(status)).put("message", message)
        : new JsonObject().put("type", "about:blank").put("title", reason(status)).put("status", status)
            .put("detail", message);
    if (path != null) {
      body.put("path", path);
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", xapi ? "application/json" : "application/problem+json");
    if (request.method() == HttpMethod.HEAD) {
      response.end();
    } else {
      response.end(body.encode());
    }
  }

  /** SQLSTATE classes 22 (data exception) and 54 (program limit exceeded): the value, not the server. */
  private static boolean refusedData(String sqlState) {
    return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("54"));
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "Authentication required: HTTP Basic with an API key and secret.";
      case 403 -> "Forbidden.";
      case 404 -> "No such resource.";
      case 405 -> "Method not allowed on this resource.";
      case 413 -> "Request body too large.";
      case 415 -> "Unsupported content type.";
      default -> reason(status);
    };
  }

  private static String reason(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
