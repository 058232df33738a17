package cairn.lrs;

import cairn.xapi.XapiVersion;

/**
 * Settings of the LRS HTTP API, read once by the application and passed in.
 *
 * @param port HTTP port (0: any free port)
 * @param publicUrl the base URL clients reach this LRS at; homePage of credential authorities
 * @param maxBodyBytes largest request body accepted (413 beyond)
 * @param maxBatch most statements in one POST (413 beyond)
 * @param defaultLimit page size when a query gives no limit
 * @param maxLimit largest page size; {@code limit=0} means this
 * @param defaultVersion the version answered in X-Experience-API-Version when a request names none
 *     or an unsupported one (the 1.0.3 and 2.0 conformance suites each expect their own)
 */
public record LrsOptions(int port, String publicUrl, long maxBodyBytes, int maxBatch, int defaultLimit, int maxLimit,
    XapiVersion defaultVersion) {

  public LrsOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (maxBodyBytes < 1024 || maxBatch < 1 || defaultLimit < 1 || maxLimit < defaultLimit) {
      throw new IllegalArgumentException("limits must be positive, maxLimit >= defaultLimit");
    }
    publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public static LrsOptions defaults(int port) {
    return new LrsOptions(port, "http://localhost:" + port, 16L * 1024 * 1024, 1000, 100, 500, XapiVersion.V2_0_0);
  }

  public LrsOptions withPort(int newPort) {
    return new LrsOptions(newPort, publicUrl, maxBodyBytes, maxBatch, defaultLimit, maxLimit, defaultVersion);
  }
}
