package cairn.app;

import cairn.web.Edge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The metrics port, when CAIRN_METRICS_PORT is set: {@code GET /metrics} without credentials (the
 * port is meant for a network only Prometheus reaches; the main port then has no {@code /metrics}),
 * and the health endpoints, so that a process running only workers can be probed too. One instance.
 */
final class MetricsVerticle extends VerticleBase {
  private final int port;
  private final MetricsEndpoint metrics;
  private final Health health;
  private HttpServer server;

  MetricsVerticle(int port, MetricsEndpoint metrics, Health health) {
    this.port = port;
    this.metrics = metrics;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    Edge.front(router);
    health.mount(router);
    router.get("/metrics").handler(metrics);
    Edge.finish(router);
    return Edge.listen(vertx, router, port).onSuccess(s -> server = s);
  }

  /** The port actually bound (useful when the configuration asked for 0). */
  int actualPort() {
    return server.actualPort();
  }
}
