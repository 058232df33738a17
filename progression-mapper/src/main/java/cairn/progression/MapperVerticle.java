package cairn.progression;

import cairn.progression.feed.FeedConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the statement feed: one {@link FeedConsumer} round after another, at once while rounds
 * come back full, else after the poll interval. Any number may run, on any number of nodes: the
 * consumer's cursor row is claimed with SKIP LOCKED, so only one processes at a time.
 *
 * <p>Metrics (Micrometer's global registry): {@code cairn.mapper.round} (a timer per outcome,
 * {@code success} or {@code failure}) and {@code cairn.mapper.statements} (statements consumed),
 * both tagged with the consumer.
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
  private final Timer succeeded;
  private final Timer failed;
  private final Counter consumed;

  public MapperVerticle(Pool pool, ProgressionOptions options) {
    this.consumer = new FeedConsumer(pool, options);
    this.options = options;
    this.succeeded = round(options.consumer(), "success");
    this.failed = round(options.consumer(), "failure");
    this.consumed = Counter.builder("cairn.mapper.statements").description("Statements the progression mapper consumed")
        .tag("consumer", options.consumer()).register(Metrics.globalRegistry);
  }

  private static Timer round(String consumer, String outcome) {
    return Timer.builder("cairn.mapper.round").description("Progression mapper rounds: one transaction over the feed")
        .tag("consumer", consumer).tag("outcome", outcome).register(Metrics.globalRegistry);
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
    Timer.Sample sample = Timer.start();
    running = consumer.round()
        .onSuccess(round -> {
          sample.stop(succeeded);
          consumed.increment(round.statements());
          if (lastFailure != null) {
            LOG.info("Progression mapper rounds succeed again");
            lastFailure = null;
          }
          // again at once only after a full round (more is waiting); after a short one, wait: the
          // next round then takes the statements of a whole interval in one transaction rather
          // than the one or two of each request, whose fixed cost per round would dominate
          schedule(round.full() ? 0 : options.pollInterval().toMillis());
        })
        .onFailure(e -> {
          sample.stop(failed);
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
