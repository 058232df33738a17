package cairn.app;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * An asynchronous measurement taken at most once per {@code maxAge}: however many probes or scrapes
 * ask meanwhile (on however many event loops), they share one answer, so a flood of unauthenticated
 * health requests costs the database one query a second. Written by hand: a cache library (Caffeine's
 * async cache) would need a new dependency and Vert.x adapters for what is one value and a few lines.
 */
final class Recent<T> {
  private final Supplier<Future<T>> measure;
  private final long maxAgeNanos;
  private Future<T> last;
  private long takenAt;

  Recent(Duration maxAge, Supplier<Future<T>> measure) {
    this.measure = measure;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** The latest measurement, or a new one if it is older than the maximum age; answered on the caller's context. */
  Future<T> get() {
    Future<T> shared = current();
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> here = Promise.promise();
    shared.onComplete(ar -> caller.runOnContext(v -> here.handle(ar)));
    return here.future();
  }

  private synchronized Future<T> current() {
    long now = System.nanoTime();
    if (last == null || now - takenAt > maxAgeNanos) {
      takenAt = now;
      try {
        last = measure.get();
      } catch (RuntimeException e) {
        last = Future.failedFuture(e);
      }
    }
    return last;
  }
}
