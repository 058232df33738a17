package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cairn's OpenAPI document ({@code openapi/cairn.yaml}, served at {@code /openapi.json}) against the
 * router of the running server: every route is an operation of the document and every operation a
 * route, by method and path; the document is valid OpenAPI 3.1; {@code /docs/} serves Swagger UI.
 *
 * <p>What the comparison counts as a route: one with a path and at least one method, its
 * {@code :name} parameters read as {@code {name}}. Not counted: routes without a path (the edge's
 * handlers for every request: CORS, {@code Date}, the failure handler, the final 404); prefix routes
 * ({@code /xapi/*}, {@code /api/v1/*}: body, version and authentication handling shared by a
 * subtree; {@code /docs/*}: Swagger UI's files, not an API); and a path without a method (the
 * statements resource's failure handler, beside the counted routes of each of its methods). A
 * regex route cannot be matched with a document path, so it fails the test: give it a plain path.
 */
class ApiDocumentTest {
  /**
   * Operations the document describes for the observability change, which mounts them in parallel
   * with this one: until it is merged the router lacks them, and only them may be missing. Once it
   * is merged, delete this set (and its use below).
   */
  private static final List<String> OPERATIONS = List.of("get", "put", "post", "delete", "options", "head",
      "patch", "trace");
  private static final String SOURCE = "app/src/main/resources/openapi/cairn.yaml";

  private static CairnServer server;
  private static JsonObject document;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    HttpResponse<Buffer> answer = server.client.get(ApiDocs.DOCUMENT_PATH).send().await();
    assertThat(answer.statusCode()).isEqualTo(200); // no credentials needed
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/json");
    document = answer.bodyAsJsonObject();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyRouteIsInTheDocumentAndEveryOperationIsRouted() {
    Set<String> routed = routes(server.cairn.router());
    Set<String> documented = operations(document);
    assertThat(routed).as("sanity: the router as the comparison reads it")
        .contains("POST /xapi/statements", "DELETE /api/v1/badges/{id}/shares/{shareId}", "GET /openapi.json");

    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    Set<String> unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    if (!undocumented.isEmpty() || !unrouted.isEmpty()) {
      fail("The router and " + SOURCE + " differ.\n"
          + "Routes the document lacks (describe them):\n" + lines(undocumented)
          + "Operations of the document no route serves (remove them, or mount the route):\n" + lines(unrouted));
    }
  }

  @Test
  void theDocumentIsValidOpenApi31() {
    assertThat(document.getString("openapi")).startsWith("3.1.");
    // The OpenAPI Initiative's schema of 3.1 documents (2022-10-07), as vertx-openapi bundles it.
    // (Its OpenAPIContract goes on to build a request validator, which knows a handful of media
    // types only, so it would refuse multipart/mixed or application/jwt, which are fine OpenAPI.)
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    assertThat(version).isEqualTo(OpenAPIVersion.V3_1);
    SchemaRepository schemas = version.getRepository(server.vertx, "app://").await();
    OutputUnit validation = version.validateContract(server.vertx, schemas, document).await();
    assertThat(validation.getValid()).as("valid OpenAPI 3.1: %s", validation.getErrors()).isTrue();
    JsonObject broken = new JsonObject(document.encode());
    broken.getJsonObject("paths").getJsonObject("/xapi/about").getJsonObject("get").put("responses", "none");
    assertThat(version.validateContract(server.vertx, schemas, broken).await().getValid())
        .as("the schema check notices a malformed operation").isFalse();
    // every $ref resolves (on a copy: resolving rewrites the document it is given)
    assertThat(version.resolve(server.vertx, schemas, new JsonObject(document.encode())).await()).isNotNull();

    Set<String> ids = new HashSet<>();
    for (String path : document.getJsonObject("paths").fieldNames()) {
      JsonObject item = document.getJsonObject("paths").getJsonObject(path);
      for (String method : OPERATIONS) {
        if (item.containsKey(method)) {
          JsonObject operation = item.getJsonObject(method);
          assertThat(operation.getString("operationId")).as("operationId of %s %s", method, path).isNotBlank();
          assertThat(ids.add(operation.getString("operationId"))).as("operationId of %s %s is unique", method, path)
              .isTrue();
          assertThat(operation.getJsonObject("responses").fieldNames()).as("responses of %s %s", method, path)
              .isNotEmpty();
        }
      }
    }
  }

  @Test
  void docsServeSwaggerUiFromItsWebjarPointedAtTheDocument() {
    HttpResponse<Buffer> bare = server.client.get("/docs").followRedirects(false).send().await();
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.getHeader("Location")).isEqualTo("/docs/");

    HttpResponse<Buffer> page = server.client.get("/docs/").send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).isEqualTo(ApiDocs.CONTENT_SECURITY_POLICY);
    assertThat(page.bodyAsString()).contains("<div id=\"swagger-ui\">", "./swagger-ui-bundle.js",
        "./swagger-initializer.js");

    HttpResponse<Buffer> bundle = server.client.get("/docs/swagger-ui-bundle.js").send().await();
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.getHeader("Content-Type")).contains("javascript");
    assertThat(bundle.bodyAsString()).contains("SwaggerUIBundle");

    HttpResponse<Buffer> style = server.client.get("/docs/swagger-ui.css").send().await();
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(style.getHeader("Content-Type")).startsWith("text/css");

    HttpResponse<Buffer> setUp = server.client.get("/docs/swagger-initializer.js").send().await();
    assertThat(setUp.statusCode()).isEqualTo(200);
    assertThat(setUp.getHeader("Content-Type")).contains("javascript");
    assertThat(setUp.bodyAsString()).contains("url: \"../openapi.json\"").doesNotContain("petstore");

    assertThat(server.client.get("/docs/no-such-file.js").send().await().statusCode()).isEqualTo(404);
  }

  /** The router's routes as {@code METHOD /path/{param}}, counted as the class comment says. */
  static Set<String> routes(Router router) {
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        if (route.isRegexPath()) {
          fail("A regex route cannot be compared with the OpenAPI document; give it a plain path: " + route);
        }
        continue;
      }
      if (!route.isExactPath() || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      route.methods().forEach(method -> routes.add(method.name() + " " + path));
    }
    return routes;
  }

  /** The document's operations as {@code METHOD /path/{param}}. */
  static Set<String> operations(JsonObject document) {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : OPERATIONS) {
        if (paths.getJsonObject(path).containsKey(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return operations;
  }

  private static String lines(Set<String> entries) {
    StringBuilder text = new StringBuilder();
    entries.forEach(e -> text.append("  ").append(e).append('\n'));
    return entries.isEmpty() ? "  (none)\n" : text.toString();
  }
}
