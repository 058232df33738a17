package cairn.credentials.dataintegrity;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.status.Bitstring;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials with an embedded eddsa-rdfc-2022 proof through the real server: issued beside the VC-JWT,
 * the issuer a did:web whose document Cairn serves, verified by Cairn's verify API (valid, tampered,
 * revoked, signed by a retired key), the status list in the same form by the same DID, the forms an
 * issuer profile issues, and did:key.
 */
class DataIntegrityTest {
  private static IssuerServer server;
  private static IssuerServer keyServer;

  @BeforeAll
  static void start() {
    server = new IssuerServer();
    keyServer = new IssuerServer(options -> options.withDidMethod("key"));
  }

  @AfterAll
  static void stop() {
    server.close();
    keyServer.close();
  }

  private static int port(IssuerServer s) {
    return java.net.URI.create(s.options.publicUrl()).getPort();
  }

  private static String did(IssuerServer s) {
    return IssuerDids.webDid(s.options.publicUrl());
  }

  private static JsonNode verify(IssuerServer s, JsonNode credential) {
    HttpResponse<Buffer> r = s.lrs.client.post("/verify").putHeader("Content-Type", "application/vc")
        .sendBuffer(Buffer.buffer(credential.toString())).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return Json.tree(r.bodyAsString());
  }

