package cairn.credentials.keys;

/**
 * A signing key that cannot be made, stored or read back. Messages never carry key material: a
 * wrong secret and a corrupted JWE read the same.
 */
public class KeyException extends RuntimeException {
  public KeyException(String message) {
    super(message, null, false, false);
  }
}
