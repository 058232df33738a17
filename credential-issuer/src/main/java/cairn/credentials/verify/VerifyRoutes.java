package cairn.credentials.verify;

import cairn.credentials.Http;
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
 * {@code {"jwt": "..."}} or {@code {"share": "<share URL or token>"}}. The answer is always 200 with
 * {@code {"valid", "checks": [{"check", "pass", "reason"}], "credential"}}; only unusable input is a 400.
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

  private void verify(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String text = RequestBody.of(ctx).toString(java.nio.charset.StandardCharsets.UTF_8).trim();
    Future<String> jwt;
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      JsonNode body = Http.bodyQuietly(ctx);
      if (body.path("jwt").isTextual()) {
        jwt = Future.succeededFuture(body.get("jwt").asText());
      } else if (body.path("share").isTextual()) {
        jwt = shares.resolve(Shares.token(body.get("share").asText())).map(found -> found
            .orElseThrow(() -> ApiException.notFound("No such share link, or it was revoked.")).jwt());
      } else {
        throw ApiException.badRequest("Send {\"jwt\": \"<VC-JWT>\"} or {\"share\": \"<share link>\"}.", "$");
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
