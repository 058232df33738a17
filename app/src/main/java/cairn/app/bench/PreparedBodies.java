package cairn.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Request bodies prepared before a timed phase, kept deflated until each is sent: ten minutes of the
 * progression benchmark's ingest at 10,000 statements a second are 7.8 GB of JSON, and about a tenth
 * of that deflated. Inflating a batch of 100 statements on its way out costs the client about a quarter
 * of a millisecond (the log says how much: {@link #inflateMicros}), 1% of a two-core machine at 8,000
 * statements a second. Deflating runs on every core as the bodies are added.
 */
final class PreparedBodies {
  private final List<byte[]> deflated = new ArrayList<>();
  private final List<Integer> lengths = new ArrayList<>();
  private long bytes;
  private long deflatedBytes;
  private final ThreadLocal<Inflater> inflaters = ThreadLocal.withInitial(Inflater::new);

  /** Adds these bodies, in order. */
  void addAll(List<byte[]> bodies) {
    List<byte[]> packed = bodies.parallelStream().map(PreparedBodies::deflate).toList();
    for (int i = 0; i < bodies.size(); i++) {
      deflated.add(packed.get(i));
      lengths.add(bodies.get(i).length);
      bytes += bodies.get(i).length;
      deflatedBytes += packed.get(i).length;
    }
  }

  int size() {
    return deflated.size();
  }

  /** The {@code i}th body as it was added. */
  byte[] get(int i) {
    Inflater inflater = inflaters.get();
    inflater.reset();
    inflater.setInput(deflated.get(i));
    byte[] body = new byte[lengths.get(i)];
    try {
      int n = inflater.inflate(body);
      if (n != body.length || !inflater.finished()) {
        throw new IllegalStateException("a prepared body inflated to " + n + " bytes, not " + body.length);
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("a prepared body does not inflate: " + e.getMessage(), e);
    }
    return body;
  }

  /**
   * Microseconds of CPU one {@link #get} takes, the median of inflating up to the first 1,000 bodies
   * five times over: what the client pays per request for keeping them deflated.
   */
  double inflateMicros() {
    int n = Math.min(1_000, size());
    if (n == 0) {
      return 0;
    }
    double[] passes = new double[5];
    for (int pass = 0; pass < passes.length; pass++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        get(i);
      }
      passes[pass] = (System.nanoTime() - start) / 1e3 / n;
    }
    Arrays.sort(passes);
    return passes[passes.length / 2];
  }

  /** The bodies' bytes as JSON. */
  long bytes() {
    return bytes;
  }

  /** What they take in memory, deflated. */
  long deflatedBytes() {
    return deflatedBytes;
  }

  private static byte[] deflate(byte[] body) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(body);
      deflater.finish();
      byte[] out = new byte[body.length / 4 + 64];
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }
}
