package cairn.credentials.dataintegrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cryptosuite against the test vector of the W3C specification (vc-di-eddsa, TestVectors/keyPair.json
 * and eddsa-rdfc-2022/signedDataInt.json): its key pair, its signed credential, its exact proofValue.
 */
class EddsaRdfc2022Test {
  /** The examples context the vector uses (https://www.w3.org/ns/credentials/examples/v2), for this test only. */
  private static final LocalContexts CONTEXTS = new LocalContexts(Map.of("https://www.w3.org/ns/credentials/examples/v2",
      "{\"@context\": {\"@vocab\": \"https://www.w3.org/ns/credentials/examples#\"}}"));
  private static final String PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
  private static final String SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
  private static final String PROOF_VALUE =
      "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9";
  private static final String UNSIGNED = """
      {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
       "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
       "type": ["VerifiableCredential", "AlumniCredential"],
       "name": "Alumni Credential",
       "description": "A minimum viable example of an Alumni Credential.",
       "issuer": "https://vc.example/issuers/5678",
       "validFrom": "2023-01-01T00:00:00Z",
       "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}}""";
  private static final String VM = "https://vc.example/issuers/5678#" + PUBLIC;

  private final EddsaRdfc2022 suite = new EddsaRdfc2022(new Canonicalizer(CONTEXTS));

  @Test
  void signsTheSpecificationsVectorExactly() {
    ObjectNode unsigned = (ObjectNode) Json.tree(UNSIGNED);
    ObjectNode signed = suite.sign(unsigned, VM, Instant.parse("2023-02-24T23:36:38Z"),
        Ed25519.privateKey(Multikey.decodeSecretKey(SECRET)));
    // Ed25519 signatures are deterministic: the same key and data give the vector's very bytes
    assertThat(signed.path("proof").path("proofValue").asText()).isEqualTo(PROOF_VALUE);
    assertThat(signed.path("proof").path("created").asText()).isEqualTo("2023-02-24T23:36:38Z");
    assertThat(suite.verify(signed, Ed25519.publicKey(Multikey.decodePublicKey(PUBLIC)))).isTrue();
  }

  @Test
  void aBatchSharingOneProofConfigurationSignsEachDocumentAsAlone() {
    // the second and third documents reuse the configuration hash of the first (same created, method, contexts)
    Instant created = Instant.parse("2023-02-24T23:36:38Z");
    java.security.PrivateKey key = Ed25519.privateKey(Multikey.decodeSecretKey(SECRET));
    ObjectNode first = (ObjectNode) Json.tree(UNSIGNED);
    ObjectNode second = (ObjectNode) Json.tree(UNSIGNED);
    ((ObjectNode) second.get("credentialSubject")).put("alumniOf", "Another School");
    assertThat(suite.sign(first, VM, created, key).path("proof").path("proofValue").asText()).isEqualTo(PROOF_VALUE);
    ObjectNode signedSecond = suite.sign(second, VM, created, key);
    ObjectNode alone = new EddsaRdfc2022(new Canonicalizer(CONTEXTS)).sign(second, VM, created, key);
    assertThat(signedSecond).isEqualTo(alone);
    assertThat(suite.verify(signedSecond, Ed25519.publicKey(Multikey.decodePublicKey(PUBLIC)))).isTrue();
    // another configuration (a later second) is hashed anew, and the vector still comes out exactly
    ObjectNode later = suite.sign(first, VM, created.plusSeconds(1), key);
    assertThat(later.path("proof").path("proofValue").asText()).isNotEqualTo(PROOF_VALUE);
    assertThat(suite.verify(later, Ed25519.publicKey(Multikey.decodePublicKey(PUBLIC)))).isTrue();
    assertThat(suite.sign(first, VM, created, key).path("proof").path("proofValue").asText()).isEqualTo(PROOF_VALUE);
  }

  @Test
  void tamperingOrAnotherKeyFails() {
    ObjectNode signed = suite.sign((ObjectNode) Json.tree(UNSIGNED), VM, Instant.parse("2023-02-24T23:36:38Z"),
        Ed25519.privateKey(Multikey.decodeSecretKey(SECRET)));
    ObjectNode tampered = signed.deepCopy();
    ((ObjectNode) tampered.get("credentialSubject")).put("alumniOf", "Another School");
    assertThat(suite.verify(tampered, Ed25519.publicKey(Multikey.decodePublicKey(PUBLIC)))).isFalse();
    ObjectNode later = signed.deepCopy();
    ((ObjectNode) later.get("proof")).put("created", "2024-02-24T23:36:38Z");
    assertThat(suite.verify(later, Ed25519.publicKey(Multikey.decodePublicKey(PUBLIC)))).isFalse();
    Ed25519.RawKeys other = Ed25519.generate();
    assertThat(suite.verify(signed, Ed25519.publicKey(other.publicKey()))).isFalse();
  }

  @Test
  void multikeyRoundTripsAndRefusesOtherKeys() {
    byte[] raw = Multikey.decodePublicKey(PUBLIC);
    assertThat(Multikey.publicKey(raw)).isEqualTo(PUBLIC);
    assertThat(Multikey.secretKey(Multikey.decodeSecretKey(SECRET))).isEqualTo(SECRET);
    assertThat(Ed25519.pair(Multikey.decodeSecretKey(SECRET), raw)).isTrue();
    Ed25519.RawKeys made = Ed25519.generate();
    assertThat(Multikey.publicKey(made.publicKey())).startsWith("z6Mk");
    assertThat(Ed25519.pair(made.secretKey(), raw)).isFalse();
    assertThatThrownBy(() -> Multikey.decodePublicKey(SECRET)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multikey.decodePublicKey("z0OIl")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownContextsAreRefusedNotFetched() {
    ObjectNode doc = (ObjectNode) Json.tree(UNSIGNED);
    doc.putArray("@context").add("https://www.w3.org/ns/credentials/v2").add("https://evil.example/context.json");
    assertThatThrownBy(() -> new Canonicalizer(LocalContexts.get()).canonicalize(doc))
        .isInstanceOf(ProofException.class).hasMessageContaining("Unknown JSON-LD context https://evil.example/context.json");
  }

  @Test
  void proofShapeIsChecked() {
    ObjectNode signed = suite.sign((ObjectNode) Json.tree(UNSIGNED), VM, Instant.now(),
        Ed25519.privateKey(Multikey.decodeSecretKey(SECRET)));
    ((ObjectNode) signed.get("proof")).put("cryptosuite", "ecdsa-rdfc-2019");
    assertThatThrownBy(() -> EddsaRdfc2022.proof(signed)).isInstanceOf(ProofException.class)
        .hasMessageContaining("ecdsa-rdfc-2019");
    signed.remove("proof");
    assertThatThrownBy(() -> EddsaRdfc2022.proof(signed)).hasMessage("The document has no proof.");
  }
}
