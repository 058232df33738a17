package cairn.credentials.keys;

import cairn.credentials.dataintegrity.Ed25519;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import java.security.PrivateKey;

/**
 * An active private key, decrypted in memory, able to sign a VC-JWT (RS256, ES256) or a Data Integrity
 * proof (Ed25519). The JOSE header is exactly what
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
  private final byte[] ed25519Public;
  private final PrivateKey ed25519;

  SigningKey(String id, String kid, JWSAlgorithm alg, JWSSigner signer) {
    this.id = id;
    this.kid = kid;
    this.alg = alg;
    this.signer = signer;
    this.header = new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
    this.ed25519Public = null;
    this.ed25519 = null;
  }

  /** An Ed25519 key: signs Data Integrity proofs ({@link #signBytes}), not JWTs. */
  SigningKey(String id, String kid, byte[] publicKey, PrivateKey privateKey) {
    this.id = id;
    this.kid = kid;
    this.alg = JWSAlgorithm.Ed25519;
    this.signer = null;
    this.header = null;
    this.ed25519Public = publicKey.clone();
    this.ed25519 = privateKey;
  }

  /** The raw Ed25519 public key (for its Multikey); only for an Ed25519 key. */
  public byte[] publicKeyBytes() {
    if (ed25519Public == null) {
      throw new KeyException("Key " + kid + " is not an Ed25519 key.");
    }
    return ed25519Public.clone();
  }

  /** An Ed25519 signature of {@code data} (RFC 8032). Blocking (CPU). */
  public byte[] signBytes(byte[] data) {
    if (ed25519 == null) {
      throw new KeyException("Key " + kid + " signs JWTs; Data Integrity proofs are signed with the Ed25519 key.");
    }
    return Ed25519.sign(ed25519, data);
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
    if (signer == null) {
      throw new KeyException("Key " + kid + " is an Ed25519 key: it signs Data Integrity proofs, not JWTs.");
    }
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