  private static boolean passes(JsonNode report, String check) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("check").asText().equals(check)) {
        return c.path("pass").asBoolean();
      }
    }
    throw new AssertionError("no check " + check + " in " + report);
  }

  private static String reason(JsonNode report, String check) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("check").asText().equals(check)) {
        return c.path("reason").asText();
      }
    }
    return null;
  }

  @Test
  void issuedBesideTheJwtUnderTheDidWebAndVerified() {
    JsonObject issued = server.issue(IssuerServer.manual(IssuerServer.unique("di"), "di@example.com", IssuerServer.unique("urn:a")));
    assertThat(issued.getString("jwt")).isNotNull();
    JsonNode di = Json.tree(issued.getJsonObject("dataIntegrity").encode());
    String did = did(server);
    assertThat(did).isEqualTo("did:web:localhost%3A" + port(server));
    assertThat(di.path("issuer").path("id").asText()).isEqualTo(did);
    assertThat(di.has("iss") || di.has("jti") || di.has("nbf")).isFalse();
    assertThat(di.path("id").asText()).isEqualTo(issued.getString("id"));
    JsonNode proof = di.path("proof").path(0);
    assertThat(proof.path("type").asText()).isEqualTo("DataIntegrityProof");
    assertThat(proof.path("cryptosuite").asText()).isEqualTo("eddsa-rdfc-2022");
    assertThat(proof.path("proofPurpose").asText()).isEqualTo("assertionMethod");
    assertThat(proof.path("verificationMethod").asText()).startsWith(did + "#ed25519-");
    assertThat(di.path("credentialStatus").path("statusListCredential").asText())
        .isEqualTo(server.url("/status-lists/" + di.path("credentialStatus").path("statusListCredential").asText()
            .replaceAll(".*/status-lists/", "")))
        .endsWith("/revocation/data-integrity");

    // the DID document lists the key as a Multikey assertion method
    HttpResponse<Buffer> doc = server.get("/.well-known/did.json", null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.getHeader("Content-Type")).isEqualTo("application/did+json");
    JsonNode didDoc = Json.tree(doc.bodyAsString());
    assertThat(didDoc.path("id").asText()).isEqualTo(did);
    assertThat(server.get("/did.json", null).bodyAsString()).isEqualTo(doc.bodyAsString());
    JsonNode method = null;
    for (JsonNode vm : didDoc.path("verificationMethod")) {
      if (vm.path("id").asText().equals(proof.path("verificationMethod").asText())) {
        method = vm;
      }
    }
    assertThat(method).isNotNull();
    assertThat(method.path("type").asText()).isEqualTo("Multikey");
    assertThat(method.path("publicKeyMultibase").asText()).startsWith("z6Mk");
    assertThat(didDoc.path("assertionMethod").toString()).contains(method.path("id").asText());
    // no private key in it
    assertThat(doc.bodyAsString()).doesNotContain("\"d\"").doesNotContain("secretKeyMultibase");

    // the proof checks out with the published key, independently of the verify API
    EddsaRdfc2022 suite = new EddsaRdfc2022(new Canonicalizer(LocalContexts.get()));
    assertThat(suite.verify(di, Ed25519.publicKey(Multikey.decodePublicKey(method.path("publicKeyMultibase").asText())))).isTrue();

    JsonNode report = verify(server, di);
    assertThat(report.path("valid").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("checks")).hasSize(8);
    assertThat(reason(report, "key")).contains("this issuer's DID document");

    // the admin API shows both forms
    JsonObject read = new JsonObject(server.get("/api/v1/badges/" + issued.getString("id"), server.admin).bodyAsString());
    assertThat(read.getJsonObject("dataIntegrity").getJsonArray("proof").getJsonObject(0).getString("proofValue"))
        .isEqualTo(proof.path("proofValue").asText());
  }

  @Test
  void tamperedRevokedAndRetiredKey() {
    JsonObject issued = server.issue(IssuerServer.manual(IssuerServer.unique("di"), "t@example.com", IssuerServer.unique("urn:a")));
    ObjectNode di = (ObjectNode) Json.tree(issued.getJsonObject("dataIntegrity").encode());

    ObjectNode tampered = di.deepCopy();
    ((ObjectNode) tampered.path("credentialSubject").path("achievement")).put("name", "Chief Everything Officer");
    JsonNode report = verify(server, tampered);
    assertThat(report.path("valid").asBoolean()).isFalse();
    assertThat(passes(report, "signature")).isFalse();
    assertThat(reason(report, "signature")).contains("does not match");
    assertThat(passes(report, "structure")).isTrue();

    // a retired key: rotate, the old credential still verifies, new ones use the new method
    HttpResponse<Buffer> rotated = server.post("/api/v1/keys", server.admin,
        new JsonObject().put("alg", "Ed25519").put("reason", "test rotation"));
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(201);
    String newId = new JsonObject(rotated.bodyAsString()).getString("id");
    assertThat(verify(server, di).path("valid").asBoolean()).isTrue();
    JsonObject later = server.issue(IssuerServer.manual(IssuerServer.unique("di"), "t@example.com", IssuerServer.unique("urn:a")));
    assertThat(later.getJsonObject("dataIntegrity").getJsonArray("proof").getJsonObject(0).getString("verificationMethod"))
        .isEqualTo(did(server) + "#" + newId);
    JsonNode didDoc = Json.tree(server.get("/.well-known/did.json", null).bodyAsString());
    assertThat(didDoc.path("verificationMethod").toString())
        .contains(di.path("proof").path(0).path("verificationMethod").asText()).contains(newId);
    // the JWKS stays for VC-JWTs: no Ed25519 key in it
    assertThat(server.get("/.well-known/jwks.json", null).bodyAsString()).doesNotContain("Ed25519");

    // revoked: the status check fails, and the list in its Data Integrity form has the bit set
    HttpResponse<Buffer> revoke = server.post("/api/v1/badges/" + issued.getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "issued in error"));
    assertThat(revoke.statusCode()).isEqualTo(200);
    report = verify(server, di);
    assertThat(report.path("valid").asBoolean()).isFalse();
    assertThat(passes(report, "signature")).isTrue();
    assertThat(reason(report, "status")).contains("revoked");

    String listUrl = di.path("credentialStatus").path("statusListCredential").asText();
    HttpResponse<Buffer> list = server.get(listUrl.substring(server.options.publicUrl().length()), null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.getHeader("Content-Type")).isEqualTo("application/vc");
    JsonNode listVc = Json.tree(list.bodyAsString());
    assertThat(listVc.path("issuer").asText()).isEqualTo(did(server));
    assertThat(listVc.path("id").asText()).isEqualTo(listUrl);
    assertThat(listVc.path("type").toString()).contains("BitstringStatusListCredential");
    assertThat(listVc.path("proof").path(0).path("verificationMethod").asText()).isEqualTo(did(server) + "#" + newId);
    byte[] bits = Bitstring.decode(listVc.path("credentialSubject").path("encodedList").asText());
    assertThat(Bitstring.get(bits, Integer.parseInt(di.path("credentialStatus").path("statusListIndex").asText()))).isTrue();
    JsonNode newKey = Json.tree(rotated.bodyAsString()).path("publicJwk");
    assertThat(new EddsaRdfc2022(new Canonicalizer(LocalContexts.get()))
        .verify(listVc, Ed25519.publicKey(java.util.Base64.getUrlDecoder().decode(newKey.path("x").asText())))).isTrue();
  }

  @Test
  void profilesChooseTheirForms() {
    String diOnly = "di-only-" + Long.toHexString(System.nanoTime());
    HttpResponse<Buffer> put = server.lrs.client.put("/api/v1/issuers/" + diOnly).putHeader("Authorization", server.admin)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("name", "Wallet-only issuer").put("forms", new JsonArray().add("data-integrity")).encode()))
        .await();
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    assertThat(new JsonObject(put.bodyAsString()).getJsonArray("forms")).containsExactly("data-integrity");
    JsonObject issued = server.issue(IssuerServer.manual(IssuerServer.unique("di"), "w@example.com", IssuerServer.unique("urn:a"))
        .put("issuer", diOnly));
    assertThat(issued.getString("jwt")).isNull();
    JsonNode di = Json.tree(issued.getJsonObject("dataIntegrity").encode());
    assertThat(issued.getJsonObject("credential").getString("id")).isEqualTo(di.path("id").asText());
    String profileDid = did(server) + ":issuers:" + diOnly;
    assertThat(di.path("issuer").path("id").asText()).isEqualTo(profileDid);
    assertThat(di.path("issuer").path("name").asText()).isEqualTo("Wallet-only issuer");
    JsonNode profileDoc = Json.tree(server.get("/issuers/" + diOnly + "/did.json", null).bodyAsString());
    assertThat(profileDoc.path("id").asText()).isEqualTo(profileDid);
    assertThat(verify(server, di).path("valid").asBoolean()).isTrue();
    // its status list is issued by the profile's own DID
    String listUrl = di.path("credentialStatus").path("statusListCredential").asText();
    assertThat(listUrl).isEqualTo(server.url("/issuers/" + diOnly + "/status-lists/"
        + listUrl.replaceAll(".*/status-lists/", "")));
    JsonNode list = Json.tree(server.get(listUrl.substring(server.options.publicUrl().length()), null).bodyAsString());
    assertThat(list.path("issuer").asText()).isEqualTo(profileDid);
    assertThat(list.path("proof").path(0).path("verificationMethod").asText()).startsWith(profileDid + "#");
    assertThat(IssuerDids.webUrl(profileDid)).isEqualTo("https://localhost:" + port(server) + "/issuers/" + diOnly + "/did.json");
    JsonObject listed = new JsonObject(server.get("/api/v1/badges/" + issued.getString("id"), server.admin).bodyAsString());
    assertThat(listed.getString("name")).isEqualTo("Incident commander");
    // a share link serves the credential in the form it was issued: here the Data Integrity form, with its proof
    HttpResponse<Buffer> share = server.post("/api/v1/badges/" + issued.getString("id") + "/shares", server.admin, new JsonObject());
    assertThat(share.statusCode()).isEqualTo(201);
    String token = new JsonObject(share.bodyAsString()).getString("token");
    HttpResponse<Buffer> shared = server.get("/credentials/share/" + token, null);
    assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(200);
    assertThat(shared.getHeader("Content-Type")).isEqualTo("application/vc");
    assertThat(Json.tree(shared.bodyAsString())).isEqualTo(di);
    HttpResponse<Buffer> page = server.lrs.client.get("/credentials/share/" + token).putHeader("Accept", "text/html")
        .send().await();
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("Incident commander", "?format=json");
    HttpResponse<Buffer> byLink = server.post("/verify", null, new JsonObject().put("share", server.url("/credentials/share/" + token)));
    assertThat(byLink.statusCode()).as(byLink.bodyAsString()).isEqualTo(200);
    assertThat(new JsonObject(byLink.bodyAsString()).getBoolean("valid")).as(byLink.bodyAsString()).isTrue();
    assertThat(byLink.bodyAsString()).contains("eddsa-rdfc-2022");

    String jwtOnly = "jwt-only-" + Long.toHexString(System.nanoTime());
    server.lrs.client.put("/api/v1/issuers/" + jwtOnly).putHeader("Authorization", server.admin)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("name", "JWT issuer").put("forms", new JsonArray().add("vc-jwt")).encode()))
        .await();
    JsonObject jwtIssued = server.issue(IssuerServer.manual(IssuerServer.unique("di"), "j@example.com", IssuerServer.unique("urn:a"))
        .put("issuer", jwtOnly));
    assertThat(jwtIssued.getString("jwt")).isNotNull();
    assertThat(jwtIssued.containsKey("dataIntegrity")).isFalse();

    // bad forms and unknown profiles are clear 4xx
    HttpResponse<Buffer> bad = server.lrs.client.put("/api/v1/issuers/" + jwtOnly).putHeader("Authorization", server.admin)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("name", "x").put("forms", new JsonArray().add("pdf")).encode())).await();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("forms must list one or both");
    assertThat(server.get("/issuers/no-such-issuer/did.json", null).statusCode()).isEqualTo(404);
  }

  @Test
  void didKeyForInstallationsWithoutAStableDomain() {
    JsonObject issued = keyServer.issue(IssuerServer.manual(IssuerServer.unique("di"), "k@example.com", IssuerServer.unique("urn:a")));
    JsonNode di = Json.tree(issued.getJsonObject("dataIntegrity").encode());
    String issuer = di.path("issuer").path("id").asText();
    assertThat(issuer).startsWith("did:key:z6Mk");
    String multikey = issuer.substring("did:key:".length());
    assertThat(di.path("proof").path(0).path("verificationMethod").asText()).isEqualTo(issuer + "#" + multikey);
    JsonNode report = verify(keyServer, di);
    assertThat(report.path("valid").asBoolean()).as(report.toString()).isTrue();
    assertThat(reason(report, "key")).contains("did:key");
    // an impostor: the same credential claiming another issuer fails the issuer check (and the signature)
    ObjectNode impostor = ((ObjectNode) di).deepCopy();
    ((ObjectNode) impostor.get("issuer")).put("id", "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
    JsonNode bad = verify(keyServer, impostor);
    assertThat(passes(bad, "issuer")).isFalse();
    assertThat(passes(bad, "signature")).isFalse();
    assertThat(IssuerDids.didKeyDocument(multikey).path("assertionMethod").get(0).asText()).isEqualTo(issuer + "#" + multikey);
  }

  @Test
  void hostileInputIsAFailedCheckNotAnError() {
    JsonObject issued = server.issue(IssuerServer.manual(IssuerServer.unique("di"), "h@example.com", IssuerServer.unique("urn:a")));
    ObjectNode di = (ObjectNode) Json.tree(issued.getJsonObject("dataIntegrity").encode());

    ObjectNode unknownContext = di.deepCopy();
    unknownContext.withArray("@context").add("https://evil.example/context.jsonld");
    JsonNode report = verify(server, unknownContext);
    assertThat(passes(report, "signature")).isFalse();
    assertThat(reason(report, "signature")).contains("Unknown JSON-LD context https://evil.example/context.jsonld");

    ObjectNode otherSuite = di.deepCopy();
    ((ObjectNode) otherSuite.get("proof").get(0)).put("cryptosuite", "bbs-2023");
    report = verify(server, otherSuite);
    assertThat(report.path("valid").asBoolean()).isFalse();
    assertThat(reason(report, "format")).contains("bbs-2023");

    ObjectNode unknownKey = di.deepCopy();
    ((ObjectNode) unknownKey.get("proof").get(0)).put("verificationMethod", did(server) + "#ed25519-nope");
    report = verify(server, unknownKey);
    assertThat(passes(report, "key")).isFalse();
    assertThat(reason(report, "key")).contains("names no Ed25519 key this issuer ever had");

    ObjectNode badValue = di.deepCopy();
    ((ObjectNode) badValue.get("proof").get(0)).put("proofValue", "z0OOO");
    report = verify(server, badValue);
    assertThat(passes(report, "signature")).isFalse();

    ObjectNode privateDid = di.deepCopy();
    ((ObjectNode) privateDid.get("proof").get(0)).put("verificationMethod", "did:web:127.0.0.1%3A9#k");
    ((ObjectNode) privateDid.get("issuer")).put("id", "did:web:127.0.0.1%3A9");
    report = verify(server, privateDid);
    assertThat(passes(report, "key")).isFalse();
    assertThat(reason(report, "key")).contains("refused to fetch https://127.0.0.1:9/.well-known/did.json");
  }
}
