package cairn.lrs.statements;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The X-Experience-API-Consistent-Through instant (see {@code lrs.consistent_through()}), shared by
 * every HTTP instance of the process that uses the same pool. Asking PostgreSQL reads
 * {@code pg_stat_activity} — about 0.15 ms of database CPU (lrs V12), a third of a statement's own
 * inserts — so it is asked at most once per {@link #FOR_READS} for a query's answer, and once per
 * {@link #FOR_WRITES} for the answer to a POST, PUT or error, where no client reads it to page on:
 * a process taking single statements and no queries asks once a second instead of ten times. One
 * caller at a time asks. Once true, a value stays true (statements stored before it never stop
 * being visible), so while one caller refreshes it the others answer with the previous, older
 * value: never ahead, at most the allowed age plus one query older than a fresh one.
 */
final class ConsistentThrough {
  /** Most milliseconds a value may be reused for GET answers. */
  static final long FOR_READS = 100;
  /** Most milliseconds a value may be reused for the answers to writes and errors. */
  static final long FOR_WRITES = 1000;
  private static final String QUERY = "select lrs.consistent_through() as through";
  private static final Map<Pool, ConsistentThrough> BY_POOL = Collections.synchronizedMap(new WeakHashMap<>());

  private final Pool pool;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Value last;

  private ConsistentThrough(Pool pool) {
    this.pool = pool;
  }

  static ConsistentThrough of(Pool pool) {
    return BY_POOL.computeIfAbsent(pool, ConsistentThrough::new);
  }

  /**
   * A value at most {@code maxAgeMillis} old (plus one query, while another caller refreshes it), as
   * the header's text: formatted once per value, not once per response.
   */
  Future<String> header(long maxAgeMillis) {
    Value known = last;
    if (known != null && (System.nanoTime() - known.at < maxAgeMillis * 1_000_000 || !refreshing.compareAndSet(false, true))) {
      return Future.succeededFuture(known.header);
    }
    // the first value of all (every caller asks until there is one), or this caller's refresh
    long at = System.nanoTime();
    return pool.preparedQuery(QUERY).execute()
        .map(rows -> {
          OffsetDateTime value = rows.iterator().next().getOffsetDateTime("through");
          Value previous = last;
          if (previous != null && !previous.value.isBefore(value)) {
            return previous.header;
          }
          Value fresh = new Value(value, StatementStore.TIMESTAMP.format(value), at);
          last = fresh;
          return fresh.header;
        })
        .onComplete(ar -> {
          if (known != null) {
            refreshing.set(false);
          }
        });
  }

  private record Value(OffsetDateTime value, String header, long at) {}
}
