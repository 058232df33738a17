package cairn.lrs.testing;

import cairn.lrs.LrsOptions;
import cairn.lrs.LrsRoutes;
import cairn.lrs.auth.CredentialStore;
import cairn.web.Edge;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The real LRS routes behind the real HTTP edge on the shared test PostgreSQL, listening on a free
 * port, with a {@link WebClient} and helpers to call it as an xAPI client would. One per test class.
 */
public final class LrsServer implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final Pool pool;
  public final CredentialStore credentials;
  public final WebClient client;
  public final LrsOptions options;
  private final HttpServer server;

  public LrsServer() {
    this(LrsOptions.defaults(0));
  }

  public LrsServer(LrsOptions options) {
    this(options, List.of());
  }

  /** With other APIs mounted after the LRS's, as the application composes them (its HttpVerticle). */
  public LrsServer(LrsOptions options, List<Function<Pool, Consumer<Router>>> apis) {
    this(options, apis, TestPostgres.get().connectOptions());
  }

  /** On another database (see {@link TestPostgres#database}): a second, independent LRS. */
  public LrsServer(LrsOptions options, List<Function<Pool, Consumer<Router>>> apis, PgConnectOptions database) {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
        .connectingTo(database).using(vertx).build();
    credentials = new CredentialStore(pool);
    Router router = Router.router(vertx);
    AuthHandler authentication = new AuthHandler(credentials, credentials.tokens());
    Edge.front(router);
    LrsRoutes lrs = new LrsRoutes(pool, credentials, options);
    lrs.mountXapi(router, authentication);
    Edge.adminApi(router, authentication, options.maxBodyBytes());
    lrs.mountAdmin(router);
    apis.forEach(api -> api.apply(pool).accept(router));
    Edge.finish(router);
    server = Edge.listen(vertx, router, options.port()).await();
    this.options = options.withPort(server.actualPort());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.actualPort()));
  }

  /** A fresh credential with the given scopes: "Basic ..." header value. */
  public String basic(Scope... scopes) {
    CredentialStore.Created created =
        credentials.create("test-" + UUID.randomUUID(), Set.of(scopes), null, null, "test").await();
    return "Basic " + Base64.getEncoder().encodeToString(
        (created.credential().key() + ":" + created.secret()).getBytes());
  }

  /** A request with auth and the xAPI version header set. */
  public HttpRequest<Buffer> xapi(io.vertx.core.http.HttpMethod method, String uri, String auth, String version) {
    HttpRequest<Buffer> request = client.request(method, uri);
    if (auth != null) {
      request.putHeader("Authorization", auth);
    }
    if (version != null) {
      request.putHeader("X-Experience-API-Version", version);
    }
    return request;
  }

  public HttpResponse<Buffer> post(String auth, Object json) {
    return xapi(io.vertx.core.http.HttpMethod.POST, "/xapi/statements", auth, "2.0.0")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(json.toString())).await();
  }

  public HttpResponse<Buffer> get(String auth, String uri) {
    return xapi(io.vertx.core.http.HttpMethod.GET, uri, auth, "2.0.0").send().await();
  }

  public static JsonObject json(HttpResponse<Buffer> response) {
    return new JsonObject(response.bodyAsString());
  }

  public static JsonArray array(HttpResponse<Buffer> response) {
    return new JsonArray(response.bodyAsString());
  }

  @Override
  public void close() {
    client.close();
    pool.close().await();
    vertx.close().await();
  }
}
