package cairn.credentials.issuing;

import cairn.credentials.Http;
import cairn.credentials.sharing.Shares;
import cairn.credentials.status.Ids;
import cairn.web.ApiException;
import cairn.web.JsonBody;
import cairn.web.RequestBody;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The signed-in person's own credentials and share links, under {@code /api/v1/me}: the same
 * summaries as {@code GET /api/v1/badges?personId=}, and share links made, listed and revoked like the
 * admin's, but only ever for the caller's person (the directory's person id, from the
 * {@link Directory} by the caller's IFIs). Another person's credential or share link is a 404, as
 * one that does not exist, so that its existence does not leak. Mounted behind the session handlers
 * (and their CSRF check of POST and DELETE); every change is audited as {@code account:<id>}. A new
 * share link may name the committee reviewer it is for ({@code {"with": "<their sign-in address>"}}),
 * who then finds the credential under {@code /api/v1/me/shared-with-me} ({@link SharedWithMeRoutes}).
 */
public final class MyCredentialRoutes {
  /** Largest body of a new share link: a reviewer's address. */
  private static final int SHARE_BODY_LIMIT = 4 * 1024;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
  private final Pool pool;
  private final Shares shares;
  private final Directory directory;

  public MyCredentialRoutes(Pool pool, Shares shares, Directory directory) {
    this.pool = pool;
    this.shares = shares;
    this.directory = directory;
  }

  public void mount(Router router) {
    router.get("/api/v1/me/credentials").handler(this::list);
    router.post("/api/v1/me/credentials/:id/shares").handler(new RequestBody(SHARE_BODY_LIMIT)).handler(this::share);
    router.get("/api/v1/me/shares").handler(this::shares);
    router.delete("/api/v1/me/shares/:id").handler(this::unshare);
  }

  /** The caller's person id: 401 without a session, 404 when the account names nobody. */
  private Future<String> me(RoutingContext ctx) {
    return directory.personOf(Caller.require(ctx));
  }

  private static String actor(RoutingContext ctx) {
    return "account:" + Caller.require(ctx).accountId();
  }

  private void list(RoutingContext ctx) {
    me(ctx).compose(person -> pool.preparedQuery(IssuingSql.BY_PERSON).execute(Tuple.of(person)))
        .onComplete(Http.handler(ctx, rows -> {
          ArrayNode array = Http.MAPPER.createArrayNode();
          rows.forEach(row -> array.add(BadgeRoutes.summary(row)));
          Http.json(ctx, 200, "application/json", array);
        }));
  }

  private void share(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    String actor = actor(ctx);
    String with = sharedWith(ctx);
    me(ctx).compose(person -> shares.create(id, person, with, false, actor))
        .onComplete(Http.handler(ctx, o -> Http.json(ctx, 201, "application/json", o)));
  }

  /**
   * The optional body of a new share link, {@code {"with": "reviewer@example.com"}}: the sign-in
   * address of the reviewer it is for (lower-cased), or null for an empty body or none.
   */
  private static String sharedWith(RoutingContext ctx) {
    if (RequestBody.of(ctx) == null || RequestBody.of(ctx).length() == 0) {
      return null;
    }
    if (RequestBody.of(ctx).length() > SHARE_BODY_LIMIT) {
      throw ApiException.tooLarge("A new share link's body is at most " + SHARE_BODY_LIMIT + " bytes.");
    }
    JsonNode body = JsonBody.of(ctx);
    JsonNode with = body.path("with");
    if (!body.isObject() || body.size() > 1 || (body.size() == 1 && !body.has("with"))) {
      throw ApiException.badRequest("Send no body, or {\"with\": \"<the reviewer's sign-in address>\"}.", "$");
    }
    if (with.isMissingNode() || with.isNull()) {
      return null;
    }
    String address = with.asText("");
    if (!with.isTextual() || address.length() > 320 || !EMAIL.matcher(address).matches()) {
      throw ApiException.badRequest("with must be the email address the reviewer signs in with.", "$.with");
    }
    return address.toLowerCase(Locale.ROOT);
  }

  private void shares(RoutingContext ctx) {
    me(ctx).compose(shares::listOf).onComplete(Http.handler(ctx, o -> Http.json(ctx, 200, "application/json", o)));
  }

  private void unshare(RoutingContext ctx) {
    UUID shareId;
    try {
      shareId = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("You have no live share link with that id.");
    }
    String actor = actor(ctx);
    me(ctx).compose(person -> shares.revokeOf(person, shareId, actor))
        .onComplete(Http.handler(ctx, v -> ctx.response().setStatusCode(204).end()));
  }
}
