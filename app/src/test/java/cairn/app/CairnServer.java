package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole of Cairn as {@code cairn serve} runs it (the HTTP verticle over every feature, the mapper
 * and the issuer), on the shared test PostgreSQL, with an admin credential and a web client. One per
 * test class.
 */
public final class CairnServer implements AutoCloseable {
  public static final String ADMIN_KEY = "edge-admin";
  public static final String ADMIN_SECRET = "edge-admin-secret-0123456789";
  /** The secret the shared test database's signing keys are kept under (as in the issuer's tests). */
  public static final String KEY_SECRET = "test-secret-for-cairn-credentials";

  /** Metrics as {@code cairn serve} has them: Vert.x's, the features', the JVM's. */
  public final Monitoring monitoring = Monitoring.create();
  /**
   * An event loop held for a second already fails the test class (web's BlockedThreadGuard); the
   * default would wait two.
   */
  public final Vertx vertx = monitoring.vertx(new VertxOptions().setMaxEventLoopExecuteTime(1)
      .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
  public final Cairn cairn;
  public final WebClient client;

  public CairnServer() {
    this(Map.of());
  }

  public CairnServer(Map<String, String> settings) {
    TestPostgres pg = TestPostgres.get();
    Map<String, String> values = new HashMap<>(Map.of(
        "CAIRN_HTTP_PORT", "0",
        "CAIRN_HTTP_INSTANCES", "2",
        "CAIRN_DATA_DIR", Path.of("target", "cairn-server").toAbsolutePath().toString(),
        "CAIRN_DB_URL", pg.jdbcUrl(),
        "CAIRN_DB_USER", pg.user(),
        "CAIRN_DB_PASSWORD", pg.password(),
        "CAIRN_BOOTSTRAP_KEY", ADMIN_KEY,
        "CAIRN_BOOTSTRAP_SECRET", ADMIN_SECRET,
        "CAIRN_KEY_SECRET", KEY_SECRET));
    values.putAll(settings);
    Config config = Config.from(values);
    Database db = Database.external(pg.jdbcUrl(), pg.user(), pg.password());
    synchronized (CairnServer.class) {
      db.migrate();
    }
    try {
      cairn = Cairn.start(vertx, config, db, monitoring).await();
    } catch (RuntimeException e) {
      vertx.close().await(); // what did start (the workers) stops with it
      monitoring.close();
      throw e;
    }
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(cairn.port()));
  }

  /** A request as the bootstrap admin, with {@code body} as JSON if not null; fails unless the answer is {@code status}. */
  public HttpResponse<Buffer> admin(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = client.request(method, path).basicAuthentication(ADMIN_KEY, ADMIN_SECRET);
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }

  public int port() {
    return cairn.port();
  }

  @Override
  public void close() {
    client.close();
    cairn.stop().await();
    vertx.close().await();
    monitoring.close();
  }
}
