package cairn.lrs.agents;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Agents resource (1.0.3 Part Three §2.4; IEEE 9274.1.1-2023 §4.1.6.3) and the agent parameter. */
class AgentResourceTest {
  static LrsServer lrs;
  static String auth;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    auth = lrs.basic(Scope.ALL_READ);
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  static HttpResponse<Buffer> get(String agent) {
    return lrs.get(auth, "/xapi/agents?agent=" + URLEncoder.encode(agent, StandardCharsets.UTF_8));
  }

  @Test
  void answersAPersonWithTheAgentsIdentifiers() {
    HttpResponse<Buffer> response = get("{\"objectType\":\"Agent\",\"name\":\"Ann\",\"mbox\":\"mailto:ann@ex.com\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(LrsServer.json(response)).isEqualTo(new JsonObject()
        .put("objectType", "Person")
        .put("name", new JsonArray().add("Ann"))
        .put("mbox", new JsonArray().add("mailto:ann@ex.com"))
        .put("mbox_sha1sum", new JsonArray())
        .put("openid", new JsonArray())
        .put("account", new JsonArray()));
    JsonObject account = new JsonObject().put("homePage", "http://ex.com").put("name", "ann");
    assertThat(LrsServer.json(get(new JsonObject().put("account", account).encode())).getJsonArray("account"))
        .isEqualTo(new JsonArray().add(account));
  }

  @Test
  void headHasNoBody() {
    HttpResponse<Buffer> head = lrs.xapi(HttpMethod.HEAD, "/xapi/agents?agent="
        + URLEncoder.encode("{\"mbox\":\"mailto:a@ex.com\"}", StandardCharsets.UTF_8), auth, "2.0.0").send().await();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isNull();
  }

  @Test
  void invalidAgentsAre400NamingTheParameter() {
    String[] invalid = {
        "not json",
        "[]",
        "{\"name\":\"no identifier\"}",
        "{\"mbox\":\"mailto:a@ex.com\",\"openid\":\"http://ex.com/a\"}",
        "{\"mbox\":\"a@ex.com\"}",
        "{\"mbox_sha1sum\":\"xyz\"}",
        "{\"openid\":\"not an iri\"}",
        "{\"account\":{\"homePage\":\"http://ex.com\"}}",
        "{\"objectType\":\"Person\",\"mbox\":\"mailto:a@ex.com\"}",
        "{\"mbox\":\"mailto:a@ex.com\",\"age\":3}",
    };
    for (String agent : invalid) {
      HttpResponse<Buffer> response = get(agent);
      assertThat(response.statusCode()).as(agent).isEqualTo(400);
      assertThat(LrsServer.json(response).getString("path")).as(agent).isEqualTo("agent");
    }
  }

  @Test
  void missingOrUnknownParametersAre400() {
    assertThat(LrsServer.json(lrs.get(auth, "/xapi/agents")).getString("path")).isEqualTo("agent");
    HttpResponse<Buffer> unknown = lrs.get(auth, "/xapi/agents?agent="
        + URLEncoder.encode("{\"mbox\":\"mailto:a@ex.com\"}", StandardCharsets.UTF_8) + "&limit=1");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(unknown).getString("path")).isEqualTo("limit");
  }

  @Test
  void needsAllOrAllRead() {
    assertThat(lrs.get(lrs.basic(Scope.PROFILE), "/xapi/agents?agent="
        + URLEncoder.encode("{\"mbox\":\"mailto:a@ex.com\"}", StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
  }
}
