package cairn.web.auth;

import cairn.web.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authentication of the APIs, by the scheme the {@code Authorization} header names: HTTP Basic with
 * an API key and secret (RFC 7617; xAPI 1.0.3 Part Three §4, IEEE 9274.1.1-2023 §4.1.5) against an
 * {@link Authenticator}, or an OAuth 2.0 bearer access token (RFC 6750 §2.1) against a
 * {@link TokenAuthenticator}. Either way the request then carries a {@link Credential}, available
 * through {@link #credential}; a token's carries the token's scopes, which may be narrower than its
 * credential's.
 *
 * <p>Credentials that cannot be what they claim (Basic that is not a key and secret, see
 * {@link BasicCredentials}; a token that is not an RFC 6750 {@code b64token} or is longer than any
 * token Cairn issues) are refused here with a 401, before they reach a store. A bad token is
 * refused as RFC 6750 §3.1 {@code invalid_token}.
 */
public final class AuthHandler implements Handler<RoutingContext> {
  private static final String KEY = "cairn.credential";
  /** Longest bearer token accepted (issued ones are 43 characters). */
  static final int MAX_TOKEN_LENGTH = 512;
  /** RFC 6750 §2.1 {@code b64token}. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  private final Authenticator keys;
  private final TokenAuthenticator tokens;

  public AuthHandler(Authenticator keys, TokenAuthenticator tokens) {
    this.keys = keys;
    this.tokens = tokens;
  }

  /** The credential this request was authenticated with. */
  public static Credential credential(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      ctx.fail(ApiException.unauthorized("Authentication required: HTTP Basic with an API key and secret, "
          + "or a Bearer token from POST /oauth/token."));
      return;
    }
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String rest = space < 0 ? "" : header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Basic")) {
      basic(ctx, rest);
    } else if (scheme.equalsIgnoreCase("Bearer")) {
      bearer(ctx, rest);
    } else {
      ctx.fail(ApiException.unauthorized("Unsupported authentication scheme: use HTTP Basic with an API key "
          + "and secret, or a Bearer token from POST /oauth/token."));
    }
  }

  private void basic(RoutingContext ctx, String encoded) {
    Optional<BasicCredentials> pair = BasicCredentials.decode(encoded);
    if (pair.isEmpty()) {
      ctx.fail(ApiException.unauthorized("Malformed Basic credentials: Base64 of UTF-8 'key:secret' without "
          + "control characters, each part at most " + BasicCredentials.MAX_PART_LENGTH + " characters."));
      return;
    }
    accept(ctx, keys.authenticate(pair.get().key(), pair.get().secret()),
        ApiException.unauthorized("Unknown or revoked API key, or wrong secret."));
  }

  private void bearer(RoutingContext ctx, String token) {
    if (token.length() > MAX_TOKEN_LENGTH || !B64TOKEN.matcher(token).matches()) {
      ctx.fail(OAuthException.invalidToken("Malformed Bearer token: send the access_token POST /oauth/token "
          + "answered, as 'Authorization: Bearer <token>'."));
      return;
    }
    accept(ctx, tokens.authenticate(token), OAuthException.invalidToken(
        "Unknown, expired or revoked access token: get a new one from POST /oauth/token."));
  }

  private static void accept(RoutingContext ctx, Future<Optional<Credential>> lookup, ApiException refusal) {
    lookup
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(refusal);
          } else {
            ctx.put(KEY, found.get());
            ctx.next();
          }
        })
        .onFailure(ctx::fail);
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
