package cairn.credentials.rights;

import cairn.credentials.audit.Audit;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.sharing.Shares;
import cairn.credentials.status.StatusLists;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the credential issuer holds about one person (by the directory's person id), for the right of
 * access (export) and the right to erasure (GDPR art. 15, 17): the credentials issued to them and
 * their share links.
 *
 * <p>Erasure revokes every credential not revoked yet through the issuer's revocation (reason
 * {@value #REASON}, audited, the status list's bit set: a verifier sees it revoked), deletes the share
 * links, the wallet offers and the copies delivered to wallets (they name the holder's key; they share
 * the revoked credential's status entry, so they show revoked too), the person's credential subject id and the hosts
 * they allowed to read their credentials (Open Badges API grants, with their codes and tokens). The credential rows stay, because the status lists
 * are computed from them and a revoked bit must stay set; they keep no personal data: the person id
 * becomes {@code erased:<erasure id>}, the recipient's name kept for the console's search is cleared,
 * and the stored copy of the VC-JWT (which names the recipient) is replaced by an unsigned stub holding only the achievement's name and the issuer.
 */
public final class IssuerPersonalData {
  /** The revocation reason of an erasure. */
  public static final String REASON = "erased at the person's request";
  private static final String COUNTS = """
      select count(*) as credentials, count(*) filter (where c.revoked is null) as live,
             (select count(*) from credentials.shares s join credentials.credentials c2 on c2.id = s.credential_id
              where c2.person_id = $1) as shares
      from credentials.credentials c where c.person_id = $1""";
  private static final String OF_PERSON = """
      select id, jwt from credentials.credentials where person_id = $1 order by issued, id for update""";
  private static final String DELETE_SHARES = """
      delete from credentials.shares where credential_id in (select id from credentials.credentials where person_id = $1)""";
  /** What went to wallets (OpenID4VCI): the copies delivered (they name the holder's key), then the offers. */
  private static final String DELETE_DELIVERIES = """
      delete from credentials.deliveries where credential_id in (select id from credentials.credentials where person_id = $1)""";
  private static final String DELETE_OFFERS = """
      delete from credentials.oid4vci_offers where credential_id in (select id from credentials.credentials where person_id = $1)""";
  private static final String DELETE_SUBJECT = "delete from credentials.subjects where person_id = $1";
  /** The hosts the person allowed to read their credentials (OB 3.0 API), with their codes and tokens. */
  private static final String DELETE_GRANTS = "delete from credentials.ob_grants where person_id = $1";
  private static final String ANONYMISE = """
      update credentials.credentials set person_id = $2, jwt = $3, recipient_name = null where id = $1""";
  private static final String LIST = """
      select id, person_id, achievement_id, ladder_id, ladder_version, issuer_id, request_id, kid, status_list,
             status_index, jwt, valid_from, valid_until, issued, revoked, revoked_reason, suspended, suspended_reason
      from credentials.credentials where person_id = $1 order by issued, id""";

  private final Pool pool;
  private final StatusLists status;
  private final Shares shares;

  /**
   * {@code status}: the issuer's status lists, told of a revocation so that this node serves it at
   * once (null off the server: running nodes see it within 5 s); {@code shares}: for the export
   * (null when only finding and erasing).
   */
  public IssuerPersonalData(Pool pool, StatusLists status, Shares shares) {
    this.pool = pool;
    this.status = status;
    this.shares = shares;
  }

  /** The person's credentials, how many of them are not revoked yet, and their share links. */
  public record Found(int credentials, int live, int shares) {}

  public Future<Found> find(SqlClient client, String personId) {
    return client.preparedQuery(COUNTS).execute(Tuple.of(personId)).map(rows -> {
      Row r = rows.iterator().next();
      return new Found(r.getLong("credentials").intValue(), r.getLong("live").intValue(), r.getLong("shares").intValue());
    });
  }

  /**
   * Erases the person's credentials and share links (see the class comment) in one transaction,
   * audited as {@code actor} with the erasure's id; running it again finds nothing left to do.
   */
  public Future<Found> erase(String personId, String actor, String erasureId) {
    Set<Integer> lists = new LinkedHashSet<>();
    return pool.withTransaction(conn -> find(conn, personId).compose(found -> conn.preparedQuery(OF_PERSON)
            .execute(Tuple.of(personId))
            .compose(rows -> {
              List<Row> credentials = new ArrayList<>();
              rows.forEach(credentials::add);
              Future<Void> done = conn.preparedQuery(DELETE_SHARES).execute(Tuple.of(personId))
                  .compose(v -> conn.preparedQuery(DELETE_DELIVERIES).execute(Tuple.of(personId)))
                  .compose(v -> conn.preparedQuery(DELETE_OFFERS).execute(Tuple.of(personId))).mapEmpty();
              for (Row row : credentials) {
                UUID id = row.getUUID("id");
                done = done.compose(v -> StatusLists.revoke(conn, id, actor, REASON))
                    .compose(list -> {
                      list.ifPresent(lists::add);
                      return conn.preparedQuery(ANONYMISE).execute(Tuple.of(id, "erased:" + erasureId,
                          stub(row.getString("jwt"))));
                    })
                    .mapEmpty();
              }
              return done;
            })
            .compose(v -> conn.preparedQuery(DELETE_SUBJECT).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_GRANTS).execute(Tuple.of(personId)))
            .compose(v -> Audit.record(conn, actor, "person.erase", null, REASON, Json.MAPPER.createObjectNode()
                .put("erasure", erasureId).put("credentials", found.credentials()).put("revoked", found.live())
                .put("shares", found.shares())))
            .map(found)))
        .onSuccess(found -> {
          if (status != null) {
            lists.forEach(status::changed);
          }
        });
  }

  /** An unsigned stand-in for an erased credential's VC-JWT: the achievement's name and the issuer, nothing else. */
  private static String stub(String jwt) {
    JsonNode payload = BadgeRoutes.payload(jwt);
    ObjectNode kept = Json.MAPPER.createObjectNode().put("name", payload.path("name").asText())
        .put("erased", true);
    kept.putObject("issuer").put("id", payload.path("issuer").path("id").asText());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(kept.toString().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /**
   * The person's credentials as issued: each with its status, the VC-JWT and its payload as JSON
   * (what {@code GET /api/v1/badges/{id}} answers).
   */
  public Future<ArrayNode> credentials(String personId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(personId)).map(rows -> {
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (Row row : rows) {
        ObjectNode o = BadgeRoutes.summary(row);
        o.put("jwt", row.getString("jwt"));
        o.set("credential", BadgeRoutes.payload(row.getString("jwt")));
        list.add(o);
      }
      return list;
    });
  }

  /** The person's share links (never their tokens, which are not kept). */
  public Future<ArrayNode> shares(String personId) {
    return shares.listOf(personId);
  }
}
