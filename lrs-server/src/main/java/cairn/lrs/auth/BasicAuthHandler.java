package cairn.lrs.auth;

import cairn.lrs.http.XapiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic authentication against {@link CredentialStore} (xAPI 1.0.3 Part Three §4; IEEE
 * 9274.1.1-2023 §4.1.5). On success the credential is available through {@link #credential}.
 */
public final class BasicAuthHandler implements Handler<RoutingContext> {
  private static final String KEY = "cairn.credential";
  private final CredentialStore store;

  public BasicAuthHandler(CredentialStore store) {
    this.store = store;
  }

  public static Credential credential(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      ctx.fail(new HttpException(401));
      return;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      ctx.fail(new HttpException(401, "Malformed Basic credentials."));
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      ctx.fail(new HttpException(401, "Malformed Basic credentials."));
      return;
    }
    store.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(new HttpException(401, "Unknown or revoked API key, or wrong secret."));
          } else {
            ctx.put(KEY, found.get());
            ctx.next();
          }
        })
        .onFailure(ctx::fail);
  }

  /** Fails the request unless the credential has scope {@code all} (the admin API). */
  public static void requireAll(RoutingContext ctx) {
    if (!credential(ctx).has(Scope.ALL)) {
      ctx.fail(XapiException.forbidden("This API needs a credential with scope 'all'."));
      return;
    }
    ctx.next();
  }
}
