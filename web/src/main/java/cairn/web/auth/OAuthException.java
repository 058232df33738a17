package cairn.web.auth;

import cairn.web.ApiException;

/**
 * A request refused with an OAuth 2.0 error code: the token endpoint's errors (RFC 6749 §5.2), and
 * a bearer token that cannot be used (RFC 6750 §3.1). {@link cairn.web.FailureHandler} renders the
 * token endpoint's as {@code {"error", "error_description"}} and names {@code invalid_token} in the
 * {@code WWW-Authenticate} challenge of the API that refused the token.
 */
public final class OAuthException extends ApiException {
  private final String error;

  private OAuthException(int status, String error, String message) {
    super(status, message, null);
    this.error = error;
  }

  /** The error code, e.g. {@code invalid_client}. */
  public String error() {
    return error;
  }

  /** A parameter missing, repeated or not understood; a body that is not a form (RFC 6749 §5.2). */
  public static OAuthException invalidRequest(String message) {
    return new OAuthException(400, "invalid_request", message);
  }

  /** Client authentication failed: unknown key, wrong secret, revoked, or none given (RFC 6749 §5.2). */
  public static OAuthException invalidClient(String message) {
    return new OAuthException(401, "invalid_client", message);
  }

  public static OAuthException unsupportedGrantType(String message) {
    return new OAuthException(400, "unsupported_grant_type", message);
  }

  /** A scope that is unknown, or more than the credential holds (RFC 6749 §5.2). */
  public static OAuthException invalidScope(String message) {
    return new OAuthException(400, "invalid_scope", message);
  }

  /**
   * Another error code a protocol on OAuth 2.0 defines, such as RFC 6749's {@code invalid_grant} or
   * OpenID for Verifiable Credential Issuance 1.0's {@code invalid_proof} (§8.3.1.2).
   */
  public static OAuthException of(int status, String error, String message) {
    return new OAuthException(status, error, message);
  }

  /**
   * An authorization code or refresh token that is unknown, expired, used, revoked, issued to another
   * client or for another redirect URI, or a PKCE verifier that does not match (RFC 6749 §5.2).
   */
  public static OAuthException invalidGrant(String message) {
    return new OAuthException(400, "invalid_grant", message);
  }

  /** A client registration whose metadata Cairn does not accept (RFC 7591 §3.2.2). */
  public static OAuthException invalidClientMetadata(String message) {
    return new OAuthException(400, "invalid_client_metadata", message);
  }

  /** A client registration with a redirect URI Cairn does not accept (RFC 7591 §3.2.2). */
  public static OAuthException invalidRedirectUri(String message) {
    return new OAuthException(400, "invalid_redirect_uri", message);
  }

  /** A valid bearer token without the scope the request needs (RFC 6750 §3.1). */
  public static OAuthException insufficientScope(String message) {
    return new OAuthException(403, "insufficient_scope", message);
  }

  /** A bearer token malformed, unknown, expired or revoked (RFC 6750 §3.1). */
  public static OAuthException invalidToken(String message) {
    return new OAuthException(401, "invalid_token", message);
  }
}
