package cairn.progression;

import cairn.progression.feed.FeedConsumer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the statement feed: one {@link FeedConsumer} round after another, at once while rounds
 * find statements, else after the poll interval. Any number may run, on any number of nodes: the
 * consumer's cursor row is claimed with SKIP LOCKED, so only one processes at a time.
 */
public final class MapperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MapperVerticle.class);

  private final FeedConsumer consumer;
  private final ProgressionOptions options;
  /** A failure logged at WARN is repeated at DEBUG only, until it changes, a minute passes or rounds succeed. */
  private static final long REPEAT_WARN_MILLIS = 60_000;
  private volatile boolean stopped;
  private Future<?> running = Future.succeededFuture();
  private String lastFailure;
  private long lastWarned;

  public MapperVerticle(Pool pool, ProgressionOptions options) {
    this.consumer = new FeedConsumer(pool, options);
    this.options = options;
  }

  @Override
  public Future<?> start() {
    return consumer.init().onSuccess(v -> schedule(0));
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    if (delayMs <= 0) {
      vertx.runOnContext(v -> tick());
    } else {
      vertx.setTimer(delayMs, id -> tick());
    }
  }

  private void tick() {
    if (stopped) {
      return;
    }
    running = consumer.round()
        .onSuccess(round -> {
          if (lastFailure != null) {
            LOG.info("Progression mapper rounds succeed again");
            lastFailure = null;
          }
          schedule(round.statements() > 0 ? 0 : options.pollInterval().toMillis());
        })
        .onFailure(e -> {
          logFailure(e);
          schedule(options.pollInterval().toMillis());
        });
  }

  /** One WARN (with the stack) per kind of failure, not one per round: a database outage is many rounds. */
  private void logFailure(Throwable e) {
    long now = System.currentTimeMillis();
    if (e.toString().equals(lastFailure) && now - lastWarned < REPEAT_WARN_MILLIS) {
      LOG.debug("Progression mapper round failed again: {}", e.toString());
      return;
    }
    lastFailure = e.toString();
    lastWarned = now;
    LOG.warn("Progression mapper round failed; retrying after the poll interval (repeats logged at DEBUG): {}",
        e.getMessage(), e);
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return running.transform(ar -> Future.succeededFuture());
  }
}
