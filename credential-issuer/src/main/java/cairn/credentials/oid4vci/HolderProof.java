package cairn.credentials.oid4vci;

import cairn.credentials.dataintegrity.Ed25519;
import cairn.web.Json;
import cairn.web.auth.OAuthException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * The wallet's proof of possession of its key, OpenID for Verifiable Credential Issuance 1.0 Appendix
 * F.1 "JWT Proof Type": a JWS with {@code typ: openid4vci-proof+jwt}, an asymmetric {@code alg}, the key
 * as a {@code jwk} or a {@code kid} that is a did:key or did:jwk DID URL (exactly one), and the claims {@code aud}
 * (this credential issuer), {@code iat} (recent) and {@code nonce} (a c_nonce from the nonce endpoint,
 * checked by the caller, which consumes it). Verified with Nimbus; Ed25519 with the JDK (Nimbus' own
 * Ed25519 needs Google Tink). Every failure is {@code invalid_proof} with the reason.
 */
final class HolderProof {
  static final String TYPE = "openid4vci-proof+jwt";
  /** Proof algorithms accepted (and announced in the metadata's proof_types_supported). */
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.EdDSA,
      JWSAlgorithm.Ed25519, JWSAlgorithm.RS256, JWSAlgorithm.PS256);
  private static final int MAX_LENGTH = 16 * 1024;

  /** A verified proof: the holder's DID (the credential's subject) and the nonce it carries. */
  record Holder(String id, String nonce) {}

  private HolderProof() {}

  /**
   * Verifies a proof JWT against this issuer's identifier {@code audience}, accepting an {@code iat}
   * up to {@code maxAge} old and {@code skew} ahead.
   */
  static Holder verify(String jwt, String audience, Duration maxAge, Duration skew) {
    if (jwt.length() > MAX_LENGTH) {
      throw invalid("The proof JWT is longer than " + MAX_LENGTH + " characters.");
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw invalid("The proof is not a compact JWS (three base64url parts separated by dots).");
    }
    // within the request limits before Nimbus reads them (depth, number sizes)
    limited(parts[0], "header");
    limited(parts[1], "payload");
    JWSObject jws;
    try {
      jws = JWSObject.parse(jwt);
    } catch (java.text.ParseException e) {
      throw invalid("The proof is not a signed JWT: " + e.getMessage());
    }
    JWSHeader header = jws.getHeader();
    if (header.getType() == null || !TYPE.equals(header.getType().getType())) {
      throw invalid("The proof's typ must be " + TYPE + ".");
    }
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw invalid("The proof's alg " + header.getAlgorithm() + " is not accepted; use one of ES256, ES384, EdDSA, "
          + "RS256, PS256.");
    }
    if (header.getX509CertChain() != null) {
      throw invalid("x5c proofs are not accepted: send the key as jwk, or as kid a did:key DID URL.");
    }
    if ((header.getJWK() == null) == (header.getKeyID() == null)) {
      throw invalid("The proof must name its key one way: jwk (a public JWK) or kid (a did:key DID URL).");
    }
    JWK key;
    String holder;
    if (header.getJWK() != null) {
      key = header.getJWK();
      if (key.isPrivate()) {
        throw invalid("The proof's jwk holds a private key; send only the public key (and make a new key pair).");
      }
      holder = HolderKeys.didJwk(key.toPublicJWK());
    } else {
      String kid = header.getKeyID();
      int hash = kid.indexOf('#');
      boolean didKey = kid.startsWith("did:key:") && hash > 0 && kid.substring(hash + 1).equals(kid.substring(8, hash));
      boolean didJwk = kid.startsWith("did:jwk:") && kid.endsWith("#0") && hash == kid.length() - 2;
      if (!didKey && !didJwk) {
        throw invalid("The proof's kid must be a did:key DID URL (did:key:z…#z…) or a did:jwk one (did:jwk:…#0); "
            + "other DID methods are not resolved.");
      }
      holder = kid.substring(0, hash);
      try {
        key = didKey ? HolderKeys.didKey(holder) : HolderKeys.fromDidJwk(holder);
      } catch (IllegalArgumentException e) {
        throw invalid("The proof's kid cannot be read: " + e.getMessage() + ".");
      }
    }
    if (!signatureVerifies(jws, key)) {
      throw invalid("The proof's signature does not verify with its key.");
    }
    JWTClaimsSet claims;
    try {
      claims = JWTClaimsSet.parse(jws.getPayload().toJSONObject());
    } catch (java.text.ParseException | RuntimeException e) {
      throw invalid("The proof's payload is not a JWT claims set.");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      throw invalid("The proof's aud must be this credential issuer, " + audience + ".");
    }
    Date iat = claims.getIssueTime();
    Instant now = Instant.now();
    if (iat == null) {
      throw invalid("The proof needs iat, the time it was made.");
    }
    if (iat.toInstant().isAfter(now.plus(skew)) || iat.toInstant().isBefore(now.minus(maxAge))) {
      throw invalid("The proof's iat is not recent: make the proof now, with a fresh nonce.");
    }
    String nonce;
    try {
      nonce = claims.getStringClaim("nonce");
    } catch (java.text.ParseException e) {
      nonce = null;
    }
    if (nonce == null || nonce.isBlank()) {
      throw invalid("The proof needs nonce, a c_nonce from the nonce endpoint.");
    }
    return new Holder(holder, nonce);
  }

  private static void limited(String part, String what) {
    try {
      JsonNode node = Json.readLimited(java.util.Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw invalid("The proof's " + what + " is not a JSON object.");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("The proof's " + what + " is not base64url-encoded JSON within this server's limits.");
    }
  }

  private static boolean signatureVerifies(JWSObject jws, JWK key) {
    JWSAlgorithm alg = jws.getHeader().getAlgorithm();
    boolean edwards = JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg);
    try {
      if (key instanceof OctetKeyPair okp) {
        if (!edwards || !Curve.Ed25519.equals(okp.getCurve())) {
          throw invalid("The proof's alg " + alg + " does not fit its " + okp.getCurve() + " key.");
        }
        return Ed25519.verify(Ed25519.publicKey(okp.getX().decode()), jws.getSigningInput(), jws.getSignature().decode());
      }
      Key publicKey;
      if (key instanceof ECKey ec && !edwards) {
        publicKey = ec.toECPublicKey();
      } else if (key instanceof RSAKey rsa && !edwards) {
        if (rsa.size() < 2048) {
          throw invalid("The proof's RSA key is shorter than 2048 bits.");
        }
        publicKey = rsa.toRSAPublicKey();
      } else {
        throw invalid("The proof's alg " + alg + " does not fit its " + key.getKeyType() + " key.");
      }
      return jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), publicKey));
    } catch (JOSEException | IllegalArgumentException e) {
      throw invalid("The proof's key cannot verify it: " + e.getMessage());
    }
  }

  static OAuthException invalid(String message) {
    return OAuthException.of(400, "invalid_proof", message);
  }
}
