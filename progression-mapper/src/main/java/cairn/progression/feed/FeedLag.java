package cairn.progression.feed;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * How far a feed consumer is behind the statement feed: the statements stored but not consumed yet,
 * and how long the first of them has been waiting. Read-only and cheap (two index scans on
 * {@code lrs.statements (tx, seq)} from the consumer's cursor), so readiness probes and metric
 * scrapes may ask from any node, whether or not it runs the mapper.
 */
public final class FeedLag {
  /**
   * Statements are counted up to this many; the count says "at least" beyond. The count walks the
   * waiting statements' feed entries: up to 100,000 it took ~70 ms a measurement when the mapper was
   * far behind (as the status did, see MapperStatus), once a second for readiness and metrics —
   * load on the database just when the mapper needs it. How long the oldest has waited is the
   * measure of lag; the count beyond this only says "many".
   */
  public static final int COUNT_LIMIT = 10_000;

  private final Pool pool;
  private final String consumer;
  private final int limit;

  /**
   * @param statements statements not consumed yet, at most {@link #COUNT_LIMIT}
   * @param oldestSeconds seconds since the first of them was stored; 0 when none waits
   */
  public record Lag(long statements, double oldestSeconds) {}

  public FeedLag(Pool pool, String consumer) {
    this(pool, consumer, COUNT_LIMIT);
  }

  /** Counting up to {@code limit} statements (tests). */
  FeedLag(Pool pool, String consumer, int limit) {
    this.pool = pool;
    this.consumer = consumer;
    this.limit = limit;
  }

  public Future<Lag> measure() {
    return pool.preparedQuery(FeedSql.LAG).execute(Tuple.of(consumer, limit)).map(rows -> {
      Row row = rows.iterator().next();
      Double oldest = row.getDouble("oldest");
      return new Lag(row.getLong("waiting"), oldest == null ? 0 : Math.max(0, oldest));
    });
  }
}
