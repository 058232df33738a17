package cairn.credentials.dataintegrity;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Ed25519 keys as Multikey strings (Controlled Identifiers v1.0 §2.2.2 Multikey, vc-di-eddsa §2.1.1):
 * {@code z} (multibase base58btc) + base58btc(multicodec header + the 32 raw key bytes), the header
 * being {@code 0xed 0x01} (ed25519-pub) for a public key and {@code 0x80 0x26} (ed25519-priv) for a
 * secret key. So a public key always starts with {@code z6Mk}.
 *
 * <p>Written here rather than taken from a library: the Java multiformats libraries are published only
 * on JitPack, not Maven Central, and base58btc over 34 bytes is a dozen lines of BigInteger arithmetic.
 */
public final class Multikey {
  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger BASE = BigInteger.valueOf(58);
  private static final byte[] ED25519_PUB = {(byte) 0xed, 0x01};
  private static final byte[] ED25519_PRIV = {(byte) 0x80, 0x26};

  private Multikey() {}

  /** publicKeyMultibase of a raw 32-byte Ed25519 public key. */
  public static String publicKey(byte[] raw) {
    return encode(ED25519_PUB, raw);
  }

  /** secretKeyMultibase of a raw 32-byte Ed25519 secret key (the seed). */
  public static String secretKey(byte[] raw) {
    return encode(ED25519_PRIV, raw);
  }

  /** The raw public key of a publicKeyMultibase; IllegalArgumentException unless it is an Ed25519 Multikey. */
  public static byte[] decodePublicKey(String multibase) {
    return decode(ED25519_PUB, multibase, "an Ed25519 public key (z6Mk…)");
  }

  public static byte[] decodeSecretKey(String multibase) {
    return decode(ED25519_PRIV, multibase, "an Ed25519 secret key");
  }

  private static String encode(byte[] header, byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + raw.length);
    }
    byte[] all = new byte[header.length + raw.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(raw, 0, all, header.length, raw.length);
    return "z" + base58(all);
  }

  private static byte[] decode(byte[] header, String multibase, String what) {
    if (multibase == null || !multibase.startsWith("z")) {
      throw new IllegalArgumentException("not a base58btc multibase value (it must start with z)");
    }
    byte[] all = unbase58(multibase.substring(1));
    if (all.length != header.length + 32 || !Arrays.equals(Arrays.copyOf(all, header.length), header)) {
      throw new IllegalArgumentException("the multibase value is not " + what);
    }
    return Arrays.copyOfRange(all, header.length, all.length);
  }

  /** Base58 with the Bitcoin alphabet (multibase base58btc); leading zero bytes become leading '1's. */
  public static String base58(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    BigInteger n = new BigInteger(1, bytes);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BASE);
      out.append(ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      out.append('1');
    }
    return out.reverse().toString();
  }

  public static byte[] unbase58(String text) {
    if (text.length() > 256) {
      throw new IllegalArgumentException("base58 value too long");
    }
    BigInteger n = BigInteger.ZERO;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      int digit = ALPHABET.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException("'" + text.charAt(i) + "' is not a base58btc character");
      }
      n = n.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
    return out;
  }
}
