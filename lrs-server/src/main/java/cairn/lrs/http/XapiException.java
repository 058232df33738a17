package cairn.lrs.http;

/**
 * A request the LRS refuses, with the xAPI status code it calls for (xAPI 1.0.3 Part Three §3.2;
 * IEEE 9274.1.1-2023 §4.1.2 "Error Codes"). Handlers throw or fail with it; {@link XapiFailureHandler}
 * renders it. {@code path} names the offending JSON path or parameter, when there is one.
 */
public class XapiException extends RuntimeException {
  private final int status;
  private final String path;

  public XapiException(int status, String message, String path) {
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

  public static XapiException badRequest(String message) {
    return new XapiException(400, message, null);
  }

  public static XapiException badRequest(String message, String path) {
    return new XapiException(400, message, path);
  }

  public static XapiException notFound(String message) {
    return new XapiException(404, message, null);
  }

  public static XapiException conflict(String message, String path) {
    return new XapiException(409, message, path);
  }

  public static XapiException forbidden(String message) {
    return new XapiException(403, message, null);
  }

  public static XapiException tooLarge(String message) {
    return new XapiException(413, message, null);
  }
}
