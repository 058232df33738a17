package cairn.credentials.oid4vci;

import cairn.credentials.dataintegrity.Multikey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A wallet's key as the holder of a credential: the public key of a {@code did:key} (did:key Method
 * v0.7 §3.1, Ed25519 {@code z6Mk…} and P-256 {@code zDn…}), and the DID that names a bare JWK,
 * {@code did:jwk} (did:jwk Method §2: {@code did:jwk:} + base64url of the JWK's JSON), so that a
 * credential's subject is always a DID whichever binding the wallet chose.
 *
 * <p>The P-256 point is decompressed here (a few lines of BigInteger arithmetic on the curve's
 * equation) because the JDK has no public API for it and a library for one key type is not worth it;
 * Nimbus then checks that the point is on the curve.
 */
final class HolderKeys {
  private static final byte[] ED25519_PUB = {(byte) 0xed, 0x01};
  private static final byte[] P256_PUB = {(byte) 0x80, 0x24};
  private static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  private static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

  private HolderKeys() {}

  /** The public key a {@code did:key} DID names; IllegalArgumentException saying why when it names none Cairn reads. */
  static JWK didKey(String did) {
    if (!did.startsWith("did:key:z") || did.length() > 200) {
      throw new IllegalArgumentException("a did:key is did:key:z… (base58btc multibase)");
    }
    byte[] all = Multikey.unbase58(did.substring("did:key:z".length()));
    if (all.length == 34 && startsWith(all, ED25519_PUB)) {
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(all, 2, 34))).build();
    }
    if (all.length == 35 && startsWith(all, P256_PUB) && (all[2] == 2 || all[2] == 3)) {
      byte[] xBytes = Arrays.copyOfRange(all, 3, 35);
      BigInteger x = new BigInteger(1, xBytes);
      // y² = x³ - 3x + b (mod p); p ≡ 3 (mod 4), so a square root is (y²)^((p+1)/4)
      BigInteger y2 = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
      BigInteger y = y2.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
      if (!y.multiply(y).mod(P).equals(y2)) {
        throw new IllegalArgumentException("the did:key's P-256 point is not on the curve");
      }
      if (y.testBit(0) != (all[2] == 3)) {
        y = P.subtract(y);
      }
      try {
        return new ECKey.Builder(Curve.P_256, Base64URL.encode(xBytes), Base64URL.encode(unsigned32(y))).build();
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new IllegalArgumentException("the did:key's P-256 point is not on the curve");
      }
    }
    throw new IllegalArgumentException("the did:key is neither an Ed25519 (z6Mk…) nor a P-256 (zDn…) key");
  }

  /** {@code did:jwk} of a public JWK. */
  static String didJwk(JWK publicJwk) {
    return "did:jwk:" + Base64URL.encode(publicJwk.toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  /** The public key a {@code did:jwk} names; IllegalArgumentException unless it is a public JWK. */
  static JWK fromDidJwk(String did) {
    String encoded = did.substring("did:jwk:".length());
    if (encoded.isEmpty() || encoded.length() > 4096) {
      throw new IllegalArgumentException("a did:jwk is did:jwk: and the base64url of a JWK");
    }
    JWK jwk;
    try {
      jwk = JWK.parse(new String(new Base64URL(encoded).decode(), StandardCharsets.UTF_8));
    } catch (java.text.ParseException | RuntimeException e) {
      throw new IllegalArgumentException("the did:jwk does not hold a JWK");
    }
    if (jwk.isPrivate()) {
      throw new IllegalArgumentException("the did:jwk holds a private key");
    }
    return jwk;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
  }

  private static byte[] unsigned32(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return out;
  }
}
