package cairn.accounts.me;

import cairn.accounts.roles.Audit;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.JsonBody;
import cairn.web.RequestBody;
import cairn.web.auth.Actor;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's request to be erased (GDPR art. 17), and its handling. Self-service, for the signed-in
 * person: {@code POST /api/v1/me/erasure-request} (optional {@code {"reason": "…"}}; one open request
 * at a time, asking again answers the open one), {@code GET} (the latest, with its outcome),
 * {@code DELETE} (withdraw an open one). For an LRS admin, {@code GET /api/v1/accounts/erasure-requests}
 * lists the open ones with the directory's person id to erase ({@code POST /api/v1/people/{id}/erasure},
 * dry run first; the erasure closes the request), and {@code POST /api/v1/accounts/erasure-requests/{id}/refusal}
 * closes one with a reason (e.g. records an organisation must keep). Every step is audited in
 * {@code accounts.audit}.
 */
public final class ErasureRequests {
  /** Largest body accepted: a reason. */
  private static final int BODY_LIMIT = 8 * 1024;
  private static final String OPEN_OF = """
      select id, person_id, reason, requested from accounts.erasure_requests where account_id = $1 and closed is null""";
  private static final String LATEST_OF = """
      select id, person_id, reason, requested, closed, outcome, outcome_note from accounts.erasure_requests
      where account_id = $1 order by requested desc limit 1""";
  private static final String INSERT = """
      insert into accounts.erasure_requests (account_id, person_id, reason) values ($1, $2, $3)
      on conflict (account_id) where closed is null do nothing returning id, person_id, reason, requested""";
  private static final String CLOSE = """
      update accounts.erasure_requests set closed = now(), outcome = $2, outcome_note = $3
      where id = $1 and closed is null returning account_id""";
  private static final String WITHDRAW = """
      update accounts.erasure_requests set closed = now(), outcome = 'withdrawn'
      where account_id = $1 and closed is null returning id""";
  private static final String WAITING = """
      select id, account_id, person_id, reason, requested from accounts.erasure_requests
      where closed is null order by requested, id limit 1000""";

  private final Pool pool;
  private final Directory directory;

  /** {@code directory}: who the caller is in the people directory (null: requests carry no person id). */
  public ErasureRequests(Pool pool, Directory directory) {
    this.pool = pool;
    this.directory = directory;
  }

  /** The self-service routes, behind the session handlers. */
  public void mountSelfService(Router router) {
    router.post("/api/v1/me/erasure-request").handler(new RequestBody(BODY_LIMIT)).handler(this::request);
    router.get("/api/v1/me/erasure-request").handler(this::latest);
    router.delete("/api/v1/me/erasure-request").handler(this::withdraw);
  }

  /** The LRS admin's routes, behind the admin API's authentication. */
  public void mountAdmin(Router router) {
    router.get("/api/v1/accounts/erasure-requests").handler(this::waiting);
    router.post("/api/v1/accounts/erasure-requests/:id/refusal").handler(this::refuse);
  }

