package cairn.lrs.upstream;

import java.net.URI;
import java.time.Duration;

/**
 * Another LRS whose statements Cairn copies into its own store, so the progression mapper can sit
 * beside an LRS an organisation already runs.
 *
 * @param endpoint the upstream's xAPI endpoint, e.g. {@code https://lrs.example.org/xapi} (http or https)
 * @param key the Basic auth key of a credential that may read all statements there
 * @param secret its secret
 * @param version the xAPI version to ask in ({@code 1.0.3} or {@code 2.0.0})
 * @param pollInterval the wait after a round that found nothing new
 * @param pageSize statements asked for per request
 */
public record UpstreamOptions(URI endpoint, String key, String secret, String version, Duration pollInterval,
    int pageSize) {

  public UpstreamOptions {
    if (endpoint != null && endpoint.getRawUserInfo() != null) {
      // it would be logged and kept as the copies' authority: credentials go in key and secret
      throw new IllegalArgumentException("the upstream LRS endpoint must not carry credentials (user:password@); "
          + "give them as its key and secret");
    }
    if (endpoint == null || endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException("the upstream LRS endpoint must be an http(s) URL, not " + endpoint);
    }
    String path = endpoint.getPath() == null ? "" : endpoint.getPath();
    endpoint = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority()
        + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    if (key == null || key.isEmpty() || secret == null) {
      throw new IllegalArgumentException("the upstream LRS needs a key and a secret");
    }
    if (!"1.0.3".equals(version) && !"2.0.0".equals(version)) {
      throw new IllegalArgumentException("the upstream xAPI version must be 1.0.3 or 2.0.0, not " + version);
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("the upstream poll interval must be positive");
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("the upstream page size must be between 1 and 1000, not " + pageSize);
    }
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "UpstreamOptions[endpoint=" + endpoint + ", key=" + key + ", version=" + version + "]";
  }

  /** The name the cursor is kept under and the copies' authority key: the endpoint without credentials. */
  public String name() {
    return "upstream:" + endpoint;
  }
}
