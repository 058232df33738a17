package cairn.lrs;

import cairn.lrs.activities.ActivityRoutes;
import cairn.lrs.agents.AgentRoutes;
import cairn.lrs.auth.BasicAuthHandler;
import cairn.lrs.auth.CredentialRoutes;
import cairn.lrs.auth.CredentialStore;
import cairn.lrs.documents.DocumentRoutes;
import cairn.lrs.http.AlternateSyntax;
import cairn.lrs.http.RequestBody;
import cairn.lrs.http.VersionHandler;
import cairn.lrs.http.XapiFailureHandler;
import cairn.lrs.statements.StatementRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.sqlclient.Pool;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The xAPI HTTP API ({@code /xapi/*}) and the LRS admin API ({@code /api/v1/credentials}). Stateless:
 * any number of instances, on any number of nodes, share one PostgreSQL.
 */
public final class LrsVerticle extends VerticleBase {
  private final Pool pool;
  private final CredentialStore credentials;
  private final LrsOptions options;
  private final List<Consumer<Router>> apis;
  private HttpServer server;

  public LrsVerticle(Pool pool, CredentialStore credentials, LrsOptions options) {
    this(pool, credentials, options, List.of());
  }

  /**
   * @param apis Cairn's other HTTP APIs (progression, credentials), mounted on the same router
   *     after the {@code /api/v1} authentication, so they share the server, auth and error handling
   */
  public LrsVerticle(Pool pool, CredentialStore credentials, LrsOptions options, List<Consumer<Router>> apis) {
    this.pool = pool;
    this.credentials = credentials;
    this.options = options;
    this.apis = List.copyOf(apis);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(CorsHandler.create()
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Experience-API-Version", "If-Match", "If-None-Match"))
        .exposedHeaders(Set.of("ETag", "Last-Modified", "X-Experience-API-Version",
            "X-Experience-API-Consistent-Through")));
    router.route().handler(ctx -> {
      ctx.response().putHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
      ctx.next();
    });

    router.get("/xapi/about").handler(this::about);
    router.route("/xapi/*").handler(new AlternateSyntax(options.maxBodyBytes()));
    router.route("/xapi/*").handler(new VersionHandler(options.defaultVersion()));
    router.route("/xapi/*").handler(new RequestBody(options.maxBodyBytes()));
    BasicAuthHandler auth = new BasicAuthHandler(credentials);
    router.route("/xapi/*").handler(auth);
    new StatementRoutes(pool, options).mount(router);
    new DocumentRoutes(pool).mount(router);
    new ActivityRoutes(pool).mount(router);
    new AgentRoutes().mount(router);

    router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()))
        .handler(auth).handler(BasicAuthHandler::requireAll);
    new CredentialRoutes(credentials).mount(router);
    apis.forEach(api -> api.accept(router));

    router.route().failureHandler(new XapiFailureHandler());
    router.route().last().handler(ctx -> ctx.fail(404));

    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router)
        .listen(options.port())
        .onSuccess(s -> server = s);
  }

  /** The About resource (1.0.3 Part Three §2.8): the versions this LRS speaks. No auth needed. */
  private void about(RoutingContext ctx) {
    ctx.response()
        .putHeader(VersionHandler.HEADER, options.defaultVersion().header())
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject()
            .put("version", new JsonArray().add("1.0.3").add("2.0.0"))
            .put("extensions", new JsonObject())
            .encode());
  }

  /** The port actually bound (useful when the options asked for 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
