package cairn.app;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format, with the measurements that need
 * the database (mapper lag, outbox backlog) fresh. The text is made at most once a second, however
 * often Prometheus or anyone else asks (the metrics port has no credentials).
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
  private final Recent<String> text;

  MetricsEndpoint(Monitoring monitoring, Probes probes) {
    this.text = new Recent<>(Duration.ofSeconds(1), () -> probes.refresh().map(v -> monitoring.scrape()));
  }

  @Override
  public void handle(RoutingContext ctx) {
    text.get().onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", Monitoring.CONTENT_TYPE)
          .putHeader("Cache-Control", "no-store")
          .end(ar.result());
    });
  }
}
