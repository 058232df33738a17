package cairn.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Runs numbered tasks on a fixed set of workers, each worker on its own thread. */
final class Parallel {
  private Parallel() {}

  /**
   * Runs tasks 0..count-1, each worker taking the next one until none is left; returns the elapsed
   * nanoseconds. The first failure stops the run and is rethrown.
   */
  static long run(int count, List<IntConsumer> workers) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (IntConsumer worker : workers) {
      threads.add(new Thread(() -> {
        int i;
        while (failure.get() == null && (i = next.getAndIncrement()) < count) {
          try {
            worker.accept(i);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        }
      }, "bench-worker"));
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw failure.get();
    }
    return elapsed;
  }

  static List<IntConsumer> times(int n, IntConsumer worker) {
    List<IntConsumer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(worker);
    }
    return list;
  }
}
