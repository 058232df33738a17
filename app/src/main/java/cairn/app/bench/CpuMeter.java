package cairn.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM (Cairn and the benchmark's client share it) and by the local
 * PostgreSQL processes, read from {@code /proc}: where a phase's time goes on a machine with few
 * cores. PostgreSQL's share is zero when it runs elsewhere.
 */
final class CpuMeter {
  private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ is 100 on Linux

  /** CPU used between two samples. */
  record Used(long jvmNanos, long postgresNanos) {}

  /** The JVM's CPU time, and each PostgreSQL process's in clock ticks by pid. */
  record Sample(long jvmNanos, Map<Integer, Long> postgresTicks) {
    /**
     * Since {@code earlier}: processes that ended in between are not counted (their time is gone
     * from /proc), so PostgreSQL's share is a lower bound, never negative.
     */
    Used minus(Sample earlier) {
      long ticks = 0;
      for (Map.Entry<Integer, Long> e : postgresTicks.entrySet()) {
        long before = earlier.postgresTicks.getOrDefault(e.getKey(), 0L);
        ticks += e.getValue() >= before ? e.getValue() - before : e.getValue();
      }
      return new Used(jvmNanos - earlier.jvmNanos, (long) (ticks * NANOS_PER_TICK));
    }
  }

  static Sample sample() {
    long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new Sample(jvm, postgres());
  }

  private static Map<Integer, Long> postgres() {
    Map<Integer, Long> ticks = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(stat.indexOf('(') + 1, close);
          if (!comm.equals("postgres")) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          // fields[0] is state (field 3); utime and stime are fields 14 and 15
          ticks.put(Integer.parseInt(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return ticks;
  }
}
