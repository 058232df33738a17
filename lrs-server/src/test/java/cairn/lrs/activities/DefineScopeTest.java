package cairn.lrs.activities;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.web.auth.Scope;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scope {@code define} (xAPI 1.0.3 Part Three §4.2), through the real server: a writer without it
 * names an Activity the LRS has never seen, but cannot change a definition the LRS already holds;
 * {@code define} and {@code all} can.
 */
class DefineScopeTest {
  static LrsServer lrs;
  static String reader;

  @BeforeAll
  static void start() {
    lrs = new LrsServer();
    reader = lrs.basic(Scope.ALL_READ);
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  private static void post(String auth, String activity, String name) {
    JsonObject statement = new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:define@example.com"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/experienced"))
        .put("object", new JsonObject().put("id", activity)
            .put("definition", new JsonObject().put("name", new JsonObject().put("en-US", name))));
    var response = lrs.post(auth, statement);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject name(String activity) {
    var response = lrs.xapi(HttpMethod.GET, "/xapi/activities?activityId="
        + URLEncoder.encode(activity, StandardCharsets.UTF_8), reader, "2.0.0").send().await();
    return LrsServer.json(response).getJsonObject("definition").getJsonObject("name");
  }

  @Test
  void aWriterWithoutDefineNamesANewActivityButCannotRenameAKnownOne() {
    String activity = "https://example.com/define/" + UUID.randomUUID();
    String writer = lrs.basic(Scope.STATEMENTS_WRITE);
    post(writer, activity, "Kotlin 101");
    assertThat(name(activity)).isEqualTo(new JsonObject().put("en-US", "Kotlin 101"));

    post(lrs.basic(Scope.STATEMENTS_WRITE), activity, "Renamed by a stranger");
    post(writer, activity, "Renamed by its first writer");
    assertThat(name(activity)).isEqualTo(new JsonObject().put("en-US", "Kotlin 101"));

    post(lrs.basic(Scope.STATEMENTS_WRITE, Scope.DEFINE), activity, "Kotlin 101 (2026)");
    assertThat(name(activity)).isEqualTo(new JsonObject().put("en-US", "Kotlin 101 (2026)"));
    post(lrs.basic(Scope.ALL), activity, "Kotlin 101, second edition");
    assertThat(name(activity)).isEqualTo(new JsonObject().put("en-US", "Kotlin 101, second edition"));
  }
}
