package cairn.lrs.documents;

import static cairn.lrs.documents.DocumentClient.newActivity;
import static cairn.lrs.documents.DocumentClient.newAgent;
import static cairn.lrs.documents.DocumentClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Activity Profile and Agent Profile resources (1.0.3 Part Three §2.6, §2.7; IEEE
 * 9274.1.1-2023 §4.1.6.5, §4.1.6.6).
 */
class ProfileResourceTest {
  static LrsServer lrs;
  static DocumentClient activityProfile;
  static DocumentClient agentProfile;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    String auth = lrs.basic(Scope.PROFILE);
    activityProfile = new DocumentClient(lrs, "/xapi/activities/profile", auth, "2.0.0");
    agentProfile = new DocumentClient(lrs, "/xapi/agents/profile", auth, "2.0.0");
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  @Test
  void activityProfileStoresMergesListsAndDeletes() {
    String activity = newActivity();
    Map<String, String> p = params("activityId", activity, "profileId", "one");
    assertThat(activityProfile.put(p, new JsonObject().put("a", 1), "If-None-Match", "*").statusCode()).isEqualTo(204);
    assertThat(activityProfile.post(p, new JsonObject().put("b", 2)).statusCode()).isEqualTo(204);
    assertThat(LrsServer.json(activityProfile.get(p))).isEqualTo(new JsonObject().put("a", 1).put("b", 2));
    activityProfile.post(params("activityId", activity, "profileId", "two"), new JsonObject());
    assertThat(LrsServer.array(activityProfile.get(params("activityId", activity))))
        .isEqualTo(new JsonArray().add("one").add("two"));
    assertThat(activityProfile.delete(p).statusCode()).isEqualTo(204);
    assertThat(activityProfile.get(p).statusCode()).isEqualTo(404);
  }

  @Test
  void agentProfileIsKeyedByTheAgent() {
    String agent = newAgent();
    Map<String, String> p = params("agent", agent, "profileId", "prefs");
    assertThat(agentProfile.post(p, new JsonObject().put("lang", "fr")).statusCode()).isEqualTo(204);
    assertThat(LrsServer.json(agentProfile.get(p))).isEqualTo(new JsonObject().put("lang", "fr"));
    assertThat(agentProfile.get(params("agent", newAgent(), "profileId", "prefs")).statusCode()).isEqualTo(404);
    assertThat(LrsServer.array(agentProfile.get(params("agent", agent)))).isEqualTo(new JsonArray().add("prefs"));
    HttpResponse<Buffer> head = agentProfile.send(HttpMethod.HEAD, p, null, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isNull();
  }

  @Test
  void profileIdIsRequiredToWriteOrDelete() {
    HttpResponse<Buffer> delete = activityProfile.delete(params("activityId", newActivity()));
    assertThat(delete.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(delete).getString("path")).isEqualTo("profileId");
    assertThat(agentProfile.post(params("agent", newAgent()), new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  void parametersOfTheOtherResourceAreUnknown() {
    HttpResponse<Buffer> response = activityProfile.get(params("activityId", newActivity(), "agent", newAgent()));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(response).getString("path")).isEqualTo("agent");
    HttpResponse<Buffer> registration = agentProfile.get(params("agent", newAgent(), "registration",
        java.util.UUID.randomUUID().toString()));
    assertThat(LrsServer.json(registration).getString("path")).isEqualTo("registration");
  }

  @Test
  void missingOrInvalidLocatorsAre400() {
    assertThat(LrsServer.json(activityProfile.get(params("profileId", "x"))).getString("path")).isEqualTo("activityId");
    assertThat(LrsServer.json(agentProfile.get(params("profileId", "x"))).getString("path")).isEqualTo("agent");
    String twoIfis = new JsonObject().put("mbox", "mailto:a@ex.com").put("openid", "http://ex.com/a").encode();
    assertThat(LrsServer.json(agentProfile.get(params("agent", twoIfis))).getString("path")).isEqualTo("agent");
    assertThat(agentProfile.get(params("agent", newAgent(), "since", "true")).statusCode()).isEqualTo(400);
  }

  @Test
  void stateScopeCannotTouchProfiles() {
    DocumentClient stateOnly = new DocumentClient(lrs, "/xapi/agents/profile", lrs.basic(Scope.STATE), "2.0.0");
    assertThat(stateOnly.get(params("agent", newAgent())).statusCode()).isEqualTo(403);
  }
}
