package cairn.app;

import cairn.web.AccessLog;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Applies the logging settings of the configuration: CAIRN_LOG_FORMAT (text or JSON lines),
 * CAIRN_LOG_LEVEL and CAIRN_ACCESS_LOG. logback configures itself from logback.xml when the first
 * logger is made, reading those names from the environment; but they may come from the CAIRN_CONFIG
 * file too, and only {@link Config} checks them. So once the configuration is read, logback is
 * configured again from the same file with the values Cairn settled on, as logback's manual shows
 * for a program that configures it ("Invoking JoranConfigurator directly").
 */
public final class Logging {
  private Logging() {}

  public static void apply(Config config) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    apply(context, ConfigurationWatchListUtil.getMainWatchURL(context), config);
  }

  /**
   * Configures {@code context} from {@code file} (none: as it is) with {@code CAIRN_LOG_FORMAT} and
   * {@code CAIRN_LOG_LEVEL} set, and the access log on or off.
   */
  static void apply(LoggerContext context, URL file, Config config) {
    if (file != null) {
      configure(context, file, config);
    }
    context.getLogger(AccessLog.LOGGER).setLevel(config.accessLog() ? Level.INFO : Level.OFF);
  }

  private static void configure(LoggerContext context, URL file, Config config) {
    long since = System.currentTimeMillis();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    context.putProperty("CAIRN_LOG_FORMAT", config.logFormat());
    context.putProperty("CAIRN_LOG_LEVEL", config.logLevel());
    try {
      configurator.doConfigure(file);
    } catch (JoranException e) {
      // logback has recorded what went wrong; it is printed below
    }
    new StatusPrinter2().printInCaseOfErrorsOrWarnings(context, since);
  }
}
