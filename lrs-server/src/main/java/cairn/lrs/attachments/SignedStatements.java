package cairn.lrs.attachments;

import cairn.web.ApiException;
import cairn.web.Json;
import cairn.xapi.StatementComparison;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Signed statements (xAPI 1.0.3 Part Two §2.6; IEEE 9274.1.1-2023, "Signed Statements"): a
 * statement whose attachment of usageType {@value #USAGE_TYPE} carries a JWS, in compact
 * serialization, of the statement as it was before the signature was added.
 *
 * <p>The LRS MUST reject malformed signatures with 400. Checked here: the attachment's contentType
 * is {@code application/octet-stream} and its data came as a part; the JWS parses and uses RS256,
 * RS384 or RS512; its payload is a JSON object equivalent to the received statement (§2.3.1
 * "Statement Comparison Requirements", via {@link StatementComparison}); and when the header has
 * an {@code x5c} chain, the signature verifies against its first certificate. Without x5c there is
 * no key to check against, and the spec asks for none: such a signature is accepted, as the ADL
 * suite expects. The x5c check catches mistakes, not forgeries (§2.6 note), so the certificate
 * itself is not validated.
 */
public final class SignedStatements {
  public static final String USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature";
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

  private SignedStatements() {}

  /**
   * Verifies every signature attachment of one statement; a statement without one passes.
   *
   * @param statement the statement as received (LRS-assigned id, authority, stored and version
   *     are ignored in the comparison, so it may be called before or after they are set)
   * @param parts the request's attachment parts, as {@link Attachments#check} returned them
   * @param pathPrefix the statement's JSON path in the request, {@code $} or {@code $[i]}
   * @throws ApiException 400 naming what is wrong with the signature
   */
  public static void verify(JsonNode statement, List<Part> parts, String pathPrefix) {
    JsonNode attachments = statement.path("attachments");
    if (!attachments.isArray()) {
      return;
    }
    for (int i = 0; i < attachments.size(); i++) {
      JsonNode attachment = attachments.get(i);
      if (USAGE_TYPE.equals(attachment.path("usageType").asText())) {
        String path = pathPrefix + ".attachments[" + i + "]";
        String jws = signature(attachment, parts, path);
        JsonNode payload = payload(jws, path);
        // The payload is the statement as the client made it: if it has no id or timestamp, the
        // LRS assigned those, so it plays the part of the "posted" statement in the comparison.
        if (!StatementComparison.same(statement, payload)) {
          throw ApiException.badRequest("The signed statement (the JWS payload) differs from the "
              + "statement received; a signature must sign the statement it is attached to.", path);
        }
      }
    }
  }

  /** The JWS text of a signature attachment, from its part. */
  private static String signature(JsonNode attachment, List<Part> parts, String path) {
    String type = attachment.path("contentType").asText();
    if (!CONTENT_TYPE.equals(MediaType.essence(type))) {
      throw ApiException.badRequest("A signature attachment must have contentType " + CONTENT_TYPE
          + ", not \"" + type + "\".", path + ".contentType");
    }
    String sha2 = attachment.path("sha2").asText().toLowerCase(Locale.ROOT);
    for (Part part : parts) {
      if (part.sha2().equals(sha2)) {
        return part.content().toString(StandardCharsets.US_ASCII).trim();
      }
    }
    throw ApiException.badRequest("The signature attachment's data is missing: send the JWS as a "
        + "multipart/mixed part with X-Experience-API-Hash " + sha2 + ".", path + ".sha2");
  }

  /** Parses and, when it names a certificate, verifies the JWS; returns its payload. */
  private static JsonNode payload(String text, String path) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(text);
    } catch (ParseException | IllegalArgumentException e) {
      throw ApiException.badRequest("The signature is not a JWS in compact serialization: "
          + e.getMessage(), path);
    }
    JWSAlgorithm alg = jws.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      throw ApiException.badRequest("The signature uses algorithm " + alg
          + "; xAPI allows only RS256, RS384 or RS512.", path);
    }
    List<Base64> chain = jws.getHeader().getX509CertChain();
    if (chain != null && !chain.isEmpty()) {
      verifySignature(jws, chain.get(0), path);
    }
    JsonNode payload;
    try {
      payload = Json.readLimited(jws.getPayload().toBytes());
    } catch (IOException e) {
      throw ApiException.badRequest("The signature's payload is not valid JSON; it must be the "
          + "serialized statement.", path);
    }
    if (payload == null || !payload.isObject()) {
      throw ApiException.badRequest("The signature's payload must be a statement, a JSON object.", path);
    }
    return payload;
  }

  private static void verifySignature(JWSObject jws, Base64 certificate, String path) {
    X509Certificate cert = X509CertUtils.parse(certificate.decode());
    if (cert == null) {
      throw ApiException.badRequest("The first x5c certificate of the signature is not an X.509 "
          + "certificate.", path);
    }
    if (!(cert.getPublicKey() instanceof RSAPublicKey key)) {
      throw ApiException.badRequest("The first x5c certificate of the signature has no RSA key; "
          + "RS256, RS384 and RS512 need one.", path);
    }
    boolean valid;
    try {
      valid = jws.verify(new RSASSAVerifier(key));
    } catch (JOSEException e) {
      throw ApiException.badRequest("The signature could not be verified: " + e.getMessage(), path);
    }
    if (!valid) {
      throw ApiException.badRequest("The signature does not verify against the first x5c "
          + "certificate of its header.", path);
    }
  }
}
