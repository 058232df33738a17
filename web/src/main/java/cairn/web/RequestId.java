package cairn.web;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of an HTTP request, so that every log line written while handling it can be found
 * together, and a client or the proxy in front can quote it. A sane incoming {@code X-Request-Id}
 * (what load balancers and proxies set: 1 to {@value #MAX_LENGTH} letters, digits and
 * {@code - _ . : + / =}) is kept; anything else is replaced by a random UUID. The id goes back in the
 * response's {@code X-Request-Id} header and lives in the request's Vert.x context as a context
 * local: Vert.x gives every request a context of its own and runs each callback of that request on
 * it (database results, blocking code, timers), which a thread-bound SLF4J MDC cannot follow.
 * {@link RequestIdFilter} copies it into the MDC of each log line.
 */
public final class RequestId {
  public static final String HEADER = "X-Request-Id";
  /** The MDC key (and JSON field) log lines carry the id under. */
  public static final String MDC_KEY = "requestId";
  static final int MAX_LENGTH = 128;
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:+/=-]+");

  private RequestId() {}

  /** Gives {@code request} its id, in the response header and the request's context; answers it. */
  static String assign(HttpServerRequest request) {
    String incoming = request.getHeader(HEADER);
    String id = sane(incoming) ? incoming : random().toString();
    request.response().putHeader(HEADER, id);
    Context context = Vertx.currentContext();
    if (context != null) {
      context.putLocal(Storage.LOCAL, id);
    }
    return id;
  }

  /**
   * A version 4 UUID from the thread's generator: an id to find log lines by, not a secret, so not
   * from SecureRandom, which cost 2% of the event loops' time under single-statement POSTs.
   */
  private static UUID random() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
  }

  static boolean sane(String id) {
    return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && SANE.matcher(id).matches();
  }

  /** The id of the request the calling code works for, or null outside any request. */
  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(Storage.LOCAL);
  }

  /**
   * Registers the context local. Vert.x sizes every context's locals when an instance is built, so
   * the registration has to happen before: Vert.x loads this provider (named in
   * {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}) while it builds each instance.
   */
  public static final class Storage implements VertxServiceProvider {
    static final ContextLocal<String> LOCAL = ContextLocal.registerLocal(String.class);

    @Override
    public void init(VertxBootstrap builder) {
      // the registration above is all
    }
  }
}
