package cairn.credentials.sharing;

import cairn.credentials.IssuerOptions;
import cairn.credentials.audit.Audit;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Share links: a random 256-bit token per link (unguessable), of which only the SHA-256 is stored;
 * links are revocable one by one, and creating or revoking one is audited.
 */
public final class Shares {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Pool pool;
  private final IssuerOptions options;

  /**
   * A credential behind a live share link: its VC-JWT and its Data Integrity form (JSON; either null when
   * its issuer profile does not issue that form), the credential's row ({@code state}: revoked, suspended
   * and why), the link's id and whether its owner lets search engines list its page.
   */
  public record Shared(UUID credentialId, String jwt, String dataIntegrity, Row state, UUID shareId, boolean indexable) {
    /** The credential as a link serves it: the VC-JWT, or for a credential issued in the Data Integrity form only, that. */
    public String credential() {
      return jwt != null ? jwt : dataIntegrity;
    }
  }

  public Shares(Pool pool, IssuerOptions options) {
    this.pool = pool;
    this.options = options;
  }

  public String url(String token) {
    return options.publicUrl() + "/credentials/share/" + token;
  }

  public Future<ObjectNode> create(UUID credentialId, String actor) {
    return create(credentialId, null, actor);
  }

  /**
   * A new share link for {@code credentialId}; with {@code personId}, only if the credential is that
   * person's (else the same 404 as for no credential: whose a credential is does not leak).
   */
  public Future<ObjectNode> create(UUID credentialId, String personId, String actor) {
    return create(credentialId, personId, null, false, actor);
  }

  /**
   * {@link #create(UUID, String, String)}, only for a person's own credential, of a link that may name
   * whom it is for — {@code sharedWith}, a reviewer's sign-in address (kept in lower case), who then
   * finds it among the credentials shared with them; null for a link shared only by whoever holds it —
   * and whose page search engines may list ({@code indexable}).
   */
  public Future<ObjectNode> create(UUID credentialId, String personId, String sharedWith, boolean indexable,
      String actor) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Buffer digest = Buffer.buffer(sha256(token));
    return pool.withTransaction(conn -> (personId == null
            ? conn.preparedQuery(ShareSql.INSERT).execute(Tuple.of(credentialId, digest))
            : conn.preparedQuery(ShareSql.INSERT_MINE).execute(Tuple.of(credentialId, digest, personId, sharedWith,
                indexable)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("No credential with that id."));
          }
          UUID shareId = rows.iterator().next().getUUID("id");
          ObjectNode detail = Json.MAPPER.createObjectNode().put("shareId", shareId.toString());
          ObjectNode answer = Json.MAPPER.createObjectNode().put("id", shareId.toString()).put("token", token)
              .put("url", url(token));
          if (sharedWith != null) {
            detail.put("sharedWith", sharedWith);
            answer.put("sharedWith", sharedWith);
          }
          return Audit.record(conn, actor, "share", credentialId, null, detail).map(v -> answer);
        }));
  }

  public Future<ArrayNode> list(UUID credentialId) {
    return pool.preparedQuery(ShareSql.LIST).execute(Tuple.of(credentialId)).map(rows -> {
      ArrayNode list = Json.MAPPER.createArrayNode();
      rows.forEach(row -> {
        ObjectNode o = list.addObject().put("id", row.getUUID("id").toString())
            .put("created", row.getOffsetDateTime("created").toInstant().toString());
        if (row.getOffsetDateTime("revoked") != null) {
          o.put("revoked", row.getOffsetDateTime("revoked").toInstant().toString());
        }
      });
      return list;
    });
  }

  /**
   * Every share link of a person's credentials, newest last: {@code id}, {@code credential},
   * {@code created}, {@code sharedWith} (when it names a reviewer), {@code revoked} (when it was),
   * {@code opened} (how often its page or credential was fetched), {@code firstOpened} and
   * {@code lastOpened} (when), {@code indexable}.
   */
  public Future<ArrayNode> listOf(String personId) {
    return pool.preparedQuery(ShareSql.LIST_MINE).execute(Tuple.of(personId)).map(rows -> {
      ArrayNode list = Json.MAPPER.createArrayNode();
      rows.forEach(row -> {
        ObjectNode o = list.addObject().put("id", row.getUUID("id").toString())
            .put("credential", "urn:uuid:" + row.getUUID("credential_id"))
            .put("created", row.getOffsetDateTime("created").toInstant().toString());
        if (row.getString("shared_with") != null) {
          o.put("sharedWith", row.getString("shared_with"));
        }
        if (row.getOffsetDateTime("revoked") != null) {
          o.put("revoked", row.getOffsetDateTime("revoked").toInstant().toString());
        }
        o.put("opened", row.getInteger("opened_count")).put("indexable", row.getBoolean("indexable"));
        if (row.getOffsetDateTime("first_opened") != null) {
          o.put("firstOpened", row.getOffsetDateTime("first_opened").toInstant().toString())
              .put("lastOpened", row.getOffsetDateTime("last_opened").toInstant().toString());
        }
      });
      return list;
    });
  }

  /** Revokes a live share link of one of a person's credentials; a 404 for any other (or none). */
  public Future<Void> revokeOf(String personId, UUID shareId, String actor) {
    return pool.withTransaction(conn -> conn.preparedQuery(ShareSql.REVOKE_MINE).execute(Tuple.of(shareId, personId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("You have no live share link with that id."))
            : Audit.record(conn, actor, "unshare", rows.iterator().next().getUUID("credential_id"), null,
                Json.MAPPER.createObjectNode().put("shareId", shareId.toString()))));
  }

  public Future<Void> revoke(UUID credentialId, UUID shareId, String actor) {
    return pool.withTransaction(conn -> conn.preparedQuery(ShareSql.REVOKE).execute(Tuple.of(shareId, credentialId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("No live share link with that id for this credential."))
            : Audit.record(conn, actor, "unshare", credentialId, null,
                Json.MAPPER.createObjectNode().put("shareId", shareId.toString()))));
  }

  public Future<Optional<Shared>> resolve(String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(ShareSql.RESOLVE).execute(Tuple.of(Buffer.buffer(sha256(token)))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Shared(row.getUUID("id"), row.getString("jwt"), row.getString("data_integrity"), row,
          row.getUUID("share_id"),
          row.getBoolean("indexable")));
    });
  }

  /** Records that a share link was opened (when, how often), for its owner to see. */
  public Future<Void> opened(UUID shareId) {
    return pool.preparedQuery(ShareSql.OPENED).execute(Tuple.of(shareId)).mapEmpty();
  }

  /** The token inside a share URL, or the text itself. */
  public static String token(String urlOrToken) {
    String s = urlOrToken.trim();
    int at = s.lastIndexOf("/credentials/share/");
    return at >= 0 ? s.substring(at + "/credentials/share/".length()).replaceAll("[?#].*$", "") : s;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
