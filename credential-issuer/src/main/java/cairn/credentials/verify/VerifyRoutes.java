package cairn.credentials.verify;

import cairn.credentials.Http;
import cairn.credentials.baking.Baking;
import cairn.credentials.sharing.Shares;
import cairn.web.ApiException;
import cairn.web.RequestBody;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /verify} for committees, no credentials needed: the body is a VC-JWT
 * ({@code application/jwt}, {@code application/vc+jwt}, {@code text/plain}) or JSON
 * {@code {"jwt": "..."}} or {@code {"share": "<share URL or token>"}}, or a credential with an embedded
 * Data Integrity proof ({@code application/vc}, {@code application/ld+json} or JSON, as it is or as
 * {@code {"credential": …}}) — a CLR 2.0 transcript too, in either form — or a baked SVG or PNG. The
 * answer is always 200 with {@code {"valid", "checks": [{"check", "pass", "reason"}], "credential"}} (and a
 * transcript's {@code embedded} reports); only unusable input is a 400.
 */
public final class VerifyRoutes {
  static final int MAX_BODY = 256 * 1024;
  private final Verifier verifier;
  private final Shares shares;

  public VerifyRoutes(Verifier verifier, Shares shares) {
    this.verifier = verifier;
    this.shares = shares;
  }

  public void mount(Router router) {
    // outside /api/v1 the edge reads no body: this public route brings its own, bounded
    router.post("/verify").handler(new RequestBody(MAX_BODY)).handler(this::verify);
  }

  /** JSON bodies: application/json, application/ld+json, application/vc+ld+json and application/vc (VC 2.0 §6.1). */
  private static boolean json(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || type.equals("application/ld+json") || type.equals("application/vc")
        || type.equals("application/vc+ld+json");
  }

  private void verify(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String text = RequestBody.of(ctx).toString(java.nio.charset.StandardCharsets.UTF_8).trim();
    Future<String> jwt;
    if (json(type) && Http.bodyQuietly(ctx).path("share").isTextual()) {
      // a share link: its credential in whichever form it was issued
      shares.resolve(Shares.token(Http.bodyQuietly(ctx).get("share").asText()))
          .compose(found -> verifier.verifyText(ctx.vertx(), found.orElseThrow(() ->
              ApiException.notFound("No such share link, or it was revoked.")).credential()))
          .onComplete(Http.handler(ctx, report -> Http.json(ctx, 200, "application/json", report.json())));
      return;
    }
    java.util.Optional<String> baked = Baking.unbake(RequestBody.of(ctx).getBytes());
    if (baked.isPresent() && baked.get().startsWith("{")) {
      // a baked credential with an embedded Data Integrity proof
      verifier.verifyDataIntegrity(ctx.vertx(), Http.tree(baked.get()))
          .onComplete(Http.handler(ctx, report -> Http.json(ctx, 200, "application/json", report.json())));
      return;
    } else if (baked.isPresent()) {
      jwt = Future.succeededFuture(baked.get());
    } else if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("image/")) {
      throw ApiException.badRequest("This image carries no baked credential: Open Badges 3.0 bakes one into an SVG's "
          + "<openbadges:credential> element or a PNG's iTXt chunk 'openbadgecredential'.", "$");
    } else if (json(type)) {
      JsonNode body = Http.bodyQuietly(ctx);
      if (body.has("proof") || body.path("credential").path("proof").isObject()) {
        // a credential with an embedded Data Integrity proof, as it is or as {"credential": …}
        JsonNode credential = body.has("proof") ? body : body.get("credential");
        verifier.verifyDataIntegrity(ctx.vertx(), credential)
            .onComplete(Http.handler(ctx, report -> Http.json(ctx, 200, "application/json", report.json())));
        return;
      }
      if (body.path("jwt").isTextual()) {
        jwt = Future.succeededFuture(body.get("jwt").asText());
      } else {
        throw ApiException.badRequest("Send {\"jwt\": \"<VC-JWT>\"}, {\"share\": \"<share link>\"} or a credential "
            + "with a Data Integrity proof.", "$");
      }
    } else if (text.isEmpty()) {
      throw ApiException.badRequest("Send the VC-JWT as the body (application/jwt) or JSON {\"jwt\": ...}.", "$");
    } else {
      jwt = Future.succeededFuture(text);
    }
    jwt.compose(compact -> verifier.verify(ctx.vertx(), compact))
        .onComplete(Http.handler(ctx, report -> Http.json(ctx, 200, "application/json", report.json()))
        );
  }
}
