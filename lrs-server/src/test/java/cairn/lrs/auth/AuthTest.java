package cairn.lrs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP Basic credentials, scopes, and the admin API. */
@ExtendWith(TestPostgres.class)
class AuthTest {
  static LrsServer lrs;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  static JsonObject statement(String email) {
    return new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:" + email))
        .put("verb", new JsonObject().put("id", "http://ex.com/verbs/did"))
        .put("object", new JsonObject().put("id", "http://ex.com/act"));
  }

  @Test
  void missingWrongOrRevokedCredentialsAre401() {
    HttpResponse<Buffer> none = lrs.get(null, "/xapi/statements");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Basic");
    String good = lrs.basic(Scope.ALL);
    String key = new String(Base64.getDecoder().decode(good.substring(6))).split(":")[0];
    String wrong = "Basic " + Base64.getEncoder().encodeToString((key + ":wrong").getBytes());
    assertThat(lrs.get(wrong, "/xapi/statements").statusCode()).isEqualTo(401);
    assertThat(lrs.get("Basic !!!", "/xapi/statements").statusCode()).isEqualTo(401);
    assertThat(lrs.get(good, "/xapi/statements").statusCode()).isEqualTo(200);
    lrs.basic(Scope.ALL); // not the last credential with scope all, which cannot be revoked (LastAdminTest)
    HttpResponse<Buffer> revoke = lrs.client.request(HttpMethod.DELETE, "/api/v1/credentials/" + key)
        .putHeader("Authorization", good).send().await();
    assertThat(revoke.statusCode()).isEqualTo(204);
    assertThat(lrs.get(good, "/xapi/statements").statusCode()).isEqualTo(401);
    assertThat(audit(key)).containsExactly("credential.create by test", "credential.revoke by api-key:" + key);
  }

  /** The audit trail of one credential: "action by actor", oldest first. */
  static List<String> audit(String key) {
    List<String> entries = new ArrayList<>();
    lrs.pool.preparedQuery("select action, actor from lrs.audit where subject = $1 order by id")
        .execute(Tuple.of(key)).await()
        .forEach(row -> entries.add(row.getString("action") + " by " + row.getString("actor")));
    return entries;
  }

  @Test
  void scopesLimitWhatACredentialMayDo() {
    String writer = lrs.basic(Scope.STATEMENTS_WRITE);
    String reader = lrs.basic(Scope.STATEMENTS_READ);
    assertThat(lrs.post(writer, statement(UUID.randomUUID() + "@ex.com")).statusCode()).isEqualTo(200);
    assertThat(lrs.get(writer, "/xapi/statements").statusCode()).isEqualTo(403);
    assertThat(lrs.post(reader, statement(UUID.randomUUID() + "@ex.com")).statusCode()).isEqualTo(403);
    assertThat(lrs.get(reader, "/xapi/statements").statusCode()).isEqualTo(200);
    assertThat(lrs.client.get("/api/v1/credentials").putHeader("Authorization", reader).send().await()
        .statusCode()).isEqualTo(403);
  }

  @Test
  void readMineSeesOnlyWhatItsCredentialStored() {
    String mine = lrs.basic(Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE);
    String other = lrs.basic(Scope.ALL);
    String email = UUID.randomUUID() + "@ex.com";
    String myId = LrsServer.array(lrs.post(mine, statement(email))).getString(0);
    String otherId = LrsServer.array(lrs.post(other, statement(email))).getString(0);
    String agent = java.net.URLEncoder.encode("{\"mbox\":\"mailto:" + email + "\"}", java.nio.charset.StandardCharsets.UTF_8);
    JsonArray seen = LrsServer.json(lrs.get(mine, "/xapi/statements?agent=" + agent)).getJsonArray("statements");
    assertThat(seen).hasSize(1);
    assertThat(seen.getJsonObject(0).getString("id")).isEqualTo(myId);
    assertThat(lrs.get(mine, "/xapi/statements?statementId=" + otherId).statusCode()).isEqualTo(404);
    assertThat(lrs.get(mine, "/xapi/statements?statementId=" + myId).statusCode()).isEqualTo(200);
    assertThat(LrsServer.json(lrs.get(other, "/xapi/statements?agent=" + agent)).getJsonArray("statements")).hasSize(2);
  }

  @Test
  void adminApiCreatesListsAndValidates() {
    String admin = lrs.basic(Scope.ALL);
    HttpResponse<Buffer> created = lrs.client.post("/api/v1/credentials").putHeader("Authorization", admin)
        .sendJsonObject(new JsonObject().put("name", "LMS").put("scopes", new JsonArray().add("statements/write")))
        .await();
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("secret")).hasSizeGreaterThan(30);
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (body.getString("key") + ":" + body.getString("secret")).getBytes());
    assertThat(lrs.post(basic, statement(UUID.randomUUID() + "@ex.com")).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> list = lrs.client.get("/api/v1/credentials").putHeader("Authorization", admin).send().await();
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsString()).contains(body.getString("key")).doesNotContain(body.getString("secret"));
    String adminKey = new String(Base64.getDecoder().decode(admin.substring(6))).split(":")[0];
    assertThat(audit(body.getString("key"))).containsExactly("credential.create by api-key:" + adminKey);

    HttpResponse<Buffer> bad = lrs.client.post("/api/v1/credentials").putHeader("Authorization", admin)
        .sendJsonObject(new JsonObject().put("name", "x").put("scopes", new JsonArray().add("root"))).await();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("path")).isEqualTo("$.scopes[0]");
  }

  @Test
  void aboutNeedsNoCredentials() {
    HttpResponse<Buffer> about = lrs.client.get("/xapi/about").send().await();
    assertThat(about.statusCode()).isEqualTo(200);
    assertThat(about.bodyAsJsonObject().getJsonArray("version")).contains("1.0.3", "2.0.0");
  }
}
