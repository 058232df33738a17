package cairn.lrs.attachments;

import static cairn.lrs.attachments.SuiteBodies.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import io.vertx.core.buffer.Buffer;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cases of E.Data2.6-SignedStatements.js (1.0.3 and 2.0), and the x5c and equivalence rules. */
class SignedStatementsTest {
  /** A self-signed test certificate and its key (openssl req -x509 -newkey rsa:2048). */
  private static final String CERTIFICATE = """
      -----BEGIN CERTIFICATE-----
      MIIDGzCCAgOgAwIBAgIUHEEnBqFir4u2haBkvW8ZQ6kZy8UwDQYJKoZIhvcNAQEL
      BQAwHDEaMBgGA1UEAwwRQ2Fpcm4gdGVzdCBzaWduZXIwIBcNMjYxMTIzMDEzMjQ5
      WhgPMjEyNjEwMzAwMTMyNDlaMBwxGjAYBgNVBAMMEUNhaXJuIHRlc3Qgc2lnbmVy
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwvJjJbglxwxSfKxhcnVi
      GKIK25pvL672qguTfCAWsBTreOdejWljx7nYL0aAQtWIBXCeRGdjHITsmunO/R5V
      KH/usgPiG7HNkrSq8xsXXi5cSBCM9sqRvfxYTfgvEeUZMVadIz9J9ry72SlIJGtw
      4rQiPwBpbLsMEsUXDTJNdYBFlJNhfQp46ge9NiAiuLiTaTzi0NtAw+N4K7xWYQ3r
      J979aDM3YnS5mEk/gERVe1MqRDc1L8ie3uLGLC64rild4lyjnkRBzbDkPZhkAozc
      azN4PnO95xrOQiK/7dDxcRP7R1C+qIX7CZckOJF3WfgxXHrok09YR83X07KV09g4
      /wIDAQABo1MwUTAdBgNVHQ4EFgQUFyJwihzwP/e7NYlsSyy40yHmSxUwHwYDVR0j
      BBgwFoAUFyJwihzwP/e7NYlsSyy40yHmSxUwDwYDVR0TAQH/BAUwAwEB/zANBgkq
      hkiG9w0BAQsFAAOCAQEAsaRUj2gnoqo0My15el7fNTWNgG2I0sFeyjDwkbjALDdG
      JoHFTPENm8+uks7OnSxvsTFAv8nsxFvP98le5Xqpuvj7wNX5bVDNsroSy3tfVtvC
      LvlTmzoiMOkIYXBW5L6qLxyJQCAQTjLrcyZKlgIVA4/cgy/N0s/jDtnoTYplJMqm
      6ENez0eBPOru4VcJ2MDih/N5Hl/J+yDVa9sA9CoLOQLpcSzdoYcMAWncHd5micMr
      PhGtKqUZHyzJZp6XJpGAsho1+Mlk4PpQzOFVD92C2FgUOEvNhvM2JvQskIfYT0ai
      Y+eeWKdxfikMdhZW26O1DPI0l/OPrDK6kAcFBYT+Lw==
      -----END CERTIFICATE-----
      """;
  private static final String KEY = """
      -----BEGIN PRIVATE KEY-----
      MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDC8mMluCXHDFJ8
      rGFydWIYogrbmm8vrvaqC5N8IBawFOt4516NaWPHudgvRoBC1YgFcJ5EZ2MchOya
      6c79HlUof+6yA+Ibsc2StKrzGxdeLlxIEIz2ypG9/FhN+C8R5RkxVp0jP0n2vLvZ
      KUgka3DitCI/AGlsuwwSxRcNMk11gEWUk2F9CnjqB702ICK4uJNpPOLQ20DD43gr
      vFZhDesn3v1oMzdidLmYST+ARFV7UypENzUvyJ7e4sYsLriuKV3iXKOeREHNsOQ9
      mGQCjNxrM3g+c73nGs5CIr/t0PFxE/tHUL6ohfsJlyQ4kXdZ+DFceuiTT1hHzdfT
      spXT2Dj/AgMBAAECggEAMiDJxeU4MZrFizF4TUpJ0zO3vwhTFtvSqZ8YaY6Gxvha
      JFi6Q3qaIb10DZP/XzAxLdTrnYNIRQkZHiyJASVPmH5tDnFZLu3lgpfabXDF7X3W
      VOGMndkw6L1+p23uDJfwhnNTLMEVb9DQLOMkndjSyjivpauhcEgYrqrnZolMya2j
      A8t2LsWyrvVUZAi2iWO6NkuEqTjWq0lIrJ9SN4VOBYBA3CR1ZCx5Ue9qUFmr3h68
      VlXC3/dsTH5yYF643dMHogymgFUWlSNnl3nz/QaCd5bPrv7OXeXGM5Aq4vppen1e
      PqFybJZcD7bgHvCXUaPdFVOoiOBDQLqZaND07IFZQQKBgQDwaQrE9WVuz/BGK4Ox
      5tgQwqBEwLlTwkmVZx4xsytj6LaUFkVmyQ+ykQeGfU3M/4hbckcSIKEgc5bHqEa6
      pTSaMQzjVXG2xO3B802lUwKw+NSJ2GM2oukZID5b3TYAETNRt90v9y6JhEloUuww
      IZZcDl6psxw5xQOFhvzq681cmQKBgQDPlp+cb2bLcacfJ9JrziLPbRo7rKN6GVxV
      CWcrUfSsZE+hGHyWcCsJHlYDojn6a3fEOxbTT2hyY5lNtYix8ySvcRRQtM6MlIz7
      W3b9SdfVjg9XT6pc5ylxLXZPPFX37GHWCjMxJUSYvjH3mc0LZO9P2T/TQQu98P0W
      hDZXB4tpVwKBgQCUx40AoxVo5IrAAkH4IPJqPOhOZC7NJRnAuhY3j7g0lloXf0jn
      +VobmiFcG8PAMAvE/A37q/HLUX1ohj1vWLobCmv9bG15PJofQ2E0BRFPUE7IGAAe
      WeeDwy6UT2wR0pM96VmbS4+jTxjW1SqSBtc0lTgEMXIwVjp9sjJneBKZUQKBgQCj
      s+KW2Ps1gKEMXrj/rwWgkidX2+LnTMyVet7TOMQ8lrZ9EfReJoKppDSslOgn5UwD
      gZ2UclCptIWW1IvB2T6a5A/jPVKNZjBvoEeLowoELQ1IC1kL/ned+v4LqkcZRl45
      Dr4kCYG4+nQpEC60x5o5W9eLXwZFeZ/8e7LmmtqD7QKBgQCmstkaJNrZxJF9BoTo
      TYlX1W8FDhANxdJP7XdIPyodZK3N6SqFeTbf1pY5l5sRvZt7AbKozNl/k4wZHrxU
      PepbVfy5NVIihW11TU5+2+i+EzxqqDfNcAlPDszBcvqB8i9DqKvoCYqGk+FikJs5
      Mvu/z6j8ecyBvtuVDJY+9evoVQ==
      -----END PRIVATE KEY-----
      """;
  private static final String STATEMENT = """
      {"id":"3e5b9e3c-4d3a-4c6e-9d52-1c3b7f1a2b3c",
       "actor":{"objectType":"Agent","name":"xAPI mbox","mbox":"mailto:xapi@adlnet.gov"},
       "verb":{"id":"http://adlnet.gov/expapi/verbs/attended","display":{"en-GB":"attended"}},
       "object":{"objectType":"Activity","id":"http://www.example.com/meetings/occurances/34534"}}""";

