package cairn.credentials.status;

import cairn.credentials.Http;
import cairn.credentials.IssuerOptions;
import cairn.credentials.profiles.Profiles;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Public {@code GET /status-lists/{list}/{revocation|suspension}}: the signed
 * BitstringStatusListCredential as a VC-JWT. Credentials reference only the revocation lists; the
 * suspension lists stay served for credentials issued when they carried a suspension entry too.
 * Admin: {@code POST /api/v1/badges/{id}/revoke}, {@code /suspend}, {@code /reinstate} with
 * {@code {"reason": "..."}} (required), audited.
 */
public final class StatusRoutes {
  private final StatusLists lists;
  private final Profiles profiles;

  public StatusRoutes(StatusLists lists, Profiles profiles) {
    this.lists = lists;
    this.profiles = profiles;
  }

  public void mount(Router router) {
    router.get("/status-lists/:list/:purpose").handler(this::list);
    router.get("/status-lists/:list/:purpose/data-integrity").handler(this::dataIntegrityList);
    router.get("/issuers/:id/status-lists/:list/:purpose").handler(this::dataIntegrityList);
    router.post("/api/v1/badges/:id/revoke").handler(ctx -> change(ctx, StatusLists.Change.REVOKE));
    router.post("/api/v1/badges/:id/suspend").handler(ctx -> change(ctx, StatusLists.Change.SUSPEND));
    router.post("/api/v1/badges/:id/reinstate").handler(ctx -> change(ctx, StatusLists.Change.REINSTATE));
  }

  private void list(RoutingContext ctx) {
    Purpose purpose = purpose(ctx);
    int list = listNumber(ctx);
    lists.signedList(ctx.vertx(), list, purpose).onComplete(Http.handler(ctx, jwt -> {
      String signed = jwt.orElseThrow(() -> ApiException.notFound("No such status list."));
      ctx.response().putHeader("Content-Type", "application/vc+jwt").putHeader("Cache-Control", "max-age=5")
          .end(signed);
    }));
  }

  /**
   * The same list as a BitstringStatusListCredential with an eddsa-rdfc-2022 proof, issued by the DID of
   * the default profile, or of profile {@code id} under {@code /issuers/{id}/…}.
   */
  private void dataIntegrityList(RoutingContext ctx) {
    Purpose purpose = purpose(ctx);
    int list = listNumber(ctx);
    String slug = ctx.pathParam("id") == null ? IssuerOptions.DEFAULT_ISSUER : ctx.pathParam("id");
    profiles.get(slug).compose(found -> {
      if (found.isEmpty()) {
        throw ApiException.notFound("No issuer with that id.");
      }
      return lists.dataIntegrityList(ctx.vertx(), list, purpose, slug);
    }).onComplete(Http.handler(ctx, json -> {
      String secured = json.orElseThrow(() -> ApiException.notFound("No such status list."));
      ctx.response().putHeader("Content-Type", DataIntegrity.MEDIA_TYPE).putHeader("Cache-Control", "max-age=5")
          .end(secured);
    }));
  }

  private static Purpose purpose(RoutingContext ctx) {
    return Purpose.of(ctx.pathParam("purpose"))
        .orElseThrow(() -> ApiException.notFound("Status lists are /status-lists/{n}/revocation or /suspension."));
  }

  private static int listNumber(RoutingContext ctx) {
    try {
      return Integer.parseInt(ctx.pathParam("list"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("No such status list.");
    }
  }

  private void change(RoutingContext ctx, StatusLists.Change change) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    JsonNode body = Http.bodyQuietly(ctx);
    lists.change(id, change, Http.actor(ctx), Http.reason(body, true))
        .onComplete(Http.handler(ctx, state -> Http.json(ctx, 200, "application/json", state.put("id", "urn:uuid:" + id)),
            StatusRoutes::answer));
  }

  private static Throwable answer(Throwable failure) {
    if (failure instanceof StatusChangeRefused refused) {
      int status = refused.why() == StatusChangeRefused.Why.NO_SUCH_CREDENTIAL ? 404 : 409;
      return new ApiException(status, refused.getMessage(), null);
    }
    return failure;
  }
}
