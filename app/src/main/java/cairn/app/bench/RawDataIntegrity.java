package cairn.app.bench;

import cairn.credentials.dataintegrity.LocalContexts;
import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The library floor of an {@code eddsa-rdfc-2022} proof, for {@code cairn bench credentials}: the
 * document and its proof options to RDF by Titanium JSON-LD (the same bundled contexts), RDFC-1.0 by
 * titanium-rdfc, SHA-256 and the JDK's Ed25519 — the work of the proof and nothing else (no shape
 * checks, no time limit, no DID resolution, no status). Signing canonicalizes a proof configuration
 * shared by many documents once; verifying canonicalizes both for every document, as a verifier must.
 */
final class RawDataIntegrity {
  private RawDataIntegrity() {}

  /**
   * The signature over {@code secured} without its proof value, as a proof would carry it. A signer
   * that gives many documents one proof configuration (one batch: same time, method and contexts)
   * canonicalizes that configuration once, as Cairn's issuer does: {@code optionsHashes} keeps its
   * hash by the configuration's text.
   */
  static byte[] sign(PrivateKey key, JsonNode secured, java.util.Map<String, byte[]> optionsHashes) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(hashData(secured, optionsHashes));
      return s.sign();
    } catch (java.security.GeneralSecurityException e) {
      throw new BenchException("raw Ed25519 signing failed", e);
    }
  }

  static boolean verify(PublicKey key, JsonNode secured, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(hashData(secured, null));
      return s.verify(signature);
    } catch (java.security.GeneralSecurityException e) {
      throw new BenchException("raw Ed25519 verification failed", e);
    }
  }

  /**
   * SHA-256 of the canonical proof options (with the document's context), then of the document; the
   * options' hash from {@code optionsHashes} when given and known.
   */
  private static byte[] hashData(JsonNode secured, java.util.Map<String, byte[]> optionsHashes) {
    ObjectNode document = ((ObjectNode) secured).deepCopy();
    JsonNode proof = document.remove("proof");
    ObjectNode options = (ObjectNode) (proof.isArray() ? proof.get(0) : proof).deepCopy();
    options.remove("proofValue");
    options.set("@context", document.path("@context").deepCopy());
    byte[] both = new byte[64];
    byte[] optionsHash = optionsHashes == null ? sha256(canonical(options))
        : optionsHashes.computeIfAbsent(options.toString(), text -> sha256(canonical(options)));
    System.arraycopy(optionsHash, 0, both, 0, 32);
    System.arraycopy(sha256(canonical(document)), 0, both, 32, 32);
    return both;
  }

  private static String canonical(JsonNode node) {
    try (JsonReader reader = Json.createReader(new StringReader(node.toString()))) {
      RdfCanon canon = RdfCanon.create("SHA-256");
      JsonLd.toRdf(JsonDocument.of(reader.read())).loader(LocalContexts.get()).provide(canon);
      StringWriter out = new StringWriter();
      canon.provide(new NQuadsWriter(out));
      return out.toString();
    } catch (Exception e) {
      throw new BenchException("raw canonicalization failed: " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
