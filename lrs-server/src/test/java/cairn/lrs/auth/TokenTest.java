package cairn.lrs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import cairn.web.testing.LogCapture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OAuth 2.0 client credentials: {@code POST /oauth/token} (RFC 6749 §4.4) and the bearer tokens it
 * issues (RFC 6750) on the xAPI and the admin API, through the real server on the real PostgreSQL.
 */
@ExtendWith(TestPostgres.class)
class TokenTest {
  static LrsServer lrs;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  /** An API credential's key and secret, and its Basic header. */
  record Client(String key, String secret) {
    static Client create(Scope... scopes) {
      String basic = lrs.basic(scopes);
      String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      return new Client(pair[0], pair[1]);
    }

    String basic() {
      return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static HttpResponse<Buffer> tokenRequest(String authorization, String form) {
    HttpRequest<Buffer> request = lrs.client.post("/oauth/token")
        .putHeader("Content-Type", "application/x-www-form-urlencoded");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.sendBuffer(Buffer.buffer(form)).await();
  }

  /** A token for the client (Basic), with the scopes asked for (none: the credential's). */
  private static String token(Client client, String scope) {
    HttpResponse<Buffer> response = tokenRequest(client.basic(), "grant_type=client_credentials"
        + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("access_token");
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static JsonObject statement() {
    return AuthTest.statement(UUID.randomUUID() + "@ex.com");
  }

  /** The RFC 6749 §5.2 error of a token endpoint answer, checking its shape. */
  private static String error(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error_description")).isNotBlank();
    return body.getString("error");
  }

  @Test
  void aTokenFromBasicCredentialsPostsAndReadsStatements() {
    Client client = Client.create(Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ);
    HttpResponse<Buffer> response = tokenRequest(client.basic(), "grant_type=client_credentials");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(3600);
    assertThat(body.getString("scope")).isEqualTo("statements/write statements/read");
    assertThat(body.getString("access_token")).hasSize(43).matches("[A-Za-z0-9_-]+");

    String auth = bearer(body.getString("access_token"));
    HttpResponse<Buffer> posted = lrs.post(auth, statement());
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    String id = LrsServer.array(posted).getString(0);
    HttpResponse<Buffer> read = lrs.get(auth, "/xapi/statements?statementId=" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    // the authority is the credential's, whichever way it authenticated
    assertThat(LrsServer.json(read).getJsonObject("authority").getJsonObject("account").getString("name"))
        .isEqualTo(client.key());
  }

  @Test
  void aTokenFromFormCredentialsWorksToo() {
    Client client = Client.create(Scope.ALL);
    HttpResponse<Buffer> response = tokenRequest(null, "grant_type=client_credentials&client_id="
        + client.key() + "&client_secret=" + client.secret() + "&scope=statements%2Fwrite+statements%2Fread");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("scope")).isEqualTo("statements/write statements/read");
    String auth = bearer(response.bodyAsJsonObject().getString("access_token"));
    assertThat(lrs.post(auth, statement()).statusCode()).isEqualTo(200);
    assertThat(lrs.get(auth, "/xapi/statements?limit=1").statusCode()).isEqualTo(200);
    // Basic with a client_id naming the same key is one authentication, not two
    HttpResponse<Buffer> both = tokenRequest(client.basic(), "grant_type=client_credentials&client_id=" + client.key());
    assertThat(both.statusCode()).as(both.bodyAsString()).isEqualTo(200);
  }

  @Test
  void aNarrowerTokenCannotDoWhatItsCredentialCould() {
    Client admin = Client.create(Scope.ALL);
    String reader = bearer(token(admin, "statements/read"));
    HttpResponse<Buffer> post = lrs.post(reader, statement());
    assertThat(post.statusCode()).as(post.bodyAsString()).isEqualTo(403);
    assertThat(lrs.get(reader, "/xapi/statements?limit=1").statusCode()).isEqualTo(200);
    assertThat(lrs.client.get("/api/v1/credentials").putHeader("Authorization", reader).send().await().statusCode())
        .isEqualTo(403);
    // the whole credential's token may use the admin API
    String full = bearer(token(admin, null));
    assertThat(lrs.client.get("/api/v1/credentials").putHeader("Authorization", full).send().await().statusCode())
        .isEqualTo(200);
  }

  @Test
  void aScopeTheCredentialDoesNotHoldIsInvalidScope() {
    Client reader = Client.create(Scope.ALL_READ);
    assertThat(error(tokenRequest(reader.basic(), "grant_type=client_credentials&scope=statements%2Fwrite"), 400))
        .isEqualTo("invalid_scope");
    assertThat(error(tokenRequest(reader.basic(), "grant_type=client_credentials&scope=statements%2Fread+root"), 400))
        .isEqualTo("invalid_scope");
    // all/read covers statements/read/mine
    String mine = bearer(token(reader, "statements/read/mine"));
    assertThat(lrs.get(mine, "/xapi/statements?limit=1").statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongSecretOrNoClientIsInvalidClient() {
    Client client = Client.create(Scope.STATEMENTS_WRITE);
    HttpResponse<Buffer> wrong = tokenRequest(new Client(client.key(), "wrong").basic(), "grant_type=client_credentials");
    assertThat(error(wrong, 401)).isEqualTo("invalid_client");
    assertThat(wrong.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"Cairn\"");
    assertThat(error(tokenRequest(null, "grant_type=client_credentials&client_id=" + client.key()
        + "&client_secret=wrong"), 401)).isEqualTo("invalid_client");
    assertThat(error(tokenRequest(null, "grant_type=client_credentials"), 401)).isEqualTo("invalid_client");
    assertThat(error(tokenRequest(null, "grant_type=client_credentials&client_id=" + client.key()), 401))
        .isEqualTo("invalid_client");
    assertThat(error(tokenRequest("Bearer abc", "grant_type=client_credentials"), 401)).isEqualTo("invalid_client");
    assertThat(error(tokenRequest("Basic !!!", "grant_type=client_credentials"), 401)).isEqualTo("invalid_client");
  }

  @Test
  void onlyTheClientCredentialsGrantIsSupported() {
    Client client = Client.create(Scope.STATEMENTS_WRITE);
    assertThat(error(tokenRequest(client.basic(), "grant_type=password&username=a&password=b"), 400))
        .isEqualTo("unsupported_grant_type");
    assertThat(error(tokenRequest(client.basic(), "grant_type=authorization_code&code=x"), 400))
        .isEqualTo("unsupported_grant_type");
    assertThat(error(tokenRequest(client.basic(), "scope=all"), 400)).isEqualTo("invalid_request");
    assertThat(error(tokenRequest(client.basic(), "grant_type="), 400)).isEqualTo("invalid_request");
  }

  @Test
  void anExpiredTokenIsRefusedAsInvalidToken() {
    Client client = Client.create(Scope.STATEMENTS_READ);
    String token = token(client, null);
    lrs.pool.preparedQuery("update lrs.access_tokens set expires_at = now() - interval '1 second' "
        + "where token_sha256 = $1").execute(Tuple.of(Buffer.buffer(CredentialStore.sha256(token)))).await();
    HttpResponse<Buffer> refused = lrs.get(bearer(token), "/xapi/statements?limit=1");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().getAll("WWW-Authenticate")).containsExactly(
        "Bearer realm=\"Cairn\", error=\"invalid_token\", error_description=\"Unknown, expired or revoked access "
            + "token: get a new one from POST /oauth/token.\"",
        "Basic realm=\"Cairn\"");
    assertThat(LrsServer.json(refused).getString("message")).contains("expired");
  }

  @Test
  void revokingTheCredentialEndsItsTokens() {
    Client admin = Client.create(Scope.ALL);
    Client client = Client.create(Scope.STATEMENTS_READ);
    String token = bearer(token(client, null));
    assertThat(lrs.get(token, "/xapi/statements?limit=1").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> revoked = lrs.client.delete("/api/v1/credentials/" + client.key())
        .putHeader("Authorization", admin.basic()).send().await();
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(lrs.get(token, "/xapi/statements?limit=1").statusCode()).isEqualTo(401);
    assertThat(error(tokenRequest(client.basic(), "grant_type=client_credentials"), 401)).isEqualTo("invalid_client");
  }

  @Test
  void expiredTokensAreDeletedAsNewOnesAreIssued() {
    Client client = Client.create(Scope.STATEMENTS_READ);
    String old = token(client, null);
    Buffer digest = Buffer.buffer(CredentialStore.sha256(old));
    lrs.pool.preparedQuery("update lrs.access_tokens set expires_at = now() - interval '1 second' "
        + "where token_sha256 = $1").execute(Tuple.of(digest)).await();
    token(client, null);
    assertThat(lrs.pool.preparedQuery("select 1 from lrs.access_tokens where token_sha256 = $1")
        .execute(Tuple.of(digest)).await().size()).isZero();
  }

  @Test
  void withoutCredentialsBothSchemesAreAnnounced() {
    HttpResponse<Buffer> none = lrs.get(null, "/xapi/statements");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().getAll("WWW-Authenticate")).containsExactly("Basic realm=\"Cairn\"", "Bearer realm=\"Cairn\"");
    HttpResponse<Buffer> admin = lrs.client.get("/api/v1/credentials").send().await();
    assertThat(admin.statusCode()).isEqualTo(401);
    assertThat(admin.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(admin.headers().getAll("WWW-Authenticate")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer a b", "Bearer a\"b", "Bearer {}", "Bearer ===",
      "Bearer abc==x", "Bearer \u00e9t\u00e9", "Negotiate abc", "bearer unknown-token-0123456789"})
  void malformedOrUnknownBearerTokensAre401(String header) {
    for (String uri : List.of("/xapi/statements?limit=1", "/api/v1/credentials")) {
      HttpResponse<Buffer> response = lrs.xapi(HttpMethod.GET, uri, null, "2.0.0")
          .putHeader("Authorization", header).send().await();
      assertThat(response.statusCode()).as(header + " " + response.bodyAsString()).isEqualTo(401);
    }
  }

  @Test
  void aHugeBearerTokenIsRefusedBeforeTheStore() {
    HttpResponse<Buffer> response = lrs.get(bearer("a".repeat(10_000)), "/xapi/statements");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(LrsServer.json(response).getString("message")).contains("Malformed Bearer token");
  }

  @Test
  void malformedTokenRequestsAreRefusedWithTheReason() {
    Client client = Client.create(Scope.STATEMENTS_WRITE);
    String grant = "grant_type=client_credentials";
    HttpResponse<Buffer> repeated = tokenRequest(client.basic(), grant + "&scope=all&scope=state");
    assertThat(error(repeated, 400)).isEqualTo("invalid_request");
    assertThat(repeated.bodyAsJsonObject().getString("error_description")).contains("'scope' is repeated");
    assertThat(error(tokenRequest(client.basic(), grant + "&" + grant), 400)).isEqualTo("invalid_request");

    HttpResponse<Buffer> json = lrs.client.post("/oauth/token").putHeader("Authorization", client.basic())
        .sendJsonObject(new JsonObject().put("grant_type", "client_credentials")).await();
    assertThat(error(json, 400)).isEqualTo("invalid_request");
    assertThat(json.bodyAsJsonObject().getString("error_description")).contains("x-www-form-urlencoded");
    HttpResponse<Buffer> untyped = lrs.client.post("/oauth/token").putHeader("Authorization", client.basic())
        .sendBuffer(Buffer.buffer(grant)).await();
    assertThat(error(untyped, 400)).isEqualTo("invalid_request");

    HttpResponse<Buffer> inUrl = lrs.client.post("/oauth/token?" + grant + "&client_secret=" + client.secret())
        .putHeader("Authorization", client.basic()).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer(grant)).await();
    assertThat(error(inUrl, 400)).isEqualTo("invalid_request");

    HttpResponse<Buffer> twoWays = tokenRequest(client.basic(), grant + "&client_id=" + client.key()
        + "&client_secret=" + client.secret());
    assertThat(error(twoWays, 400)).isEqualTo("invalid_request");
    assertThat(error(tokenRequest(client.basic(), grant + "&client_id=someone-else"), 400)).isEqualTo("invalid_request");

    assertThat(error(tokenRequest(client.basic(), grant + "&scope=%zz"), 400)).isEqualTo("invalid_request");
    assertThat(error(tokenRequest(client.basic(), grant + "&scope=%00"), 400)).isEqualTo("invalid_request");
    assertThat(error(tokenRequest(client.basic(), grant + "&x=" + "y".repeat(20_000)), 413)).isEqualTo("invalid_request");
    assertThat(error(tokenRequest(null, grant + "&client_id=" + "k".repeat(2_000) + "&client_secret=s"), 401))
        .isEqualTo("invalid_client");
    HttpResponse<Buffer> get = lrs.client.get("/oauth/token?grant_type=client_credentials").send().await();
    assertThat(error(get, 405)).isEqualTo("invalid_request");
    assertThat(get.getHeader("Allow")).isEqualTo("POST");
  }

  @Test
  void tokensAndSecretsAreNeverLogged() {
    Client client = Client.create(Scope.ALL);
    try (LogCapture log = LogCapture.begin()) {
      String token = token(client, "statements/write");
      lrs.post(bearer(token), statement());
      lrs.get(bearer(token), "/xapi/statements?limit=1");
      lrs.get(bearer(token + "x"), "/xapi/statements?limit=1");
      tokenRequest(null, "grant_type=client_credentials&client_id=" + client.key() + "&client_secret=" + client.secret());
      tokenRequest(client.basic(), "grant_type=client_credentials&client_secret=" + client.secret());
      String all = LogCapture.describe(log.events(e -> true));
      assertThat(all).doesNotContain(token).doesNotContain(client.secret());
      assertThat(token(client, null)).isNotEqualTo(token);
      assertThat(new TokenStore.Issued(token, java.util.Set.of(), 1).toString()).doesNotContain(token);
    }
  }
}
