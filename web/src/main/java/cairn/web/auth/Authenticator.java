package cairn.web.auth;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Checks a key and secret (HTTP Basic) against wherever credentials are kept. The LRS keeps API
 * credentials in its own schema; the edge only asks.
 */
@FunctionalInterface
public interface Authenticator {
  /** The credential for the pair, if it is valid and not revoked. */
  Future<Optional<Credential>> authenticate(String key, String secret);
}
