package cairn.lrs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.LrsOptions;
import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The last active credential with scope {@code all} cannot be revoked (409): an LRS of its own
 * database, so that "last" means what it says.
 */
class LastAdminTest {
  static LrsServer lrs;

  @BeforeAll
  static void start() {
    String database = "last_admin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    lrs = new LrsServer(LrsOptions.defaults(0), List.of(), TestPostgres.get().database(database));
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  private static HttpResponse<Buffer> revoke(String auth, String basicOfTarget) {
    String key = new String(Base64.getDecoder().decode(basicOfTarget.substring(6))).split(":")[0];
    return lrs.client.delete("/api/v1/credentials/" + key).putHeader("Authorization", auth).send().await();
  }

  @Test
  void theLastAdminCredentialCannotBeRevoked() {
    String first = lrs.basic(Scope.ALL);
    String writer = lrs.basic(Scope.STATEMENTS_WRITE);
    HttpResponse<Buffer> refused = revoke(first, first);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("last active credential with scope 'all'");
    assertThat(lrs.client.get("/api/v1/credentials").putHeader("Authorization", first).send().await().statusCode())
        .isEqualTo(200);

    assertThat(revoke(first, writer).statusCode()).isEqualTo(204);
    String second = lrs.basic(Scope.ALL);
    assertThat(revoke(second, first).statusCode()).isEqualTo(204);
    assertThat(revoke(second, second).statusCode()).isEqualTo(409);
    assertThat(revoke(second, first).statusCode()).isEqualTo(404);
  }
}
