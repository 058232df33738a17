package cairn.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's warning that one of Vert.x's gauges "has been already registered". Vert.x
 * registers its gauges (pending SQL queries, open HTTP connections…) once per client, server or pool
 * instance on purpose and keeps one counter per meter id, so every instance counts into the gauge
 * the registry holds and the figure is right; Micrometer warns about any second registration all the
 * same (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931), once, at the first
 * requests. Re-registrations of other meters still warn. Configured in logback.xml.
 */
public final class VertxGaugeWarning extends TurboFilter {
  static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  private static final String MESSAGE = "This Gauge has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    return level == Level.WARN && format != null && format.startsWith(MESSAGE) && logger.getName().equals(LOGGER)
        ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
