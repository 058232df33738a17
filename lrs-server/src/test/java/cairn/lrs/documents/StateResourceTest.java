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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The State resource, /xapi/activities/state (1.0.3 Part Three §2.3; IEEE 9274.1.1-2023 §4.1.6.2). */
class StateResourceTest {
  static LrsServer lrs;
  static DocumentClient state;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    state = new DocumentClient(lrs, "/xapi/activities/state", lrs.basic(Scope.STATE), "2.0.0");
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  static Map<String, String> newState() {
    return params("activityId", newActivity(), "agent", newAgent(), "stateId", "bookmark");
  }

  @Test
  void putThenGetReturnsTheBytesWithTheirTypeETagAndLastModified() {
    Map<String, String> p = newState();
    Buffer bytes = Buffer.buffer(new byte[] {0, 1, 2, (byte) 0xff, 'x'});
    HttpResponse<Buffer> put = state.send(HttpMethod.PUT, p,
        DocumentClient.headers("Content-Type", "application/x-cairn-test"), bytes);
    assertThat(put.statusCode()).isEqualTo(204);

    HttpResponse<Buffer> got = state.get(p);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body().getBytes()).isEqualTo(bytes.getBytes());
    assertThat(got.getHeader("Content-Type")).isEqualTo("application/x-cairn-test");
    assertThat(got.getHeader("ETag")).isEqualTo("\"" + Content.sha1(bytes) + "\"").matches("\"[0-9a-f]{40}\"");
    assertThat(got.getHeader("ETag")).isEqualTo(put.getHeader("ETag"));
    assertThat(got.getHeader("Last-Modified")).endsWith("GMT");
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    Map<String, String> p = newState();
    state.put(p, new JsonObject().put("a", 1));
    HttpResponse<Buffer> head = state.send(HttpMethod.HEAD, p, null, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("ETag")).isEqualTo(state.get(p).getHeader("ETag"));
    assertThat(head.body()).isNull();
  }

  @Test
  void postMergesTopLevelPropertiesOfJsonObjects() {
    Map<String, String> p = newState();
    assertThat(state.post(p, new JsonObject().put("car", "Honda").put("deep", new JsonObject().put("x", 1))).statusCode())
        .isEqualTo(204);
    assertThat(state.post(p, new JsonObject().put("type", "Civic").put("deep", new JsonObject().put("y", 2))).statusCode())
        .isEqualTo(204);
    assertThat(LrsServer.json(state.get(p))).isEqualTo(new JsonObject()
        .put("car", "Honda").put("deep", new JsonObject().put("y", 2)).put("type", "Civic"));
  }

  @Test
  void postOfNonJsonOntoJsonOrJsonOntoNonJsonIs400AndChangesNothing() {
    Map<String, String> json = newState();
    state.post(json, new JsonObject().put("a", 1));
    HttpResponse<Buffer> text = state.send(HttpMethod.POST, json,
        DocumentClient.headers("Content-Type", "text/plain"), Buffer.buffer("abc"));
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(text).getString("path")).isEqualTo("Content-Type");
    assertThat(LrsServer.json(state.get(json))).isEqualTo(new JsonObject().put("a", 1));

    Map<String, String> binary = newState();
    state.send(HttpMethod.PUT, binary, DocumentClient.headers("Content-Type", "application/octet-stream"),
        Buffer.buffer("/ asdf /"));
    assertThat(state.post(binary, new JsonObject().put("a", 1)).statusCode()).isEqualTo(400);
    assertThat(state.get(binary).bodyAsString()).isEqualTo("/ asdf /");
  }

  @Test
  void malformedJsonOrAJsonArrayToMergeIs400() {
    Map<String, String> p = newState();
    state.post(p, new JsonObject().put("a", 1));
    HttpResponse<Buffer> malformed = state.send(HttpMethod.POST, p,
        DocumentClient.headers("Content-Type", "application/json"), Buffer.buffer("{\"a\": 2}{"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> array = state.send(HttpMethod.POST, p,
        DocumentClient.headers("Content-Type", "application/json"), Buffer.buffer("[1]"));
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(state.get(p))).isEqualTo(new JsonObject().put("a", 1));
  }

  @Test
  void listsIdsSinceATimestampAndPerRegistration() {
    String activity = newActivity();
    String agent = newAgent();
    String registration = UUID.randomUUID().toString();
    String before = Instant.now().minusSeconds(60).toString();
    state.post(params("activityId", activity, "agent", agent, "stateId", "a"), new JsonObject());
    state.post(params("activityId", activity, "agent", agent, "stateId", "b", "registration", registration),
        new JsonObject());

    HttpResponse<Buffer> all = state.get(params("activityId", activity, "agent", agent, "since", before));
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(LrsServer.array(all)).isEqualTo(new JsonArray().add("a").add("b"));
    assertThat(all.getHeader("Last-Modified")).isNotNull();
    assertThat(LrsServer.array(state.get(params("activityId", activity, "agent", agent,
        "registration", registration.toUpperCase())))).isEqualTo(new JsonArray().add("b"));
    assertThat(LrsServer.array(state.get(params("activityId", activity, "agent", agent,
        "since", Instant.now().plusSeconds(60).toString())))).isEmpty();
    // the document without registration is another document than the one with it
    assertThat(state.get(params("activityId", activity, "agent", agent, "stateId", "b")).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteOneOrAllOfAContext() {
    String activity = newActivity();
    String agent = newAgent();
    String registration = UUID.randomUUID().toString();
    for (String id : new String[] {"a", "b"}) {
      state.post(params("activityId", activity, "agent", agent, "stateId", id), new JsonObject());
      state.post(params("activityId", activity, "agent", agent, "stateId", id, "registration", registration),
          new JsonObject());
    }
    assertThat(state.delete(params("activityId", activity, "agent", agent, "stateId", "a")).statusCode()).isEqualTo(204);
    assertThat(state.get(params("activityId", activity, "agent", agent, "stateId", "a")).statusCode()).isEqualTo(404);
    assertThat(state.delete(params("activityId", activity, "agent", agent, "registration", registration)).statusCode())
        .isEqualTo(204);
    assertThat(LrsServer.array(state.get(params("activityId", activity, "agent", agent)))).isEqualTo(new JsonArray().add("b"));
    assertThat(state.delete(params("activityId", activity, "agent", agent)).statusCode()).isEqualTo(204);
    assertThat(LrsServer.array(state.get(params("activityId", activity, "agent", agent)))).isEmpty();
  }

  @Test
  void theAgentIsIdentifiedByItsIfiNotItsSpelling() {
    String activity = newActivity();
    String email = "mailto:" + UUID.randomUUID() + "@ex.com";
    state.post(params("activityId", activity, "agent", new JsonObject().put("mbox", email).encode(), "stateId", "s"),
        new JsonObject().put("a", 1));
    String sameAgent = new JsonObject().put("name", "Someone").put("objectType", "Agent").put("mbox", email).encode();
    assertThat(state.get(params("activityId", activity, "agent", sameAgent, "stateId", "s")).statusCode()).isEqualTo(200);
  }

  @Test
  void badParametersAre400NamingTheParameter() {
    String agent = newAgent();
    String activity = newActivity();
    assertBad(params("agent", agent, "stateId", "s"), "activityId");
    assertBad(params("activityId", "not an iri", "agent", agent, "stateId", "s"), "activityId");
    assertBad(params("activityId", activity, "stateId", "s"), "agent");
    assertBad(params("activityId", activity, "agent", "not JSON", "stateId", "s"), "agent");
    assertBad(params("activityId", activity, "agent", "true", "stateId", "s"), "agent");
    assertBad(params("activityId", activity, "agent", "{\"name\":\"no ifi\"}", "stateId", "s"), "agent");
    assertBad(params("activityId", activity, "agent", agent, "stateId", "s", "registration", "true"), "registration");
    assertBad(params("activityId", activity, "agent", agent, "stateId", "s", "color", "red"), "color");
    assertBad(params("activityId", activity, "agent", agent, "since", "not a timestamp"), "since");
    assertBad(params("activityId", activity, "agent", agent, "stateId", "s", "since", Instant.now().toString()), "since");
    HttpResponse<Buffer> noId = state.post(params("activityId", activity, "agent", agent), new JsonObject());
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(noId).getString("path")).isEqualTo("stateId");
  }

  private static void assertBad(Map<String, String> params, String path) {
    HttpResponse<Buffer> response = state.get(params);
    assertThat(response.statusCode()).as("GET %s", params).isEqualTo(400);
    assertThat(LrsServer.json(response).getString("path")).as("GET %s", params).isEqualTo(path);
  }

  @Test
  void unknownDocumentIs404() {
    assertThat(state.get(newState()).statusCode()).isEqualTo(404);
  }

  @Test
  void scopesStateOrAllWriteAndAllReadOnlyReads() {
    Map<String, String> p = newState();
    DocumentClient profileOnly = new DocumentClient(lrs, "/xapi/activities/state", lrs.basic(Scope.PROFILE), "2.0.0");
    DocumentClient reader = new DocumentClient(lrs, "/xapi/activities/state", lrs.basic(Scope.ALL_READ), "2.0.0");
    DocumentClient all = new DocumentClient(lrs, "/xapi/activities/state", lrs.basic(Scope.ALL), "2.0.0");
    assertThat(profileOnly.post(p, new JsonObject()).statusCode()).isEqualTo(403);
    assertThat(reader.post(p, new JsonObject()).statusCode()).isEqualTo(403);
    assertThat(all.post(p, new JsonObject()).statusCode()).isEqualTo(204);
    assertThat(reader.get(p).statusCode()).isEqualTo(200);
    assertThat(profileOnly.get(p).statusCode()).isEqualTo(403);
    assertThat(reader.delete(p).statusCode()).isEqualTo(403);
  }
}
