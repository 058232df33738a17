package cairn.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The status list credentials are signed VC-JWTs a standard library can check, bit by bit. */
class StatusListTest {
  static IssuerServer server;

  @BeforeAll
  static void start() {
    server = new IssuerServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject payload(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
  }

  @Test
  void revokedBitIsSetInTheSignedList() throws Exception {
    String person = IssuerServer.unique("status");
    JsonObject kept = server.issue(IssuerServer.manual(person, "s@x.example", "https://cairn.example/achievements/s1"));
    JsonObject gone = server.issue(IssuerServer.manual(person, "s@x.example", "https://cairn.example/achievements/s2"));
    assertThat(server.post("/api/v1/badges/" + gone.getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "Fraud")).statusCode()).isEqualTo(200);

    JsonObject entry = payload(gone.getString("jwt")).getJsonObject("credentialStatus");
    JsonObject keptEntry = payload(kept.getString("jwt")).getJsonObject("credentialStatus");
    var response = server.get(entry.getString("statusListCredential").substring(server.options.publicUrl().length()), null);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/vc+jwt");
    JWSObject list = JWSObject.parse(response.bodyAsString());
    JWKSet jwks = JWKSet.parse(server.get("/.well-known/jwks.json", null).bodyAsString());
    assertThat(list.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(list.getHeader().getKeyID())))).isTrue();

    JsonObject vc = new JsonObject(list.getPayload().toString());
    assertThat(vc.getJsonArray("type").getList()).contains("BitstringStatusListCredential");
    assertThat(vc.getString("id")).isEqualTo(entry.getString("statusListCredential"));
    JsonObject subject = vc.getJsonObject("credentialSubject");
    assertThat(subject.getString("statusPurpose")).isEqualTo("revocation");
    byte[] bits = Bitstring.decode(subject.getString("encodedList"));
    assertThat(bits.length * 8).isGreaterThanOrEqualTo(131072);
    assertThat(Bitstring.get(bits, Integer.parseInt(entry.getString("statusListIndex")))).isTrue();
    if (keptEntry.getString("statusListCredential").equals(entry.getString("statusListCredential"))) {
      assertThat(Bitstring.get(bits, Integer.parseInt(keptEntry.getString("statusListIndex")))).isFalse();
    }
    assertThat(server.get("/status-lists/999999/revocation", null).statusCode()).isEqualTo(404);
    assertThat(server.get("/status-lists/0/other", null).statusCode()).isEqualTo(404);
  }
}
