package cairn.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.spi.MDCAdapter;

/**
 * Puts the id of the request being handled ({@link RequestId}) into the logging MDC as
 * {@code requestId}, and takes it out for lines written outside any request. logback asks its turbo
 * filters on the logging thread before it builds an event, so the id is read from the Vert.x context
 * that is current right then: an event loop thread serves many requests in turn, and an MDC set once
 * when a request arrived would be wrong in the next callback. Every layout and encoder that knows the
 * MDC ({@code %X{requestId}}, JSON encoders, asynchronous appenders) then carries the id. Configured
 * in logback.xml: {@code <turboFilter class="cairn.web.RequestIdFilter"/>}.
 */
public final class RequestIdFilter extends TurboFilter {

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    MDCAdapter mdc = logger.getLoggerContext().getMDCAdapter();
    String id;
    try {
      id = RequestId.current();
    } catch (RuntimeException e) {
      // a log call must never fail: without the id the line is still written
      id = null;
    }
    if (id == null) {
      if (mdc.get(RequestId.MDC_KEY) != null) {
        mdc.remove(RequestId.MDC_KEY);
      }
    } else if (!id.equals(mdc.get(RequestId.MDC_KEY))) {
      mdc.put(RequestId.MDC_KEY, id);
    }
    return FilterReply.NEUTRAL;
  }
}
