package cairn.web;

import cairn.web.auth.AuthHandler;
import cairn.web.auth.Caller;
import cairn.web.auth.RoleAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The HTTP edge every Cairn server shares, in the order a request meets it: the server (its
 * {@link RequestId}, protocol limits, unsupported HTTP versions), {@link #front} (the access log,
 * CORS, {@code Date}, a request that cannot be read at all), the admin API's body and authentication
 * ({@link #adminApi}), the features' routes, and {@link #finish} (the one failure handler, 404 for
 * anything unrouted).
 */
public final class Edge {
  /** Longest request line and header block: a 414 or 431 beyond, from the HTTP codec itself. */
  static final int MAX_INITIAL_LINE = 16 * 1024;
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private Edge() {}

  /** Listens with {@code router} behind the protocol checks; answers the server bound. */
  public static Future<HttpServer> listen(Vertx vertx, Router router, int port) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(true)
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        // a form field (a pasted CASE package or CSV) may be as long as its route's body handler allows:
        // that limit bounds it, not Vert.x's default of 8 KiB per field
        .setMaxFormAttributeSize(-1));
    // With a handshake handler set, Vert.x passes requests of an HTTP version it does not speak to
    // the request handler instead of answering 501 itself, so they can get RFC 9110's 505.
    server.webSocketHandshakeHandler(handshake -> handshake.reject(404));
    return server.requestHandler(request -> {
      long started = System.nanoTime();
      RequestId.assign(request);
      if (refused(request)) {
        AccessLog.refused(request, started);
      } else {
        router.handle(request);
      }
    }).listen(port);
  }

  /** Answers a request the router cannot take; false for one it can. */
  private static boolean refused(HttpServerRequest request) {
    if (request.version() == null) {
      // RFC 9110 §15.6.6
      request.response().putHeader("Connection", "close").endHandler(v -> request.connection().close());
      FailureHandler.respond(request, 505, "This server speaks HTTP/1.0 and HTTP/1.1.", null);
    } else if (request.version() == HttpVersion.HTTP_1_1 && request.getHeader("Host") == null) {
      // RFC 9112 §3.2; Vert.x's router cannot route a request without an authority
      FailureHandler.respond(request, 400, "An HTTP/1.1 request needs a Host header (RFC 9112 §3.2).", "Host");
    } else if (!readablePath(request.path())) {
      // the router's path normalisation would throw on it
      FailureHandler.respond(request, 400, "The request path is not valid percent-encoding (RFC 3986 §2.1), "
          + "or encodes a NUL character.", "path");
    } else {
      return false;
    }
    return true;
  }

  /** Every {@code %} starts a two-hex-digit escape, and none of them is {@code %00}. */
  static boolean readablePath(String path) {
    if (path == null) {
      return false;
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0 || (path.charAt(i + 1) == '0' && path.charAt(i + 2) == '0')) {
        return false;
      }
    }
    return true;
  }

  /**
   * What every request meets first: the access log ({@link AccessLog}), CORS, the {@code Date} header,
   * and {@link #readable}.
   */
  public static void front(Router router) {
    router.route().handler(AccessLog::handle);
    router.route().handler(CorsHandler.create()
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Experience-API-Version", "If-Match", "If-None-Match",
            RequestId.HEADER))
        .exposedHeaders(Set.of("ETag", "Last-Modified", "X-Experience-API-Version",
            "X-Experience-API-Consistent-Through", "Retry-After", RequestId.HEADER)));
    router.route().handler(ctx -> {
      ctx.response().putHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
      ctx.next();
    });
    router.route().handler(Edge::readable);
  }

  /**
   * Refuses, before any feature or authentication sees it, a request no handler could read: a query
   * string that is not valid percent-encoded UTF-8, a NUL character in the path or a parameter
   * (nothing Cairn stores can hold one).
   */
  static void readable(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    if (path == null || path.indexOf('\0') >= 0) {
      ctx.fail(ApiException.badRequest("The request path cannot be read.", "path"));
      return;
    }
    try {
      for (var param : request.params()) {
        if (param.getKey().indexOf('\0') >= 0 || param.getValue().indexOf('\0') >= 0) {
          ctx.fail(ApiException.badRequest("Query parameters cannot contain the NUL character.", param.getKey()));
          return;
        }
      }
    } catch (IllegalArgumentException e) {
      ctx.fail(ApiException.badRequest("The query string is not valid percent-encoded UTF-8: " + e.getMessage(),
          "query"));
      return;
    }
    ctx.next();
  }

  /**
   * Cairn's own API under {@code /api/v1}: the raw body up to the limit (never decoded as a form:
   * the API speaks JSON), authentication (Basic or Bearer), scope {@code all}, and a large JSON body
   * parsed off the event loop ({@link JsonBody}). Only API credentials: no signed-in person reaches it.
   */
  public static void adminApi(Router router, AuthHandler authentication, long bodyLimit) {
    adminApi(router, authentication, null, bodyLimit);
  }

  /**
   * {@link #adminApi(Router, AuthHandler, long)}, and a signed-in person (a {@link Caller} put on the
   * request by the sign-in feature, for a request without an {@code Authorization} header) reaches the
   * endpoints {@code people} grants their roles. An {@code Authorization} header always wins: the
   * request is then an API client's, whatever cookies it carries.
   */
  public static void adminApi(Router router, AuthHandler authentication, RoleAccess people, long bodyLimit) {
    router.route("/api/v1/*")
        .handler(new RequestBody(bodyLimit))
        .handler(ctx -> {
          if (people != null && signedInPerson(ctx)) {
            people.handle(ctx);
          } else {
            authentication.handle(ctx);
          }
        })
        .handler(ctx -> {
          if (people != null && signedInPerson(ctx)) {
            ctx.next();
          } else {
            AuthHandler.requireAll(ctx);
          }
        })
        .handler(JsonBody::prepare);
  }

  private static boolean signedInPerson(RoutingContext ctx) {
    return ctx.request().getHeader("Authorization") == null && Caller.current(ctx).isPresent();
  }

  /** The one failure handler, and 404 for whatever no route took. */
  public static void finish(Router router) {
    router.route().failureHandler(new FailureHandler());
    router.route().last().handler(ctx -> ctx.fail(404));
  }
}
