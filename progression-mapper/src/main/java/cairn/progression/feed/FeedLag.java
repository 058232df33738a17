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
  /** Statements are counted up to this many; the count says "at least" beyond. */
  public static final int COUNT_LIMIT = 100_000;

  private final Pool pool;
  private final String consumer;

  /**
   * @param statements statements not consumed yet, at most {@link #COUNT_LIMIT}
   * @param oldestSeconds seconds since the first of them was stored; 0 when none waits
   */
  public record Lag(long statements, double oldestSeconds) {}

  public FeedLag(Pool pool, String consumer) {
    this.pool = pool;
    this.consumer = consumer;
  }

  public Future<Lag> measure() {
    return pool.preparedQuery(FeedSql.LAG).execute(Tuple.of(consumer, COUNT_LIMIT)).map(rows -> {
      Row row = rows.iterator().next();
      Double oldest = row.getDouble("oldest");
      return new Lag(row.getLong("waiting"), oldest == null ? 0 : Math.max(0, oldest));
    });
  }
}
