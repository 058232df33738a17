package cairn.web.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Collects the log events of the whole test JVM from the moment it is started until it is closed,
 * so a test can say what the server logged (or did not) while it ran.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  private LogCapture() {}

  public static LogCapture begin() {
    LogCapture capture = new LogCapture();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    capture.setContext(root.getLoggerContext());
    capture.setName("capture-" + System.identityHashCode(capture));
    capture.start();
    root.addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    // kept past the logging call: take the thread's MDC (the request id) and the message now
    event.prepareForDeferredProcessing();
    events.add(event);
  }

  public List<ILoggingEvent> events(Predicate<ILoggingEvent> which) {
    return events.stream().filter(which).toList();
  }

  /**
   * The events matching {@code which}, once there are {@code count} of them or five seconds have
   * passed: for lines written after the response a test waits for (an access line).
   */
  public List<ILoggingEvent> await(Predicate<ILoggingEvent> which, int count) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<ILoggingEvent> found = events(which);
    while (found.size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      found = events(which);
    }
    return found;
  }

  /** The request id the event was logged under ({@code requestId} in the MDC), or null. */
  public static String requestId(ILoggingEvent event) {
    return event.getMDCPropertyMap().get("requestId");
  }

  /** One line per event: level, logger, message. */
  public static String describe(List<ILoggingEvent> events) {
    StringBuilder text = new StringBuilder();
    events.forEach(e -> text.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ")
        .append(e.getFormattedMessage()).append('\n'));
    return text.toString();
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
    stop();
  }
}
