package cairn.lrs.documents;

import static cairn.lrs.documents.DocumentClient.newActivity;
import static cairn.lrs.documents.DocumentClient.newAgent;
import static cairn.lrs.documents.DocumentClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.LrsServer;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ETags and preconditions on the document resources (1.0.3 Part Three §3.1; IEEE 9274.1.1-2023
 * §4.1.4), including where 1.0.3 and 2.0 differ.
 */
class ConcurrencyTest {
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

  static DocumentClient activityProfile(String version) {
    return new DocumentClient(lrs, "/xapi/activities/profile", auth, version);
  }

  static DocumentClient state(String version) {
    return new DocumentClient(lrs, "/xapi/activities/state", auth, version);
  }

  static Map<String, String> newProfile() {
    return params("activityId", newActivity(), "profileId", "p");
  }

  static Map<String, String> newState() {
    return params("activityId", newActivity(), "agent", newAgent(), "stateId", "s");
  }

  @Test
  void ifMatchWithTheCurrentETagWritesAndAnyOtherIs412() {
    DocumentClient docs = activityProfile("2.0.0");
    Map<String, String> p = newProfile();
    docs.post(p, new JsonObject().put("v", 1));
    String etag = docs.get(p).getHeader("ETag");
    HttpResponse<Buffer> stale = docs.put(p, new JsonObject().put("v", 2), "If-Match", "\"1234\"");
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(LrsServer.json(stale).getString("path")).isEqualTo("If-Match");
    assertThat(docs.post(p, new JsonObject().put("v", 2), "If-Match", "\"1234\"").statusCode()).isEqualTo(412);
    assertThat(docs.delete(p, "If-Match", "\"1234\"").statusCode()).isEqualTo(412);
    assertThat(LrsServer.json(docs.get(p))).isEqualTo(new JsonObject().put("v", 1));

    HttpResponse<Buffer> put = docs.put(p, new JsonObject().put("v", 3), "If-Match", etag);
    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(put.getHeader("ETag")).isNotEqualTo(etag);
    assertThat(docs.delete(p, "If-Match", put.getHeader("ETag")).statusCode()).isEqualTo(204);
    assertThat(docs.get(p).statusCode()).isEqualTo(404);
  }

  @Test
  void ifMatchOnAMissingDocumentIs412AndIfNoneMatchStarOnAnExistingOneToo() {
    DocumentClient docs = activityProfile("2.0.0");
    Map<String, String> p = newProfile();
    assertThat(docs.put(p, new JsonObject(), "If-Match", "*").statusCode()).isEqualTo(412);
    assertThat(docs.put(p, new JsonObject().put("v", 1), "If-None-Match", "*").statusCode()).isEqualTo(204);
    HttpResponse<Buffer> again = docs.put(p, new JsonObject().put("v", 2), "If-None-Match", "*");
    assertThat(again.statusCode()).isEqualTo(412);
    assertThat(LrsServer.json(again).getString("path")).isEqualTo("If-None-Match");
    assertThat(docs.put(p, new JsonObject().put("v", 3), "If-Match", "*").statusCode()).isEqualTo(204);
  }

  @Test
  void putWithoutHeadersOverAnExistingProfileIs409InBothVersions() {
    for (String version : new String[] {"1.0.3", "2.0.0"}) {
      DocumentClient docs = activityProfile(version);
      Map<String, String> p = newProfile();
      docs.post(p, new JsonObject().put("v", 1));
      HttpResponse<Buffer> put = docs.put(p, new JsonObject().put("v", 2));
      assertThat(put.statusCode()).as(version).isEqualTo(409);
      assertThat(LrsServer.json(put).getString("message")).contains("If-Match");
      assertThat(LrsServer.json(docs.get(p))).isEqualTo(new JsonObject().put("v", 1));
    }
  }

  @Test
  void headerlessPutCreatingAProfileIs400In103Only() {
    HttpResponse<Buffer> old = activityProfile("1.0.3").put(newProfile(), new JsonObject());
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(LrsServer.json(old).getString("path")).isEqualTo("If-None-Match");
    assertThat(activityProfile("2.0.0").put(newProfile(), new JsonObject()).statusCode()).isEqualTo(204);
  }

  @Test
  void headerlessStatePutOverwritesIn103AndIs409In20() {
    Map<String, String> p = newState();
    DocumentClient old = state("1.0.3");
    assertThat(old.put(p, new JsonObject().put("v", 1)).statusCode()).isEqualTo(204);
    assertThat(old.put(p, new JsonObject().put("v", 2)).statusCode()).isEqualTo(204);
    assertThat(state("2.0.0").put(p, new JsonObject().put("v", 3)).statusCode()).isEqualTo(409);
    assertThat(LrsServer.json(old.get(p))).isEqualTo(new JsonObject().put("v", 2));
  }

  @Test
  void getWithAMatchingIfNoneMatchIs304() {
    DocumentClient docs = activityProfile("2.0.0");
    Map<String, String> p = newProfile();
    docs.post(p, new JsonObject().put("v", 1));
    String etag = docs.get(p).getHeader("ETag");
    HttpResponse<Buffer> cached = docs.send(HttpMethod.GET, p, DocumentClient.headers("If-None-Match", etag), null);
    assertThat(cached.statusCode()).isEqualTo(304);
    assertThat(cached.getHeader("ETag")).isEqualTo(etag);
    assertThat(docs.send(HttpMethod.GET, p, DocumentClient.headers("If-None-Match", "\"other\""), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void concurrentCreatesWithIfNoneMatchStarLetExactlyOneWin() {
    DocumentClient docs = activityProfile("2.0.0");
    Map<String, String> p = newProfile();
    var futures = new java.util.ArrayList<io.vertx.core.Future<HttpResponse<Buffer>>>();
    for (int i = 0; i < 8; i++) {
      futures.add(lrs.xapi(HttpMethod.PUT, "/xapi/activities/profile?activityId="
              + java.net.URLEncoder.encode(p.get("activityId"), java.nio.charset.StandardCharsets.UTF_8) + "&profileId=p",
              auth, "2.0.0")
          .putHeader("If-None-Match", "*").putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(new JsonObject().put("writer", i).encode())));
    }
    io.vertx.core.Future.join(futures).await();
    long won = futures.stream().filter(f -> f.result().statusCode() == 204).count();
    long refused = futures.stream().filter(f -> f.result().statusCode() == 412).count();
    assertThat(won).isEqualTo(1);
    assertThat(refused).isEqualTo(7);
  }
}
