package cairn.accounts.me;

import cairn.web.ApiException;
import cairn.web.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;
import java.util.Set;

/**
 * CSRF protection of the self-service API, with the pages' own mechanism (Vert.x web's
 * {@link CSRFHandler}: a signed token in the session, in a {@code SameSite=Strict} cookie and in the
 * request's {@code X-CSRF-Token} header, all three equal). A browser session's cookie would otherwise
 * let another site make a signed-in person's browser create or revoke share links.
 *
 * <p>For a signed-in caller only (without one, the routes answer 401 and nothing changes): every
 * response carries the current token in the {@code X-CSRF-Token} header — a script cannot read the
 * {@code HttpOnly} cookie — and a POST, PUT, PATCH or DELETE must send it back in that header. The
 * token is replaced after each change (the response carries the new one) and lasts the session's
 * idle time. Without the header, a 403 saying how to get one (before {@link CSRFHandler}, which would
 * look for a form body the API does not read); a wrong or outdated one, {@link CSRFHandler}'s 403.
 */
public final class SelfServiceCsrf implements Handler<RoutingContext> {
  private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);
  private final CSRFHandler csrf;
  private final String header;

  public SelfServiceCsrf(CSRFHandler csrf, String header) {
    this.csrf = csrf;
    this.header = header;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      ctx.next();
      return;
    }
    String token = ctx.request().getHeader(header);
    if (CHANGES.contains(ctx.request().method()) && (token == null || token.isBlank())) {
      ctx.fail(ApiException.forbidden("A change through the self-service API needs the header " + header
          + ": send the value of the " + header + " header of your last response from /api/v1/me (GET /api/v1/me "
          + "gives one)."));
      return;
    }
    ctx.addHeadersEndHandler(v -> {
      String current = ctx.get(header);
      if (current != null) {
        ctx.response().putHeader(header, current);
      }
    });
    csrf.handle(ctx);
  }
}
