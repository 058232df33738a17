package cairn.credentials.issuing;

import cairn.credentials.Http;
import cairn.credentials.IssuerOptions;
import cairn.credentials.status.StatusChangeRefused;
import cairn.credentials.status.StatusLists;
import com.nimbusds.jose.JWSAlgorithm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the issuance outbox ({@code progression.issuance_requests}) exactly once per request, with
 * at most one credential not revoked per (person, achievement, ladder version): each round claims up
 * to a batch of rows with FOR UPDATE SKIP LOCKED, issues them and records the credentials in the same
 * transaction. A crash before commit releases the rows for the next round; a second worker skips rows
 * being worked on; the unique key settles the rest. A row that cannot become a credential is recorded in {@code credentials.failed_requests} with
 * its reason and not retried.
 */
public final class OutboxWorker {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
  static final String ACTOR = "outbox-worker";
  /** {@link #waiting} counts up to this many; the count says "at least" beyond. */
  public static final int WAITING_LIMIT = 100_000;
  /** Credentials issued, counted once their transaction committed: {@code cairn.credentials.issued}. */
  static Counter issued(String via) {
    return Counter.builder("cairn.credentials.issued").description("Credentials issued (committed)")
        .tag("via", via).register(Metrics.globalRegistry);
  }

  private static final Counter ISSUED = issued("outbox");

  private final Pool pool;
  private final Issuance issuance;
  private final StatusLists status;
  private final IssuerOptions options;

  public OutboxWorker(Pool pool, Issuance issuance, StatusLists status, IssuerOptions options) {
    this.pool = pool;
    this.issuance = issuance;
    this.status = status;
    this.options = options;
  }

  /**
   * One round: issues what the outbox holds, then revokes the credentials of requests the mapper
   * withdrew. Answers the number of rows handled (issued, found already issued, failed, revoked).
   */
  public Future<Integer> runOnce(Vertx vertx) {
    // revocations do not wait for issuance to work: a failing batch must not keep a credential valid
    return issueOnce(vertx).transform(issued -> revokeWithdrawn().compose(revoked -> issued.succeeded()
        ? Future.succeededFuture(issued.result() + revoked) : Future.failedFuture(issued.cause())));
  }

  /**
   * Revokes, audited under this worker's name with the mapper's reason, each credential whose request
   * was withdrawn because evidence behind its milestone was voided. A rival worker revoking the same
   * credential first is not an error.
   */
  private Future<Integer> revokeWithdrawn() {
    return pool.preparedQuery(IssuingSql.WITHDRAWN).execute(Tuple.of(options.batchSize())).compose(rows -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (Row row : rows) {
        java.util.UUID id = row.getUUID("id");
        String reason = row.getString("withdrawn_reason");
        done = done.compose(n -> status.change(id, StatusLists.Change.REVOKE, ACTOR, reason)
            .map(state -> {
              LOG.info("Revoked credential {}: {}", id, reason);
              return n + 1;
            })
            .recover(e -> {
              if (e instanceof StatusChangeRefused r && r.why() == StatusChangeRefused.Why.REVOKED) {
                return Future.succeededFuture(n); // a rival worker revoked it first
              }
              LOG.warn("Credential {} of a withdrawn request not revoked yet, next round tries again: {}", id, e.toString());
              return Future.succeededFuture(n);
            }));
      }
      return done;
    });
  }

  /**
   * How many outbox rows wait for a credential (up to {@link #WAITING_LIMIT}): the issuer's backlog,
   * for metrics. Reads only.
   */
  public Future<Long> waiting() {
    return pool.preparedQuery(IssuingSql.WAITING).execute(Tuple.of(WAITING_LIMIT))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** The outbox's backlog: rows waiting (up to {@link #WAITING_LIMIT}) and when the oldest was written (null: none). */
  public record Backlog(long waiting, java.time.Instant oldest) {}

  /** {@link #waiting} with the time the oldest waiting row was written, for the admin console. Reads only. */
  public Future<Backlog> backlog() {
    return pool.preparedQuery(IssuingSql.BACKLOG).execute(Tuple.of(WAITING_LIMIT)).map(rows -> {
      Row row = rows.iterator().next();
      return new Backlog(row.getLong("n"), row.getOffsetDateTime("oldest") == null ? null
          : row.getOffsetDateTime("oldest").toInstant());
    });
  }

  private Future<Integer> issueOnce(Vertx vertx) {
    int[] issued = {0};
    return pool.withTransaction(conn -> conn.preparedQuery(IssuingSql.CLAIM).execute(Tuple.of(options.batchSize()))
        .compose(rows -> {
          List<IssueRequest> requests = new ArrayList<>();
          Future<Void> failures = Future.succeededFuture();
          for (Row row : rows) {
            try {
              requests.add(request(row));
            } catch (IllegalArgumentException e) {
              long id = row.getLong("id");
              String why = e.getMessage();
              LOG.warn("Issuance request {} cannot become a credential: {}", id, why);
              failures = failures.compose(v -> conn.preparedQuery(IssuingSql.FAILED).execute(Tuple.of(id, why)).mapEmpty());
            }
          }
          int handled = rows.size();
          return failures.compose(v -> issue(vertx, conn, requests)).map(n -> {
            issued[0] = n;
            return handled;
          });
        }))
        .onSuccess(handled -> ISSUED.increment(issued[0]));
  }

  /** Answers how many credentials the requests became. */
  private Future<Integer> issue(Vertx vertx, SqlConnection conn, List<IssueRequest> requests) {
    return issuance.issue(vertx, conn, requests, JWSAlgorithm.RS256, ACTOR, null)
        .map(issued -> {
          if (!issued.isEmpty()) {
            LOG.debug("Issued {} credentials from the outbox", issued.size());
          }
          return issued.size();
        });
  }

  static IssueRequest request(Row row) {
    return new IssueRequest(row.getLong("id"), row.getString("person_id"), Http.tree(row.getString("recipient")),
        row.getString("recipient_name"), row.getString("achievement_id"), row.getString("ladder_id"),
        row.getInteger("ladder_version"), Http.tree(row.getString("achievement")), Http.tree(row.getString("evidence")),
        row.getOffsetDateTime("reached_at").toInstant(), IssuerOptions.DEFAULT_ISSUER,
        row.getOffsetDateTime("valid_until") == null ? null : row.getOffsetDateTime("valid_until").toInstant());
  }
}
