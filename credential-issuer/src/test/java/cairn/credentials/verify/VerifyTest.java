package cairn.credentials.verify;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.keys.SigningKey;
import cairn.credentials.status.Bitstring;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verify API: tampered, revoked, suspended, expired and foreign credentials, each with a precise reason. */
class VerifyTest {
  static IssuerServer server;
  static KeyRing keys;
  static RSAKey foreignKey;
  static HttpServer foreign;
  static String foreignOrigin;

  @BeforeAll
  static void start() throws Exception {
    // the "other issuer" below listens on localhost: let the verifier fetch from private addresses
    server = new IssuerServer(options -> options.withPrivateAddressesAllowed(true));
    keys = new KeyRing(server.lrs.pool, server.options);
    foreignKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] bits = new byte[131072 / 8];
    Bitstring.set(bits, 7);
    foreign = server.lrs.vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/keys/k1" -> req.response().putHeader("Content-Type", "application/jwk+json")
            .end(foreignKey.toPublicJWK().toJSONString());
        case "/status/1" -> req.response().putHeader("Content-Type", "application/vc+jwt")
            .end(foreignSign(new JsonObject()
                .put("@context", new JsonArray().add("https://www.w3.org/ns/credentials/v2"))
                .put("id", foreignOrigin + "/status/1")
                .put("type", new JsonArray().add("VerifiableCredential").add("BitstringStatusListCredential"))
                .put("issuer", foreignOrigin + "/issuer")
                .put("credentialSubject", new JsonObject().put("type", "BitstringStatusList")
                    .put("statusPurpose", "revocation").put("encodedList", Bitstring.encode(bits)))));
        default -> req.response().setStatusCode(404).end();
      }
    }).listen(0).await();
    foreignOrigin = "http://localhost:" + foreign.actualPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String foreignSign(JsonObject payload) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreignOrigin + "/keys/k1")
          .type(JOSEObjectType.JWT).build(), new Payload(payload.encode()));
      jws.sign(new RSASSASigner(foreignKey));
      return jws.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject issued() {
    String person = IssuerServer.unique("verify");
    return server.issue(IssuerServer.manual(person, person + "@x.example", "https://cairn.example/achievements/v"));
  }

  private static JsonObject check(JsonObject report, String name) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("check").equals(name)).findFirst().orElseThrow();
  }

  private static JsonObject payload(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
  }

  /** Re-signs a changed payload with this issuer's active RS256 key. */
  private static String resign(JsonObject payload) {
    SigningKey key = keys.signingKey(server.lrs.vertx, JWSAlgorithm.RS256).await();
    return key.sign(payload.encode());
  }

  @Test
  void anEmbeddedKeyNamingThisIssuersKidCannotStandInForItsKey() throws Exception {
    // a fresh RS256 key of this issuer, that no verification has used yet
    var rotated = server.post("/api/v1/keys", server.admin, new JsonObject().put("alg", "RS256").put("reason", "test"));
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(201);
    String kid = new JsonObject(rotated.bodyAsString()).getString("kid");
    JsonObject payload = payload(issued().getString("jwt"));
    RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();
    // first: a credential carrying the attacker's key as jwk, under this issuer's kid
    JWSObject embedded = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attacker.toPublicJWK())
        .type(JOSEObjectType.JWT).build(), new Payload(payload.encode()));
    embedded.sign(new RSASSASigner(attacker));
    assertThat(server.verify(embedded.serialize()).getBoolean("valid")).isFalse();
    // then: the attacker's signature under the plain kid must not pass as this issuer's
    JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
        new Payload(payload.encode()));
    forged.sign(new RSASSASigner(attacker));
    JsonObject report = server.verify(forged.serialize());
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "signature").getBoolean("pass")).as(report.encodePrettily()).isFalse();
  }

  @Test
  void tamperedCredentialFailsTheSignature() {
    String jwt = issued().getString("jwt");
    JsonObject changed = payload(jwt);
    changed.getJsonObject("credentialSubject").getJsonObject("achievement").put("name", "Chief Architect");
    String[] parts = jwt.split("\\.");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.encode().getBytes())
        + "." + parts[2];
    JsonObject report = server.verify(tampered);
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "signature").getBoolean("pass")).isFalse();
    assertThat(check(report, "signature").getString("reason")).contains("altered");
    assertThat(check(report, "structure").getBoolean("pass")).isTrue();
  }

  @Test
  void revokedCredentialFailsStatusWithTheReason() {
    JsonObject issued = issued();
    var r = server.post("/api/v1/badges/" + issued.getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "Issued in error"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject report = server.verify(issued.getString("jwt"));
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "status").getString("reason")).contains("revoked");
    assertThat(check(report, "signature").getBoolean("pass")).isTrue();
    // revocation is permanent and needs a reason
    assertThat(server.post("/api/v1/badges/" + issued.getString("id") + "/reinstate", server.admin,
        new JsonObject().put("reason", "undo")).statusCode()).isEqualTo(409);
    assertThat(server.post("/api/v1/badges/" + issued.getString("id") + "/suspend", server.admin,
        new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  void suspensionIsReversibleAndAudited() {
    JsonObject issued = issued();
    String id = issued.getString("id");
    // the credential names only its revocation entry: its suspension lives in this issuer's records
    assertThat(payload(issued.getString("jwt")).getJsonObject("credentialStatus").getString("statusPurpose"))
        .isEqualTo("revocation");
    assertThat(server.post("/api/v1/badges/" + id + "/suspend", server.admin, new JsonObject().put("reason", "Under review"))
        .statusCode()).isEqualTo(200);
    JsonObject suspended = server.verify(issued.getString("jwt"));
    assertThat(suspended.getBoolean("valid")).isFalse();
    assertThat(check(suspended, "status").getString("reason")).startsWith("suspended").contains("this issuer's records");
    assertThat(check(suspended, "signature").getBoolean("pass")).isTrue();
    assertThat(server.post("/api/v1/badges/" + id + "/reinstate", server.admin, new JsonObject().put("reason", "Review done"))
        .statusCode()).isEqualTo(200);
    assertThat(server.verify(issued.getString("jwt")).getBoolean("valid")).isTrue();
    JsonArray audit = new JsonArray(server.get("/api/v1/badges/" + id + "/audit", server.admin).bodyAsString());
    assertThat(audit.stream().map(a -> ((JsonObject) a).getString("action")).toList())
        .containsExactly("issue", "suspend", "reinstate");
    assertThat(audit.getJsonObject(1).getString("reason")).isEqualTo("Under review");
  }

  @Test
  void credentialsIssuedWithTwoStatusEntriesStillVerify() {
    // before credentialStatus became one object, credentials carried a revocation and a suspension entry
    JsonObject issued = issued();
    JsonObject vc = payload(issued.getString("jwt"));
    JsonObject revocation = vc.getJsonObject("credentialStatus");
    String index = revocation.getString("statusListIndex");
    String suspensionList = revocation.getString("statusListCredential").replace("/revocation", "/suspension");
    JsonObject suspension = revocation.copy().put("id", suspensionList + "#" + index).put("statusPurpose", "suspension")
        .put("statusListCredential", suspensionList);
    String legacy = resign(vc.put("credentialStatus", new JsonArray().add(revocation).add(suspension)));
    JsonObject report = server.verify(legacy);
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
    assertThat(check(report, "status").getString("reason")).contains("2 status list entries checked");
    // the suspension list they name is still served
    assertThat(server.get(suspensionList.substring(server.options.publicUrl().length()), null).statusCode()).isEqualTo(200);

    assertThat(server.post("/api/v1/badges/" + issued.getString("id") + "/suspend", server.admin,
        new JsonObject().put("reason", "Under review")).statusCode()).isEqualTo(200);
    // both entries lead to the same record: the reason says it once
    assertThat(check(server.verify(legacy), "status").getString("reason"))
        .isEqualTo("suspended (index " + index + " in this issuer's records).");
  }

  @Test
  void aStatusIndexBeyondTheListFailsTheCheckNotTheRequest() {
    JsonObject vc = payload(issued().getString("jwt"));
    vc.getJsonObject("credentialStatus").put("statusListIndex", "99999999");
    JsonObject status = check(server.verify(resign(vc)), "status");
    assertThat(status.getBoolean("pass")).isFalse();
    assertThat(status.getString("reason")).contains("could not be checked").contains("outside a list of 131072 entries");
  }

  @Test
  void datesHonourTheClockTolerance() {
    JsonObject vc = payload(issued().getString("jwt"));
    Instant soon = Instant.now().plusSeconds(30);
    vc.put("validFrom", soon.toString().replaceAll("\\.\\d+Z", "Z")).put("nbf", soon.getEpochSecond());
    assertThat(check(server.verify(resign(vc)), "dates").getBoolean("pass")).isTrue();

    Instant later = Instant.now().plusSeconds(3600);
    vc.put("validFrom", later.toString().replaceAll("\\.\\d+Z", "Z")).put("nbf", later.getEpochSecond());
    JsonObject early = server.verify(resign(vc));
    assertThat(check(early, "dates").getBoolean("pass")).isFalse();
    assertThat(check(early, "dates").getString("reason")).startsWith("Not valid yet");

    Instant past = Instant.now().minusSeconds(3600);
    JsonObject expired = payload(issued().getString("jwt"));
    expired.put("validUntil", past.toString().replaceAll("\\.\\d+Z", "Z")).put("exp", past.getEpochSecond());
    JsonObject report = server.verify(resign(expired));
    assertThat(check(report, "dates").getString("reason")).startsWith("Expired");
    assertThat(check(report, "claims").getBoolean("pass")).isTrue();

    JsonObject mismatch = payload(issued().getString("jwt")).put("jti", "urn:uuid:00000000-0000-0000-0000-000000000000");
    assertThat(check(server.verify(resign(mismatch)), "claims").getString("reason")).contains("jti");
  }

  private JsonObject foreignCredential(String issuerId, int statusIndex) {
    Instant now = Instant.now().minusSeconds(60);
    String validFrom = now.toString().replaceAll("\\.\\d+Z", "Z");
    return new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/credentials/v2")
            .add("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"))
        .put("id", "urn:uuid:6f3f7b7e-5b0c-4c9e-9a51-3c5f8d2b1a00")
        .put("type", new JsonArray().add("VerifiableCredential").add("OpenBadgeCredential"))
        .put("issuer", new JsonObject().put("id", issuerId).put("type", new JsonArray().add("Profile")).put("name", "Elsewhere U"))
        .put("validFrom", validFrom)
        .put("credentialSubject", new JsonObject().put("id", "did:example:learner").put("type", new JsonArray().add("AchievementSubject"))
            .put("achievement", new JsonObject().put("id", "https://elsewhere.example/a/1").put("type", new JsonArray().add("Achievement"))
                .put("name", "Kubernetes basics").put("description", "Ran a cluster.")
                .put("criteria", new JsonObject().put("narrative", "Pass the lab."))))
        .put("credentialStatus", new JsonObject().put("id", foreignOrigin + "/status/1#" + statusIndex)
            .put("type", "BitstringStatusListEntry").put("statusPurpose", "revocation")
            .put("statusListIndex", String.valueOf(statusIndex)).put("statusListCredential", foreignOrigin + "/status/1"))
        .put("iss", issuerId).put("jti", "urn:uuid:6f3f7b7e-5b0c-4c9e-9a51-3c5f8d2b1a00").put("sub", "did:example:learner")
        .put("nbf", now.getEpochSecond());
  }

  @Test
  void credentialsOfOtherIssuersVerifyByTheirPublishedKeysAndLists() {
    JsonObject good = server.verify(foreignSign(foreignCredential(foreignOrigin + "/issuer", 3)));
    assertThat(good.getBoolean("valid")).as(good.encodePrettily()).isTrue();

    JsonObject revoked = server.verify(foreignSign(foreignCredential(foreignOrigin + "/issuer", 7)));
    assertThat(check(revoked, "status").getString("reason")).contains("revoked");

    // credentialStatus as an array (VC 2.0 allows several entries): every entry is checked
    JsonObject several = foreignCredential(foreignOrigin + "/issuer", 3);
    JsonObject third = several.getJsonObject("credentialStatus");
    JsonObject seventh = third.copy().put("id", foreignOrigin + "/status/1#7").put("statusListIndex", "7");
    JsonObject clear = server.verify(foreignSign(several.copy().put("credentialStatus", new JsonArray().add(third))));
    assertThat(clear.getBoolean("valid")).as(clear.encodePrettily()).isTrue();
    JsonObject oneSet = server.verify(foreignSign(several.put("credentialStatus", new JsonArray().add(third).add(seventh))));
    assertThat(check(oneSet, "status").getBoolean("pass")).isFalse();
    assertThat(check(oneSet, "status").getString("reason")).isEqualTo("revoked (revocation list bit 7).");

    JsonObject impostor = server.verify(foreignSign(foreignCredential("https://university.example/issuer", 3)));
    assertThat(check(impostor, "issuer").getBoolean("pass")).isFalse();

    // VC 1.1 style: the credential in the vc claim, issuanceDate
    JsonObject v1 = foreignCredential(foreignOrigin + "/issuer", 3);
    JsonObject inner = v1.copy();
    inner.put("@context", new JsonArray().add("https://www.w3.org/2018/credentials/v1")
        .add("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
    inner.put("issuanceDate", inner.remove("validFrom"));
    JsonObject wrapped = new JsonObject().put("vc", inner).put("iss", v1.getString("iss")).put("jti", v1.getString("jti"))
        .put("sub", v1.getString("sub")).put("nbf", v1.getLong("nbf"));
    JsonObject report = server.verify(foreignSign(wrapped));
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
  }

  @Test
  void inputThatIsNoCredentialGetsAnAnswerNotAnError() {
    JsonObject report = server.verify("not.a.jwt");
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(check(report, "format").getBoolean("pass")).isFalse();
    // five parts (a JWE) and an unsecured JWT are no signed credential either
    String jwt = issued().getString("jwt");
    assertThat(check(server.verify(jwt + ".a.b"), "format").getString("reason")).startsWith("Not a compact JWS");
    String unsecured = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
        + "." + jwt.split("\\.")[1] + ".";
    assertThat(check(server.verify(unsecured), "format").getBoolean("pass")).isFalse();
    // the same header (parsed once, then cached) with another credential's signature: still checked
    assertThat(server.verify(jwt).getBoolean("valid")).isTrue();
    String other = issued().getString("jwt");
    String swapped = jwt.substring(0, jwt.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    assertThat(other.substring(0, other.indexOf('.'))).isEqualTo(jwt.substring(0, jwt.indexOf('.')));
    assertThat(check(server.verify(swapped), "signature").getBoolean("pass")).isFalse();
    var raw = server.lrs.client.post("/verify").putHeader("Content-Type", "application/jwt")
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer(issued().getString("jwt"))).await();
    assertThat(new JsonObject(raw.bodyAsString()).getBoolean("valid")).isTrue();
    assertThat(server.post("/verify", null, new JsonObject()).statusCode()).isEqualTo(400);
  }
}
