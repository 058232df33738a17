package cairn.web.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An API key and secret as HTTP Basic carries them (RFC 7617 §2: Base64 of UTF-8 {@code key:secret}),
 * or as an OAuth client sends them ({@code client_id}, {@code client_secret}). Values that cannot be
 * a key or secret (not Base64, not UTF-8, no colon, control characters, longer than any key or
 * secret) are refused here, before they reach the store.
 */
public record BasicCredentials(String key, String secret) {
  /** Longest key or secret accepted (generated ones are 32 and 43 characters). */
  public static final int MAX_PART_LENGTH = 1024;

  /** The key and secret of the credentials after {@code Basic }, if they can be a key and secret. */
  public static Optional<BasicCredentials> decode(String encoded) {
    String decoded;
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded.trim());
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return of(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** A key and secret given as two values (an OAuth client's form fields), if they can be one. */
  public static Optional<BasicCredentials> of(String key, String secret) {
    return plausible(key) && plausible(secret) ? Optional.of(new BasicCredentials(key, secret)) : Optional.empty();
  }

  private static boolean plausible(String part) {
    return part.length() <= MAX_PART_LENGTH && part.chars().noneMatch(Character::isISOControl);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "BasicCredentials[key=" + key + "]";
  }
}
