package cairn.credentials.dataintegrity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) with the JDK's own provider (Java 15+, JEP 339): no library needed, and Nimbus'
 * Ed25519 classes would need Google Tink. Keys travel as their raw 32 bytes (what Multikey and the JWK
 * {@code x} / {@code d} members hold); the JDK wants them in their DER wrappings, whose fixed prefixes
 * (RFC 8410) are below.
 */
public final class Ed25519 {
  /** SubjectPublicKeyInfo for id-Ed25519 (1.3.101.112), then the 32-byte key. */
  private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  /** OneAsymmetricKey v0 for id-Ed25519 with a 32-byte CurvePrivateKey. */
  private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
      0x04, 0x22, 0x04, 0x20};

  /** A key pair's raw bytes. */
  public record RawKeys(byte[] publicKey, byte[] secretKey) {}

  private Ed25519() {}

  public static RawKeys generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pub = pair.getPublic().getEncoded();
      byte[] priv = pair.getPrivate().getEncoded();
      return new RawKeys(Arrays.copyOfRange(pub, pub.length - 32, pub.length),
          Arrays.copyOfRange(priv, priv.length - 32, priv.length));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
  }

  public static PrivateKey privateKey(byte[] raw) {
    return (PrivateKey) key(PKCS8_PREFIX, raw, true);
  }

  public static PublicKey publicKey(byte[] raw) {
    return (PublicKey) key(X509_PREFIX, raw, false);
  }

  /**
   * Whether a raw public key belongs to a raw secret key (an imported key pair): the JDK has no public
   * API to derive one from the other, so a signature made with the one is checked with the other.
   */
  public static boolean pair(byte[] secretKey, byte[] publicKey) {
    byte[] message = "cairn key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return verify(publicKey(publicKey), message, sign(privateKey(secretKey), message));
  }

  public static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Object key(byte[] prefix, byte[] raw, boolean secret) {
    if (raw == null || raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
    }
    byte[] der = Arrays.copyOf(prefix, prefix.length + 32);
    System.arraycopy(raw, 0, der, prefix.length, 32);
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      return secret ? factory.generatePrivate(new PKCS8EncodedKeySpec(der)) : factory.generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 key: " + e.getMessage());
    }
  }
}
