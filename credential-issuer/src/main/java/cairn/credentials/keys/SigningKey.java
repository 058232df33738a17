package cairn.credentials.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;

/**
 * An active private key, decrypted in memory, able to sign a VC-JWT. The JOSE header is exactly what
 * OB 3.0 §8.2.2 "Create the JOSE Header" allows: {@code alg}, {@code kid} (a URL answering the bare
 * public JWK) and {@code typ: JWT}, nothing else. Signing RSA is CPU-heavy: call {@link #sign} off
 * the event loop.
 */
public final class SigningKey {
  private final String id;
  private final String kid;
  private final JWSAlgorithm alg;
  private final JWSSigner signer;
  private final JWSHeader header;

  SigningKey(String id, String kid, JWSAlgorithm alg, JWSSigner signer) {
    this.id = id;
    this.kid = kid;
    this.alg = alg;
    this.signer = signer;
    this.header = new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
  }

  public String id() {
    return id;
  }

  /** The kid URL. */
  public String kid() {
    return kid;
  }

  public JWSAlgorithm alg() {
    return alg;
  }

  /** Signs a JSON payload as a compact JWS. Blocking (CPU). */
  public String sign(String payloadJson) {
    try {
      JWSObject jws = new JWSObject(header, new Payload(payloadJson));
      jws.sign(signer);
      return jws.serialize();
    } catch (JOSEException e) {
      throw new KeyException("Signing with key " + kid + " failed.");
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + kid + ", " + alg + "]";
  }
}
