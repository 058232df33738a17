package cairn.web;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs request work where it belongs: by its size ({@link #bySize}: small work inline on the event
 * loop, where a hop to a worker would cost more than it saves; large work — parsing and checking a
 * body of megabytes — on a worker thread), or, for work heavy whatever its input, by the calling
 * thread ({@link #offEventLoop}); so no request can hold an event loop for long.
 */
public final class Offload {
  /** Bodies up to this size are worked on inline. */
  public static final int INLINE_BYTES = 64 * 1024;

  private Offload() {}

  public static <T> Future<T> bySize(Vertx vertx, long bytes, Callable<T> work) {
    return bytes > INLINE_BYTES ? vertx.executeBlocking(work, false) : inline(work);
  }

  /**
   * Work that is heavy whatever its input (RDFC-1.0 canonicalization: milliseconds): on a worker when
   * called on an event loop; on any other thread (a worker, a caller's own) at once, since handing it
   * to another worker only adds two thread hops and keeps the caller waiting for them.
   */
  public static <T> Future<T> offEventLoop(Vertx vertx, Callable<T> work) {
    return Context.isOnEventLoopThread() ? vertx.executeBlocking(work, false) : inline(work);
  }

  private static <T> Future<T> inline(Callable<T> work) {
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
}
