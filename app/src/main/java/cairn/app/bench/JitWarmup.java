package cairn.app.bench;

import static cairn.app.bench.Out.progress;

import java.lang.management.ManagementFactory;

/**
 * Warm-up rounds until the JIT compiler is done with the code they run: until it is busy less than
 * {@link #SETTLED} of a round's time ({@code CompilationMXBean}, summed over the compiler threads), or
 * the time allowed is up. A fixed warm-up measured Cairn while its compiler still competed with it
 * for the cores: under load from outside, C2 spent more than the event loops for the first ~180,000
 * statements (docs/benchmarks.md, "Warm-up").
 */
final class JitWarmup {
  static final double SETTLED = 0.10;

  private JitWarmup() {}

  /** How the warm-up went. */
  record Result(int rounds, double compiling, int maxSeconds) {
    String describe(String round) {
      return String.format("Warm-up: %d rounds of %s, the JIT compiler busy %.0f%% of the last one's time (stops below "
          + "%.0f%% or after %d s)", rounds, round, 100 * compiling, 100 * SETTLED, maxSeconds);
    }
  }

  /** Runs {@code round} (told its number, from 0) until the compiler settles or {@code maxSeconds} pass. */
  static Result run(int maxSeconds, java.util.function.IntConsumer round) {
    long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
    int rounds = 0;
    double compiling;
    do {
      long jit = compileMillis();
      long start = System.nanoTime();
      round.accept(rounds);
      compiling = (compileMillis() - jit) / ((System.nanoTime() - start) / 1e6);
      progress(String.format("  warm-up round %d: the JIT compiler busy %.0f%% of the time", ++rounds, 100 * compiling));
    } while (compiling > SETTLED && System.nanoTime() < end);
    return new Result(rounds, compiling, maxSeconds);
  }

  private static long compileMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }
}
