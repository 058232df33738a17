package cairn.web.auth;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Checks an OAuth 2.0 bearer access token (RFC 6750) against wherever tokens are kept. The LRS
 * issues them to its API credentials ({@code POST /oauth/token}) and keeps them in its own schema;
 * the edge only asks.
 */
@FunctionalInterface
public interface TokenAuthenticator {
  /**
   * The credential the token stands for, with the token's scopes, if the token is known, not
   * expired, and its credential not revoked.
   */
  Future<Optional<Credential>> authenticate(String token);
}
