package cairn.web;

import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request once its response has ended, at INFO on the logger
 * {@code cairn.access} (off with that logger's level; Cairn's CAIRN_ACCESS_LOG sets it). The message
 * is logfmt, as Heroku's router writes it:
 * <pre>method=GET path="/xapi/statements?agent&amp;limit" status=200 bytes=5321 durationMs=12 remote=10.0.0.7 key=lms-1</pre>
 * and the same values are the event's key/value pairs (their own fields in JSON lines); the line's
 * {@code requestId} is the request's id. {@code bytes} counts the body, {@code key} is the API
 * credential that authenticated ({@code -} for none), {@code aborted=true} marks a response the
 * connection closed under.
 *
 * <p>It never holds a header, a body or a query value: query values carry personal data (an agent's
 * mbox) that an erasure could not reach in log files, so only the parameter names are shown. A route
 * whose path holds a secret (a share link's token) says what to show instead ({@link #showPathAs}).
 * Written here rather than Vert.x web's {@code LoggerHandler}, which logs under its own class name, at
 * WARN and ERROR for 4xx and 5xx, and knows neither the request id nor Cairn's credentials.
 */
public final class AccessLog {
  /** The logger's name, to switch the access log off or send it elsewhere. */
  public static final String LOGGER = "cairn.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final String STARTED = "cairn.access.started";
  private static final String SHOWN_PATH = "cairn.access.path";
  /** Longest path (with the query's names) written; what a request line can hold is much longer. */
  static final int MAX_PATH = 2048;

  private AccessLog() {}

  /** The first handler of the router: logs the request when its response ends. */
  static void handle(RoutingContext ctx) {
    // a rerouted request (the alternate request syntax) passes here again: log it once, as it came
    if (ctx.get(STARTED) == null && LOG.isInfoEnabled()) {
      long started = System.nanoTime();
      ctx.put(STARTED, started);
      HttpServerRequest request = ctx.request();
      ctx.addEndHandler(ended -> {
        Credential credential = AuthHandler.credential(ctx);
        String path = ctx.get(SHOWN_PATH);
        log(request, started, credential == null ? null : credential.key(), path != null ? path : path(request),
            ended.failed());
      });
    }
    ctx.next();
  }

  /** Logs a request the edge answered before routing it (no Host, an unknown HTTP version). */
  static void refused(HttpServerRequest request, long started) {
    if (LOG.isInfoEnabled()) {
      log(request, started, null, path(request), false);
    }
  }

  /**
   * Has the access log (and the failure handler's lines) show {@code shown} instead of the request's
   * path: for a path that holds a secret, such as a share link's token.
   */
  public static void showPathAs(RoutingContext ctx, String shown) {
    ctx.put(SHOWN_PATH, shown);
  }

  /** The request's path as log lines show it: without the query, or as {@link #showPathAs} set it. */
  static String path(RoutingContext ctx) {
    String shown = ctx.get(SHOWN_PATH);
    return shown != null ? shown : clean(ctx.request().path(), MAX_PATH);
  }

  private static void log(HttpServerRequest request, long started, String key, String path, boolean aborted) {
    String method = clean(request.method().name(), 32);
    int status = request.response().getStatusCode();
    long bytes = request.response().bytesWritten();
    long millis = (System.nanoTime() - started) / 1_000_000;
    SocketAddress peer = request.remoteAddress();
    String remote = peer == null || peer.hostAddress() == null ? "-" : peer.hostAddress();
    String shownKey = key == null ? "-" : clean(key, 256);
    var line = LOG.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("path", path)
        .addKeyValue("status", status)
        .addKeyValue("bytes", bytes)
        .addKeyValue("durationMs", millis)
        .addKeyValue("remote", remote);
    if (key != null) {
      line = line.addKeyValue("key", shownKey);
    }
    if (aborted) {
      line = line.addKeyValue("aborted", true);
    }
    line.log("method=" + method + " path=\"" + path + "\" status=" + status + " bytes=" + bytes
        + " durationMs=" + millis + " remote=" + remote + " key=" + shownKey + (aborted ? " aborted=true" : ""));
  }

  /** The raw path and the names of the query's parameters, never their values. */
  static String path(HttpServerRequest request) {
    String path = request.path() == null ? "" : request.path();
    String query = request.query();
    if (query == null || query.isEmpty()) {
      return clean(path, MAX_PATH);
    }
    StringBuilder names = new StringBuilder();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (!name.isEmpty()) {
        names.append(names.length() == 0 ? "" : "&").append(name);
      }
    }
    return clean(path + "?" + names, MAX_PATH);
  }

  /**
   * What a client sent, safe on a log line: at most {@code max} characters, anything but printable
   * ASCII (and {@code "} and {@code \}) percent-encoded as UTF-8, so no line break, control character
   * or quote of the client's can forge a line or a field.
   */
  static String clean(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= max) {
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c > 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
      }
    }
    return out.toString();
  }
}
