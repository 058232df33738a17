package cairn.lrs.auth;

import cairn.lrs.audit.Audit;
import cairn.web.AuditTrail;
import cairn.web.Json;
import cairn.web.auth.Authenticator;
import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API credentials in {@code lrs.credentials}. Keys and secrets are random 192/256-bit values, so a
 * SHA-256 digest compared in constant time is the right protection: a slow password hash would add
 * milliseconds to every request and buy nothing against brute force of a 256-bit secret.
 *
 * <p>Lookups are cached for a few seconds per key, so the hot path does no query; a revocation takes
 * effect at once on the node that performed it and within {@link #CACHE_MILLIS} elsewhere, for the
 * credential and for the access tokens issued to it ({@link #tokens}).
 */
public final class CredentialStore implements Authenticator {
  static final long CACHE_MILLIS = 5_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final TokenStore tokens;

  private record Cached(Credential credential, byte[] digest, long loadedAt) {}

  /** A newly created credential with its secret, shown once. */
  public record Created(Credential credential, String secret) {}

  public CredentialStore(Pool pool) {
    this(pool, TokenStore.DEFAULT_TTL);
  }

  /** With access tokens that live {@code tokenTtl}. */
  /** The audit trail of credentials, backups and restores ({@code lrs.audit}), for {@code GET /api/v1/credentials/audit}. */
  public AuditTrail auditTrail() {
    return new AuditTrail(pool, "select id, at, actor, action, subject, detail::text as detail from lrs.audit "
        + "where id < $1 order by id desc limit $2");
  }

  public CredentialStore(Pool pool, Duration tokenTtl) {
    this.pool = pool;
    this.tokens = new TokenStore(pool, tokenTtl);
  }

  /** The OAuth 2.0 access tokens of these credentials. */
  public TokenStore tokens() {
    return tokens;
  }

  /** The credential for a key and secret, if the pair is valid and not revoked. */
  @Override
  public Future<Optional<Credential>> authenticate(String key, String secret) {
    Cached cached = cache.get(key);
    if (cached != null && System.currentTimeMillis() - cached.loadedAt < CACHE_MILLIS) {
      return Future.succeededFuture(check(cached, secret));
    }
    return pool.preparedQuery(
            "select key, name, scopes, created, revoked, secret_sha256 from lrs.credentials where key = $1")
        .execute(Tuple.of(key))
        .map(rows -> {
          if (rows.size() == 0) {
            cache.remove(key);
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          Cached loaded = new Cached(credential(row), row.getBuffer("secret_sha256").getBytes(),
              System.currentTimeMillis());
          cache.put(key, loaded);
          return check(loaded, secret);
        });
  }

  private static Optional<Credential> check(Cached cached, String secret) {
    boolean matches = MessageDigest.isEqual(cached.digest, sha256(secret));
    return matches && cached.credential.active() ? Optional.of(cached.credential) : Optional.empty();
  }

  /**
   * Creates a credential, audited as {@code actor}; a null key or secret is generated. A key that
   * exists already (revoked ones included: keys are never reused) fails with SQLSTATE 23505.
   */
  public Future<Created> create(String name, Set<Scope> scopes, String key, String secret, String actor) {
    String k = key != null ? key : random(24);
    String s = secret != null ? secret : random(32);
    String[] scopeNames = scopes.stream().map(Scope::wireName).toArray(String[]::new);
    return pool.withTransaction(conn -> conn.preparedQuery(
            "insert into lrs.credentials (key, secret_sha256, name, scopes) values ($1, $2, $3, $4) "
                + "returning key, name, scopes, created, revoked")
        .execute(Tuple.of(k, io.vertx.core.buffer.Buffer.buffer(sha256(s)), name, (Object) scopeNames))
        .compose(rows -> Audit.record(conn, actor, "credential.create", k, detail(name, scopeNames))
            .map(v -> new Created(credential(rows.iterator().next()), s))));
  }

  /**
   * Creates the bootstrap credential with scope {@code all} unless that key already exists (audited
   * as {@code bootstrap} when it is created).
   */
  public Future<Boolean> ensure(String name, String key, String secret) {
    String[] scopes = {Scope.ALL.wireName()};
    return pool.withTransaction(conn -> conn.preparedQuery(
            "insert into lrs.credentials (key, secret_sha256, name, scopes) values ($1, $2, $3, $4) "
                + "on conflict (key) do nothing")
        .execute(Tuple.of(key, io.vertx.core.buffer.Buffer.buffer(sha256(secret)), name, (Object) scopes))
        .compose(rows -> rows.rowCount() == 1
            ? Audit.record(conn, "bootstrap", "credential.create", key, detail(name, scopes)).map(true)
            : Future.succeededFuture(false)));
  }

  private static ObjectNode detail(String name, String[] scopes) {
    ObjectNode detail = Json.MAPPER.createObjectNode().put("name", name);
    ArrayNode list = detail.putArray("scopes");
    for (String scope : scopes) {
      list.add(scope);
    }
    return detail;
  }

  public Future<List<Credential>> list() {
    return pool.query("select key, name, scopes, created, revoked from lrs.credentials order by created, key")
        .execute()
        .map(rows -> {
          List<Credential> list = new java.util.ArrayList<>();
          rows.forEach(row -> list.add(credential(row)));
          return list;
        });
  }

  /** What a revocation did. */
  public enum Revocation { REVOKED, NOT_FOUND, LAST_ADMIN }

  /**
   * Revokes a credential (audited as {@code actor}), unless it is the last active one with scope {@code all}: with none left,
   * nobody could use the admin API again (the bootstrap variables only create a key that does not
   * exist yet). The active {@code all} credentials are locked first, so two concurrent revocations
   * cannot each leave the other as the last and remove both.
   */
  public Future<Revocation> revoke(String key, String actor) {
    return pool.withTransaction(conn -> conn.preparedQuery(ADMINS_FOR_UPDATE).execute()
        .compose(admins -> {
          boolean admin = false;
          for (Row row : admins) {
            admin |= row.getString("key").equals(key);
          }
          if (admin && admins.size() == 1) {
            return Future.succeededFuture(Revocation.LAST_ADMIN);
          }
          return conn.preparedQuery("update lrs.credentials set revoked = now() where key = $1 and revoked is null")
              .execute(Tuple.of(key))
              .compose(rows -> rows.rowCount() == 1
                  ? Audit.record(conn, actor, "credential.revoke", key, null).map(Revocation.REVOKED)
                  : Future.succeededFuture(Revocation.NOT_FOUND));
        }))
        .onSuccess(done -> {
          cache.remove(key);
          tokens.forget(key);
        });
  }

  private static final String ADMINS_FOR_UPDATE = """
      select key from lrs.credentials where revoked is null and 'all' = any(scopes) order by key for update""";

  static Credential credential(Row row) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : row.getArrayOfStrings("scopes")) {
      Scope.fromWire(name).ifPresent(scopes::add);
    }
    OffsetDateTime revoked = row.getOffsetDateTime("revoked");
    return new Credential(row.getString("key"), row.getString("name"), scopes,
        row.getOffsetDateTime("created").toInstant(), revoked == null ? null : revoked.toInstant());
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

}
