package cairn.lrs;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cairn driven the way common xAPI clients drive an LRS: the headers, content types, version
 * strings, paging and document concurrency of TinCanJS, ADL's xAPIWrapper, TinCanJava and a cmi5
 * assignable unit. A client that works against other LRSs must work here unchanged.
 */
@ExtendWith(TestPostgres.class)
class ClientCompatibilityTest {
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

  static String enc(Object value) {
    return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  static JsonObject agent(String email) {
    return new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + email);
  }

  static JsonObject statement(JsonObject actor, String verb, String activity) {
    return new JsonObject().put("actor", actor)
        .put("verb", new JsonObject().put("id", verb).put("display", new JsonObject().put("und", "did")))
        .put("object", new JsonObject().put("id", activity).put("objectType", "Activity"));
  }

  private HttpRequest<Buffer> request(HttpMethod method, String uri, String version) {
    return lrs.client.request(method, uri).putHeader("Authorization", auth)
        .putHeader("X-Experience-API-Version", version);
  }

  /** TinCanJS: 1.0.1 headers, JSON with charset, saveStatement by PUT, more links joined to the endpoint origin. */
  @Test
  void tinCanJsStyle() {
    JsonObject me = agent(UUID.randomUUID() + "@tincanjs.test");
    String verb = "http://adlnet.gov/expapi/verbs/experienced";
    for (int i = 0; i < 7; i++) {
      String id = UUID.randomUUID().toString();
      HttpResponse<Buffer> put = request(HttpMethod.PUT, "/xapi/statements?statementId=" + id, "1.0.1")
          .putHeader("Content-Type", "application/json; charset=UTF-8")
          .sendBuffer(Buffer.buffer(statement(me, verb, "http://tincanjs.test/a/" + i).put("id", id).encode())).await();
      assertThat(put.statusCode()).isEqualTo(204);
      assertThat(put.getHeader("X-Experience-API-Version")).isEqualTo("1.0.3");
    }
    Set<String> seen = new HashSet<>();
    String next = "/xapi/statements?agent=" + enc(me.encode()) + "&verb=" + enc(verb) + "&limit=3";
    int pages = 0;
    while (!next.isEmpty()) {
      HttpResponse<Buffer> page = request(HttpMethod.GET, next, "1.0.1").send().await();
      assertThat(page.statusCode()).isEqualTo(200);
      JsonObject result = page.bodyAsJsonObject();
      result.getJsonArray("statements").forEach(s -> seen.add(((JsonObject) s).getString("id")));
      next = result.getString("more");
      pages++;
    }
    assertThat(seen).hasSize(7);
    assertThat(pages).isEqualTo(3);
  }

  /** ADL xAPIWrapper: 1.0.3, statement arrays, agent queries, state with ETag preconditions. */
  @Test
  void xapiWrapperStyle() {
    JsonObject me = agent(UUID.randomUUID() + "@wrapper.test");
    JsonArray batch = new JsonArray()
        .add(statement(me, "http://adlnet.gov/expapi/verbs/attempted", "http://wrapper.test/course"))
        .add(statement(me, "http://adlnet.gov/expapi/verbs/completed", "http://wrapper.test/course"));
    HttpResponse<Buffer> posted = request(HttpMethod.POST, "/xapi/statements", "1.0.3")
        .putHeader("Content-Type", "application/json").sendBuffer(batch.toBuffer()).await();
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(posted.bodyAsJsonArray()).hasSize(2);

    String state = "/xapi/activities/state?activityId=" + enc("http://wrapper.test/course")
        + "&agent=" + enc(me.encode()) + "&stateId=bookmark";
    HttpResponse<Buffer> created = request(HttpMethod.PUT, state, "1.0.3").putHeader("Content-Type", "application/json")
        .putHeader("If-None-Match", "*").sendBuffer(Buffer.buffer("{\"page\":1}")).await();
    assertThat(created.statusCode()).isEqualTo(204);
    HttpResponse<Buffer> read = request(HttpMethod.GET, state, "1.0.3").send().await();
    String etag = read.getHeader("ETag");
    assertThat(etag).startsWith("\"");
    assertThat(request(HttpMethod.PUT, state, "1.0.3").putHeader("Content-Type", "application/json")
        .putHeader("If-Match", "\"0000000000000000000000000000000000000000\"")
        .sendBuffer(Buffer.buffer("{\"page\":9}")).await().statusCode()).isEqualTo(412);
    assertThat(request(HttpMethod.PUT, state, "1.0.3").putHeader("Content-Type", "application/json")
        .putHeader("If-Match", etag).sendBuffer(Buffer.buffer("{\"page\":2}")).await().statusCode()).isEqualTo(204);
    assertThat(request(HttpMethod.GET, state, "1.0.3").send().await().bodyAsJsonObject().getInteger("page"))
        .isEqualTo(2);
  }

