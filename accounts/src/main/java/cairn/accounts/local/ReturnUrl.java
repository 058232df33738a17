package cairn.accounts.local;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where to go after signing in: only a path on this site. Anything that a browser could read as
 * another site — a scheme ({@code https://evil.example}), a network path ({@code //evil.example}),
 * a backslash browsers turn into a slash ({@code /\evil.example}), control characters — or
 * anything that is not a path at all becomes {@code /}: the sign-in page is no open redirect
 * (OWASP Unvalidated Redirects and Forwards).
 */
public final class ReturnUrl {
  static final String HOME = "/";
  private static final int MAX_LENGTH = 2048;

  private ReturnUrl() {}

  public static String safe(String requested) {
    if (requested == null || requested.isEmpty() || requested.length() > MAX_LENGTH || requested.charAt(0) != '/') {
      return HOME;
    }
    for (int i = 0; i < requested.length(); i++) {
      char c = requested.charAt(i);
      if (c == '\\' || c <= 0x20 || c == 0x7f) {
        return HOME;
      }
    }
    if (requested.startsWith("//")) {
      return HOME;
    }
    try {
      URI uri = new URI(requested);
      if (uri.getScheme() != null || uri.getRawAuthority() != null) {
        return HOME;
      }
    } catch (URISyntaxException e) {
      return HOME;
    }
    return requested;
  }
}
