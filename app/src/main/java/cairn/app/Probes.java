package cairn.app;

import cairn.credentials.IssuerHealth;
import cairn.progression.feed.FeedLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The measurements that need the database: the progression mapper's lag behind the statement feed
 * and the issuance outbox's backlog, each taken at most once a second ({@link Recent}), whoever asks
 * (readiness, a scrape). Their last values are gauges, NaN while they cannot be measured:
 * {@code cairn_mapper_lag_statements}, {@code cairn_mapper_lag_seconds},
 * {@code cairn_issuer_outbox_waiting}.
 */
final class Probes {
  private final Recent<FeedLag.Lag> lag;
  private final Recent<Long> outbox;
  private volatile double lagStatements = Double.NaN;
  private volatile double lagSeconds = Double.NaN;
  private volatile double outboxWaiting = Double.NaN;

  Probes(FeedLag feedLag, IssuerHealth issuer, MeterRegistry registry) {
    Duration second = Duration.ofSeconds(1);
    this.lag = new Recent<>(second, () -> feedLag.measure()
        .onSuccess(l -> {
          lagStatements = l.statements();
          lagSeconds = l.oldestSeconds();
        })
        .onFailure(e -> lagStatements = lagSeconds = Double.NaN));
    this.outbox = new Recent<>(second, () -> issuer.outboxWaiting()
        .onSuccess(n -> outboxWaiting = n)
        .onFailure(e -> outboxWaiting = Double.NaN));
    Gauge.builder("cairn.mapper.lag.statements", this, p -> p.lagStatements)
        .description("Statements stored but not consumed by the progression mapper yet (counted up to "
            + FeedLag.COUNT_LIMIT + ")")
        .register(registry);
    Gauge.builder("cairn.mapper.lag", this, p -> p.lagSeconds).baseUnit("seconds")
        .description("How long the oldest statement the progression mapper has not consumed has waited")
        .register(registry);
    Gauge.builder("cairn.issuer.outbox.waiting", this, p -> p.outboxWaiting)
        .description("Issuance requests waiting for a credential")
        .register(registry);
  }

  Future<FeedLag.Lag> lag() {
    return lag.get();
  }

  /** Takes both measurements if they are older than a second; never fails (a failure leaves NaN). */
  Future<Void> refresh() {
    return Future.join(lag.get(), outbox.get()).<Void>mapEmpty().otherwiseEmpty();
  }
}
