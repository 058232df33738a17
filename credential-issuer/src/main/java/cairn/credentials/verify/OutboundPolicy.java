package cairn.credentials.verify;

import cairn.credentials.IssuerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which URLs the verifier may fetch. The kid and status list URLs come from the credential being
 * verified, so from anyone who can call {@code POST /verify}: without a policy the verify API would
 * fetch whatever they name inside the issuer's network (server-side request forgery). Allowed are
 * http(s) URLs whose host resolves only to public addresses; refused are loopback, link-local,
 * site-local (RFC 1918), unique local (fc00::/7), any-local and multicast addresses, unless
 * {@link IssuerOptions#allowPrivateAddresses()}. URLs under this issuer's own public URL are always
 * allowed: they name its own documents, which it serves anyway.
 *
 * <p>Names are resolved on a worker thread (the JDK resolver blocks), and the request then goes to
 * the address that was checked, so a second lookup cannot rebind the name to a private address.
 */
final class OutboundPolicy {
  private final IssuerOptions options;

  /** Where to send a request for {@code uri}: {@code address} null lets the HTTP client resolve the host. */
  record Target(URI uri, InetAddress address) {
    int port() {
      return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
  }

  /** A URL the policy does not let the verifier fetch; the message says why. */
  static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  OutboundPolicy(IssuerOptions options) {
    this.options = options;
  }

  Future<Target> check(Vertx vertx, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new RefusedException(url + " is not a URL"));
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
      return Future.failedFuture(new RefusedException(url + " is not an http(s) URL"));
    }
    if (url.startsWith(options.publicUrl() + "/")) {
      return Future.succeededFuture(new Target(uri, null));
    }
    String host = uri.getHost();
    return vertx.executeBlocking(() -> InetAddress.getAllByName(host), false)
        .recover(e -> Future.failedFuture(new RefusedException(e instanceof UnknownHostException
            ? "the host " + host + " does not resolve"
            : "the host " + host + " could not be resolved: " + e.getMessage())))
        .map(addresses -> {
          for (InetAddress address : addresses) {
            String kind = nonPublic(address);
            if (kind != null && !options.allowPrivateAddresses()) {
              throw new RefusedException("refused to fetch " + url + ": " + host + " resolves to "
                  + address.getHostAddress() + ", " + kind + "; this verifier fetches only from public addresses");
            }
          }
          return new Target(uri, addresses[0]);
        });
  }

  /** What kind of non-public address this is, or null for a public one. */
  static String nonPublic(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isAnyLocalAddress()) {
      return "the any-local address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address";
    }
    if (address.isSiteLocalAddress()) {
      return "a private (site-local) address";
    }
    if (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc) {
      return "a unique local address (fc00::/7)";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      // IPv4 inside IPv6: IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16 — judge the IPv4 part
      boolean compatible = java.util.Arrays.equals(java.util.Arrays.copyOf(b, 12), new byte[12]);
      boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
      boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02;
      byte[] v4 = compatible || nat64 ? java.util.Arrays.copyOfRange(b, 12, 16)
          : sixToFour ? java.util.Arrays.copyOfRange(b, 2, 6) : null;
      if (v4 != null) {
        try {
          String inner = nonPublic(InetAddress.getByAddress(v4));
          return inner == null ? null : inner + " inside an IPv6 address";
        } catch (java.net.UnknownHostException e) {
          return "an unreadable address";
        }
      }
      return null;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0) {
      return "a \"this network\" address (0.0.0.0/8)";
    }
    if (first == 100 && second >= 64 && second <= 127) {
      return "a shared address (100.64.0.0/10, carrier-grade NAT and some cloud metadata services)";
    }
    if (first == 198 && (second == 18 || second == 19)) {
      return "a benchmarking address (198.18.0.0/15)";
    }
    if (first >= 240) {
      return "a reserved address (240.0.0.0/4)";
    }
    return null;
  }
}
