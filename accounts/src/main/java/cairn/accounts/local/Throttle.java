package cairn.accounts.local;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Throttling of failed sign-ins (OWASP Authentication Cheat Sheet, "Protect against automated
 * attacks"): failures are counted per email address and per client address within a window; a key
 * that reaches its limit is locked for the window's length, during which even the right password is
 * refused. Counted in PostgreSQL, so a lock holds on every node and across sessions; an unknown email
 * address is counted like a known one, so the answers tell nothing about which accounts exist.
 */
final class Throttle {
  private static final String FAILED = """
      insert into accounts.login_throttle as t (key, failures, window_start, locked_until)
      values ($1, 1, now(), case when $2 <= 1 then now() + $3::bigint * interval '1 millisecond' end)
      on conflict (key) do update set
        failures = case when t.window_start <= now() - $3::bigint * interval '1 millisecond' then 1
                        else t.failures + 1 end,
        window_start = case when t.window_start <= now() - $3::bigint * interval '1 millisecond' then now()
                            else t.window_start end,
        locked_until = case when (case when t.window_start <= now() - $3::bigint * interval '1 millisecond' then 1
                                       else t.failures + 1 end) >= $2
                            then now() + $3::bigint * interval '1 millisecond' else t.locked_until end""";
  private static final String LOCKED = """
      select ceil(extract(epoch from max(locked_until) - now()))::bigint as seconds
      from accounts.login_throttle where key = any($1) and locked_until > now()""";
  private static final String CLEAR = "delete from accounts.login_throttle where key = $1";
  private static final String DELETE_OLD = """
      delete from accounts.login_throttle
      where window_start <= now() - $1::bigint * interval '1 millisecond' and (locked_until is null or locked_until <= now())""";

  private final Pool pool;
  private final int perAccount;
  private final int perAddress;
  private final Duration window;

  Throttle(Pool pool, int perAccount, int perAddress, Duration window) {
    this.pool = pool;
    this.perAccount = perAccount;
    this.perAddress = perAddress;
    this.window = window;
  }

  /** The keys a sign-in attempt is counted under. */
  record Keys(String account, String address) {
    static Keys of(String email, String address) {
      return new Keys("account:" + email.toLowerCase(Locale.ROOT), address == null ? null : "address:" + address);
    }
  }

  /** How long the attempt must wait, if either key is locked. */
  Future<Optional<Duration>> locked(Keys keys) {
    List<String> list = new ArrayList<>(List.of(keys.account()));
    if (perAddress > 0 && keys.address() != null) {
      list.add(keys.address());
    }
    return pool.preparedQuery(LOCKED).execute(Tuple.of((Object) list.toArray(String[]::new))).map(rows -> {
      Row row = rows.iterator().next();
      Long seconds = row.getLong("seconds");
      return seconds == null ? Optional.<Duration>empty() : Optional.of(Duration.ofSeconds(Math.max(1, seconds)));
    });
  }

  /** Counts a failed attempt under both keys. */
  Future<Void> failed(Keys keys) {
    List<Tuple> batch = new ArrayList<>();
    batch.add(Tuple.of(keys.account(), perAccount, window.toMillis()));
    if (perAddress > 0 && keys.address() != null) {
      batch.add(Tuple.of(keys.address(), perAddress, window.toMillis()));
    }
    return pool.preparedQuery(FAILED).executeBatch(batch).mapEmpty();
  }

  /** A successful sign-in clears the account's count (not the address's: other accounts failed there). */
  Future<Void> succeeded(Keys keys) {
    return pool.preparedQuery(CLEAR).execute(Tuple.of(keys.account())).mapEmpty();
  }

  /** Deletes counts whose window has passed and that hold no lock; answers how many. */
  Future<Integer> deleteOld() {
    return pool.preparedQuery(DELETE_OLD).execute(Tuple.of(window.toMillis())).map(rows -> rows.rowCount());
  }
}
