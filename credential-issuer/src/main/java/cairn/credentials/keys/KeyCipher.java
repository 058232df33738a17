package cairn.credentials.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.jwk.JWK;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;

/**
 * Private JWKs at rest: a compact JWE with PBES2-HS512+A256KW key wrapping and A256GCM content
 * encryption (RFC 7518 §4.8 and §5.3), keyed by the operator's secret. PBKDF2 is deliberately slow
 * (210,000 iterations, the OWASP figure for HMAC-SHA512), so callers run this off the event loop.
 */
final class KeyCipher {
  static final int ITERATIONS = 210_000;
  private static final int SALT_BYTES = 16;

  private final byte[] secret;

  KeyCipher(char[] secret) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
    this.secret = Arrays.copyOf(encoded.array(), encoded.limit());
    Arrays.fill(encoded.array(), (byte) 0);
    Arrays.fill(secret, '\0');
  }

  /** Blocking. */
  String encrypt(JWK privateJwk) {
    try {
      JWEObject jwe = new JWEObject(
          new JWEHeader.Builder(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM).contentType("jwk+json").build(),
          new Payload(privateJwk.toJSONString()));
      jwe.encrypt(new PasswordBasedEncrypter(secret, SALT_BYTES, ITERATIONS));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new KeyException("Could not encrypt a private key for storage.");
    }
  }

  /** Blocking. */
  JWK decrypt(String compactJwe) {
    try {
      JWEObject jwe = JWEObject.parse(compactJwe);
      if (!JWEAlgorithm.PBES2_HS512_A256KW.equals(jwe.getHeader().getAlgorithm())) {
        throw new KeyException("A stored private key is not PBES2-HS512+A256KW encrypted.");
      }
      jwe.decrypt(new PasswordBasedDecrypter(secret));
      return JWK.parse(jwe.getPayload().toString());
    } catch (ParseException | JOSEException e) {
      throw new KeyException("A stored private key cannot be decrypted: is CAIRN_KEY_SECRET the secret it was stored with?");
    }
  }
}