  /** TinCanJava: 1.0.0 on the wire and in the statement's version property. */
  @Test
  void tinCanJavaStyle() {
    JsonObject s = statement(agent(UUID.randomUUID() + "@tincanjava.test"),
        "http://adlnet.gov/expapi/verbs/answered", "http://tincanjava.test/q1").put("version", "1.0.0");
    HttpResponse<Buffer> posted = request(HttpMethod.POST, "/xapi/statements", "1.0.0")
        .putHeader("Content-Type", "application/json").sendBuffer(s.toBuffer()).await();
    assertThat(posted.statusCode()).isEqualTo(200);
    String id = posted.bodyAsJsonArray().getString(0);
    JsonObject stored = request(HttpMethod.GET, "/xapi/statements?statementId=" + id, "1.0.0").send().await()
        .bodyAsJsonObject();
    assertThat(stored.getString("version")).isEqualTo("1.0.0");
  }

  /** A cmi5 AU: reads LMS.LaunchData and learner preferences, then reports with its registration. */
  @Test
  void cmi5AssignableUnit() {
    JsonObject learner = new JsonObject().put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", "https://lms.test").put("name", UUID.randomUUID().toString()));
    String au = "https://course.test/au/" + UUID.randomUUID();
    UUID registration = UUID.randomUUID();
    String launchData = "/xapi/activities/state?activityId=" + enc(au) + "&agent=" + enc(learner.encode())
        + "&registration=" + registration + "&stateId=LMS.LaunchData";
    // the LMS writes LaunchData before launch; the AU reads it
    JsonObject data = new JsonObject().put("launchMode", "Normal").put("moveOn", "CompletedOrPassed")
        .put("masteryScore", 0.8).put("contextTemplate", new JsonObject());
    assertThat(request(HttpMethod.PUT, launchData, "1.0.3").putHeader("Content-Type", "application/json")
        .sendBuffer(data.toBuffer()).await().statusCode()).isEqualTo(204);
    assertThat(request(HttpMethod.GET, launchData, "1.0.3").send().await().bodyAsJsonObject().getDouble("masteryScore"))
        .isEqualTo(0.8);
    String preferences = "/xapi/agents/profile?agent=" + enc(learner.encode()) + "&profileId=cmi5LearnerPreferences";
    assertThat(request(HttpMethod.GET, preferences, "1.0.3").send().await().statusCode()).isEqualTo(404);

    JsonArray attempt = new JsonArray();
    for (String verb : new String[] {"initialized", "passed", "terminated"}) {
      JsonObject s = statement(learner, "http://adlnet.gov/expapi/verbs/" + verb, au);
      s.put("context", new JsonObject().put("registration", registration.toString())
          .put("contextActivities", new JsonObject().put("category", new JsonArray()
              .add(new JsonObject().put("id", "https://w3id.org/xapi/cmi5/context/categories/cmi5"))))
          .put("extensions", new JsonObject().put("https://w3id.org/xapi/cmi5/context/extensions/sessionid", "s1")));
      if (verb.equals("passed")) {
        s.put("result", new JsonObject().put("score", new JsonObject().put("scaled", 0.9))
            .put("success", true).put("duration", "PT2M13.5S"));
        s.getJsonObject("context").getJsonObject("extensions")
            .put("https://w3id.org/xapi/cmi5/context/extensions/masteryscore", 0.8);
      }
      attempt.add(s);
    }
    assertThat(request(HttpMethod.POST, "/xapi/statements", "1.0.3").putHeader("Content-Type", "application/json")
        .sendBuffer(attempt.toBuffer()).await().statusCode()).isEqualTo(200);
    JsonObject result = request(HttpMethod.GET, "/xapi/statements?registration=" + registration + "&ascending=true",
        "1.0.3").send().await().bodyAsJsonObject();
    assertThat(result.getJsonArray("statements")).hasSize(3);
    assertThat(result.getJsonArray("statements").getJsonObject(1).getJsonObject("verb").getString("id"))
        .endsWith("/passed");
  }
}
