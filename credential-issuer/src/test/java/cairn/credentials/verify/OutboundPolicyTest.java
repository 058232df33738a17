package cairn.credentials.verify;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
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
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verify API under the default outbound policy: a credential cannot make Cairn fetch from
 * loopback or private addresses (SSRF); the check fails with the reason, and nothing is requested.
 */
class OutboundPolicyTest {
  static IssuerServer server;
  static RSAKey key;
  static HttpServer internal;
  static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    server = new IssuerServer();
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    // an "internal service" on another port of this machine, which would answer if asked
    internal = server.lrs.vertx.createHttpServer().requestHandler(req -> {
      requests.incrementAndGet();
      req.response().putHeader("Content-Type", "application/jwk+json").end(key.toPublicJWK().toJSONString());
    }).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String sign(JWSHeader header, JsonObject payload) throws Exception {
    JWSObject jws = new JWSObject(header, new Payload(payload.encode()));
    jws.sign(new RSASSASigner(key));
    return jws.serialize();
  }

  private static JsonObject credential(String issuer, JsonObject status) {
    Instant now = Instant.now().minusSeconds(60);
    JsonObject vc = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/credentials/v2")
            .add("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"))
        .put("id", "urn:uuid:0b5e7c1a-2f7d-4a58-9c1e-5d1f3a9e7b20")
        .put("type", new JsonArray().add("VerifiableCredential").add("OpenBadgeCredential"))
        .put("issuer", new JsonObject().put("id", issuer).put("type", new JsonArray().add("Profile")).put("name", "Inside"))
        .put("validFrom", now.toString().replaceAll("\\.\\d+Z", "Z"))
        .put("credentialSubject", new JsonObject().put("id", "did:example:learner").put("type", new JsonArray().add("AchievementSubject"))
            .put("achievement", new JsonObject().put("id", "https://inside.example/a/1").put("type", new JsonArray().add("Achievement"))
                .put("name", "Internal").put("description", "Reached.").put("criteria", new JsonObject().put("narrative", "Do it."))))
        .put("iss", issuer).put("jti", "urn:uuid:0b5e7c1a-2f7d-4a58-9c1e-5d1f3a9e7b20").put("sub", "did:example:learner")
        .put("nbf", now.getEpochSecond());
    return status == null ? vc : vc.put("credentialStatus", status);
  }

  private static JsonObject check(JsonObject report, String name) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("check").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aKidOnALoopbackAddressIsRefusedWithTheReason() throws Exception {
    String origin = "http://127.0.0.1:" + internal.actualPort();
    int before = requests.get();
    String jwt = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(origin + "/keys/k1").type(JOSEObjectType.JWT).build(),
        credential(origin + "/issuer", null));

    JsonObject report = server.verify(jwt);
    assertThat(report.getBoolean("valid")).isFalse();
    JsonObject keyCheck = check(report, "key");
    assertThat(keyCheck.getBoolean("pass")).isFalse();
    assertThat(keyCheck.getString("reason")).contains("refused").contains("127.0.0.1").contains("loopback");
    assertThat(check(report, "signature").getString("reason")).isEqualTo("Not checked: no public key.");
    assertThat(requests.get()).isEqualTo(before);

    // a name that resolves to loopback is refused the same way
    String named = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("http://localhost:" + internal.actualPort() + "/keys/k1")
        .type(JOSEObjectType.JWT).build(), credential("http://localhost:" + internal.actualPort() + "/issuer", null));
    assertThat(check(server.verify(named), "key").getString("reason")).contains("refused").contains("loopback");
    assertThat(requests.get()).isEqualTo(before);
  }

  @Test
  void aStatusListOnAPrivateAddressIsRefused() throws Exception {
    // the key travels in the header, so only the status list would be fetched
    String list = "http://127.0.0.1:" + internal.actualPort() + "/status/1";
    JsonObject entry = new JsonObject().put("id", list + "#3").put("type", "BitstringStatusListEntry")
        .put("statusPurpose", "revocation").put("statusListIndex", "3").put("statusListCredential", list);
    int before = requests.get();
    String jwt = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(key.toPublicJWK()).type(JOSEObjectType.JWT).build(),
        credential("https://inside.example/issuer", entry));

    JsonObject status = check(server.verify(jwt), "status");
    assertThat(status.getBoolean("pass")).isFalse();
    assertThat(status.getString("reason")).contains("could not be checked").contains("refused").contains("loopback");
    assertThat(requests.get()).isEqualTo(before);
  }

  @Test
  void thisIssuersOwnUrlsAreStillFetched() throws Exception {
    // not one of its key ids, so it is fetched over HTTP like any other kid: allowed, and answered 404
    String kid = server.url("/keys/unknown/k1");
    String jwt = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
        credential(server.url("/issuers/default"), null));
    String reason = check(server.verify(jwt), "key").getString("reason");
    assertThat(reason).contains("answered 404").doesNotContain("refused");
  }

  @Test
  void nonPublicAddressesAreRecognised() throws Exception {
    for (String address : new String[] {"127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
        "172.31.255.255", "192.168.1.10", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1",
        "ff02::1", "::ffff:10.0.0.1", "0.1.2.3", "100.64.0.1", "100.100.100.200", "198.18.0.1", "240.0.0.1",
        "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1"}) {
      assertThat(OutboundPolicy.nonPublic(InetAddress.getByName(address))).as(address).isNotNull();
    }
    for (String address : new String[] {"8.8.8.8", "93.184.215.14", "172.32.0.1", "192.169.0.1", "2606:4700::1111",
        "100.128.0.1", "64:ff9b::808:808", "2002:0808:0808::1"}) {
      assertThat(OutboundPolicy.nonPublic(InetAddress.getByName(address))).as(address).isNull();
    }
  }
}
