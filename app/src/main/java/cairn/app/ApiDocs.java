package cairn.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.webjars.WebJarVersionLocator;

/**
 * Cairn's API, described and browsable, without credentials: the one OpenAPI 3.1 document of every
 * route the HTTP verticle mounts ({@code openapi/cairn.yaml}, written by hand beside the routes;
 * {@code ApiDocumentTest} fails when the two differ) as JSON at {@code GET /openapi.json}, and Swagger
 * UI at {@code /docs/}, its files served from the {@code org.webjars:swagger-ui} jar, with Cairn's own
 * {@code swagger-initializer.js} pointing it at the document.
 */
final class ApiDocs {
  static final String DOCUMENT_PATH = "/openapi.json";
  static final String PAGE_PATH = "/docs";
  /**
   * Swagger UI needs no more than its own files (its React components set styles through the DOM,
   * which CSP allows; its stylesheet embeds data: images) and the document, fetched from here.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

  private final String document;
  private final String initializer;
  private final String webRoot;

  private ApiDocs(String document, String initializer, String webRoot) {
    this.document = document;
    this.initializer = initializer;
    this.webRoot = webRoot;
  }

  /**
   * Reads the document and the page's set-up from the classpath, and finds Swagger UI's webjar.
   * Blocking (classpath reads): call it off the event loop, once per process.
   */
  static ApiDocs load() {
    // a key written twice (a path, an operation) would silently drop the first: refuse it instead
    YAMLMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    JsonNode document;
    try {
      document = yaml.readTree(resource("openapi/cairn.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException("openapi/cairn.yaml cannot be read", e);
    }
    String version = new WebJarVersionLocator().version("swagger-ui");
    if (version == null) {
      throw new IllegalStateException("org.webjars:swagger-ui is missing from the classpath");
    }
    return new ApiDocs(document.toString(), new String(resource("openapi/swagger-initializer.js"),
        StandardCharsets.UTF_8), WebJarVersionLocator.WEBJARS_PATH_PREFIX + "/swagger-ui/" + version);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " cannot be read", e);
    }
  }

  void mount(Router router) {
    router.get(DOCUMENT_PATH).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(document));
    router.get(PAGE_PATH + "/*").handler(this::page).handler(StaticHandler.create(webRoot));
  }

  private void page(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.equals(PAGE_PATH)) {
      // index.html links its files relative to /docs/
      ctx.redirect(PAGE_PATH + "/");
      return;
    }
    ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (path.equals(PAGE_PATH + "/swagger-initializer.js")) {
      ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").end(initializer);
      return;
    }
    ctx.next();
  }
}
