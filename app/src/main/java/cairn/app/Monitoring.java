package cairn.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Cairn's metrics: one Prometheus registry per process, fed by
 * <ul>
 *   <li>Vert.x (vertx-micrometer-metrics), when the Vert.x instance is made by {@link #vertx}: HTTP
 *       server requests by route pattern, method and status with latency buckets
 *       ({@code vertx_http_server_*}), the PostgreSQL pool's use and waits ({@code vertx_pool_*},
 *       type {@code sql}, name {@code cairn}), worker pools, HTTP clients;</li>
 *   <li>the feature modules, which record through Micrometer's global registry (this registry is
 *       added to it): {@code cairn_statements_*}, {@code cairn_mapper_*}, {@code cairn_credentials_*};</li>
 *   <li>the JVM: memory, GC, threads, class loading, CPU, uptime ({@code jvm_*}, {@code process_*},
 *       {@code system_*}).</li>
 * </ul>
 * Every label takes a bounded set of values: routes are the router's patterns ({@code /api/v1/people/:id},
 * never a raw path), unknown HTTP methods are {@code OTHER}, and timers publish fixed buckets.
 */
public final class Monitoring implements AutoCloseable {
  /** The Prometheus text format (0.0.4) that {@link #scrape} writes. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
  /** Latency buckets of HTTP requests and mapper rounds, 5 ms to 10 s. */
  private static final double[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
      .mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
  private static final double[] BATCH_BUCKETS = {1, 10, 100, 500, 1000, 5000};
  private static final Set<String> LATENCIES = Set.of("vertx.http.server.response.time", "cairn.mapper.round");

  private final PrometheusMeterRegistry registry;
  /** Vert.x keeps its registries by name, process-wide: each Monitoring has its own. */
  private final String name = "cairn-" + INSTANCES.incrementAndGet();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private Monitoring() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(MeterFilter.replaceTagValues(Label.HTTP_METHOD.toString(), m -> METHODS.contains(m) ? m : "OTHER"))
        // Vert.x names every route a request matched, "/xapi/>/xapi/statements": the last is the one that answered
        .meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(), r -> r.substring(r.lastIndexOf('>') + 1)))
        .meterFilter(MeterFilter.maximumAllowableTags("vertx.http.server", Label.HTTP_ROUTE.toString(), 500,
            MeterFilter.deny()))
        .meterFilter(new MeterFilter() {
          @Override
          public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            if (LATENCIES.contains(id.getName())) {
              return DistributionStatisticConfig.builder().serviceLevelObjectives(LATENCY_BUCKETS).build().merge(config);
            }
            if (id.getName().equals("cairn.statements.batch.size")) {
              return DistributionStatisticConfig.builder().serviceLevelObjectives(BATCH_BUCKETS).build().merge(config);
            }
            return config;
          }
        });
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
  }

  /** A registry with the JVM's metrics, receiving the feature modules' (Vert.x's once {@link #vertx} is used). */
  public static Monitoring create() {
    return new Monitoring();
  }

  /** A Vert.x instance reporting into this registry. */
  public Vertx vertx(VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(name)
        // local: the server's address (the HTTP port, the metrics port); never the remote one (unbounded)
        .setLabels(Set.of(Label.LOCAL, Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME))
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        // raw TCP connections: the pool's and the HTTP server's metrics say more
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER);
    return Vertx.builder().with(new VertxOptions(options).setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** Leaves the global registry (the feature modules' meters stop reaching this one). */
  @Override
  public void close() {
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
