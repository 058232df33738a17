package cairn.progression;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.Json;
import cairn.xapi.generator.Person;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The progression API end to end over HTTP: definitions, versions, validation, audit, progress, cohorts. */
class ProgressionApiTest {
  private static ProgressionServer server;
  private static TestData data;

  @BeforeAll
  static void start() {
    server = new ProgressionServer("api-test-" + System.nanoTime());
    data = new TestData(TestData.domain("api"), 11, 60, 6, 3);
    server.define(data);
    server.importPeople(data);
    server.post(data.generator.iterator(), 200, 6000);
    server.consumer().drain().await();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void frameworksKeepEveryVersion() {
    ObjectNode pkg = data.framework();
    JsonNode again = server.send(HttpMethod.POST, "/api/v1/frameworks", pkg, 200);
    assertThat(again.path("created").asBoolean()).isFalse();
    assertThat(again.path("version").asInt()).isEqualTo(1);
    ((ObjectNode) pkg.withArray("CFItems").get(2)).put("fullStatement", "Systems Design and Architecture");
    JsonNode v2 = server.send(HttpMethod.POST, "/api/v1/frameworks", pkg, 201);
    assertThat(v2.path("version").asInt()).isEqualTo(2);
    String base = "/api/v1/frameworks/" + data.frameworkId;
    assertThat(server.get(base + "/versions")).hasSize(2);
    assertThat(server.get(base + "/versions/1").path("CFItems").get(2).path("fullStatement").asText()).isEqualTo("System Design");
    assertThat(server.get(base).path("CFItems").get(2).path("fullStatement").asText())
        .isEqualTo("Systems Design and Architecture");
    JsonNode items = server.get(base + "/items?version=1").path("items");
    assertThat(items).hasSize(9);
    assertThat(items.get(0).path("children")).hasSize(4);
    assertThat(items.get(2).path("levels").get(1).path("quality").asText()).isEqualTo("Practitioner");
    assertThat(server.get("/api/v1/audit?subject=framework:" + data.frameworkId)).hasSize(2);
  }

  @Test
  void invalidDefinitionsAreProblemsNamingTheItem() {
    ObjectNode pkg = data.framework();
    ((ObjectNode) pkg.withArray("CFItems").get(4)).put("lastChangeDateTime", 7);
    var response = server.call(HttpMethod.POST, "/api/v1/frameworks", pkg);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsString()).contains("CFItems[4]").contains("Operational Excellence");
    ObjectNode rules = data.rules();
    ((ObjectNode) rules.withArray("rules").get(1)).put("competency", "T.9");
    response = server.call(HttpMethod.PUT, "/api/v1/frameworks/" + data.frameworkId + "/rules", rules);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.parse(response.bodyAsString()).path("detail").asText()).contains("distributed-systems").contains("T.9");
    assertThat(server.call(HttpMethod.GET, "/api/v1/frameworks/nope/items", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theLadderCarriesItsPolicyAndOnlyCredentialExpiryIsAChoice() {
    JsonNode ladder = server.get("/api/v1/ladders/" + data.ladderId());
    assertThat(ladder.path("policy").path("credentialExpiry").asText()).isEqualTo("evidence");
    assertThat(ladder.path("policy").path("laterFailedEvidence").asText()).contains("keeps the credential");
    assertThat(ladder.path("policy").path("voidedEvidence").asText()).contains("revokes");
    ObjectNode other = data.ladder().put("id", data.ladderId() + "-no-expiry");
    other.putObject("policy").put("credentialExpiry", "none");
    assertThat(server.send(HttpMethod.POST, "/api/v1/ladders", other, 201).path("policy").path("expiringEvidence")
        .asText()).contains("does not expire");
    other.putObject("policy").put("failedEvidence", "revoke");
    var refused = server.call(HttpMethod.POST, "/api/v1/ladders", other);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsString()).contains("$.policy.failedEvidence").contains("credentialExpiry");
    other.putObject("policy").put("credentialExpiry", "never");
    assertThat(server.call(HttpMethod.POST, "/api/v1/ladders", other).statusCode()).isEqualTo(400);
  }

  @Test
  void progressExplainsLevelsMilestonesAndTheGap() {
    JsonNode best = null;
    for (Person p : data.generator.people()) {
      JsonNode progress = server.get("/api/v1/people/" + TestData.personId(p) + "/progress");
      if (best == null || progress.path("milestones").size() > best.path("milestones").size()) {
        best = progress;
      }
    }
    assertThat(best.path("competencies")).isNotEmpty();
    JsonNode level = best.path("competencies").get(0);
    assertThat(level.path("explanation").path("level").asInt()).isEqualTo(level.path("level").asInt());
    assertThat(best.path("milestones")).isNotEmpty();
    JsonNode milestone = best.path("milestones").get(0);
    assertThat(milestone.path("explanation").path("met").get(0).path("statements")).isNotEmpty();
    // the database is shared with other test classes, whose ladders every person is evaluated on too
    JsonNode ladder = null;
    for (JsonNode l : best.path("ladders")) {
      ladder = l.path("ladder").asText().equals(data.ladderId()) ? l : ladder;
    }
    assertThat(ladder).as("this class's ladder in the progress answer").isNotNull();
    if (!ladder.path("next").isNull()) {
      assertThat(ladder.path("next").path("missing")).isNotEmpty();
    }
    // the statement ids in an explanation are real statements in the LRS
    String id = milestone.path("explanation").path("met").get(0).path("statements").get(0).asText();
    assertThat(server.lrs.get(server.xapiCredentialReader(), "/xapi/statements?statementId=" + id).statusCode())
        .isEqualTo(200);
  }

  @Test
  void cohortViewsSuppressSmallGroups() {
    JsonNode view = server.get("/api/v1/cohorts?by=team&framework=" + data.frameworkId + "&ladder=" + data.ladderId());
    assertThat(view.path("minGroupSize").asInt()).isEqualTo(5);
    for (JsonNode group : view.path("groups")) {
      assertThat(group.path("members").asInt()).isGreaterThanOrEqualTo(5);
    }
    int hidden = view.path("suppressed").path("members").asInt();
    assertThat(hidden == 0 || hidden >= 5).isTrue();
    JsonNode byLevel = server.get("/api/v1/cohorts?by=level");
    assertThat(byLevel.path("suppressed").path("groups").asInt()).isPositive(); // level 6 is rare in 60 people
    assertThat(server.call(HttpMethod.GET, "/api/v1/cohorts?by=name", null).statusCode()).isEqualTo(400);
  }
}
