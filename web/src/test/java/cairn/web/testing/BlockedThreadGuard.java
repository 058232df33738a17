package cairn.web.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class during which Vert.x warned that a thread was blocked: an event loop held past
 * its limit is a bug however the test's own assertions went. Registered for every test class of the
 * modules that depend on this test jar (JUnit's extension auto-detection, see the parent POM).
 */
public final class BlockedThreadGuard implements BeforeAllCallback, AfterAllCallback {
  /** The logger Vert.x's blocked-thread checker writes to. */
  static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BlockedThreadGuard.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("capture", LogCapture.begin());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try (LogCapture capture = context.getStore(NAMESPACE).remove("capture", LogCapture.class)) {
      List<ILoggingEvent> blocked = capture.events(e -> e.getLoggerName().equals(CHECKER));
      if (!blocked.isEmpty()) {
        throw new AssertionError("Vert.x reported a blocked thread while " + context.getDisplayName()
            + " ran:\n" + LogCapture.describe(blocked));
      }
    }
  }
}
