package cairn.web;

/**
 * A request Cairn refuses, with the HTTP status it calls for (for the xAPI, 1.0.3 Part Three §3.2 and
 * IEEE 9274.1.1-2023 §4.1.2 "Error Codes"). Handlers throw or fail with it; {@link FailureHandler}
 * renders it, as xAPI error JSON under {@code /xapi} and as {@code application/problem+json}
 * elsewhere. {@code path} names the offending JSON path, parameter or header, when there is one.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String path;
  private final String challenge;

  public ApiException(int status, String message, String path) {
    this(status, message, path, null);
  }

  private ApiException(int status, String message, String path, String challenge) {
    super(message, null, false, false);
    this.status = status;
    this.path = path;
    this.challenge = challenge;
  }

  public int status() {
    return status;
  }

  public String path() {
    return path;
  }

  /**
   * The {@code WWW-Authenticate} challenge a 401 carries (RFC 9110 §11.6.1), or null for the APIs'
   * own schemes, HTTP Basic and Bearer.
   */
  public String challenge() {
    return challenge;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message, null);
  }

  public static ApiException badRequest(String message, String path) {
    return new ApiException(400, message, path);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, message, null);
  }

  /**
   * A 401 for a request that needs a signed-in session: challenged with the sign-in form's cookie
   * (draft-broyer-http-cookie-auth), not Basic, so a browser shows no password dialog.
   */
  public static ApiException signInRequired(String message) {
    return new ApiException(401, message, null, "Cookie realm=\"Cairn\", form-action=\"/login\"");
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message, null);
  }

  public static ApiException conflict(String message, String path) {
    return new ApiException(409, message, path);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, message, null);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, message, null);
  }
}