  private static X509Certificate certificate;
  private static PrivateKey certifiedKey;
  private static PrivateKey otherKey;

  @BeforeAll
  static void keys() throws Exception {
    certificate = X509CertUtils.parse(CERTIFICATE);
    String pem = KEY.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    certifiedKey = KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    otherKey = generator.generateKeyPair().getPrivate();
  }

  private static String sign(JWSHeader header, String payload, PrivateKey key) throws JOSEException {
    JWSObject jws = new JWSObject(header, new Payload(payload));
    jws.sign(new RSASSASigner(key));
    return jws.serialize();
  }

  private static String sign(JWSAlgorithm alg, String payload) throws JOSEException {
    return sign(new JWSHeader(alg), payload, otherKey);
  }

  private static JWSHeader withCertificate() throws Exception {
    return new JWSHeader.Builder(JWSAlgorithm.RS256)
        .x509CertChain(List.of(Base64.encode(certificate.getEncoded()))).build();
  }

  /** helper.js signStatement: the statement with the signature attachment, and its part. */
  private static void verify(JsonNode statement, String jws, String contentType) {
    ObjectNode signed = (ObjectNode) statement.deepCopy();
    signed.putArray("attachments").addObject()
        .put("usageType", SignedStatements.USAGE_TYPE)
        .put("contentType", contentType)
        .put("length", jws.length())
        .put("sha2", sha256(jws))
        .putObject("display").put("en-US", "Signed by the Test Suite");
    SignedStatements.verify(signed, List.of(new Part(sha256(jws), contentType, Buffer.buffer(jws))), "$");
  }

  private static void verify(String jws) {
    verify(Json.parse(STATEMENT), jws, "application/octet-stream");
  }

  private static ApiException rejected(Runnable verification) {
    try {
      verification.run();
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void acceptsRs256Rs384Rs512WithoutCertificate() throws Exception {
    for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512)) {
      String jws = sign(alg, STATEMENT);
      assertThatCode(() -> verify(jws)).doesNotThrowAnyException();
    }
  }

