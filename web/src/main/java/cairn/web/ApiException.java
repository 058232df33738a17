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

  public ApiException(int status, String message, String path) {
    super(message, null, false, false);
    this.status = status;
    this.path = path;
  }

  public int status() {
    return status;
  }

  public String path() {
    return path;
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
