package cairn.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the bench commands share: the progress line, Markdown table cells, waiting, cleaning up. */
final class Out {
  private Out() {}

  static void progress(String line) {
    System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), line);
  }

  static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  static String f(double v) {
    return String.format("%.2f", v);
  }

  static String f0(double v) {
    return String.format("%,.0f", v);
  }

  static String ms(double v) {
    return String.format("%,.0f ms", v);
  }

  static String ms2(double v) {
    return String.format("%.2f ms", v);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(0, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  /** Deletes a temporary directory tree; a failure is reported, not thrown. */
  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("cairn bench: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
