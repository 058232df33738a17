package cairn.lrs.auth;

import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import cairn.web.auth.TokenAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.0 access tokens of API credentials (the client credentials grant, RFC 6749 §4.4) in
 * {@code lrs.access_tokens}. A token is 256 random bits, shown once and kept only as its SHA-256
 * digest: the table opens nothing if it is read. Tokens are opaque rather than signed JWTs, so
 * revoking a credential ends its tokens at once (each lookup joins the credential) and there is no
 * signing key to keep, rotate or leak; the price, one indexed lookup, is paid once per cache period.
 *
 * <p>Valid tokens are cached for {@link #CACHE_MILLIS} per digest, as {@link CredentialStore} caches
 * Basic credentials, so the hot path does no query; a revocation takes effect at once on the node
 * that performed it ({@link #forget}) and within {@link #CACHE_MILLIS} elsewhere. The cache is a plain
 * map bounded by a sweep of stale entries at {@link #MAX_CACHED}: a few lines, where a cache library
 * would be a new dependency for one map. Expired rows are deleted a batch at a time as new tokens
 * are issued, so the table holds about the tokens still valid and needs no timer.
 */
public final class TokenStore implements TokenAuthenticator {
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  static final long CACHE_MILLIS = CredentialStore.CACHE_MILLIS;
  static final int MAX_CACHED = 10_000;

  private final Pool pool;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Credential credential, long expiresAt, long loadedAt) {}

  /** A newly issued token, shown once, with the scopes it carries and its lifetime in seconds. */
  public record Issued(String token, Set<Scope> scopes, long expiresIn) {
    /** Never prints the token. */
    @Override
    public String toString() {
      return "Issued[scopes=" + scopes + ", expiresIn=" + expiresIn + "]";
    }
  }

  TokenStore(Pool pool, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a token lifetime must be positive");
    }
    this.pool = pool;
    this.ttl = ttl;
  }

  /** Issues a token for an authenticated, active credential, carrying {@code scopes} (all granted by it). */
  public Future<Issued> issue(Credential credential, Set<Scope> scopes) {
    String token = CredentialStore.random(32);
    String[] scopeNames = scopes.stream().map(Scope::wireName).toArray(String[]::new);
    return pool.preparedQuery(ISSUE)
        .execute(Tuple.of(Buffer.buffer(CredentialStore.sha256(token)), credential.key(), (Object) scopeNames,
            ttl.toSeconds()))
        .map(rows -> new Issued(token, scopes, ttl.toSeconds()));
  }

  private static final String ISSUE = """
      with expired as (
        delete from lrs.access_tokens where token_sha256 in (
          select token_sha256 from lrs.access_tokens where expires_at < now() limit 100 for update skip locked))
      insert into lrs.access_tokens (token_sha256, credential_key, scopes, expires_at)
      values ($1, $2, $3, now() + $4::bigint * interval '1 second')""";

  /** The credential of a token, with the token's scopes, if it is known, not expired and not revoked. */
  @Override
  public Future<Optional<Credential>> authenticate(String token) {
    byte[] digest = CredentialStore.sha256(token);
    String id = Base64.getEncoder().encodeToString(digest);
    long now = System.currentTimeMillis();
    Cached cached = cache.get(id);
    if (cached != null && now - cached.loadedAt < CACHE_MILLIS) {
      return Future.succeededFuture(now < cached.expiresAt ? Optional.of(cached.credential) : Optional.empty());
    }
    return pool.preparedQuery(LOOKUP)
        .execute(Tuple.of(Buffer.buffer(digest)))
        .map(rows -> {
          if (rows.size() == 0) {
            cache.remove(id);
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          Credential credential = CredentialStore.credential(row);
          Credential narrowed = credential.withScopes(granted(credential, row.getArrayOfStrings("token_scopes")));
          long loaded = System.currentTimeMillis();
          remember(id, new Cached(narrowed, loaded + row.getLong("remaining_ms"), loaded));
          return Optional.of(narrowed);
        });
  }

  // expires_at is compared with the database's clock, and only the time remaining comes back, so a
  // node's clock does not change how long a token lives
  private static final String LOOKUP = """
      select c.key, c.name, c.scopes, c.created, c.revoked, t.scopes as token_scopes,
             (extract(epoch from t.expires_at - now()) * 1000)::bigint as remaining_ms
      from lrs.access_tokens t join lrs.credentials c on c.key = t.credential_key
      where t.token_sha256 = $1 and t.expires_at > now() and c.revoked is null""";

  /** The token's scopes that its credential still grants (scopes are set when the token is issued). */
  private static Set<Scope> granted(Credential credential, String[] tokenScopes) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : tokenScopes) {
      Scope.fromWire(name).filter(credential::grants).ifPresent(scopes::add);
    }
    return scopes;
  }

  private void remember(String id, Cached entry) {
    if (cache.size() >= MAX_CACHED) {
      long now = System.currentTimeMillis();
      cache.values().removeIf(c -> now - c.loadedAt >= CACHE_MILLIS);
      if (cache.size() >= MAX_CACHED) {
        return; // all fresh: these lookups go to the database until entries age
      }
    }
    cache.put(id, entry);
  }

  /** Drops the cached tokens of a credential just revoked on this node. */
  void forget(String credentialKey) {
    cache.values().removeIf(c -> c.credential.key().equals(credentialKey));
  }

  /** How long a newly issued token lives. */
  public Duration ttl() {
    return ttl;
  }
}
