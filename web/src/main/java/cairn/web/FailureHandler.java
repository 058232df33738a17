package cairn.web;

import cairn.web.auth.OAuthException;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses. On the xAPI ({@code /xapi/*}) errors become
 * {@code {"status", "error", "message", "path"}} JSON; on the OAuth token endpoint
 * ({@code /oauth/*}) and OpenID for Verifiable Credential Issuance's endpoints ({@code /oid4vci/*})
 * RFC 6749 §5.2 {@code {"error", "error_description"}} JSON, as every OAuth client library and wallet
 * reads it; on the Open Badges 3.0 API ({@code /ims/ob/*}) OB 3.0's {@code Imsx_StatusInfo}
 * JSON with a Bearer challenge; on Cairn's own API they are RFC 9457 {@code application/problem+json}
 * ({@code type, title, status, detail}, plus {@code path}). The xAPI and problem bodies name the
 * request's {@code requestId} ({@link RequestId}), which is also on every log line of the request.
 * A 401 challenges with the schemes the APIs take: Basic and Bearer (the bearer challenge naming RFC 6750's {@code invalid_token} when a
 * token was refused), and Basic alone at the token endpoint, which authenticates clients.
 *
 * <p>A request refused for what it is ({@link ApiException}, a framework {@link HttpException}) is
 * answered and not logged: a client's mistake is not the server's. The database being out of reach
 * is a 503 with {@code Retry-After} (the pool reconnects by itself), logged once per outage at WARN.
 * A value the database refuses as data ({@code 22xxx}, {@code 54xxx}) is a 400 and a WARN line: the
 * edge should have refused it first, so it is worth knowing. Anything else is a bug: logged at ERROR
 * with a stack trace, and answered 500 with the request id only, so no internal detail leaks.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  /** Seconds a client is asked to wait while the database is out of reach. */
  static final int RETRY_AFTER_SECONDS = 5;
  /** What RFC 6750 §3 does not allow in an error_description: outside %x20-21 / %x23-5B / %x5D-7E. */
  /** The Open Badges 3.0 API's resources, whose errors are {@code Imsx_StatusInfo} JSON. */
  private static final String OPEN_BADGES_API = "/ims/ob/";
  private static final Pattern DESCRIPTION_UNSAFE = Pattern.compile("[^\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]");

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
    String oauthError = failure instanceof OAuthException e ? e.error() : null;
    String challenge = null;
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
      LOG.warn("Request {} {} refused by the database as data ({} {})", ctx.request().method(),
          AccessLog.path(ctx), e.getSqlState(), e.getErrorMessage());
      message = "The store cannot keep a value of this request (" + e.getErrorMessage() + "); request id "
          + id() + ".";
    } else {
      status = 500;
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), AccessLog.path(ctx), failure);
      message = "Internal error; the server log has the details under request id " + id() + ".";
    }
    respond(ctx.request(), status, message, path, oauthError, challenge);
  }

  /**
   * Writes an error answer for a request: xAPI error JSON under {@code /xapi/}, RFC 6749 error JSON
   * under {@code /oauth/}, an HTML page for a browser on Cairn's pages, RFC 9457 problem JSON
   * elsewhere. Also for the edge's refusals made before the router (no Host, unknown HTTP version).
   */
  static void respond(HttpServerRequest request, int status, String message, String path) {
    respond(request, status, message, path, null, null);
  }

  /** {@code challenge}: a 401's own {@code WWW-Authenticate}, or null for the APIs' schemes. */
  private static void respond(HttpServerRequest request, int status, String message, String path,
      String oauthError, String challenge) {
    HttpServerResponse response = request.response();
    boolean oid4vci = request.path() != null && request.path().startsWith("/oid4vci/");
    boolean oauth = oid4vci || request.path() != null && request.path().startsWith("/oauth/");
    boolean openBadges = request.path() != null && request.path().startsWith(OPEN_BADGES_API);
    if (openBadges && (status == 401 || "insufficient_scope".equals(oauthError))) {
      // the Open Badges API takes bearer tokens only (OB 3.0 §7.1.3, RFC 6750 §3)
      response.putHeader("WWW-Authenticate", "Bearer realm=\"Cairn\"" + (oauthError == null ? ""
          : ", error=\"" + oauthError + "\", error_description=\"" + DESCRIPTION_UNSAFE.matcher(message).replaceAll(" ")
              + "\""));
    } else if (status == 401) {
      if (challenge != null) {
        response.putHeader("WWW-Authenticate", challenge);
      } else if (oid4vci) {
        // the credential endpoint takes only the access token of its own token endpoint (RFC 6750 §3)
        response.putHeader("WWW-Authenticate", "Bearer realm=\"Cairn\", error=\"invalid_token\", error_description=\""
            + DESCRIPTION_UNSAFE.matcher(message).replaceAll(" ") + "\"");
      } else {
        challenge(response, oauth, oauthError, message);
      }
    }
    if (oauth) {
      // RFC 6749 §5.2; no-store as for the token answers themselves (§5.1)
      JsonObject body = new JsonObject().put("error", oauthError != null ? oauthError : oauthError(status))
          .put("error_description", message);
      response.setStatusCode(status).putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
      if (request.method() == HttpMethod.HEAD) {
        response.end();
      } else {
        response.end(body.encode());
      }
      return;
    }
    if (Pages.wantsHtml(request)) {
      Pages.error(response, status, reason(status), message);
      return;
    }
    if (openBadges) {
      response.setStatusCode(status).putHeader("Content-Type", "application/json");
      if (request.method() == HttpMethod.HEAD) {
        response.end();
      } else {
        response.end(statusInfo(status, message).encode());
      }
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
    String id = RequestId.current();
    if (id != null) {
      body.put("requestId", id);
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", xapi ? "application/json" : "application/problem+json");
    if (request.method() == HttpMethod.HEAD) {
      response.end();
    } else {
      response.end(body.encode());
    }
  }

  /**
   * RFC 7235 §4.1 challenges: the token endpoint authenticates clients with Basic (RFC 6749
   * §2.3.1); the APIs take Basic and Bearer, and a refused token is named in the Bearer challenge
   * (RFC 6750 §3), which then comes first.
   */
  private static void challenge(HttpServerResponse response, boolean oauth, String oauthError, String message) {
    String basic = "Basic realm=\"Cairn\"";
    if (oauth) {
      response.putHeader("WWW-Authenticate", basic);
    } else if ("invalid_token".equals(oauthError)) {
      response.headers().add("WWW-Authenticate", "Bearer realm=\"Cairn\", error=\"invalid_token\", "
          + "error_description=\"" + DESCRIPTION_UNSAFE.matcher(message).replaceAll(" ") + "\"");
      response.headers().add("WWW-Authenticate", basic);
    } else {
      response.headers().add("WWW-Authenticate", basic);
      response.headers().add("WWW-Authenticate", "Bearer realm=\"Cairn\"");
    }
  }

  /**
   * The Open Badges API's error body, OB 3.0 §B.3 {@code Imsx_StatusInfo}: code major {@code failure},
   * severity {@code error}, the message as the description, and the code minor the status stands for.
   */
  static JsonObject statusInfo(int status, String message) {
    String minor = switch (status) {
      case 400 -> "invalid_data";
      case 401 -> "unauthorizedrequest";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "not_allowed";
      case 406 -> "not_acceptable";
      case 503 -> "server_busy";
      default -> status >= 500 ? "internal_server_error" : "unknown";
    };
    return new JsonObject().put("imsx_codeMajor", "failure").put("imsx_severity", "error")
        .put("imsx_description", message)
        .put("imsx_codeMinor", new JsonObject().put("imsx_codeMinorField", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("imsx_codeMinorFieldName", "TargetEndSystem")
                .put("imsx_codeMinorFieldValue", minor))));
  }

  /** The RFC 6749 §5.2 code for a failure the token endpoint did not name itself. */
  private static String oauthError(int status) {
    return switch (status) {
      case 401 -> "invalid_client";
      case 503 -> "temporarily_unavailable";
      default -> status >= 500 ? "server_error" : "invalid_request";
    };
  }

  /** The id the log lines of this request carry (a fresh one where the edge gave none). */
  private static String id() {
    String id = RequestId.current();
    return id != null ? id : UUID.randomUUID().toString();
  }

  /** SQLSTATE classes 22 (data exception) and 54 (program limit exceeded): the value, not the server. */
  private static boolean refusedData(String sqlState) {
    return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("54"));
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "Authentication required: HTTP Basic with an API key and secret, or a Bearer token.";
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
