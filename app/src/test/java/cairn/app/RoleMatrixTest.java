package cairn.app;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The role matrix (docs/accounts.md), cell by cell through the real server: a signed-in person with
 * each role, and one with none, calls every operation of {@code /api/v1} the API document lists. A
 * cell the matrix below allows must get past authorisation (any answer but 401 and 403: the dummy
 * ids are then a 404, the empty bodies a 400); every other cell must be a 403 naming the roles that
 * would do; no cell may be a server error. The matrix is written out here, independently of the server's table, and every
 * operation of the document must be in it, so a new endpoint cannot go unclassified.
 */
class RoleMatrixTest {
  private static final String TOKEN = "X-CSRF-Token";
  private static final String ANY = "any signed-in person";
  private static final List<String> ROLES = List.of("employee", "mentor", "manager", "hr", "committee_reviewer",
      "ld_admin", "lrs_admin", "auditor");
  private static final String LD = "ld_admin";
  private static final String LRS = "lrs_admin";
  private static final String AUDITOR = "auditor";

  /** Operation → the roles allowed (ANY: every signed-in account, with or without roles). */
  private static final Map<String, Set<String>> MATRIX = Map.ofEntries(
      entry("POST /api/v1/credentials", Set.of(LRS)),
      entry("GET /api/v1/credentials", Set.of(LRS)),
      entry("DELETE /api/v1/credentials/{key}", Set.of(LRS)),
      entry("GET /api/v1/credentials/audit", Set.of(LRS, AUDITOR)),
      entry("POST /api/v1/frameworks", Set.of(LD)),
      entry("GET /api/v1/frameworks", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}/versions", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}/versions/{version}", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}/items", Set.of(LD)),
      entry("PUT /api/v1/frameworks/{id}/rules", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}/rules", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}/rules/versions", Set.of(LD)),
      entry("GET /api/v1/frameworks/{id}/rules/versions/{version}", Set.of(LD)),
      entry("POST /api/v1/ladders", Set.of(LD)),
      entry("GET /api/v1/ladders", Set.of(LD)),
      entry("GET /api/v1/ladders/{id}", Set.of(LD)),
      entry("GET /api/v1/ladders/{id}/versions", Set.of(LD)),
      entry("GET /api/v1/ladders/{id}/versions/{version}", Set.of(LD)),
      entry("POST /api/v1/people", Set.of(LD)),
      entry("GET /api/v1/people/{id}", Set.of(LD)),
      entry("GET /api/v1/people/{id}/progress", Set.of(LD)),
      entry("GET /api/v1/people/{id}/issuance-requests", Set.of(LD)),
      entry("POST /api/v1/people/{id}/erasure", Set.of(LRS)),
      entry("GET /api/v1/me/export", Set.of(ANY)),
      entry("GET /api/v1/cohorts", Set.of(LD, "manager", "hr")),
      entry("GET /api/v1/cohorts/history", Set.of(LD, "manager", "hr")),
      entry("POST /api/v1/cohorts/snapshots", Set.of(LD)),
      entry("GET /api/v1/audit", Set.of(LD, AUDITOR)),
      entry("GET /api/v1/progression/status", Set.of(LD, LRS)),
      entry("POST /api/v1/badges", Set.of(LD)),
      entry("GET /api/v1/badges", Set.of(LD)),
      entry("GET /api/v1/badges/{id}", Set.of(LD)),
      entry("GET /api/v1/badges/{id}/audit", Set.of(LD, AUDITOR)),
      entry("POST /api/v1/badges/{id}/revoke", Set.of(LD)),
      entry("POST /api/v1/badges/{id}/suspend", Set.of(LD)),
      entry("POST /api/v1/badges/{id}/reinstate", Set.of(LD)),
      entry("POST /api/v1/badges/{id}/shares", Set.of(LD)),
      entry("GET /api/v1/badges/{id}/shares", Set.of(LD)),
      entry("DELETE /api/v1/badges/{id}/shares/{shareId}", Set.of(LD)),
      entry("GET /api/v1/keys", Set.of(LRS)),
      entry("POST /api/v1/keys", Set.of(LRS)),
      entry("GET /api/v1/issuers", Set.of(LD)),
      entry("PUT /api/v1/issuers/{id}", Set.of(LD)),
      entry("GET /api/v1/accounts", Set.of(LRS)),
      entry("GET /api/v1/accounts/audit", Set.of(LRS, AUDITOR)),
      entry("POST /api/v1/accounts/invitations", Set.of(LRS)),
      entry("POST /api/v1/accounts/{id}/invitations", Set.of(LRS)),
      entry("PUT /api/v1/accounts/{id}/roles/{role}", Set.of(LRS)),
      entry("DELETE /api/v1/accounts/{id}/roles/{role}", Set.of(LRS)),
      entry("GET /api/v1/accounts/erasure-requests", Set.of(LRS)),
      entry("POST /api/v1/accounts/erasure-requests/{id}/refusal", Set.of(LRS)),
      entry("POST /api/v1/me/erasure-request", Set.of(ANY)),
      entry("GET /api/v1/me/erasure-request", Set.of(ANY)),
      entry("DELETE /api/v1/me/erasure-request", Set.of(ANY)),
      entry("GET /api/v1/me", Set.of(ANY)),
      entry("GET /api/v1/me/progress", Set.of(ANY)),
      entry("GET /api/v1/me/credentials", Set.of(ANY)),
      entry("POST /api/v1/me/credentials/{id}/shares", Set.of(ANY)),
      entry("GET /api/v1/me/shares", Set.of(ANY)),
      entry("GET /api/v1/me/clr", Set.of(ANY)),
      entry("DELETE /api/v1/me/shares/{id}", Set.of(ANY)),
      entry("GET /api/v1/me/mentoring", Set.of("mentor")),
      entry("GET /api/v1/me/shared-with-me", Set.of("committee_reviewer")),
      entry("GET /api/v1/me/shared-with-me/{shareId}", Set.of("committee_reviewer")));

  private static CairnServer server;
  /** Role (or "none") → that person's signed-in browser. */
  private static final Map<String, WebClientSession> PEOPLE = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    server = new CairnServer();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<String> accounts = new ArrayList<>(ROLES);
    accounts.add("none");
    JsonArray directory = new JsonArray();
    for (String role : accounts) {
      String email = role.replace('_', '-') + "-" + tag + "@example.com";
      JsonArray roles = role.equals("none") ? new JsonArray() : new JsonArray().add(role);
      HttpResponse<Buffer> invited = server.client.post("/api/v1/accounts/invitations")
          .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET)
          .sendJson(new JsonObject().put("email", email).put("roles", roles)).await();
      assertThat(invited.statusCode()).as(invited.bodyAsString()).isEqualTo(201);
      PEOPLE.put(role, Browser.signUpAndIn(server, invited.bodyAsJsonObject().getString("invitation"), email,
          "a password for the matrix test"));
      // everyone is a person of the directory; the manager manages a team (so the cohort cell is about the role)
      JsonObject person = new JsonObject().put("id", role + "-" + tag).put("team", "matrix-" + tag)
          .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email)));
      if (role.equals("manager")) {
        person.put("manages", new JsonArray().add("matrix-" + tag));
      }
      directory.add(person);
    }
    HttpResponse<Buffer> imported = server.client.post("/api/v1/people")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).sendJson(directory).await();
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyRoleGetsExactlyItsCellsOfEveryEndpoint() {
    JsonObject document = server.client.get("/openapi.json").send().await().bodyAsJsonObject();
    Set<String> operations = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (path.startsWith("/api/v1/")) {
        for (String method : paths.getJsonObject(path).fieldNames()) {
          operations.add(method.toUpperCase() + " " + path);
        }
      }
    }
    assertThat(MATRIX.keySet()).as("every operation of /api/v1 has its row in the matrix, and no other")
        .containsExactlyInAnyOrderElementsOf(operations);

    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (String operation : operations) {
      Set<String> allowed = MATRIX.get(operation);
      for (var person : PEOPLE.entrySet()) {
        cells++;
        boolean may = allowed.contains(ANY) || allowed.contains(person.getKey());
        HttpResponse<Buffer> answer = call(person.getValue(), operation);
        int status = answer.statusCode();
        if (status >= 500) {
          wrong.add(person.getKey() + " got a server error from " + operation + ": " + answer.bodyAsString());
        } else if (may && (status == 401 || status == 403)) {
          wrong.add(person.getKey() + " was refused " + operation + ": " + status + " " + answer.bodyAsString());
        } else if (!may && status != 403) {
          wrong.add(person.getKey() + " reached " + operation + ": " + status + " " + answer.bodyAsString());
        } else if (!may && !allowed.contains(ANY)) {
          String roles = answer.bodyAsJsonObject().getString("detail");
          allowed.forEach(role -> {
            if (!roles.contains("'" + role + "'")) {
              wrong.add(operation + ": the refusal does not name the role " + role + ": " + roles);
            }
          });
        }
      }
    }
    assertThat(cells).isEqualTo(operations.size() * (ROLES.size() + 1));
    assertThat(wrong).as("cells that differ from the matrix").isEmpty();
  }

  @Test
  void anAuthorizationHeaderMakesTheRequestAnApiClientsWhateverTheSession() {
    WebClientSession admin = PEOPLE.get(LD);
    HttpResponse<Buffer> withBadKey = admin.get("/api/v1/frameworks").basicAuthentication("nobody", "nothing")
        .send().await();
    assertThat(withBadKey.statusCode()).as("the bad credential decides, not the L&D admin's session").isEqualTo(401);
    HttpResponse<Buffer> asKey = PEOPLE.get("none").get("/api/v1/credentials")
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET).send().await();
    assertThat(asKey.statusCode()).isEqualTo(200);
  }

  @Test
  void aChangeWithASessionNeedsTheCsrfTokenAndIsAuditedUnderTheAccount() {
    WebClientSession lrsAdmin = PEOPLE.get(LRS);
    JsonObject credential = new JsonObject().put("name", "made by a person").put("scopes", new JsonArray().add("all"));
    HttpResponse<Buffer> noToken = lrsAdmin.post("/api/v1/credentials").sendJson(credential).await();
    assertThat(noToken.statusCode()).as(noToken.bodyAsString()).isEqualTo(403);
    assertThat(noToken.bodyAsString()).contains(TOKEN);
    HttpResponse<Buffer> wrongToken = lrsAdmin.post("/api/v1/credentials").putHeader(TOKEN, "forged")
        .sendJson(credential).await();
    assertThat(wrongToken.statusCode()).isEqualTo(403);

    HttpResponse<Buffer> made = lrsAdmin.post("/api/v1/credentials").putHeader(TOKEN, csrf(lrsAdmin))
        .sendJson(credential).await();
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    String key = made.bodyAsJsonObject().getString("key");
    String account = lrsAdmin.get("/api/v1/me").send().await().bodyAsJsonObject().getString("account");

    HttpResponse<Buffer> trail = PEOPLE.get(AUDITOR).get("/api/v1/credentials/audit?limit=1000").send().await();
    assertThat(trail.statusCode()).as(trail.bodyAsString()).isEqualTo(200);
    assertThat(trail.bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(e -> key.equals(e.getString("subject"))).map(e -> e.getString("actor")).toList())
        .containsExactly("account:" + account);
    // the auditor reads, never changes
    HttpResponse<Buffer> auditorRevokes = PEOPLE.get(AUDITOR).delete("/api/v1/credentials/" + key)
        .putHeader(TOKEN, csrf(PEOPLE.get(AUDITOR))).send().await();
    assertThat(auditorRevokes.statusCode()).isEqualTo(403);
  }

  private static String csrf(WebClientSession browser) {
    return browser.get("/api/v1/me").send().await().getHeader(TOKEN);
  }

  /** The operation with dummy path parameters, an empty JSON object as the body of a change, and the CSRF token. */
  private static HttpResponse<Buffer> call(WebClientSession browser, String operation) {
    String method = operation.substring(0, operation.indexOf(' '));
    String path = operation.substring(operation.indexOf(' ') + 1)
        .replace("{version}", "1").replace("{role}", "auditor")
        .replaceAll("\\{[^}]+}", "00000000-0000-4000-8000-000000000000");
    HttpRequest<Buffer> request = browser.request(HttpMethod.valueOf(method), path);
    if (method.equals("GET")) {
      return request.send().await();
    }
    request.putHeader(TOKEN, csrf(browser));
    return method.equals("DELETE") ? request.send().await() : request.sendJsonObject(new JsonObject()).await();
  }
}
