package cairn.credentials;

import cairn.credentials.keys.KeyException;
import com.nimbusds.jose.JWSAlgorithm;
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
 *
 * <p>While batches come back full, {@link #IN_FLIGHT} rounds run at once, each its own transaction:
 * one round's database work (claim, slots, insert, commit) overlaps another's signing, instead of the
 * signing threads waiting for every round trip. An idle outbox is polled by one round at a time.
 */
public final class IssuerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerVerticle.class);
  private final IssuerOptions options;
  private final Services services;
  /** A failure logged at WARN is repeated at DEBUG only, until it changes, a minute passes or rounds succeed. */
  private static final long REPEAT_WARN_MILLIS = 60_000;
  /** Rounds at once while the outbox is busy: one signing while the other talks to the database. */
  static final int IN_FLIGHT = 2;
  private volatile boolean stopped;
  private long timer = -1;
  /** Rounds running now; touched only on this verticle's event loop. */
  private int running;
  private String lastFailure;
  private long lastWarned;

  public IssuerVerticle(Pool pool, IssuerOptions options) {
    this.options = options;
    this.services = new Services(pool, options);
  }

  @Override
  public Future<?> start() {
    return services.profiles.ensureDefault()
        .compose(v -> services.keys.ensureKeys(vertx))
        // a stored key this secret cannot open would fail every issuance and status list later, quietly
        .compose(v -> services.keys.signingKey(vertx, JWSAlgorithm.RS256))
        .recover(e -> Future.failedFuture(e instanceof KeyException ? new KeyException("The stored signing keys "
            + "cannot be decrypted with this CAIRN_KEY_SECRET (or the data directory's key-secret file): set it to "
            + "the secret they were stored with. " + e.getMessage()) : e))
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
    if (stopped) {
      return;
    }
    running++;
    services.worker.runOnce(vertx)
        .onSuccess(handled -> {
          running--;
          if (lastFailure != null) {
            LOG.info("Issuance rounds succeed again");
            lastFailure = null;
          }
          if (handled >= options.batchSize()) {
            // more is waiting: keep IN_FLIGHT rounds going
            while (running < IN_FLIGHT && !stopped) {
              round();
            }
          } else if (running == 0) {
            schedule(options.pollInterval().toMillis());
          }
        })
        .onFailure(e -> {
          running--;
          if (!stopped) {
            logFailure(e);
          }
          if (running == 0) {
            schedule(options.pollInterval().toMillis());
          }
        });
  }

  /** One WARN per kind of failure, not one per round: a database outage is many rounds. */
  private void logFailure(Throwable e) {
    long now = System.currentTimeMillis();
    if (e.toString().equals(lastFailure) && now - lastWarned < REPEAT_WARN_MILLIS) {
      LOG.debug("Issuance round failed again: {}", e.toString());
      return;
    }
    lastFailure = e.toString();
    lastWarned = now;
    LOG.warn("Issuance round failed, retrying in {} (repeats logged at DEBUG): {}", options.pollInterval(), e.toString());
  }
}
