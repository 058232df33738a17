package cairn.credentials.sharing;

import cairn.credentials.Http;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.credentials.pages.CredentialPages;
import cairn.credentials.status.Ids;
import cairn.web.AccessLog;
import cairn.web.ApiException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Share links. Public {@code GET|HEAD /credentials/share/{token}}: the VC-JWT ({@code application/vc+jwt};
 * for a credential issued in the Data Integrity form only, that form, {@code application/vc}) or, for a browser ({@code Accept: text/html}), the credential's page ({@link CredentialPages}); a GET
 * counts as an opening of the link, which its owner sees. Admin: {@code POST|GET /api/v1/badges/{id}/shares},
 * {@code DELETE /api/v1/badges/{id}/shares/{shareId}}.
 */
public final class ShareRoutes {
  private final Shares shares;
  private final CredentialPages pages;

  public ShareRoutes(Shares shares, CredentialPages pages) {
    this.shares = shares;
    this.pages = pages;
  }

  public void mount(Router router) {
    // the token opens the credential (only its digest is stored): never on a log line
    router.route("/credentials/share/*").handler(ctx -> {
      AccessLog.showPathAs(ctx, "/credentials/share/{token}");
      ctx.next();
    });
    router.get("/credentials/share/:token").handler(this::get);
    router.head("/credentials/share/:token").handler(this::get);
    router.post("/api/v1/badges/:id/shares").handler(this::create);
    router.get("/api/v1/badges/:id/shares").handler(this::list);
    router.delete("/api/v1/badges/:id/shares/:shareId").handler(this::revoke);
  }

  private void get(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String format = ctx.request().getParam("format");
    boolean html = wantsHtml(ctx.request().getHeader("Accept")) && !"jwt".equals(format) && !"json".equals(format);
    shares.resolve(token).onComplete(Http.handler(ctx, found -> {
      Shares.Shared shared = found.orElseThrow(() -> ApiException.notFound("No such share link, or it was revoked."));
      boolean head = ctx.request().method() == HttpMethod.HEAD;
      if (!head) {
        // its owner sees when each link was opened; a failure to count it does not keep the page from them
        shares.opened(shared.shareId());
      }
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("Vary", "Accept");
      if (!html) {
        // the VC-JWT; a credential issued in the Data Integrity form only is served as that (JSON with its proof)
        ctx.response().putHeader("Content-Type", shared.jwt() != null ? "application/vc+jwt" : DataIntegrity.MEDIA_TYPE);
        if (!shared.indexable()) {
          ctx.response().putHeader("X-Robots-Tag", "noindex");
        }
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer(shared.credential());
        if (head) {
          ctx.response().putHeader("Content-Length", Integer.toString(body.length())).end();
        } else {
          ctx.response().end(body);
        }
        return;
      }
      pages.share(ctx, shared, shares.url(token));
    }));
  }

  private static boolean wantsHtml(String accept) {
    return accept != null && accept.contains("text/html");
  }

  private void create(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    shares.create(id, Http.actor(ctx)).onComplete(Http.handler(ctx, o -> Http.json(ctx, 201, "application/json", o)));
  }

  private void list(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    shares.list(id).onComplete(Http.handler(ctx, o -> Http.json(ctx, 200, "application/json", o)));
  }

  private void revoke(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    UUID shareId;
    try {
      shareId = UUID.fromString(ctx.pathParam("shareId"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No share link with that id.");
    }
    shares.revoke(id, shareId, Http.actor(ctx)).onComplete(Http.handler(ctx, v -> ctx.response().setStatusCode(204).end()));
  }
}