  @Test
  void rejectsOtherAlgorithms() throws Exception {
    JWSObject hs256 = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(STATEMENT));
    hs256.sign(new MACSigner(new byte[32]));
    assertThat(rejected(() -> verify(hs256.serialize())).getMessage()).contains("HS256");
  }

  @Test
  void rejectsASignatureAttachmentThatIsNotOctetStream() throws Exception {
    String jws = sign(JWSAlgorithm.RS256, STATEMENT);
    ApiException e = rejected(() -> verify(Json.parse(STATEMENT), jws, "text/plain; charset=ascii"));
    assertThat(e.path()).isEqualTo("$.attachments[0].contentType");
  }

  @Test
  void rejectsAPayloadThatIsNotJson() throws Exception {
    // helper.js breakJson: the first double quote of the serialized statement becomes a single one
    String broken = Json.parse(STATEMENT).toString().replaceFirst("\"", "'");
    String notJson = sign(JWSAlgorithm.RS256, broken);
    assertThat(rejected(() -> verify(notJson)).getMessage()).contains("not valid JSON");
    String array = sign(JWSAlgorithm.RS256, "[1]");
    assertThat(rejected(() -> verify(array)).getMessage()).contains("JSON object");
  }

  @Test
  void rejectsWhatIsNotAJws() {
    assertThat(rejected(() -> verify("not a signature")).getMessage()).contains("compact serialization");
    rejected(() -> verify("e30.e30.e30.e30"));
    rejected(() -> verify("!!!.e30.c2ln"));
  }

  @Test
  void rejectsAPayloadThatDiffersFromTheStatement() throws Exception {
    String other = sign(JWSAlgorithm.RS256, STATEMENT.replace("attended", "failed"));
    assertThat(rejected(() -> verify(other)).getMessage()).contains("differs");
  }

  @Test
  void ignoresWhatTheLrsAddsAndWhatItNormalizes() throws Exception {
    String payload = STATEMENT.replace("\"id\":\"3e5b9e3c-4d3a-4c6e-9d52-1c3b7f1a2b3c\",", "")
        .replace("\"objectType\":\"Activity\",", "");
    String jws = sign(JWSAlgorithm.RS256, payload);
    ObjectNode stored = (ObjectNode) Json.parse(STATEMENT);
    stored.put("version", "1.0.0").put("stored", "2024-01-01T00:00:00.000Z")
        .putObject("authority").put("mbox", "mailto:lrs@example.com");
    assertThatCode(() -> verify(stored, jws, "application/octet-stream")).doesNotThrowAnyException();
  }

  @Test
  void rejectsADifferentIdWhenThePayloadHasOne() throws Exception {
    String jws = sign(JWSAlgorithm.RS256, STATEMENT);
    ObjectNode statement = (ObjectNode) Json.parse(STATEMENT);
    statement.put("id", "00000000-0000-4000-8000-000000000000");
    rejected(() -> verify(statement, jws, "application/octet-stream"));
  }

  @Test
  void verifiesAgainstTheX5cCertificate() throws Exception {
    String good = sign(withCertificate(), STATEMENT, certifiedKey);
    assertThatCode(() -> verify(good)).doesNotThrowAnyException();
    String forged = sign(withCertificate(), STATEMENT, otherKey);
    assertThat(rejected(() -> verify(forged)).getMessage()).contains("does not verify");
  }

  @Test
  void rejectsAnUnreadableCertificate() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
        .x509CertChain(List.of(Base64.encode("not a certificate"))).build();
    String jws = sign(header, STATEMENT, otherKey);
    assertThat(rejected(() -> verify(jws)).getMessage()).contains("X.509");
  }

  @Test
  void rejectsASignatureWithoutItsPart() {
    ObjectNode signed = (ObjectNode) Json.parse(STATEMENT);
    signed.putArray("attachments").addObject().put("usageType", SignedStatements.USAGE_TYPE)
        .put("contentType", "application/octet-stream").put("sha2", "a".repeat(64))
        .put("fileUrl", "http://example.com/sig");
    assertThat(rejected(() -> SignedStatements.verify(signed, List.of(), "$[3]")).path())
        .isEqualTo("$[3].attachments[0].sha2");
  }

  @Test
  void passesUnsignedStatements() {
    assertThatCode(() -> SignedStatements.verify(Json.parse(STATEMENT), List.of(), "$")).doesNotThrowAnyException();
  }

  /** The whole path of a suite request: parse the body, match the parts, verify the signature. */
  @Test
  void acceptsTheSuitesSignedRequest() throws Exception {
    String jws = sign(JWSAlgorithm.RS512, STATEMENT);
    ObjectNode signed = (ObjectNode) Json.parse(STATEMENT);
    signed.putArray("attachments").addObject().put("usageType", SignedStatements.USAGE_TYPE)
        .put("contentType", "application/octet-stream").put("length", jws.length()).put("sha2", sha256(jws))
        .putObject("display").put("en-US", "Signed by the Test Suite");
    byte[] body = SuiteBodies.signed("-------42", signed.toString(), "application/octet-stream", jws);
    MultipartMixed.Request request = MultipartMixed.parse(body, "multipart/mixed; boundary=-------42");
    List<Part> parts = Attachments.check(request.statements(), request.parts());
    assertThatCode(() -> SignedStatements.verify(request.statements(), parts, "$")).doesNotThrowAnyException();
  }
}
