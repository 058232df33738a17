package cairn.lrs.activities;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.web.Json;
import cairn.web.auth.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Activities resource and the definitions recorded from statements (1.0.3 Part Three §2.5;
 * IEEE 9274.1.1-2023 §4.1.6.4). Definitions are recorded here by calling
 * {@link ActivityDefinitions#record} as the statement transaction does.
 */
class ActivityResourceTest {
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

  static String newId() {
    return "http://ex.com/activities/" + UUID.randomUUID();
  }

  static JsonNode activity(String id, String definition) {
    return Json.parse("{\"objectType\":\"Activity\",\"id\":\"" + id + "\",\"definition\":" + definition + "}");
  }

  static void record(JsonNode... activities) {
    lrs.pool.withTransaction(conn -> ActivityDefinitions.record(conn, List.of(activities))).await();
  }

  static HttpResponse<Buffer> get(String id) {
    return lrs.xapi(HttpMethod.GET, "/xapi/activities?activityId=" + URLEncoder.encode(id, StandardCharsets.UTF_8),
        auth, "2.0.0").send().await();
  }

  @Test
  void anUnknownActivityIsStillAnActivityObject() {
    String id = newId();
    HttpResponse<Buffer> response = get(id);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(LrsServer.json(response)).isEqualTo(new JsonObject().put("objectType", "Activity").put("id", id));
  }

  @Test
  void returnsTheDefinitionAsRecorded() {
    String id = newId();
    String definition = "{\"type\":\"http://ex.com/types/meeting\",\"name\":{\"en-US\":\"meeting\"},"
        + "\"extensions\":{\"http://ex.com/ext\":{\"n\":1.50}}}";
    record(activity(id, definition));
    assertThat(LrsServer.json(get(id))).isEqualTo(new JsonObject().put("objectType", "Activity").put("id", id)
        .put("definition", new JsonObject(definition)));
  }

  @Test
  void languageMapsAreUnitedAndOtherPropertiesTakeTheLatestValue() {
    String id = newId();
    // two objects with one id in a single batch, then a later batch
    record(activity(id, "{\"name\":{\"en-US\":\"meeting\"},\"moreInfo\":\"http://ex.com/1\"}"),
        activity(id, "{\"name\":{\"fr-FR\":\"réunion\"},\"description\":{\"en-US\":\"d\"}}"));
    record(activity(id, "{\"name\":{\"en-US\":\"Meeting\"},\"moreInfo\":\"http://ex.com/2\"}"), activity(newId(), "{}"));
    JsonObject definition = LrsServer.json(get(id)).getJsonObject("definition");
    assertThat(definition).isEqualTo(new JsonObject()
        .put("name", new JsonObject().put("en-US", "Meeting").put("fr-FR", "réunion"))
        .put("description", new JsonObject().put("en-US", "d"))
        .put("moreInfo", "http://ex.com/2"));
  }

  @Test
  void recordingTheSameDefinitionAgainChangesNothing() {
    String id = newId();
    record(activity(id, "{\"name\":{\"en\":\"x\"}}"));
    record(activity(id, "{\"name\":{\"en\":\"x\"}}"), Json.parse("{\"id\":\"" + newId() + "\"}"));
    assertThat(LrsServer.json(get(id)).getJsonObject("definition")).isEqualTo(new JsonObject().put("name",
        new JsonObject().put("en", "x")));
  }

  @Test
  void headHasNoBody() {
    HttpResponse<Buffer> head = lrs.xapi(HttpMethod.HEAD, "/xapi/activities?activityId="
        + URLEncoder.encode(newId(), StandardCharsets.UTF_8), auth, "2.0.0").send().await();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isNull();
  }

  @Test
  void missingInvalidOrUnknownParametersAre400() {
    HttpResponse<Buffer> missing = lrs.get(auth, "/xapi/activities");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(missing).getString("path")).isEqualTo("activityId");
    assertThat(LrsServer.json(lrs.get(auth, "/xapi/activities?activityId=true")).getString("path"))
        .isEqualTo("activityId");
    assertThat(LrsServer.json(lrs.get(auth, "/xapi/activities?activityId=http://ex.com/a&x=1")).getString("path"))
        .isEqualTo("x");
  }

  @Test
  void needsAllOrAllRead() {
    assertThat(lrs.get(lrs.basic(Scope.DEFINE, Scope.STATE), "/xapi/activities?activityId=http://ex.com/a")
        .statusCode()).isEqualTo(403);
    assertThat(lrs.get(lrs.basic(Scope.ALL), "/xapi/activities?activityId=http://ex.com/a").statusCode())
        .isEqualTo(200);
  }
}
