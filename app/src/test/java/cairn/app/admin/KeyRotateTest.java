package cairn.app.admin;

import static cairn.app.admin.AdminRun.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.app.CairnServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn admin key rotate}: after it, Cairn signs with the new key, credentials signed with the
 * retired one still verify, and a secret that cannot open the stored keys rotates nothing.
 */
class KeyRotateTest {
  @TempDir
  Path dir;

  private static JsonObject issue(CairnServer server) {
    String person = "rotate-" + UUID.randomUUID();
    JsonObject body = new JsonObject()
        .put("personId", person)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + person + "@example.com"))
        .put("achievementId", "https://cairn.example/achievements/" + person)
        .put("ladderId", "https://cairn.example/ladders/cli")
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", "Key rotation").put("description", "Rotated a key.")
            .put("criteria", new JsonObject().put("narrative", "Rotate.")).put("achievementType", "Competency"))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", UUID.randomUUID().toString())
            .put("rule", "operator sign-off")));
    HttpResponse<Buffer> issued = server.client.post("/api/v1/badges").putHeader("Authorization", basicAdmin())
        .sendJsonObject(body).await();
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
    return issued.bodyAsJsonObject();
  }

  private static boolean verifies(CairnServer server, String jwt) {
    HttpResponse<Buffer> verified = server.client.post("/verify").sendJsonObject(new JsonObject().put("jwt", jwt))
        .await();
    assertThat(verified.statusCode()).as(verified.bodyAsString()).isEqualTo(200);
    return verified.bodyAsJsonObject().getBoolean("valid");
  }

  private static String basicAdmin() {
    return "Basic " + Base64.getEncoder().encodeToString(
        (CairnServer.ADMIN_KEY + ":" + CairnServer.ADMIN_SECRET).getBytes());
  }

  @Test
  void aRotatedKeySignsFromThenOnAndTheRetiredOneStillVerifies() {
    JsonObject before;
    try (CairnServer server = new CairnServer()) {
      before = issue(server);
    }
    AdminRun rotated = admin(AdminRun.shared(), "key", "rotate", "--alg", "RS256", "--reason", "scheduled rotation");
    assertThat(rotated.code()).as(rotated.toString()).isZero();
    String newKid = rotated.outLine("RS256");
    assertThat(newKid).isNotEqualTo(before.getString("kid"));
    assertThat(rotated.err()).contains("signs from now on");

    try (CairnServer server = new CairnServer()) { // a Cairn (re)started after the rotation signs with the new key
      JsonObject after = issue(server);
      assertThat(after.getString("kid")).isEqualTo(newKid);
      assertThat(verifies(server, after.getString("jwt"))).isTrue();
      assertThat(verifies(server, before.getString("jwt"))).isTrue();
      JsonArray keys = server.client.get("/api/v1/keys").putHeader("Authorization", basicAdmin()).send().await()
          .bodyAsJsonArray();
      assertThat(keys.stream().map(JsonObject.class::cast).filter(k -> k.getString("kid").equals(before.getString("kid")))
          .findFirst().orElseThrow().getString("status")).isEqualTo("retired");
      String actor = server.cairn.pool().query("select actor, reason from credentials.audit where action = 'rotate-key' "
          + "order by id desc limit 1").execute().await().iterator().next().getString("actor");
      assertThat(actor).isEqualTo("cli:" + System.getProperty("user.name"));
    }
  }

  @Test
  void aSecretThatCannotOpenTheKeysRotatesNothingAndNoSecretIsNotMadeUp() {
    try (CairnServer server = new CairnServer()) { // the keys exist
      issue(server);
    }
    Map<String, String> wrong = new HashMap<>(AdminRun.shared());
    wrong.put("CAIRN_KEY_SECRET", "not-the-secret-the-keys-are-stored-under");
    AdminRun refused = admin(wrong, "key", "rotate");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("cannot be decrypted with this secret").contains("Nothing was rotated");

    Map<String, String> none = new HashMap<>(AdminRun.shared());
    none.remove("CAIRN_KEY_SECRET");
    none.put("CAIRN_DATA_DIR", dir.toString());
    AdminRun noSecret = admin(none, "key", "rotate");
    assertThat(noSecret.code()).as(noSecret.toString()).isEqualTo(2);
    assertThat(noSecret.err()).contains("set CAIRN_KEY_SECRET");
    assertThat(dir.resolve("key-secret")).doesNotExist();

    AdminRun badAlg = admin(AdminRun.shared(), "key", "rotate", "--alg", "HS256");
    assertThat(badAlg.code()).isEqualTo(2);
    assertThat(badAlg.err()).contains("RS256, ES256 or Ed25519");
  }
}
