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
    return sample(0);
  }

  /**
   * The JVM's CPU and that of the postmaster {@code postmaster} and its children; with 0, of every
   * postgres process on the machine (other databases' too).
   */
  static Sample sample(long postmaster) {
    long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new Sample(jvm, postgres(postmaster));
  }

  /**
   * The pid of the postmaster serving {@code db}, if it runs on this machine (the parent of one of its
   * backends); else 0.
   */
  static long postmasterOf(cairn.app.Database db) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      String stat = Files.readString(Path.of("/proc", String.valueOf(rs.getInt(1)), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (java.sql.SQLException | IOException | RuntimeException e) {
      return 0;
    }
  }

  private static Map<Integer, Long> postgres(long postmaster) {
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
          if (postmaster > 0 && Long.parseLong(name) != postmaster && Long.parseLong(fields[1]) != postmaster) {
            continue;
          }
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
