package cairn.app.rights;

import cairn.lrs.rights.Retention;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the statement retention purge ({@link Retention}) once a day, the first time ten minutes after
 * the start (not during it), on every node that has CAIRN_RETENTION_STATEMENTS set: the purge's
 * advisory lock lets one node at a time do the work, and the others' runs find nothing left or skip.
 */
public final class RetentionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);
  static final long FIRST_MS = 10 * 60 * 1000L;
  static final long EVERY_MS = 24 * 60 * 60 * 1000L;
  private final Retention retention;
  private long timer;

  public RetentionVerticle(Retention retention) {
    this.retention = retention;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(FIRST_MS, EVERY_MS, id -> retention.purge("retention")
        .onSuccess(p -> {
          if (p.skipped()) {
            LOG.info("Statement retention: another node is purging; skipped this run");
          } else {
            LOG.info("Statement retention: purged {} statements stored before {} ({} attachment contents)",
                p.statements(), p.cutoff().toInstant(), p.attachments());
          }
        })
        .onFailure(e -> LOG.warn("Statement retention failed (tried again tomorrow, or run cairn admin retention): {}",
            e.toString())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
