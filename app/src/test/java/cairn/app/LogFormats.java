package cairn.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Cairn's logback.xml as {@link Logging} applies it, in a logger context of its own (the tests' own
 * logging stays as it is): the lines its console appender would write for captured events.
 */
final class LogFormats implements AutoCloseable {
  final LoggerContext context = new LoggerContext();
  private final Encoder<ILoggingEvent> encoder;

  LogFormats(Map<String, String> settings) {
    Logging.apply(context, Logging.class.getResource("/logback.xml"), Config.from(settings));
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> console =
        (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    encoder = console.getEncoder();
  }

  /** What Cairn writes for {@code event}. */
  String line(ILoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  String lines(List<ILoggingEvent> events) {
    StringBuilder text = new StringBuilder();
    events.forEach(e -> text.append(line(e)));
    return text.toString();
  }

  @Override
  public void close() {
    context.stop();
  }
}
