package cairn.credentials.issuing;

import cairn.credentials.Http;
import cairn.credentials.verify.Verifier;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.records.LearningRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A committee reviewer's view, under {@code /api/v1/me}: the credentials people shared with them by
 * a share link naming their sign-in address ({@code GET /api/v1/me/shared-with-me}), and one of them
 * in full ({@code GET /api/v1/me/shared-with-me/{shareId}}): the credential as issued (its VC-JWT, when
 * it has one, and its JSON), its evidence (the statements and rules the issuer recorded behind it), those statements
 * themselves as the LRS holds them (these only: no LRS credential needed, nothing beyond this
 * credential's evidence), and Cairn's verification of it now. Needs the role {@code committee_reviewer}; a credential not shared with the
 * caller — or shared by a link since revoked — is a 404, as one that does not exist.
 */
public final class SharedWithMeRoutes {
  private static final String LIST = "select s.id as share_id, s.created as shared, "
      + Arrays.stream(IssuingSql.COLUMNS.split(",")).map(column -> "c." + column.strip()).collect(Collectors.joining(", "))
      + " from credentials.shares s join credentials.credentials c on c.id = s.credential_id"
      + " where s.shared_with = $1 and s.revoked is null order by s.created desc, s.id limit 1000";
  private static final String ONE = """
      select s.id as share_id, s.created as shared, c.jwt, c.data_integrity::text as data_integrity
      from credentials.shares s join credentials.credentials c on c.id = s.credential_id
      where s.id = $1 and s.shared_with = $2 and s.revoked is null""";
  private static final String NOT_SHARED = "Nothing with that id is shared with you (or its link was revoked).";

  private static final Pattern STATEMENT_ID = Pattern.compile("[?&]statementId=([0-9a-fA-F-]{36})");

  private final Pool pool;
  private final Verifier verifier;
  private final LearningRecords records;

  public SharedWithMeRoutes(Pool pool, Verifier verifier, LearningRecords records) {
    this.pool = pool;
    this.verifier = verifier;
    this.records = records;
  }

  public void mount(Router router) {
    router.get("/api/v1/me/shared-with-me").handler(this::list);
    router.get("/api/v1/me/shared-with-me/:shareId").handler(this::one);
  }

  /** The ids of the statements the evidence names (its {@code …/xapi/statements?statementId=…} links). */
  private static List<UUID> statementIds(JsonNode evidence) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (JsonNode item : evidence) {
      Matcher m = STATEMENT_ID.matcher(item.path("id").asText(""));
      if (m.find() && ids.size() < LearningRecords.MAX_STATEMENTS) {
        try {
          ids.add(UUID.fromString(m.group(1)));
        } catch (IllegalArgumentException e) {
          // not a statement id after all: the evidence item stays, without its statement
        }
      }
    }
    return List.copyOf(ids);
  }

  private static String reviewer(RoutingContext ctx) {
    return Caller.require(ctx, Role.COMMITTEE_REVIEWER).email().toLowerCase(Locale.ROOT);
  }

  private void list(RoutingContext ctx) {
    pool.preparedQuery(LIST).execute(Tuple.of(reviewer(ctx))).onComplete(Http.handler(ctx, rows -> {
      ArrayNode list = Http.MAPPER.createArrayNode();
      for (Row row : rows) {
        ObjectNode entry = list.addObject().put("share", row.getUUID("share_id").toString())
            .put("sharedAt", row.getOffsetDateTime("shared").toInstant().toString());
        entry.set("credential", BadgeRoutes.summary(row));
      }
      Http.json(ctx, 200, "application/json", list);
    }));
  }

  private void one(RoutingContext ctx) {
    String reviewer = reviewer(ctx);
    UUID shareId;
    try {
      shareId = UUID.fromString(ctx.pathParam("shareId"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(NOT_SHARED);
    }
    pool.preparedQuery(ONE).execute(Tuple.of(shareId, reviewer))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound(NOT_SHARED);
          }
          Row row = rows.iterator().next();
          String jwt = row.getString("jwt");
          JsonNode credential = BadgeRoutes.credential(row);
          JsonNode evidence = credential.path("evidence").isArray() ? credential.get("evidence")
              : Http.MAPPER.createArrayNode();
          // a credential issued with a Data Integrity proof only has no VC-JWT
          return (jwt != null ? verifier.verify(ctx.vertx(), jwt) : verifier.verifyDataIntegrity(ctx.vertx(), credential))
              .compose(report -> records.statements(statementIds(evidence))
              .map(found -> {
                ObjectNode body = Http.MAPPER.createObjectNode().put("share", shareId.toString())
                    .put("sharedAt", row.getOffsetDateTime("shared").toInstant().toString());
                body.put("jwt", jwt);
                body.set("credential", credential);
                body.set("evidence", evidence);
                found.forEach(body.putArray("statements")::add);
                ObjectNode verification = report.json();
                verification.remove("credential");
                body.set("verification", verification);
                return body;
              }));
        })
        .onComplete(Http.handler(ctx, body -> Http.json(ctx, 200, "application/json", body)));
  }
}
