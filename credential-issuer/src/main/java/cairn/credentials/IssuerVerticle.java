package cairn.credentials;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuance worker: on start it makes sure the default issuer profile and the signing keys exist
 * (generating RSA and P-256 keys on first start, off the event loop), then drains the progression
 * mapper's outbox, polling every {@link IssuerOptions#pollInterval()} (at once again while batches
 * come back full). Any number of these may run, in one process or on several nodes: they share the
 * outbox through SKIP LOCKED and the unique (person, achievement, ladder version) key.
 */
public final class IssuerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerVerticle.class);
  private final IssuerOptions options;
  private final Services services;
  private volatile boolean stopped;
  private long timer = -1;

  public IssuerVerticle(Pool pool, IssuerOptions options) {
    this.options = options;
    this.services = new Services(pool, options);
  }

  @Override
  public Future<?> start() {
    return services.profiles.ensureDefault()
        .compose(v -> services.keys.ensureKeys(vertx))
        .onSuccess(v -> schedule(0));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  private void schedule(long delayMillis) {
    if (stopped) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> round());
  }

  private void round() {
    services.worker.runOnce(vertx)
        .onSuccess(handled -> schedule(handled >= options.batchSize() ? 0 : options.pollInterval().toMillis()))
        .onFailure(e -> {
          if (!stopped) {
            LOG.warn("Issuance round failed, retrying in {}: {}", options.pollInterval(), e.toString());
          }
          schedule(options.pollInterval().toMillis());
        });
  }
}
