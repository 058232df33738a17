package cairn.accounts.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password rules and hashes. Hashes are Argon2id (RFC 9106) PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) made by Spring Security's encoder on Bouncy
 * Castle, with OWASP's minimum parameters for Argon2id: 19 MiB of memory, 2 iterations, 1 lane.
 * Hashing costs tens of milliseconds of CPU by design, so it always runs on a worker thread, never
 * on an event loop.
 *
 * <p>The rules: at least {@value #MIN_LENGTH} characters, at most {@value #MAX_LENGTH} (so a request
 * cannot make the server hash megabytes), no control characters. No rules of composition: length
 * is what makes a password strong (NIST SP 800-63B §3.1.1.2).
 */
public final class Passwords {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 1024;
  private static final Argon2PasswordEncoder ENCODER = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

  private Passwords() {}

  /** Compared against when there is no account: a sign-in takes as long whether the account exists or not. */
  private static final class Dummy {
    static final String HASH = ENCODER.encode("no account has this password, it only costs the same time");
  }

  /** The text key of what is wrong with a new password, if anything. */
  public static Optional<String> problem(String password) {
    if (password == null || password.isEmpty()) {
      return Optional.of("password.missing");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of("password.tooShort");
    }
    if (length > MAX_LENGTH) {
      return Optional.of("password.tooLong");
    }
    if (password.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("password.control");
    }
    return Optional.empty();
  }

  /** The Argon2id hash of a password that passed {@link #problem}, computed on a worker thread. */
  public static Future<String> hash(Vertx vertx, String password) {
    return vertx.executeBlocking(() -> ENCODER.encode(password), false);
  }

  /**
   * Whether {@code password} matches {@code hash}, on a worker thread; with no hash (no such
   * account, or no password set yet) it is compared against a dummy and answers false.
   */
  public static Future<Boolean> matches(Vertx vertx, String password, String hash) {
    return vertx.executeBlocking(() -> {
      if (hash == null) {
        ENCODER.matches(password, Dummy.HASH);
        return false;
      }
      return ENCODER.matches(password, hash);
    }, false);
  }
}
