package cairn.credentials.dataintegrity;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cairn's Data Integrity credentials verified by an implementation that is not Cairn's: Digital
 * Bazaar's JavaScript libraries, which the DCC's Learner Credential Wallet and VerifierPlus are built on
 * ({@code src/test/js/di-verify}: {@code npm ci} of its lock file into {@code target/di-verify}, then
 * {@code node verify.mjs}). The JSON-LD contexts come from Cairn's own local copies; DIDs, keys and
 * status lists from the running server. Needs Node.js 18+ and npm (CI installs them), and the npm
 * registry the first time.
 */
class DataIntegrityJsTest {
  private static final Path SOURCE = Path.of("src/test/js/di-verify");
  private static final Path WORK = Path.of("target/di-verify");
  private static IssuerServer server;
  private static IssuerServer keyServer;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    server = new IssuerServer();
    keyServer = new IssuerServer(options -> options.withDidMethod("key"));
    install();
  }

  @AfterAll
  static void stop() {
    server.close();
    keyServer.close();
  }

  /** {@code npm ci} once per lock file: node_modules stays in target/ between runs. */
  private static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    String lock = Files.readString(SOURCE.resolve("package-lock.json"));
    Path installed = WORK.resolve("node_modules/.cairn-lock");
    for (String file : List.of("package.json", "package-lock.json", "verify.mjs")) {
      Files.copy(SOURCE.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.exists(installed) && Files.readString(installed).equals(lock)) {
      return;
    }
    run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    Files.writeString(installed, lock);
  }

  private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(command + " failed (" + p.exitValue() + "): " + text);
    }
    return text;
  }

  private static JsonNode issue(IssuerServer s, JsonObject body) {
    return Json.tree(s.issue(body).getJsonObject("dataIntegrity").encode());
  }

  private static JsonObject manual() {
    return IssuerServer.manual(IssuerServer.unique("js"), "js@example.com", IssuerServer.unique("urn:js"));
  }

  @Test
  void digitalBazaarsLibrariesVerifyCairnsCredentials() throws IOException, InterruptedException {
    Map<String, JsonNode> credentials = new java.util.LinkedHashMap<>();
    credentials.put("valid", issue(server, manual()));

    JsonObject toRevoke = server.issue(manual());
    credentials.put("revoked", Json.tree(toRevoke.getJsonObject("dataIntegrity").encode()));
    assertThat(server.post("/api/v1/badges/" + toRevoke.getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "js test")).statusCode()).isEqualTo(200);

    ObjectNode tampered = issue(server, manual()).deepCopy();
    ((ObjectNode) tampered.path("credentialSubject").path("achievement")).put("name", "Chief Everything Officer");
    credentials.put("tampered", tampered);

    // signed by a key that is retired next: the DID document keeps it
    credentials.put("retired-key", issue(server, manual()));
    HttpResponse<Buffer> rotated = server.post("/api/v1/keys", server.admin, new JsonObject().put("alg", "Ed25519"));
    assertThat(rotated.statusCode()).isEqualTo(201);
    credentials.put("after-rotation", issue(server, manual()));

    String profile = "js-wallet-" + Long.toHexString(System.nanoTime());
    assertThat(server.lrs.client.put("/api/v1/issuers/" + profile).putHeader("Authorization", server.admin)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("name", "Wallet issuer")
            .put("forms", new JsonArray().add("data-integrity")).encode())).await().statusCode()).isEqualTo(200);
    credentials.put("profile-did", issue(server, manual().put("issuer", profile)));

    credentials.put("did-key", issue(keyServer, manual()));
    JsonObject keyRevoked = keyServer.issue(manual());
    credentials.put("did-key-revoked", Json.tree(keyRevoked.getJsonObject("dataIntegrity").encode()));
    assertThat(keyServer.post("/api/v1/badges/" + keyRevoked.getString("id") + "/revoke", keyServer.admin,
        new JsonObject().put("reason", "js test")).statusCode()).isEqualTo(200);

    // the very files Cairn canonicalizes with
    ObjectNode contexts = Json.MAPPER.createObjectNode();
    Path dir = Path.of("src/main/resources/cairn/credentials/contexts").toAbsolutePath();
    LocalContexts.urls().forEach(url -> contexts.put(url, dir.resolve(LocalContexts.file(url)).toString()));
    Files.writeString(WORK.resolve("contexts.json"), contexts.toString());
    List<String> command = new ArrayList<>(List.of("node", "verify.mjs", "contexts.json"));
    for (Map.Entry<String, JsonNode> e : credentials.entrySet()) {
      Files.writeString(WORK.resolve(e.getKey() + ".json"), e.getValue().toPrettyString());
      command.add(e.getKey() + ".json");
    }

    String output = run(command, 120);
    Map<String, JsonNode> results = new HashMap<>();
    output.lines().filter(l -> l.startsWith("{")).map(Json::tree)
        .forEach(r -> results.put(r.path("file").asText().replace(".json", ""), r));
    assertThat(results.keySet()).as(output).containsAll(credentials.keySet());

    for (String good : List.of("valid", "retired-key", "after-rotation", "profile-did", "did-key")) {
      JsonNode r = results.get(good);
      assertThat(r.path("verified").asBoolean()).as(good + ": " + r).isTrue();
      assertThat(r.path("statusVerified").asBoolean()).as(good + ": " + r).isTrue();
      assertThat(r.path("revoked").asBoolean()).as(good + ": " + r).isFalse();
    }
    for (String revoked : List.of("revoked", "did-key-revoked")) {
      JsonNode r = results.get(revoked);
      assertThat(r.path("proofVerified").asBoolean()).as(revoked + ": " + r).isTrue();
      assertThat(r.path("statusVerified").asBoolean()).as(revoked + ": " + r).isTrue();
      assertThat(r.path("revoked").asBoolean()).as(revoked + ": " + r).isTrue();
    }
    JsonNode t = results.get("tampered");
    assertThat(t.path("verified").asBoolean()).as(t.toString()).isFalse();
    assertThat(t.path("proofVerified").asBoolean()).isFalse();
    assertThat(t.path("error").asText()).as(t.toString()).contains("Invalid signature");
  }
}
