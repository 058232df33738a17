package cairn.credentials.issuing;

import cairn.credentials.Http;
import cairn.credentials.IssuerOptions;
import cairn.credentials.audit.Audit;
import cairn.credentials.status.Ids;
import cairn.credentials.status.StatusLists;
import cairn.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The admin API of issued credentials ({@code /api/v1/badges}: {@code /api/v1/credentials} is the
 * LRS's API keys): issue by hand (audited, with the acting API key and a reason), list a person's
 * credentials, read one with its status and JWT, read its audit trail.
 */
public final class BadgeRoutes {
  private static final io.micrometer.core.instrument.Counter ISSUED = OutboxWorker.issued("api");
  private final Pool pool;
  private final Issuance issuance;

  public BadgeRoutes(Pool pool, Issuance issuance) {
    this.pool = pool;
    this.issuance = issuance;
  }

  public void mount(Router router) {
    router.post("/api/v1/badges").handler(this::issue);
    router.get("/api/v1/badges").handler(this::list);
    router.get("/api/v1/badges/:id").handler(this::get);
    router.get("/api/v1/badges/:id/audit").handler(this::audit);
  }

  /**
   * {@code {"personId", "recipient": {xAPI Agent}, "recipientName"?, "achievementId", "ladderId"?,
   * "ladderVersion", "achievement": {...}, "evidence": [{"statementId", "rule"}], "issuer"?, "alg"?,
   * "reachedAt"?, "reason"?}} → 201 with the credential; 409 when already issued.
   */
  private void issue(RoutingContext ctx) {
    JsonNode body = Http.bodyQuietly(ctx);
    IssueRequest request = request(body);
    JWSAlgorithm alg = switch (body.path("alg").asText("RS256")) {
      case "RS256" -> JWSAlgorithm.RS256;
      case "ES256" -> JWSAlgorithm.ES256;
      default -> throw ApiException.badRequest("alg must be RS256 or ES256.", "$.alg");
    };
    String reason = Http.reason(body, false);
    pool.withTransaction(conn -> issuance.issue(ctx.vertx(), conn, List.of(request), alg, Http.actor(ctx), reason)
            .compose(issued -> issued.isEmpty()
                ? issuance.existing(conn, request).compose(id -> io.vertx.core.Future.<Issuance.Issued>failedFuture(
                    ApiException.conflict("Already issued for this person, achievement and ladder version: urn:uuid:"
                        + id.map(UUID::toString).orElse("?"), "$")))
                : io.vertx.core.Future.succeededFuture(issued.get(0))))
        .onSuccess(issued -> ISSUED.increment())
        .onComplete(Http.handler(ctx, issued -> {
          ObjectNode out = Http.MAPPER.createObjectNode().put("id", "urn:uuid:" + issued.id()).put("kid", issued.kid())
              .put("jwt", issued.jwt());
          JsonNode di = issued.dataIntegrity() == null ? null : Http.tree(issued.dataIntegrity());
          out.set("credential", issued.jwt() != null ? payload(issued.jwt()) : di);
          if (di != null) {
            out.set("dataIntegrity", di);
          }
          ctx.response().putHeader("Location", "/api/v1/badges/" + issued.id());
          Http.json(ctx, 201, "application/json", out);
        })
        );
  }

  private static IssueRequest request(JsonNode body) {
    Instant reached;
    try {
      reached = body.hasNonNull("reachedAt") ? Instant.parse(body.get("reachedAt").asText()) : Instant.now();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("reachedAt must be an ISO 8601 instant.", "$.reachedAt");
    }
    if (!body.path("ladderVersion").canConvertToInt()) {
      throw ApiException.badRequest("ladderVersion must be an integer.", "$.ladderVersion");
    }
    try {
      return new IssueRequest(null, body.path("personId").asText(null), body.get("recipient"),
          body.path("recipientName").asText(null), body.path("achievementId").asText(null),
          body.path("ladderId").asText(null), body.path("ladderVersion").asInt(), body.get("achievement"),
          body.get("evidence"), reached, body.path("issuer").asText(IssuerOptions.DEFAULT_ISSUER));
    } catch (IssueRequest.InvalidRequestException e) {
      throw ApiException.badRequest(e.getMessage(), e.path());
    }
  }

  private void list(RoutingContext ctx) {
    String person = ctx.request().getParam("personId");
    if (person == null || person.isBlank()) {
      throw ApiException.badRequest("Give personId: GET /api/v1/badges?personId=...", "personId");
    }
    pool.preparedQuery(IssuingSql.BY_PERSON).execute(Tuple.of(person)).onComplete(Http.handler(ctx, rows -> {
      ArrayNode array = Http.MAPPER.createArrayNode();
      rows.forEach(row -> array.add(summary(row)));
      Http.json(ctx, 200, "application/json", array);
    }));
  }

  private void get(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    pool.preparedQuery(IssuingSql.BY_ID).execute(Tuple.of(id)).onComplete(Http.handler(ctx, rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("No credential with that id.");
      }
      Row row = rows.iterator().next();
      ObjectNode out = summary(row);
      out.put("jwt", row.getString("jwt"));
      out.set("credential", credential(row));
      if (row.getString("data_integrity") != null) {
        out.set("dataIntegrity", Http.tree(row.getString("data_integrity")));
      }
      Http.json(ctx, 200, "application/json", out);
    }));
  }

  private void audit(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    Audit.of(pool, id).onComplete(Http.handler(ctx, list -> Http.json(ctx, 200, "application/json", list)));
  }

  /** A person's credentials, oldest first: the rows {@link #summary} reads, with the VC-JWT. */
  public static io.vertx.core.Future<io.vertx.sqlclient.RowSet<Row>> byPerson(Pool pool, String personId) {
    return pool.preparedQuery(IssuingSql.BY_PERSON).execute(Tuple.of(personId));
  }

  /** One credential's row (none for an unknown id). */
  public static io.vertx.core.Future<io.vertx.sqlclient.RowSet<Row>> byId(Pool pool, UUID id) {
    return pool.preparedQuery(IssuingSql.BY_ID).execute(Tuple.of(id));
  }

  /** A credential as the list answers it: ids, achievement, issuer, dates, status. */
  public static ObjectNode summary(Row row) {
    JsonNode payload = credential(row);
    ObjectNode o = Http.MAPPER.createObjectNode();
    o.put("id", "urn:uuid:" + row.getUUID("id"));
    o.put("name", payload.path("name").asText());
    o.put("personId", row.getString("person_id"));
    o.put("achievementId", row.getString("achievement_id"));
    if (row.getString("ladder_id") != null) {
      o.put("ladderId", row.getString("ladder_id"));
    }
    o.put("ladderVersion", row.getInteger("ladder_version"));
    o.put("issuer", payload.path("issuer").path("id").asText());
    o.put("kid", payload.path("kid").asText(null));
    o.put("issued", row.getOffsetDateTime("issued").toInstant().toString());
    o.put("validFrom", row.getOffsetDateTime("valid_from").toInstant().toString());
    if (row.getOffsetDateTime("valid_until") != null) {
      o.put("validUntil", row.getOffsetDateTime("valid_until").toInstant().toString());
    }
    if (row.getLong("request_id") != null) {
      o.put("requestId", row.getLong("request_id"));
    }
    o.set("status", StatusLists.state(row));
    o.remove("kid");
    return o;
  }

  /** The VC-JWT's payload, or for a credential issued in the Data Integrity form only, that form. */
  public static JsonNode credential(Row row) {
    return row.getString("jwt") != null ? payload(row.getString("jwt")) : Http.tree(row.getString("data_integrity"));
  }

  /** The JWT's payload: the credential with its claims. */
  public static JsonNode payload(String jwt) {
    String[] parts = jwt.split("\\.");
    return Http.tree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
