package cairn.credentials.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.credentials.IssuerServer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Keys at rest, rotation, operator keys, and that no private key material ever leaves. */
class KeysTest {
  static IssuerServer server;
  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  static final List<String> RESPONSES = new ArrayList<>();

  @BeforeAll
  static void start() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ((Logger) LoggerFactory.getLogger("cairn")).setLevel(Level.DEBUG);
    LOGS.start();
    root.addAppender(LOGS);
    server = new IssuerServer();
    server.deployWorker();
  }

  @AfterAll
  static void stop() {
    server.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
  }

  static HttpResponse<Buffer> seen(HttpResponse<Buffer> r) {
    RESPONSES.add(r.bodyAsString() + " " + r.headers());
    return r;
  }

  private JsonObject issue(String alg) {
    String person = IssuerServer.unique("keys");
    JsonObject body = IssuerServer.manual(person, person + "@x.example", "https://cairn.example/achievements/k").put("alg", alg);
    HttpResponse<Buffer> r = seen(server.post("/api/v1/badges", server.admin, body));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return new JsonObject(r.bodyAsString());
  }

  private static String kid(JsonObject issued) throws Exception {
    return JWSObject.parse(issued.getString("jwt")).getHeader().getKeyID();
  }

  @Test
  void privateKeysAreEncryptedAtRestWithPbes2() throws Exception {
    issue("RS256");
    var rows = server.lrs.pool.query("select id, public_jwk::text as pub, private_jwe from credentials.keys").execute().await();
    assertThat(rows.size()).isGreaterThanOrEqualTo(2);
    KeyCipher right = new KeyCipher(IssuerServer.SECRET.clone());
    KeyCipher wrong = new KeyCipher("a-different-secret-of-16+".toCharArray());
    rows.forEach(row -> {
      try {
        JWEObject jwe = JWEObject.parse(row.getString("private_jwe"));
        assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("PBES2-HS512+A256KW");
        assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
      } catch (java.text.ParseException e) {
        throw new AssertionError(e);
      }
      assertThat(new JsonObject(row.getString("pub")).containsKey("d")).isFalse();
      JWK jwk = right.decrypt(row.getString("private_jwe"));
      assertThat(jwk.isPrivate()).isTrue();
      assertThatThrownBy(() -> wrong.decrypt(row.getString("private_jwe")))
          .isInstanceOf(KeyException.class).hasMessageContaining("cannot be decrypted").hasNoCause();
    });
  }

  @Test
  void rotationSignsWithTheNewKeyAndRetiredKeysStillVerify() throws Exception {
    JsonObject before = issue("RS256");
    String oldKid = kid(before);

    HttpResponse<Buffer> rotated = seen(server.post("/api/v1/keys", server.admin,
        new JsonObject().put("alg", "RS256").put("reason", "scheduled rotation")));
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(201);
    String newKid = new JsonObject(rotated.bodyAsString()).getString("kid");
    assertThat(newKid).isNotEqualTo(oldKid);

    JsonObject after = issue("RS256");
    assertThat(kid(after)).isEqualTo(newKid);
    assertThat(server.verify(before.getString("jwt")).getBoolean("valid")).isTrue();
    assertThat(server.verify(after.getString("jwt")).getBoolean("valid")).isTrue();

    JWKSet jwks = JWKSet.parse(seen(server.get("/.well-known/jwks.json", null)).bodyAsString());
    assertThat(jwks.getKeyByKeyId(oldKid)).isNotNull();
    assertThat(jwks.getKeyByKeyId(newKid)).isNotNull();
    assertThat(jwks.getKeys()).allMatch(k -> !k.isPrivate());
    assertThat(seen(server.get(oldKid.substring(server.options.publicUrl().length()), null)).statusCode()).isEqualTo(200);

    JsonArray listed = new JsonArray(seen(server.get("/api/v1/keys", server.admin)).bodyAsString());
    JsonObject old = listed.stream().map(JsonObject.class::cast).filter(k -> k.getString("kid").equals(oldKid)).findFirst().orElseThrow();
    assertThat(old.getString("status")).isEqualTo("retired");

    // the outbox worker's own key ring follows the rotation (within its refresh interval)
    String person = IssuerServer.unique("rotated");
    server.outbox(person, person + "@x.example", "https://cairn.example/achievements/r", 1, List.of(java.util.UUID.randomUUID()));
    IssuerServer.await(() -> new JsonArray(server.get("/api/v1/badges?personId=" + person, server.admin).bodyAsString()).size() == 1,
        java.time.Duration.ofSeconds(20));
  }

  @Test
  void operatorSuppliedKeysCanBeImportedAndBadOnesAreRefusedWithoutEcho() throws Exception {
    RSAKey operator = new RSAKeyGenerator(2048).generate();
    HttpResponse<Buffer> imported = seen(server.post("/api/v1/keys", server.admin,
        new JsonObject().put("alg", "RS256").put("jwk", new JsonObject(operator.toJSONString()))));
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(201);
    assertThat(imported.bodyAsString()).doesNotContain(operator.getPrivateExponent().toString());
    JsonObject issued = issue("RS256");
    assertThat(kid(issued)).isEqualTo(new JsonObject(imported.bodyAsString()).getString("kid"));
    assertThat(server.verify(issued.getString("jwt")).getBoolean("valid")).isTrue();

    HttpResponse<Buffer> broken = seen(server.post("/api/v1/keys", server.admin, new JsonObject().put("alg", "RS256")
        .put("jwk", new JsonObject().put("kty", "RSA").put("n", "abc").put("e", "AQAB").put("d", "SECRETVALUE42"))));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.bodyAsString()).doesNotContain("SECRETVALUE42");

    var ec = new ECKeyGenerator(Curve.P_256).generate();
    HttpResponse<Buffer> mismatch = seen(server.post("/api/v1/keys", server.admin,
        new JsonObject().put("alg", "RS256").put("jwk", new JsonObject(ec.toJSONString()))));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.bodyAsString()).doesNotContain(ec.getD().toString());

    HttpResponse<Buffer> publicOnly = seen(server.post("/api/v1/keys", server.admin,
        new JsonObject().put("alg", "RS256").put("jwk", new JsonObject(operator.toPublicJWK().toJSONString()))));
    assertThat(publicOnly.statusCode()).isEqualTo(400);
  }

  @Test
  void noPrivateKeyMaterialInAnyResponseOrLog() throws Exception {
    // exercise the public and admin surfaces once more
    JsonObject issued = issue("ES256");
    seen(server.get("/.well-known/jwks.json", null));
    seen(server.get("/api/v1/keys", server.admin));
    seen(server.get("/api/v1/badges/" + issued.getString("id"), server.admin));
    seen(server.post("/verify", null, new JsonObject().put("jwt", issued.getString("jwt"))));
    seen(server.post("/verify", null, new JsonObject().put("jwt", "eyJhbGciOiJub25lIn0.e30.")));
    HttpResponse<Buffer> status = seen(server.get(new JsonObject(new String(java.util.Base64.getUrlDecoder()
        .decode(issued.getString("jwt").split("\\.")[1]))).getJsonObject("credentialStatus")
        .getString("statusListCredential").substring(server.options.publicUrl().length()), null));
    assertThat(status.statusCode()).isEqualTo(200);

    KeyCipher cipher = new KeyCipher(IssuerServer.SECRET.clone());
    List<String> secrets = new ArrayList<>();
    server.lrs.pool.query("select private_jwe from credentials.keys").execute().await().forEach(row -> {
      Map<String, Object> members = cipher.decrypt(row.getString("private_jwe")).toJSONObject();
      for (String m : new String[] {"d", "p", "q", "dp", "dq", "qi"}) {
        if (members.get(m) != null) {
          secrets.add(members.get(m).toString());
        }
      }
    });
    assertThat(secrets).isNotEmpty();
    String everything = String.join("\n", RESPONSES) + "\n" + String.join("\n", LOGS.list.stream()
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList());
    assertThat(LOGS.list).isNotEmpty();
    for (String secret : secrets) {
      assertThat(everything).doesNotContain(secret);
    }
    assertThat(everything).doesNotContain(new String(IssuerServer.SECRET));
    assertThat(server.options.toString()).doesNotContain(new String(IssuerServer.SECRET));
  }
}
