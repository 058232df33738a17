package cairn.app.bench;

import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.sleep;

import cairn.progression.MapperVerticle;
import cairn.progression.ProgressionOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A full recompute beside the live state: a second feed consumer ({@link ProgressionOptions#withConsumer},
 * not issuing) on a fresh {@link MapperVerticle} reads the whole statement log from the start, and its
 * derived state is compared with the live consumer's. Invariant 4 of the design: the mapper's
 * incremental state equals a full recompute from the log.
 */
final class Recompute {
  private static final String MASTERY = "person_id, framework_id, competency, level, direct_level, since, valid_until";
  private static final String MILESTONES = "person_id, ladder_id, ladder_version, milestone_id, reached_at";

  private Recompute() {}

  /**
   * What the recompute read, how long it took, and how many mastery and milestone rows differ between
   * it and the live consumer (both ways). {@code restNanos}: the time after it had processed a tenth of
   * the log — its first rounds, on statistics that know nothing of its facts yet, vary by tens of
   * seconds between runs (see FeedConsumer#init), the rest is the mapper's own pace.
   */
  record Result(long statements, long nanos, long restStatements, long restNanos, CpuMeter.Used restCpu,
      long differentMastery, long differentMilestones, long masteryRows, long milestoneRows) {
    boolean equal() {
      return differentMastery == 0 && differentMilestones == 0;
    }

    double rate() {
      return statements / (nanos / 1e9);
    }

    /** Statements per second after the first tenth of the log. */
    double restRate() {
      return restStatements / (restNanos / 1e9);
    }

    /** CPU per statement after the first tenth, µs: this JVM's (the mapper's, mostly) and PostgreSQL's. */
    double jvmMicros() {
      return restCpu.jvmNanos() / 1e3 / restStatements;
    }

    double postgresMicros() {
      return restCpu.postgresNanos() / 1e3 / restStatements;
    }
  }

  /**
   * Runs consumer {@code consumer} from the start of the feed until it has processed as many statements
   * as the live consumer and has no dirty persons left, then compares. {@code postmaster}: whose
   * processes' CPU is PostgreSQL's (see CpuMeter#sample). The live consumer must have
   * caught up (and stay still) for the comparison to mean anything.
   */
  static Result run(Vertx vertx, Pool pool, String publicUrl, String consumer, Duration timeout, long postmaster) {
    forget(pool, consumer);
    long total = count(pool, "select processed from progression.feed_cursors where consumer = $1", ProgressionOptions.LIVE);
    progress(String.format("Recompute: a fresh mapper (consumer %s) reads the whole log, %,d statements", consumer, total));
    ProgressionOptions options = ProgressionOptions.defaults(publicUrl).withConsumer(consumer, false);
    long t0 = System.nanoTime();
    String deployment = vertx.deployVerticle(new MapperVerticle(pool, options)).await();
    long ns;
    CpuMeter.Used used;
    long tenthAt = 0;
    long tenth = 0;
    CpuMeter.Sample tenthCpu = null;
    try {
      long lastReport = t0;
      while (true) {
        long processed = count(pool, "select coalesce((select processed from progression.feed_cursors where consumer = $1), 0)",
            consumer);
        if (tenthAt == 0 && processed >= total / 10) {
          tenthAt = System.nanoTime();
          tenth = processed;
          tenthCpu = CpuMeter.sample(postmaster);
        }
        long dirty = count(pool, "select count(*) from progression.dirty_persons where consumer = $1", consumer);
        if (processed >= total && dirty == 0) {
          break;
        }
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          lastReport = System.nanoTime();
          progress(String.format("  recomputed %,d / %,d", processed, total));
        }
        if (System.nanoTime() - t0 > timeout.toNanos()) {
          throw new BenchException("the recompute did not finish within " + timeout);
        }
        sleep(20);
      }
      ns = System.nanoTime() - t0;
      used = CpuMeter.sample(postmaster).minus(tenthCpu);
    } finally {
      vertx.undeploy(deployment).await();
    }
    return new Result(total, ns, total - tenth, t0 + ns - tenthAt, used, count(pool, differing("mastery", MASTERY, consumer), null),
        count(pool, differing("milestones", MILESTONES, consumer), null),
        count(pool, "select count(*) from progression.mastery where consumer = $1", ProgressionOptions.LIVE),
        count(pool, "select count(*) from progression.milestones where consumer = $1", ProgressionOptions.LIVE));
  }

  /**
   * Removes what an earlier recompute under {@code consumer} left in a kept store (--recompute-only),
   * so this one starts from the beginning of the feed: its rows in every progression table, which are
   * then vacuumed.
   */
  private static void forget(Pool pool, String consumer) {
    List<String> tables = new ArrayList<>();
    pool.query("select table_name from information_schema.columns where table_schema = 'progression'"
        + " and column_name = 'consumer' order by table_name").execute().await().forEach(r -> tables.add(r.getString(0)));
    int deleted = pool.withTransaction(conn -> {
      Future<Integer> all = Future.succeededFuture(0);
      for (String table : tables) {
        all = all.compose(n -> conn.preparedQuery("delete from progression." + table + " where consumer = $1")
            .execute(Tuple.of(consumer)).map(r -> n + r.rowCount()));
      }
      return all;
    }).await();
    if (deleted > 0) {
      // what the delete left behind would otherwise be vacuumed at some moment of the run it measures
      pool.query("vacuum (analyze) " + String.join(", ", tables.stream().map(t -> "progression." + t).toList()))
          .execute().await();
    }
  }

  /** Rows of one derived table that differ between the live consumer and {@code other} (both ways). */
  private static String differing(String table, String columns, String other) {
    String live = "select " + columns + " from progression." + table + " where consumer = '" + ProgressionOptions.LIVE + "'";
    String theirs = "select " + columns + " from progression." + table + " where consumer = '" + other.replace("'", "''") + "'";
    return "select count(*) from ((" + live + " except all " + theirs + ") union all (" + theirs + " except all " + live + ")) d";
  }

  private static long count(Pool pool, String sql, String parameter) {
    return (parameter == null ? pool.query(sql).execute().await() : pool.preparedQuery(sql).execute(Tuple.of(parameter)).await())
        .iterator().next().getLong(0);
  }
}
