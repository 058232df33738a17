package cairn.app.bench;

import static cairn.app.bench.Out.f;
import static cairn.app.bench.Out.f0;
import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.row;

import cairn.app.Cairn;
import cairn.app.Config;
import cairn.app.Database;
import cairn.app.Logging;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench floor}: Cairn's statement writes beside their physical floor, in one run on one
 * database, the arms taking turns in every repetition and reported as medians over repetitions.
 *
 * <ul>
 *   <li>Single-statement POSTs ({@code --in-flight} at a time): Cairn alone (HTTP only), Cairn
 *       all-in-one (the mapper and issuer running in the same JVM, as by default, with the sample
 *       framework, rules, ladder and directory loaded so the mapper does its real work), and a bare
 *       Vert.x endpoint that does one {@code INSERT} of the body per POST (no auth, no validation);
 *       beside them, raw JDBC writing each statement's rows into a copy of Cairn's tables in one
 *       autocommit statement, {@code --in-flight} connections: what the schema alone costs.
 *   <li>Batches ({@code --batch} statements per POST, {@code --connections} at a time): the same two
 *       Cairn arms, raw JDBC into a copy of Cairn's own tables (statements plus agent and activity
 *       index rows, as {@code cairn bench}'s raw side), and a one-table multi-row {@code INSERT} of the
 *       same statements with five btree indexes — the floor.
 * </ul>
 *
 * Each arm reports its rate, latencies and the CPU the JVM and PostgreSQL spent per statement (only
 * the processes of this database's postmaster when it runs on this machine). See
 * {@code docs/benchmarks.md}.
 */
@Command(name = "floor", mixinStandardHelpOptions = true,
    description = "Cairn's statement writes beside a bare Vert.x endpoint and one-table raw inserts, in one run.")
final class FloorBench implements Callable<Integer> {
  private static final String KEY = "bench";
  private static final String BARE = "bare Vert.x + one INSERT";
  private static final String AT_CAIRNS_RATE = "bare, at Cairn alone's rate";
  static final String FLOOR_SCHEMA = "bench_floor";

  @Option(names = "--quick", description = "Small sizes for a first try: 2 repetitions, 500 single POSTs and 20 batches per arm.")
  boolean quick;
  @Option(names = "--repetitions", description = "Repetitions of every arm (default 5, quick 2).")
  Integer repetitions;
  @Option(names = "--singles", description = "Single-statement POSTs per arm and repetition (default 4000, quick 500).")
  Integer singles;
  @Option(names = "--batches", description = "Batches per arm and repetition (default 100, quick 20).")
  Integer batches;
  @Option(names = "--warm-up", description = "Longest warm-up in seconds: rounds over every arm until the JIT compiler "
      + "is busy less than 10% of a round (default 120, quick 20).")
  Integer warmup;
  @Option(names = "--batch", description = "Statements per batch (default ${DEFAULT-VALUE}).")
  int batch = 100;
  @Option(names = "--in-flight", description = "Single-statement POSTs in flight (default ${DEFAULT-VALUE}).")
  int inFlight = 8;
  @Option(names = "--connections", description = "Concurrent batch connections (default ${DEFAULT-VALUE}).")
  int connections = 4;
  @Option(names = "--learners", description = "Learners of the generated organisation (default ${DEFAULT-VALUE}).")
  int learners = 3000;
  @Option(names = "--seed", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed = 1;
  @Option(names = "--samples", description = "Where the sample framework, rules and ladder are (default ${DEFAULT-VALUE}).")
  Path samples = Path.of("docs", "samples");
  @Option(names = "--db-url", description = "An external, empty PostgreSQL (postgresql://host:port/db) instead of the embedded one.")
  String dbUrl;
  @Option(names = "--db-user", description = "External database user.")
  String dbUser;
  @Option(names = "--db-password", description = "External database password.")
  String dbPassword;

  /** One arm's figures over the repetitions. */
  private static final class Arm {
    final String name;
    final List<Double> rates = new ArrayList<>();
    final List<Double> p50 = new ArrayList<>();
    final List<Double> p99 = new ArrayList<>();
    final List<Double> jvmMicros = new ArrayList<>();
    final List<Double> pgMicros = new ArrayList<>();

    Arm(String name) {
      this.name = name;
    }

    double median(List<Double> values) {
      return Latencies.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  private final Map<String, Arm> singleArms = new LinkedHashMap<>();
  private final Map<String, Arm> batchArms = new LinkedHashMap<>();
  private long postmaster;
  /** How the warm-up went, for the report. */
  private String warmupNote = "";

  @Override
  public Integer call() throws Exception {
    int reps = repetitions != null ? repetitions : quick ? 2 : 5;
    int singleCount = singles != null ? singles : quick ? 500 : 4000;
    int batchCount = batches != null ? batches : quick ? 20 : 100;
    if (Cohort.missingSample(samples).isPresent()) {
      System.err.println("cairn bench floor: " + Cohort.missingSample(samples).get()
          + " not found; run from the repository root or pass --samples");
      return 2;
    }
    Scratch scratch = Scratch.of(null, "cairn-bench-floor");
    Path temp = scratch.dir();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "CAIRN_HTTP_PORT", "0",
        "CAIRN_DATA_DIR", temp.toString(),
        "CAIRN_BOOTSTRAP_KEY", KEY,
        "CAIRN_BOOTSTRAP_SECRET", secret,
        "CAIRN_ACCESS_LOG", "false",
        "CAIRN_COMPONENTS", "http"));
    if (dbUrl != null) {
      settings.put("CAIRN_DB_URL", dbUrl);
      settings.put("CAIRN_DB_USER", dbUser);
      settings.put("CAIRN_DB_PASSWORD", dbPassword);
    }
    Config httpOnly = Config.from(settings);
    settings.put("CAIRN_COMPONENTS", "mapper,issuer");
    Config workersOnly = Config.from(settings);
    Logging.apply(httpOnly);
    Vertx vertx = Vertx.vertx();
    Database db = null;
    Cairn cairn = null;
    FloorServer floor = null;
    try {
      progress("Starting Cairn (HTTP only) on " + (dbUrl != null ? "the external PostgreSQL of --db-url"
          : "an embedded PostgreSQL in " + temp));
      db = Database.open(httpOnly);
      cairn = Cairn.start(vertx, httpOnly, db).await();
      migrateReferences(db);
      postmaster = CpuMeter.postmasterOf(db);
      floor = FloorServer.start(vertx, db, freePort(), Runtime.getRuntime().availableProcessors()).await();
      LrsClient client = new LrsClient(cairn.port(), KEY, secret);
      LrsClient bare = new LrsClient(floor.port(), KEY, secret);

      StatementGenerator generator = Cohort.generator(seed, learners);
      Iterator<ObjectNode> statements = generator.iterator();
      Cohort.importDefinitions(client, samples);
      Cohort.importDirectory(client, generator.people(), List.of());
      StoredRow.Maker maker = new StoredRow.Maker("bootstrap", KEY, httpOnly.publicUrl());

      List<RawWriter> sameSchema = writers(db, BenchCommand.RAW_SCHEMA, connections);
      List<RawWriter> sameSchemaSingles = writers(db, BenchCommand.RAW_SCHEMA, inFlight);
      List<FloorWriter> oneTable = floorWriters(db);
      try {
        int warmupLimit = warmup != null ? warmup : quick ? 20 : 120;
        progress("Warming up every arm until the JIT compiler is done with them (at most " + warmupLimit + " s)");
        Database shared = db;
        warmupNote = JitWarmup.run(warmupLimit, round -> {
          if (round == 0) {
            // the mapper's and issuer's code too, which the all-in-one arm runs beside the others
            allInOne(workersOnly, shared, client, statements, 500, 20, false);
          }
          runSingles("warm-up", client, "/xapi/statements", Workload.take(statements, 500), null, 0);
          runSingles("warm-up", bare, FloorServer.PATH, Workload.take(statements, 500), null, 0);
          rawSingles(sameSchemaSingles, maker, Workload.take(statements, 500), null);
          runBatches(client, Workload.take(statements, 20 * batch), null);
          rawBatches(sameSchema, maker, Workload.take(statements, 20 * batch), null);
          floorBatches(oneTable, maker, Workload.take(statements, 20 * batch), null);
        }).describe("1,500 single POSTs and 60 batches over the arms (the all-in-one arm first, once)");
        for (int r = 0; r < reps; r++) {
          progress("Repetition " + (r + 1) + "/" + reps + ": Cairn all-in-one (mapper and issuer started, caught up first)");
          allInOne(workersOnly, db, client, statements, singleCount, batchCount, true);
          // the other arms take turns, first one way round, then the other
          List<Runnable> others = new ArrayList<>(List.of(
              () -> {
                runSingles("Cairn alone", client, "/xapi/statements", Workload.take(statements, singleCount), singleArms, 0);
                // the floor again, held to the rate Cairn alone just reached: CPU per request at equal load
                List<Double> rates = singleArms.get("Cairn alone").rates;
                runSingles(AT_CAIRNS_RATE, bare, FloorServer.PATH, Workload.take(statements, singleCount), singleArms,
                    rates.get(rates.size() - 1));
              },
              () -> runSingles(BARE, bare, FloorServer.PATH, Workload.take(statements, singleCount), singleArms, 0),
              () -> rawSingles(sameSchemaSingles, maker, Workload.take(statements, singleCount), singleArms),
              () -> runBatches(client, Workload.take(statements, batchCount * batch), arm(batchArms, "Cairn alone")),
              () -> rawBatches(sameSchema, maker, Workload.take(statements, batchCount * batch), arm(batchArms, "raw JDBC, Cairn's tables")),
              () -> floorBatches(oneTable, maker, Workload.take(statements, batchCount * batch), arm(batchArms, "raw JDBC, one table, 5 indexes"))));
          if (r % 2 == 1) {
            java.util.Collections.reverse(others);
          }
          others.forEach(Runnable::run);
        }
      } finally {
        sameSchema.forEach(RawWriter::close);
        sameSchemaSingles.forEach(RawWriter::close);
        oneTable.forEach(FloorWriter::close);
      }
      report(db, reps, singleCount, batchCount);
      return 0;
    } catch (BenchException e) {
      System.err.println("cairn bench floor: " + e.getMessage());
      return 1;
    } finally {
      if (floor != null) {
        floor.stop().await();
      }
      if (cairn != null) {
        cairn.stop().await();
      }
      vertx.close().await();
      if (db != null) {
        db.close();
      }
      scratch.close();
    }
  }

  private void report(Database db, int reps, int singleCount, int batchCount) {
    List<String> out = new ArrayList<>();
    out.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.vm.version")
        + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB; " + BenchCommand.query(db, "select version()")
            .replaceAll(" on .*", "") + (dbUrl == null ? " (embedded)" : " (external)") + ", synchronous_commit "
        + BenchCommand.query(db, "show synchronous_commit") + "; PostgreSQL CPU "
        + (postmaster > 0 ? "of this database's processes" : "of every postgres process on the machine"));
    out.add(warmupNote);
    out.add("");
    out.add("## Single-statement POSTs: " + singleCount + " per arm and repetition, " + inFlight + " in flight, medians of " + reps);
    out.add(row("arm", "requests/s", "p50 ms", "p99 ms", "CPU µs per request: JVM / PostgreSQL"));
    singleArms.forEach((name, a) -> out.add(row(name, f0(a.median(a.rates)), f(a.median(a.p50)), f(a.median(a.p99)),
        f0(a.median(a.jvmMicros)) + " / " + f0(a.median(a.pgMicros)))));
    Arm floor = singleArms.get(BARE);
    for (String name : List.of("Cairn alone", "Cairn all-in-one")) {
      Arm a = singleArms.get(name);
      out.add(String.format("%s / floor: rate %s (target >= 0.5), p99 %s× (target <= 2), PostgreSQL CPU %s× (target <= 2)",
          name, f(a.median(a.rates) / floor.median(floor.rates)), f(a.median(a.p99) / floor.median(floor.p99)),
          f(a.median(a.pgMicros) / floor.median(floor.pgMicros))));
    }
    Arm alone = singleArms.get("Cairn alone");
    Arm paced = singleArms.get(AT_CAIRNS_RATE);
    out.add(String.format("PostgreSQL CPU at the same rate: Cairn alone / %s %s× (per request: %s against %s µs; "
            + "the floor's own request costs %s× at Cairn's rate what it costs at its top rate)",
        AT_CAIRNS_RATE, f(alone.median(alone.pgMicros) / paced.median(paced.pgMicros)), f0(alone.median(alone.pgMicros)),
        f0(paced.median(paced.pgMicros)), f(paced.median(paced.pgMicros) / floor.median(floor.pgMicros))));
    Arm schema = singleArms.get("raw JDBC, Cairn's tables");
    out.add(String.format("raw JDBC, Cairn's tables / floor: rate %s, PostgreSQL CPU %s× (what the schema alone costs)",
        f(schema.median(schema.rates) / floor.median(floor.rates)), f(schema.median(schema.pgMicros) / floor.median(floor.pgMicros))));
    out.add("");
    out.add("## Batches of " + batch + ": " + batchCount + " per arm and repetition, " + connections + " connections, medians of " + reps);
    out.add(row("arm", "statements/s", "p50 ms per batch", "p99 ms per batch", "CPU µs per statement: JVM / PostgreSQL"));
    batchArms.forEach((name, a) -> out.add(row(name, f0(a.median(a.rates)), f(a.median(a.p50)), f(a.median(a.p99)),
        f0(a.median(a.jvmMicros)) + " / " + f0(a.median(a.pgMicros)))));
    Arm oneTable = batchArms.get("raw JDBC, one table, 5 indexes");
    for (String name : List.of("Cairn alone", "Cairn all-in-one", "raw JDBC, Cairn's tables")) {
      Arm a = batchArms.get(name);
      out.add(String.format("%s / one table: %s%s", name, f(a.median(a.rates) / oneTable.median(oneTable.rates)),
          name.startsWith("Cairn") ? " (target >= 0.75)" : ""));
    }
    System.out.println();
    System.out.println("==== cairn bench floor ====");
    out.forEach(System.out::println);
  }

  /**
   * The all-in-one arm: a second Cairn in this JVM with the mapper and the issuer, started and caught
   * up first, stopped after; the requests go to the HTTP-only Cairn as in the other arms.
   */
  private void allInOne(Config workersOnly, Database db, LrsClient client, Iterator<ObjectNode> statements,
      int singleCount, int batchCount, boolean timed) {
    Cairn workers = null;
    Vertx workerVertx = Vertx.vertx();
    try {
      workers = Cairn.start(workerVertx, workersOnly, db).await();
      client.awaitMapper(Duration.ofMinutes(10));
      runSingles("Cairn all-in-one", client, "/xapi/statements", Workload.take(statements, singleCount),
          timed ? singleArms : null, 0);
      runBatches(client, Workload.take(statements, batchCount * batch), timed ? arm(batchArms, "Cairn all-in-one") : null);
    } finally {
      if (workers != null) {
        workers.stop().await();
      }
      workerVertx.close().await();
    }
  }

  private static Arm arm(Map<String, Arm> arms, String name) {
    return arms.computeIfAbsent(name, Arm::new);
  }

  /**
   * Posts the statements one per request, {@code inFlight} at a time; with a {@code rate} (requests
   * per second, 0: as fast as they are answered) request i is not sent before i / rate seconds.
   */
  private void runSingles(String name, LrsClient client, String path, List<ObjectNode> statements, Map<String, Arm> arms,
      double rate) {
    List<byte[]> bodies = Workload.jsonBodies(statements);
    timed(arms == null ? null : arm(arms, name), bodies.size(), bodies.size(), "requests", rate,
        Parallel.times(inFlight, i -> client.post(path, bodies.get(i))));
  }

  /**
   * What Cairn's tables cost one statement at a time: each statement as its rows (built before the
   * clock starts) in one autocommit INSERT over JDBC, {@code inFlight} connections, no HTTP.
   */
  private void rawSingles(List<RawWriter> writers, StoredRow.Maker maker, List<ObjectNode> statements, Map<String, Arm> arms) {
    List<List<StoredRow>> rows = statements.stream().map(s -> List.of(maker.make(s))).toList();
    timed(arms == null ? null : arm(arms, "raw JDBC, Cairn's tables"), rows.size(), rows.size(), "requests", 0,
        writers.stream().map(w -> (IntConsumer) i -> w.write(rows.get(i))).toList());
  }

  private void runBatches(LrsClient client, List<ObjectNode> statements, Arm arm) {
    List<byte[]> json = Workload.jsonBatches(statements, batch);
    timed(arm, statements.size(), json.size(), "statements", 0,
        Parallel.times(connections, i -> client.post(json.get(i))));
  }

  private void rawBatches(List<RawWriter> writers, StoredRow.Maker maker, List<ObjectNode> statements, Arm arm) {
    List<List<StoredRow>> rows = rows(maker, statements);
    timed(arm, statements.size(), rows.size(), "statements", 0,
        writers.stream().map(w -> (IntConsumer) i -> w.write(rows.get(i))).toList());
  }

  private void floorBatches(List<FloorWriter> writers, StoredRow.Maker maker, List<ObjectNode> statements, Arm arm) {
    List<List<StoredRow>> rows = rows(maker, statements);
    timed(arm, statements.size(), rows.size(), "statements", 0,
        writers.stream().map(w -> (IntConsumer) i -> w.write(rows.get(i))).toList());
  }

  private List<List<StoredRow>> rows(StoredRow.Maker maker, List<ObjectNode> statements) {
    List<List<StoredRow>> batches = new ArrayList<>();
    for (int from = 0; from < statements.size(); from += batch) {
      batches.add(statements.subList(from, Math.min(statements.size(), from + batch)).stream().map(maker::make).toList());
    }
    return batches;
  }

  /**
   * Runs {@code count} requests (batches or single statements) over the workers, each timed; records
   * the arm, counting {@code units} of {@code unit}, unless warming up ({@code arm} null). With a
   * {@code rate} (requests per second; 0: as fast as they are answered) request i starts no earlier
   * than i / rate seconds in, and its time counts from then.
   */
  private void timed(Arm arm, int units, int count, String unit, double rate, List<IntConsumer> workers) {
    Latencies latencies = new Latencies();
    long start = System.nanoTime();
    List<IntConsumer> timed = workers.stream().map(w -> (IntConsumer) i -> {
      if (rate > 0) {
        long wait;
        while ((wait = start + (long) (i * 1e9 / rate) - System.nanoTime()) > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
      }
      long t0 = System.nanoTime();
      w.accept(i);
      latencies.add(System.nanoTime() - t0);
    }).toList();
    CpuMeter.Sample before = CpuMeter.sample(postmaster);
    long ns = Parallel.run(count, timed);
    if (arm != null) {
      record(arm, units, ns, latencies, CpuMeter.sample(postmaster).minus(before), unit);
    }
  }

  private static void record(Arm arm, int count, long ns, Latencies latencies, CpuMeter.Used cpu, String unit) {
    double rate = count / (ns / 1e9);
    arm.rates.add(rate);
    arm.p50.add(latencies.medianMillis());
    arm.p99.add(latencies.percentileMillis(99));
    arm.jvmMicros.add(cpu.jvmNanos() / 1e3 / count);
    arm.pgMicros.add(cpu.postgresNanos() / 1e3 / count);
    progress(String.format("  %-32s %,8.0f %s/s  p50 %6.2f ms  p99 %6.2f ms  CPU per %s: JVM %4.0f µs, PostgreSQL %4.0f µs",
        arm.name, rate, unit, latencies.medianMillis(), latencies.percentileMillis(99), unit.replaceAll("s$", ""),
        cpu.jvmNanos() / 1e3 / count, cpu.postgresNanos() / 1e3 / count));
  }

  /** The copy of Cairn's tables for the same-schema raw arm, and the floor's own tables. */
  private static void migrateReferences(Database db) {
    BenchCommand.sql(db, "drop schema if exists " + BenchCommand.RAW_SCHEMA + " cascade");
    Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
        .schemas(BenchCommand.RAW_SCHEMA).locations("classpath:db/lrs").load().migrate();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + FLOOR_SCHEMA + " cascade");
      s.execute("create schema " + FLOOR_SCHEMA);
      // the bare endpoint's table: the body and a key, nothing else
      s.execute("create table " + FLOOR_SCHEMA + ".singles (seq bigint generated always as identity primary key, body jsonb not null)");
      // the one-table floor for batches: what a statement store needs at least, five btree indexes
      s.execute("""
          create table %1$s.statements (
            seq bigint generated always as identity primary key,
            id uuid not null unique,
            stored timestamptz not null,
            verb_id text not null,
            agent text,
            activity text,
            registration uuid,
            body jsonb not null)""".formatted(FLOOR_SCHEMA));
      s.execute("create index on " + FLOOR_SCHEMA + ".statements (agent, seq)");
      s.execute("create index on " + FLOOR_SCHEMA + ".statements (activity, seq)");
      s.execute("create index on " + FLOOR_SCHEMA + ".statements (verb_id, seq)");
    } catch (SQLException e) {
      throw new BenchException("floor tables: " + e.getMessage(), e);
    }
  }

  private List<RawWriter> writers(Database db, String schema, int count) {
    List<RawWriter> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(new RawWriter(db.jdbcUrl(), db.user(), db.password(), schema, KEY));
    }
    return list;
  }

  private List<FloorWriter> floorWriters(Database db) {
    List<FloorWriter> list = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      list.add(new FloorWriter(db));
    }
    return list;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