  private void request(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    String reason = reason(ctx, false);
    UUID account = UUID.fromString(caller.accountId());
    Future<Optional<String>> person = directory == null || caller.personIfis().isEmpty()
        ? Future.succeededFuture(Optional.empty()) : directory.personOf(caller.personIfis());
    person.compose(id -> pool.withTransaction(conn -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(account, id.orElse(null), reason))
            .compose(rows -> {
              if (rows.size() == 0) {
                return conn.preparedQuery(OPEN_OF).execute(Tuple.of(account)).map(open -> answer(open.iterator().next(),
                    200));
              }
              Row row = rows.iterator().next();
              return Audit.record(conn, "account:" + account, "erasure.request", account,
                      Json.MAPPER.createObjectNode().put("request", row.getUUID("id").toString()))
                  .map(v -> answer(row, 202));
            })))
        .onSuccess(answer -> json(ctx, answer.status(), answer.body()))
        .onFailure(ctx::fail);
  }

  private record Answer(int status, ObjectNode body) {}

  private static Answer answer(Row row, int status) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("id", row.getUUID("id").toString())
        .put("status", "open").put("requested", instant(row.getOffsetDateTime("requested")))
        .put("reason", row.getString("reason"))
        .put("next", "An administrator will erase what Cairn holds about you: your learning records and "
            + "documents, your progress, your account; your credentials will be revoked. Until then you can "
            + "withdraw this request (DELETE /api/v1/me/erasure-request) and download your data "
            + "(GET /api/v1/me/export).");
    return new Answer(status, body);
  }

  private void latest(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    pool.preparedQuery(LATEST_OF).execute(Tuple.of(UUID.fromString(caller.accountId())))
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("You have made no erasure request."));
            return;
          }
          Row row = rows.iterator().next();
          ObjectNode body = row.getOffsetDateTime("closed") == null ? answer(row, 200).body()
              : Json.MAPPER.createObjectNode().put("id", row.getUUID("id").toString())
                  .put("status", row.getString("outcome")).put("requested", instant(row.getOffsetDateTime("requested")))
                  .put("reason", row.getString("reason")).put("closed", instant(row.getOffsetDateTime("closed")))
                  .put("note", row.getString("outcome_note"));
          json(ctx, 200, body);
        })
        .onFailure(ctx::fail);
  }

  private void withdraw(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    UUID account = UUID.fromString(caller.accountId());
    pool.withTransaction(conn -> conn.preparedQuery(WITHDRAW).execute(Tuple.of(account)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("You have no open erasure request."))
            : Audit.record(conn, "account:" + account, "erasure.withdraw", account, Json.MAPPER.createObjectNode()
                .put("request", rows.iterator().next().getUUID("id").toString()))))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void waiting(RoutingContext ctx) {
    pool.preparedQuery(WAITING).execute()
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row row : rows) {
            list.addObject().put("id", row.getUUID("id").toString())
                .put("account", row.getUUID("account_id") == null ? null : row.getUUID("account_id").toString())
                .put("personId", row.getString("person_id")).put("reason", row.getString("reason"))
                .put("requested", instant(row.getOffsetDateTime("requested")));
          }
          json(ctx, 200, list);
        })
        .onFailure(ctx::fail);
  }

  private void refuse(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No open erasure request with that id.");
    }
    String note = reason(ctx, true);
    String actor = Actor.of(ctx);
    pool.withTransaction(conn -> conn.preparedQuery(CLOSE).execute(Tuple.of(id, "refused", note)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("No open erasure request with that id."))
            : Audit.record(conn, actor, "erasure.refuse", rows.iterator().next().getUUID("account_id"),
                Json.MAPPER.createObjectNode().put("request", id.toString()).put("reason", note))))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The body's {@code reason} (1..1000 characters); required for a refusal, optional for a request. */
  private static String reason(RoutingContext ctx, boolean required) {
    if (JsonBody.present(ctx) && RequestBody.of(ctx).length() > BODY_LIMIT) {
      throw ApiException.tooLarge("The body is at most " + BODY_LIMIT + " bytes: a reason.");
    }
    JsonNode body = JsonBody.present(ctx) ? JsonBody.of(ctx) : Json.MAPPER.createObjectNode();
    JsonNode reason = body.path("reason");
    if (!body.isObject() || (reason.isMissingNode() && required)) {
      throw ApiException.badRequest(required ? "Say why: {\"reason\": \"...\"}." : "Send no body, or {\"reason\": \"...\"}.",
          "$");
    }
    if (reason.isMissingNode() || reason.isNull()) {
      return null;
    }
    if (!reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > 1000) {
      throw ApiException.badRequest("reason must be a string of 1 to 1000 characters.", "$.reason");
    }
    return reason.asText();
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }

  private static void json(RoutingContext ctx, int status, JsonNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
  }
}
