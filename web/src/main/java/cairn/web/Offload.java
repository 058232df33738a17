package cairn.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs request work where it belongs by its size: small work inline on the event loop (a hop to a
 * worker would cost more than it saves), large work — parsing and checking a body of megabytes —
 * on a worker thread, so no request can hold an event loop for long.
 */
public final class Offload {
  /** Bodies up to this size are worked on inline. */
  public static final int INLINE_BYTES = 64 * 1024;

  private Offload() {}

  public static <T> Future<T> bySize(Vertx vertx, long bytes, Callable<T> work) {
    if (bytes > INLINE_BYTES) {
      return vertx.executeBlocking(work, false);
    }
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
}
