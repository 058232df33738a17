package cairn.lrs.rights;

import cairn.lrs.audit.Audit;
import cairn.web.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Statement retention: statements stored longer ago than a period (CAIRN_RETENTION_STATEMENTS) are
 * purged from the LRS — with their index rows and the attachment contents no remaining statement
 * uses — in batches of {@value #BATCH}, each its own short transaction, so a purge never holds many
 * locks for long. A PostgreSQL advisory lock, held on one connection for the whole purge, lets one
 * node purge at a time; another that finds it taken skips its run. Each purge that removed
 * something writes one entry to the LRS's audit trail (cutoff and counts).
 *
 * <p>What the progression mapper derived from purged statements stays (levels, milestones,
 * credentials are history); a later full recompute from the log would no longer see them.
 */
public final class Retention {
  /** Statements deleted per transaction. */
  public static final int BATCH = 1000;
  /** The advisory lock's key: "cairn.retention" in ASCII, folded into a bigint. */
  static final long LOCK = 0x636169726e2e7265L;
  private static final String COUNT = "select count(*) as n, min(stored) as oldest from lrs.statements where stored < $1";
  private static final String TRY_LOCK = "select pg_try_advisory_lock($1) as locked";
  private static final String UNLOCK = "select pg_advisory_unlock($1)";
  private static final String NEXT = """
      select seq from lrs.statements where stored < $1 order by stored, seq limit $2 for update skip locked""";

  private final Pool pool;
  private final Period period;

  public Retention(Pool pool, Period period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("A retention period must be positive, not " + period);
    }
    this.pool = pool;
    this.period = period;
  }

  /** Statements stored before this instant are past the period. */
  public OffsetDateTime cutoff(Instant now) {
    return now.atOffset(ZoneOffset.UTC).minus(period);
  }

  /** What a purge now would remove: how many statements, and the oldest one's stored time. */
  public record Due(OffsetDateTime cutoff, long statements, OffsetDateTime oldest) {}

  public Future<Due> due() {
    OffsetDateTime cutoff = cutoff(Instant.now());
    return pool.preparedQuery(COUNT).execute(Tuple.of(cutoff)).map(rows -> {
      var r = rows.iterator().next();
      return new Due(cutoff, r.getLong("n"), r.getOffsetDateTime("oldest"));
    });
  }

  /** What a purge did; {@code skipped}: another node was purging, this one did nothing. */
  public record Purged(OffsetDateTime cutoff, long statements, int attachments, boolean skipped) {}

  /** Purges the statements past the period (see the class comment), audited as {@code actor}. */
  public Future<Purged> purge(String actor) {
    OffsetDateTime cutoff = cutoff(Instant.now());
    return pool.getConnection().compose(conn -> conn.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK))
        .compose(locked -> {
          if (!locked.iterator().next().getBoolean("locked")) {
            return Future.succeededFuture(new Purged(cutoff, 0, 0, true));
          }
          Set<String> shas = new LinkedHashSet<>();
          return batches(conn, cutoff, shas, 0)
              .compose(n -> StatementDeletion.orphanedAttachments(conn, shas)
                  .map(attachments -> new Purged(cutoff, n, attachments, false)))
              .compose(purged -> purged.statements() == 0 ? Future.succeededFuture(purged)
                  : Audit.record(conn, actor, "statements.purge", "retention", Json.MAPPER.createObjectNode()
                      .put("period", period.toString()).put("cutoff", cutoff.toInstant().toString())
                      .put("statements", purged.statements()).put("attachments", purged.attachments())).map(purged))
              .eventually(() -> conn.preparedQuery(UNLOCK).execute(Tuple.of(LOCK)));
        })
        .eventually(conn::close));
  }

  private Future<Long> batches(SqlConnection conn, OffsetDateTime cutoff, Set<String> shas, long done) {
    return conn.begin().compose(tx -> conn.preparedQuery(NEXT).execute(Tuple.of(cutoff, BATCH))
        .compose(rows -> {
          List<Long> seqs = new ArrayList<>();
          rows.forEach(r -> seqs.add(r.getLong("seq")));
          if (seqs.isEmpty()) {
            return Future.succeededFuture(0);
          }
          return StatementDeletion.statements(conn, seqs, shas).map(v -> seqs.size());
        })
        .compose(n -> tx.commit().map(n), e -> tx.rollback().transform(x -> Future.failedFuture(e))))
        .compose(n -> n < BATCH ? Future.succeededFuture(done + n) : batches(conn, cutoff, shas, done + n));
  }
}
