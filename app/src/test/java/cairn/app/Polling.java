package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting in tests for what Cairn's workers (mapper, issuer) do in the background. */
final class Polling {
  private Polling() {}

  /** Reads every 100 ms until {@code done} holds, at most {@code limit}; fails the test otherwise. */
  static <T> T waitFor(Duration limit, Supplier<T> read, Predicate<T> done) {
    T value = read.get();
    for (long i = 0; i < limit.toMillis() / 100 && !done.test(value); i++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      value = read.get();
    }
    assertThat(done.test(value)).as("waited " + limit.toSeconds() + " s for " + value).isTrue();
    return value;
  }
}
