package cairn.accounts.sessions;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vert.x web's {@link SessionStore} over a PostgreSQL table ({@code accounts.sessions}), so that any
 * node behind a load balancer serves any session and a restart signs nobody out. Vert.x ships
 * local, clustered, Redis, Infinispan and Cookie stores but none for PostgreSQL; this small class
 * is written by hand for that reason, to the contract of its {@code SessionStore} and {@code
 * SessionHandler}.
 *
 * <ul>
 *   <li>Session ids are stored only as their SHA-256 digest: a read of the table gives no one a
 *       session to use.</li>
 *   <li>A session ends after its idle timeout without a request, and at the latest
 *       {@code maxAge} after it was created (a sign-in creates a new one: the id is rotated).</li>
 *   <li>The account a session is signed in as is kept in its own column (from the data key
 *       {@link #ACCOUNT}), so that "sign out everywhere" is one delete ({@link #deleteAccount}).</li>
 *   <li>A session with nothing in it is not stored: an anonymous request leaves no row.</li>
 *   <li>A session already stored is only updated, at the version it was read (optimistic
 *       concurrency, as Vert.x's own stores do): a request that was under way when its session was
 *       ended (sign-out, sign-out everywhere, expiry) cannot bring it back.</li>
 *   <li>A read waits for a write of the same session still under way in this process: Vert.x's
 *       {@code SessionHandler} stores a session while the answer is already on its way, so a client's
 *       next request (the CSRF token just handed out, say) could otherwise read the session as it was.
 *       Across nodes the write is usually long done by then; a client that moves to another node in
 *       that instant may have to retry its change (a 403 asking for a fresh token).</li>
 * </ul>
 */
public final class PgSessionStore implements SessionStore {
  /** The session data key holding the signed-in account's id. */
  public static final String ACCOUNT = "cairn.account";

  private static final String GET = """
      select data::text as data, version, extract(epoch from last_accessed) * 1000 as last_accessed,
             extract(epoch from expires - last_accessed) * 1000 as timeout
      from accounts.sessions
      where id_hash = $1 and expires > now() and created > now() - $2::bigint * interval '1 millisecond'""";
  private static final String INSERT = """
      insert into accounts.sessions (id_hash, account_id, data, version, last_accessed, expires)
      values ($1, $2, $3::text::jsonb, $4, now(), now() + $5::bigint * interval '1 millisecond')
      on conflict (id_hash) do nothing""";
  private static final String UPDATE = """
      update accounts.sessions set account_id = $2, data = $3::text::jsonb, version = $4, last_accessed = now(),
        expires = now() + $5::bigint * interval '1 millisecond'
      where id_hash = $1 and version = $4 - 1 and expires > now()""";
  private static final String DELETE = "delete from accounts.sessions where id_hash = $1";
  private static final String DELETE_ACCOUNT = "delete from accounts.sessions where account_id = $1";
  /** Writes under way in this process, by session id (every store instance, every event loop). */
  private static final Map<String, Future<Void>> WRITING = new ConcurrentHashMap<>();
  private final Pool pool;
  private final VertxContextPRNG prng;
  private final Duration maxAge;

  public PgSessionStore(Vertx vertx, Pool pool, Duration maxAge) {
    this.pool = pool;
    this.prng = VertxContextPRNG.current(vertx);
    this.maxAge = maxAge;
  }

  @Override
  public SessionStore init(Vertx vertx, JsonObject options) {
    return this;
  }

  /** No retry: PostgreSQL answers what is committed, there is nothing to wait for. */
  @Override
  public long retryTimeout() {
    return 0;
  }

  @Override
  public Session createSession(long timeout) {
    return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
  }

  @Override
  public Session createSession(long timeout, int length) {
    return new PgSession(prng, timeout, length);
  }

  @Override
  public Future<Session> get(String id) {
    Future<Void> writing = WRITING.get(id);
    if (writing == null) {
      return read(id);
    }
    // read on this request's own context, whichever event loop completes the write
    Context context = Vertx.currentContext();
    Promise<Session> read = Promise.promise();
    writing.onComplete(done -> {
      if (context == null) {
        read(id).onComplete(read);
      } else {
        context.runOnContext(v -> read(id).onComplete(read));
      }
    });
    return read.future();
  }

  private Future<Session> read(String id) {
    return pool.preparedQuery(GET).execute(Tuple.of(digest(id), maxAge.toMillis()))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new PgSession(prng, id, row.getNumeric("timeout").longValue(),
              row.getNumeric("last_accessed").longValue(), row.getInteger("version"),
              new JsonObject(row.getString("data")));
        });
  }

  @Override
  public Future<Void> delete(String id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(digest(id))).mapEmpty();
  }

  @Override
  public Future<Void> put(Session stored) {
    PgSession session = (PgSession) stored;
    if (session.isEmpty()) {
      // nothing to remember: no row (and none left behind if its last value was just removed)
      return session.version() == 0 && !session.isRegenerated() ? Future.succeededFuture() : delete(session.id());
    }
    JsonObject data;
    try {
      data = session.json();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Object account = data.getValue(ACCOUNT);
    Tuple values = Tuple.of(digest(session.id()), account == null ? null : UUID.fromString(account.toString()),
        data.encode(), session.version() + 1, session.timeout());
    boolean fresh = session.version() == 0 || session.isRegenerated();
    Future<Void> write = pool.preparedQuery(fresh ? INSERT : UPDATE).execute(values).mapEmpty();
    WRITING.put(session.id(), write);
    return write.onComplete(done -> WRITING.remove(session.id(), write));
  }

  /** Ends every session of an account (sign out everywhere); answers how many there were. */
  public Future<Integer> deleteAccount(UUID account) {
    return pool.preparedQuery(DELETE_ACCOUNT).execute(Tuple.of(account)).map(rows -> rows.rowCount());
  }

  @Override
  public Future<Void> clear() {
    return pool.query("delete from accounts.sessions").execute().mapEmpty();
  }

  @Override
  public Future<Integer> size() {
    return pool.query("select count(*) as n from accounts.sessions where expires > now()").execute()
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }

  @Override
  public void close() {
    // the pool belongs to the application
  }

  static Buffer digest(String id) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
