package cairn.web.auth;

import cairn.web.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * HTTP Basic authentication (RFC 7617; xAPI 1.0.3 Part Three §4, IEEE 9274.1.1-2023 §4.1.5) against
 * an {@link Authenticator}. On success the credential is available through {@link #credential}.
 * Credentials that cannot be a key and secret (not Base64, not UTF-8, no colon, control characters,
 * longer than any key or secret) are refused here with a 401, before they reach the store.
 */
public final class BasicAuthHandler implements Handler<RoutingContext> {
  private static final String KEY = "cairn.credential";
  /** Longest key or secret accepted (generated ones are 32 and 43 characters). */
  static final int MAX_PART_LENGTH = 1024;
  private final Authenticator authenticator;

  public BasicAuthHandler(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  public static Credential credential(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      ctx.fail(ApiException.unauthorized("Authentication required: HTTP Basic with an API key and secret."));
      return;
    }
    String decoded;
    try {
      byte[] bytes = Base64.getDecoder().decode(header.substring(6).trim());
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      ctx.fail(malformed());
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || colon > MAX_PART_LENGTH || decoded.length() - colon - 1 > MAX_PART_LENGTH
        || decoded.chars().anyMatch(Character::isISOControl)) {
      ctx.fail(malformed());
      return;
    }
    authenticator.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(ApiException.unauthorized("Unknown or revoked API key, or wrong secret."));
          } else {
            ctx.put(KEY, found.get());
            ctx.next();
          }
        })
        .onFailure(ctx::fail);
  }

  private static ApiException malformed() {
    return ApiException.unauthorized("Malformed Basic credentials: Base64 of UTF-8 'key:secret' without "
        + "control characters, each part at most " + MAX_PART_LENGTH + " characters.");
  }

  /** A handler that fails the request (403) unless the credential has one of these scopes. */
  public static Handler<RoutingContext> requireAny(Scope... scopes) {
    List<Scope> allowed = List.of(scopes);
    String names = String.join("' or '", allowed.stream().map(Scope::wireName).toList());
    return ctx -> {
      if (allowed.stream().noneMatch(credential(ctx)::has)) {
        ctx.fail(ApiException.forbidden("This endpoint needs a credential with scope '" + names + "'."));
        return;
      }
      ctx.next();
    };
  }

  /** Fails the request unless the credential has scope {@code all} (the admin API). */
  public static void requireAll(RoutingContext ctx) {
    if (!credential(ctx).has(Scope.ALL)) {
      ctx.fail(ApiException.forbidden("This API needs a credential with scope 'all'."));
      return;
    }
    ctx.next();
  }
}
