package cairn.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret that encrypts the credential issuer's private keys at rest: CAIRN_KEY_SECRET, or, for
 * the zero-configuration start, a random secret created once in the data directory (readable by
 * its owner only). Production sets CAIRN_KEY_SECRET from a secret store. Blocking file I/O: call
 * off the event loop.
 */
public final class KeySecret {
  private KeySecret() {}

  /** The secret, created in the data directory on first use unless CAIRN_KEY_SECRET is set. */
  static char[] of(Config config) throws IOException {
    if (config.keySecret().isPresent()) {
      return config.keySecret().get().toCharArray();
    }
    Path file = config.dataDir().resolve("key-secret");
    if (!Files.exists(file)) {
      Files.createDirectories(config.dataDir());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random), StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the data directory's own permissions apply
      }
    }
    return read(file);
  }

  /**
   * The secret Cairn already runs with, without creating one: CAIRN_KEY_SECRET, or the data
   * directory's file; empty when there is neither (for {@code cairn admin}, which must not make up
   * a secret the server does not know).
   */
  public static Optional<char[]> existing(Config config) throws IOException {
    if (config.keySecret().isPresent()) {
      return Optional.of(config.keySecret().get().toCharArray());
    }
    Path file = config.dataDir().resolve("key-secret");
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  private static char[] read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
  }
}
