package cairn.credentials.dataintegrity;

import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;

/**
 * The {@code eddsa-rdfc-2022} cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0 §3.3): an
 * embedded {@code DataIntegrityProof} whose {@code proofValue} is the Ed25519 signature, multibase
 * base58btc, of SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), both canonicalized
 * with RDFC-1.0 ({@link Canonicalizer}); the proof configuration is the proof without its value, under
 * the document's {@code @context}. Blocking (CPU): call it off the event loop.
 */
public final class EddsaRdfc2022 {
  public static final String TYPE = "DataIntegrityProof";
  public static final String CRYPTOSUITE = "eddsa-rdfc-2022";
  public static final String ASSERTION_METHOD = "assertionMethod";

  private final Canonicalizer canonicalizer;
  /**
   * The proof configuration signed last and the hash of its canonical form. Every credential of an
   * issuance batch has the same one (same created second, verification method and contexts), so a batch
   * canonicalizes it once instead of once per credential; keyed by its exact JSON text, of which the
   * canonical form is a pure function (the contexts are fixed local copies).
   */
  private volatile ConfigHash lastConfig;

  private record ConfigHash(String config, byte[] hash) {}

  public EddsaRdfc2022(Canonicalizer canonicalizer) {
    this.canonicalizer = canonicalizer;
  }

  /** §3.3.1 Create Proof: a copy of {@code unsecured} with a proof for {@code assertionMethod}. */
  public ObjectNode sign(ObjectNode unsecured, String verificationMethod, Instant created, PrivateKey key) {
    return sign(unsecured, verificationMethod, created, data -> Ed25519.sign(key, data));
  }

  /** As {@link #sign(ObjectNode, String, Instant, PrivateKey)}, {@code signer} making the Ed25519 signature. */
  public ObjectNode sign(ObjectNode unsecured, String verificationMethod, Instant created, UnaryOperator<byte[]> signer) {
    ObjectNode document = unsecured.deepCopy();
    document.remove("proof");
    ObjectNode proof = Json.MAPPER.createObjectNode()
        .put("type", TYPE)
        .put("cryptosuite", CRYPTOSUITE)
        .put("created", created.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("verificationMethod", verificationMethod)
        .put("proofPurpose", ASSERTION_METHOD);
    byte[] signature = signer.apply(hashData(document, proof, true));
    proof.put("proofValue", "z" + Multikey.base58(signature));
    document.set("proof", proof);
    return document;
  }

  /**
   * §3.3.2 Verify Proof, for a proof {@link #proof} accepted: whether its signature matches the
   * document under {@code publicKey}. A document that cannot be canonicalized is a {@link ProofException}.
   */
  public boolean verify(JsonNode secured, PublicKey publicKey) {
    JsonNode proof = proof(secured);
    ObjectNode document = ((ObjectNode) secured).deepCopy();
    document.remove("proof");
    ObjectNode options = ((ObjectNode) proof).deepCopy();
    options.remove("proofValue");
    if (options.has("@context")) {
      // §3.3.2 step 4: the proof's context must be the start of the document's, and then is the document's
      if (!startsWith(document.path("@context"), options.get("@context"))) {
        throw new ProofException("The proof's @context does not match the start of the document's @context.");
      }
      document.set("@context", options.remove("@context"));
    }
    byte[] signature;
    try {
      signature = Multikey.unbase58(proof.path("proofValue").asText().substring(1));
    } catch (IllegalArgumentException e) {
      throw new ProofException("proofValue is not multibase base58btc: " + e.getMessage());
    }
    if (signature.length != 64) {
      return false;
    }
    return Ed25519.verify(publicKey, hashData(document, options), signature);
  }

  /**
   * The document's one {@code eddsa-rdfc-2022} proof, checked for shape: type, cryptosuite, proof
   * purpose, a verification method and a multibase {@code proofValue}; else a {@link ProofException}.
   */
  public static JsonNode proof(JsonNode secured) {
    JsonNode proof = secured.path("proof");
    if (proof.isArray()) {
      if (proof.size() != 1) {
        throw new ProofException("The document has " + proof.size() + " proofs; one eddsa-rdfc-2022 proof is expected.");
      }
      proof = proof.get(0);
    }
    if (!proof.isObject()) {
      throw new ProofException("The document has no proof.");
    }
    if (!TYPE.equals(proof.path("type").asText())) {
      throw new ProofException("proof.type is '" + proof.path("type").asText() + "', not " + TYPE + ".");
    }
    if (!CRYPTOSUITE.equals(proof.path("cryptosuite").asText())) {
      throw new ProofException("proof.cryptosuite is '" + proof.path("cryptosuite").asText() + "'; this verifier checks "
          + CRYPTOSUITE + ".");
    }
    if (!ASSERTION_METHOD.equals(proof.path("proofPurpose").asText())) {
      throw new ProofException("proof.proofPurpose is '" + proof.path("proofPurpose").asText() + "', not "
          + ASSERTION_METHOD + ".");
    }
    if (!proof.path("verificationMethod").isTextual()) {
      throw new ProofException("proof.verificationMethod is missing.");
    }
    if (!proof.path("proofValue").isTextual() || !proof.get("proofValue").asText().startsWith("z")) {
      throw new ProofException("proof.proofValue is missing or not multibase base58btc (z…).");
    }
    return proof;
  }

  /** §3.3.4 Hashing: SHA-256 of the canonical proof configuration, then of the canonical document. */
  byte[] hashData(ObjectNode document, ObjectNode proofOptions) {
    return hashData(document, proofOptions, false);
  }

  /** As above; {@code signing}: the configuration's hash may be the one {@link #lastConfig} holds for the same text. */
  private byte[] hashData(ObjectNode document, ObjectNode proofOptions, boolean signing) {
    ObjectNode config = proofOptions.deepCopy();
    config.remove("proofValue");
    config.set("@context", document.path("@context").deepCopy());
    byte[] proofHash = signing ? configHash(config) : sha256(canonicalizer.canonicalize(config));
    byte[] documentHash = sha256(canonicalizer.canonicalize(document));
    byte[] both = new byte[64];
    System.arraycopy(proofHash, 0, both, 0, 32);
    System.arraycopy(documentHash, 0, both, 32, 32);
    return both;
  }

  private byte[] configHash(ObjectNode config) {
    String text = config.toString();
    ConfigHash last = lastConfig;
    if (last != null && last.config().equals(text)) {
      return last.hash();
    }
    byte[] hash = sha256(canonicalizer.canonicalize(config));
    lastConfig = new ConfigHash(text, hash);
    return hash;
  }

  private static boolean startsWith(JsonNode documentContext, JsonNode proofContext) {
    if (!proofContext.isArray()) {
      return documentContext.equals(proofContext) || documentContext.isArray() && documentContext.size() > 0
          && documentContext.get(0).equals(proofContext);
    }
    if (!documentContext.isArray() || documentContext.size() < proofContext.size()) {
      return false;
    }
    for (int i = 0; i < proofContext.size(); i++) {
      if (!documentContext.get(i).equals(proofContext.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
