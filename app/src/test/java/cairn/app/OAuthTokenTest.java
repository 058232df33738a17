package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens from {@code POST /oauth/token} through the whole of Cairn: the configured lifetime,
 * and every API that takes Basic taking the token too — the xAPI, the LRS's, the progression
 * mapper's and the issuer's admin APIs.
 */
class OAuthTokenTest {
  private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
      (CairnServer.ADMIN_KEY + ":" + CairnServer.ADMIN_SECRET).getBytes(StandardCharsets.UTF_8));
  private static CairnServer server;

  @BeforeAll
  static void start() {
    server = new CairnServer(Map.of("CAIRN_TOKEN_TTL_SECONDS", "120"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject token(String scope) {
    HttpResponse<Buffer> response = server.client.post("/oauth/token").putHeader("Authorization", ADMIN)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .sendBuffer(Buffer.buffer("grant_type=client_credentials" + (scope == null ? "" : "&scope=" + scope)))
        .await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  void aTokenLivesTheConfiguredTimeAndOpensEveryApiItsScopesAllow() {
    JsonObject issued = token(null);
    assertThat(issued.getLong("expires_in")).isEqualTo(120);
    assertThat(issued.getString("scope")).isEqualTo("all");
    String bearer = "Bearer " + issued.getString("access_token");
    for (String uri : new String[] {"/api/v1/credentials", "/api/v1/ladders", "/api/v1/frameworks", "/api/v1/issuers"}) {
      HttpResponse<Buffer> response = server.client.get(uri).putHeader("Authorization", bearer).send().await();
      assertThat(response.statusCode()).as(uri + " " + response.bodyAsString()).isEqualTo(200);
    }
    HttpResponse<Buffer> statements = server.client.get("/xapi/statements?limit=1").putHeader("Authorization", bearer)
        .putHeader("X-Experience-API-Version", "2.0.0").send().await();
    assertThat(statements.statusCode()).isEqualTo(200);

    String reader = "Bearer " + token("statements%2Fread").getString("access_token");
    HttpResponse<Buffer> refused = server.client.get("/api/v1/ladders").putHeader("Authorization", reader).send().await();
    assertThat(refused.statusCode()).isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer x y", "Bearer ~~~~~~~~", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", "Bearer =abc"})
  void aBadTokenOnTheAdminApiIsA401ProblemNamingInvalidToken(String header) {
    HttpResponse<Buffer> response = server.client.get("/api/v1/ladders").putHeader("Authorization", header).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.headers().getAll("WWW-Authenticate")).first().asString()
        .startsWith("Bearer realm=\"Cairn\", error=\"invalid_token\"");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("/oauth/token");
  }
}
