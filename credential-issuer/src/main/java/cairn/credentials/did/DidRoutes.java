package cairn.credentials.did;

import cairn.credentials.Http;
import cairn.credentials.IssuerOptions;
import cairn.credentials.profiles.Profiles;
import cairn.web.ApiException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Public DID documents (did:web): {@code GET /.well-known/did.json} and {@code /did.json} for the
 * default issuer profile (the first when {@code publicUrl} is a bare host, the second when it has a path),
 * {@code GET /issuers/{id}/did.json} for the others. Served with every installation, also with
 * {@code didMethod} key: credentials issued under did:web before a switch keep verifying.
 */
public final class DidRoutes {
  private final IssuerDids dids;
  private final Profiles profiles;

  public DidRoutes(IssuerDids dids, Profiles profiles) {
    this.dids = dids;
    this.profiles = profiles;
  }

  public void mount(Router router) {
    router.get("/.well-known/did.json").handler(ctx -> answer(ctx, null));
    router.get("/did.json").handler(ctx -> answer(ctx, null));
    router.get("/issuers/:id/did.json").handler(this::profile);
  }

  private void profile(RoutingContext ctx) {
    String slug = ctx.pathParam("id");
    if (IssuerOptions.DEFAULT_ISSUER.equals(slug)) {
      throw ApiException.notFound("The default issuer's DID document is /.well-known/did.json.");
    }
    profiles.get(slug).onComplete(Http.handler(ctx, found -> {
      found.orElseThrow(() -> ApiException.notFound("No issuer with that id."));
      answer(ctx, slug);
    }));
  }

  private void answer(RoutingContext ctx, String slug) {
    dids.document(slug).onComplete(Http.handler(ctx, doc -> {
      ctx.response().putHeader("Cache-Control", "public, max-age=300");
      Http.json(ctx, 200, "application/did+json", doc);
    }));
  }
}
