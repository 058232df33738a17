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
  private volatile boolean stopped;
  private Future<?> running = Future.succeededFuture();

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
        .onSuccess(round -> schedule(round.statements() > 0 ? 0 : options.pollInterval().toMillis()))
        .onFailure(e -> {
          LOG.warn("Progression mapper round failed; retrying after the poll interval: {}", e.getMessage(), e);
          schedule(options.pollInterval().toMillis());
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return running.transform(ar -> Future.succeededFuture());
  }
}
