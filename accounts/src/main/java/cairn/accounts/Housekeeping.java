package cairn.accounts;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the accounts schema no longer needs, every few minutes: sessions that have ended
 * (idle or past their maximum age), throttle counts whose window has passed, and invitations that
 * expired unused more than 30 days ago. Idempotent, so any number of nodes may run it.
 */
public final class Housekeeping extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  static final long EVERY_MS = 5 * 60 * 1000;
  private static final String SESSIONS = """
      delete from accounts.sessions where expires <= now() or created <= now() - $1::bigint * interval '1 millisecond'""";
  private static final String THROTTLE = """
      delete from accounts.login_throttle where window_start <= now() - $1::bigint * interval '1 millisecond'
        and (locked_until is null or locked_until <= now())""";
  private static final String INVITATIONS = """
      delete from accounts.invitations where used is null and expires <= now() - interval '30 days'""";

  private final Pool pool;
  private final AccountsOptions options;
  private long timer;

  public Housekeeping(Pool pool, AccountsOptions options) {
    this.pool = pool;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(1000, EVERY_MS, id -> sweep().onFailure(e -> LOG.warn("Accounts housekeeping failed: {}",
        e.toString())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One sweep; answers how many rows went. */
  public Future<Integer> sweep() {
    return pool.preparedQuery(SESSIONS).execute(Tuple.of(options.sessionMax().toMillis()))
        .compose(s -> pool.preparedQuery(THROTTLE).execute(Tuple.of(options.lockout().toMillis()))
            .compose(t -> pool.query(INVITATIONS).execute()
                .map(i -> s.rowCount() + t.rowCount() + i.rowCount())));
  }
}
