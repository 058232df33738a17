package cairn.credentials.obapi;

import cairn.credentials.audit.Audit;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.BasicCredentials;
import cairn.web.auth.Caller;
import cairn.web.auth.OAuthException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Open Badges API's authorization server state in PostgreSQL: registered clients, people's grants
 * (consents), authorization codes and tokens — every secret of them kept only as a SHA-256 digest
 * ({@link Secrets}). Codes are used once, within {@link #CODE_TTL}, and bound to their client, redirect
 * URI and PKCE challenge (RFC 7636 S256); a code used twice revokes the tokens it gave (RFC 6749
 * §4.1.2). Refresh tokens rotate: each is used once and gives a new access and refresh token. Revoking
 * a grant ends its tokens at once (access tokens are looked up on every request, never cached).
 */
final class ObStore {
  /** OB 3.0 §7.1.2 recommends 10 minutes for a code. */
  static final Duration CODE_TTL = Duration.ofMinutes(10);
  /** OB 3.0 §7.1.2 recommends an hour for an access token. */
  static final Duration ACCESS_TTL = Duration.ofHours(1);
  /** A refresh token unused this long lapses; the person's consent stays until they revoke it. */
  static final Duration REFRESH_TTL = Duration.ofDays(90);
  /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  record Client(String id, String name, List<String> redirectUris, List<String> scopes, JsonNode metadata) {}

  /** What an access token lets its bearer read, about whom. */
  record Access(List<String> scopes, String personId, String name, String email) {}

  record Tokens(String access, String refresh, List<String> scopes) {}

  /** A live grant as its person sees it. */
  record Grant(UUID id, String clientName, String clientUri, List<String> scopes, Instant created) {}

  private final Pool pool;

  ObStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Registers a client (RFC 7591 §3.2.1): a new id and secret, the secret answered this once. Audited
   * as {@code client.register}.
   */
  Future<ObjectNode> register(Registration registration) {
    String id = Secrets.random(16);
    String secret = Secrets.token();
    return pool.withTransaction(conn -> conn.preparedQuery(ObSql.INSERT_CLIENT)
        .execute(Tuple.of(id, Buffer.buffer(Secrets.sha256(secret)), registration.clientName(),
            registration.redirectUris().toArray(String[]::new), registration.scopes().toArray(String[]::new),
            registration.metadata().toString()))
        .compose(rows -> Audit.record(conn, "ob-client:" + id, "client.register", null, null,
                Json.MAPPER.createObjectNode().put("clientId", id).put("clientName", registration.clientName())
                    .put("softwareId", registration.metadata().path("software_id").asText()))
            .map(v -> {
              ObjectNode answer = Json.MAPPER.createObjectNode();
              answer.put("client_id", id);
              answer.put("client_secret", secret);
              answer.put("client_id_issued_at", rows.iterator().next().getLong("issued_at"));
              answer.put("client_secret_expires_at", 0);
              answer.setAll(registration.metadata());
              return answer;
            })));
  }

  Future<Optional<Client>> client(String id) {
    if (!Secrets.plausible(id, 64)) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(ObSql.CLIENT).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      return Optional.of(client(rows.iterator().next()));
    });
  }

  private static Client client(Row row) {
    return new Client(row.getString("id"), row.getString("client_name"), List.of(row.getArrayOfStrings("redirect_uris")),
        List.of(row.getArrayOfStrings("scopes")), Json.tree(row.getString("metadata")));
  }

  /** The client of HTTP Basic credentials (OB 3.0 §7.1.2: client_secret_basic); else {@code invalid_client}. */
  Future<Client> authenticate(BasicCredentials credentials) {
    return pool.preparedQuery(ObSql.CLIENT).execute(Tuple.of(credentials.key())).map(rows -> {
      byte[] given = Secrets.sha256(credentials.secret());
      if (rows.size() == 0 || !MessageDigest.isEqual(rows.iterator().next().getBuffer("secret_sha256").getBytes(), given)) {
        throw OAuthException.invalidClient("Unknown client or wrong secret: send the client_id and client_secret of "
            + "the registration with HTTP Basic.");
      }
      return client(rows.iterator().next());
    });
  }

  /**
   * Records the person's consent for {@code client} (one live grant per client and account, brought up
   * to date) and answers a new authorization code for it. Audited as {@code consent.grant}.
   */
  Future<String> consent(Client client, Caller caller, String personId, List<String> scopes, String redirectUri,
      String codeChallenge) {
    String code = Secrets.token();
    String actor = "account:" + caller.accountId();
    return pool.withTransaction(conn -> conn.preparedQuery(ObSql.UPSERT_GRANT)
        .execute(Tuple.of(client.id(), caller.accountId(), personId, caller.displayName(), caller.email(),
            scopes.toArray(String[]::new)))
        .compose(rows -> {
          UUID grant = rows.iterator().next().getUUID("id");
          return conn.preparedQuery(ObSql.INSERT_CODE)
              .execute(Tuple.of(Buffer.buffer(Secrets.sha256(code)), grant, redirectUri, codeChallenge,
                  scopes.toArray(String[]::new), (double) CODE_TTL.toSeconds()))
              .compose(v -> Audit.record(conn, actor, "consent.grant", null, null, Json.MAPPER.createObjectNode()
                  .put("grant", grant.toString()).put("clientId", client.id()).put("clientName", client.name())
                  .put("scope", String.join(" ", scopes))));
        })
        .map(code));
  }

  /**
   * The authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.6): the code must be this client's,
   * unused, unexpired, of this redirect URI and match the verifier; else {@code invalid_grant}.
   */
  Future<Tokens> exchange(Client client, String code, String redirectUri, String verifier, List<String> scope) {
    if (!Secrets.plausible(code, 64)) {
      return Future.failedFuture(OAuthException.invalidGrant("Unknown authorization code."));
    }
    if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
      return Future.failedFuture(OAuthException.invalidGrant("code_verifier is required: the PKCE verifier "
          + "(RFC 7636 §4.1, 43 to 128 characters) whose S256 challenge the authorization request carried."));
    }
    byte[] digest = Secrets.sha256(code);
    // taken in a statement of its own: a failed attempt (wrong verifier, other redirect URI) spends the code too
    return pool.preparedQuery(ObSql.TAKE_CODE).execute(Tuple.of(Buffer.buffer(digest)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return refusedCode(pool, digest);
          }
          Row row = rows.iterator().next();
          if (!client.id().equals(row.getString("client_id"))) {
            return Future.failedFuture(OAuthException.invalidGrant("This authorization code was issued to another client."));
          }
          if (!row.getString("redirect_uri").equals(redirectUri)) {
            return Future.failedFuture(OAuthException.invalidGrant("redirect_uri must be the one of the authorization "
                + "request (RFC 6749 §4.1.3)."));
          }
          if (!challenge(verifier).equals(row.getString("code_challenge"))) {
            return Future.failedFuture(OAuthException.invalidGrant("code_verifier does not match the code_challenge "
                + "of the authorization request (RFC 7636 §4.6, S256)."));
          }
          List<String> granted = List.of(row.getArrayOfStrings("scopes"));
          List<String> scopes = narrowed(granted, scope);
          return pool.withTransaction(conn -> tokens(conn, row.getUUID("grant_id"), digest, scopes));
        })
        .recover(e -> e instanceof CodeReused
            ? pool.preparedQuery(ObSql.REVOKE_BY_CODE).execute(Tuple.of(Buffer.buffer(digest)))
                .compose(v -> Future.failedFuture(OAuthException.invalidGrant("This authorization code was used "
                    + "already; the tokens it gave are revoked (RFC 6749 §4.1.2). Ask the person again.")))
            : Future.failedFuture(e));
  }

  /** A code presented a second time. */
  private static final class CodeReused extends RuntimeException {
    CodeReused() {
      super(null, null, false, false);
    }
  }

  /** A code that could not be taken: why (a second use is {@link CodeReused}). */
  private Future<Tokens> refusedCode(SqlClient conn, byte[] digest) {
    return conn.preparedQuery(ObSql.CODE_STATE).execute(Tuple.of(Buffer.buffer(digest))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(OAuthException.invalidGrant("Unknown authorization code."));
      }
      Row state = rows.iterator().next();
      if (state.getBoolean("used")) {
        return Future.failedFuture(new CodeReused());
      }
      if (state.getBoolean("revoked")) {
        return Future.failedFuture(OAuthException.invalidGrant("The person revoked this consent."));
      }
      return Future.failedFuture(OAuthException.invalidGrant("This authorization code expired (after "
          + CODE_TTL.toMinutes() + " minutes). Ask the person again."));
    });
  }

  /** The refresh token grant (RFC 6749 §6): the token is used once and replaced. */
  Future<Tokens> refresh(Client client, String refreshToken, List<String> scope) {
    if (!Secrets.plausible(refreshToken, 64)) {
      return Future.failedFuture(OAuthException.invalidGrant("Unknown refresh token."));
    }
    return pool.withTransaction(conn -> conn.preparedQuery(ObSql.TAKE_REFRESH)
        .execute(Tuple.of(Buffer.buffer(Secrets.sha256(refreshToken))))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(OAuthException.invalidGrant("Unknown, used, expired or revoked refresh token."));
          }
          Row row = rows.iterator().next();
          if (!client.id().equals(row.getString("client_id"))) {
            return Future.failedFuture(OAuthException.invalidGrant("This refresh token was issued to another client."));
          }
          return tokens(conn, row.getUUID("grant_id"), row.getBuffer("code_sha256").getBytes(),
              narrowed(List.of(row.getArrayOfStrings("scopes")), scope));
        }));
  }

  /** The scopes asked for at the token endpoint, each granted; or all granted when none were asked. */
  private static List<String> narrowed(List<String> granted, List<String> asked) {
    if (asked == null) {
      return granted;
    }
    List<String> kept = new ArrayList<>();
    for (String scope : asked) {
      if (!granted.contains(scope) && !ObScopes.KNOWN.contains(scope)) {
        throw OAuthException.invalidScope("Unknown scope '" + scope + "'.");
      }
      if (granted.contains(scope)) {
        kept.add(scope);
      } else if (ObScopes.GRANTABLE.contains(scope)) {
        throw OAuthException.invalidScope("The person did not grant " + scope + " (RFC 6749 §6).");
      }
    }
    if (!ObScopes.readsSomething(kept)) {
      throw OAuthException.invalidScope("Ask for scopes the person granted: " + String.join(" ", granted) + ".");
    }
    return kept;
  }

  private Future<Tokens> tokens(SqlClient conn, UUID grant, byte[] code, List<String> scopes) {
    String access = Secrets.token();
    String refresh = Secrets.token();
    String[] scopeArray = scopes.toArray(String[]::new);
    return conn.preparedQuery(ObSql.INSERT_TOKEN).executeBatch(List.of(
            Tuple.of(Buffer.buffer(Secrets.sha256(access)), "access", grant, Buffer.buffer(code), scopeArray,
                (double) ACCESS_TTL.toSeconds()),
            Tuple.of(Buffer.buffer(Secrets.sha256(refresh)), "refresh", grant, Buffer.buffer(code), scopeArray,
                (double) REFRESH_TTL.toSeconds())))
        .compose(v -> conn.query(ObSql.SWEEP).execute())
        .map(v -> new Tokens(access, refresh, scopes));
  }

  /** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The grant behind a live access token, if it is one. */
  Future<Optional<Access>> access(String token) {
    return pool.preparedQuery(ObSql.ACCESS).execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Access(Arrays.asList(row.getArrayOfStrings("scopes")), row.getString("person_id"),
          row.getString("name"), row.getString("email")));
    });
  }

  /** The account's live grants, newest first. */
  Future<List<Grant>> grantsOf(String accountId) {
    return pool.preparedQuery(ObSql.GRANTS_OF).execute(Tuple.of(accountId)).map(rows -> {
      List<Grant> grants = new ArrayList<>();
      for (Row row : rows) {
        JsonNode metadata = Json.tree(row.getString("metadata"));
        grants.add(new Grant(row.getUUID("id"), row.getString("client_name"), metadata.path("client_uri").asText(null),
            List.of(row.getArrayOfStrings("scopes")), row.getOffsetDateTime("created").toInstant()));
      }
      return grants;
    });
  }

  /**
   * Revokes one of the account's live grants and every token of it, audited as {@code consent.revoke};
   * a 404 for a grant that is not the account's or not live.
   */
  Future<Void> revoke(String accountId, UUID grant) {
    return pool.withTransaction(conn -> conn.preparedQuery(ObSql.REVOKE_GRANT).execute(Tuple.of(grant, accountId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("You have no live grant with that id."));
          }
          String client = rows.iterator().next().getString("client_id");
          return conn.preparedQuery(ObSql.REVOKE_GRANT_TOKENS).execute(Tuple.of(grant))
              .compose(v -> Audit.record(conn, "account:" + accountId, "consent.revoke", null, null,
                  Json.MAPPER.createObjectNode().put("grant", grant.toString()).put("clientId", client)));
        }));
  }
}
