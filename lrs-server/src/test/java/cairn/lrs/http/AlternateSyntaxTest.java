package cairn.lrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The 1.0.3 alternate request syntax, and its absence in 2.0. */
@ExtendWith(TestPostgres.class)
class AlternateSyntaxTest {
  static LrsServer lrs;
  static String auth;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    auth = lrs.basic(Scope.ALL);
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  static String statement() {
    return new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:" + UUID.randomUUID() + "@ex.com"))
        .put("verb", new JsonObject().put("id", "http://ex.com/verbs/did"))
        .put("object", new JsonObject().put("id", "http://ex.com/act")).encode();
  }

  private HttpResponse<Buffer> form(String query, MultiMap form) {
    return lrs.client.post("/xapi/statements?" + query).sendForm(form).await();
  }

  @Test
  void putAsPostWithHeadersInTheForm() {
    String id = UUID.randomUUID().toString();
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("statementId", id).add("content", statement())
        .add("X-Experience-API-Version", "1.0.3").add("Authorization", auth);
    assertThat(form("method=PUT", form).statusCode()).isEqualTo(204);
    assertThat(lrs.xapi(io.vertx.core.http.HttpMethod.GET, "/xapi/statements?statementId=" + id, auth, "1.0.3")
        .send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void getAsPost() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("limit", "1")
        .add("X-Experience-API-Version", "1.0.3").add("Authorization", auth);
    HttpResponse<Buffer> r = form("method=GET", form);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().containsKey("statements")).isTrue();
  }

  @Test
  void rejectsMisuse() {
    MultiMap noContent = MultiMap.caseInsensitiveMultiMap().add("statementId", UUID.randomUUID().toString())
        .add("X-Experience-API-Version", "1.0.3").add("Authorization", auth);
    assertThat(form("method=PUT", noContent).statusCode()).isEqualTo(400);
    MultiMap ok = MultiMap.caseInsensitiveMultiMap().add("content", statement())
        .add("X-Experience-API-Version", "1.0.3").add("Authorization", auth);
    assertThat(form("method=PUT&statementId=" + UUID.randomUUID(), ok).statusCode()).isEqualTo(400);
    MultiMap v2 = MultiMap.caseInsensitiveMultiMap().add("statementId", UUID.randomUUID().toString())
        .add("content", statement()).add("X-Experience-API-Version", "2.0.0").add("Authorization", auth);
    HttpResponse<Buffer> r = form("method=PUT", v2);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message")).contains("2.0");
    assertThat(lrs.client.put("/xapi/statements?method=PUT").putHeader("Authorization", auth)
        .sendBuffer(Buffer.buffer("content=x")).await().statusCode()).isEqualTo(400);
  }
}
