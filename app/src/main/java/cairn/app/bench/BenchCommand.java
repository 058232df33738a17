package cairn.app.bench;

import static cairn.app.bench.Out.f;
import static cairn.app.bench.Out.f0;
import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.row;

import cairn.app.Cairn;
import cairn.app.Config;
import cairn.app.Database;
import cairn.app.Logging;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench}: measures Cairn on this machine against plain PostgreSQL, in one run on one
 * database — ingest (Cairn over HTTP vs. raw JDBC into a copy of the same tables), single-statement
 * POSTs, and GET by agent on a small and a large store. See {@code docs/benchmarks.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {CredentialBench.class, ProgressionBench.class, HostileBench.class, ClusterBench.class, FloorBench.class},
    description = "Benchmark Cairn's statement ingest and queries against raw PostgreSQL on a fresh database.")
public final class BenchCommand implements Callable<Integer> {
  static final String RAW_SCHEMA = "bench_raw";
  private static final String KEY = "bench";
  private static final String CREDENTIAL_NAME = "bootstrap";

  @Option(names = "--quick", description = "Small sizes for a first try: a 100k store, 2 rounds of 5k.")
  boolean quick;
  @Option(names = "--store-size", description = "Statements in the large store (default 1000000, quick 100000).")
  Integer storeSize;
  @Option(names = "--base-size", description = "Statements in the small store (default ${DEFAULT-VALUE}).")
  int baseSize = 10_000;
  @Option(names = "--ingest-statements", description = "Statements per ingest round and side (default 20000, quick 5000).")
  Integer ingestStatements;
  @Option(names = "--rounds", description = "Ingest rounds, alternating which side goes first (default 3, quick 2).")
  Integer rounds;
  @Option(names = "--batch", description = "Statements per ingest batch (default ${DEFAULT-VALUE}).")
  int batch = 100;
  @Option(names = "--connections", description = "Concurrent ingest connections, each side (default ${DEFAULT-VALUE}).")
  int connections = 4;
  @Option(names = "--single-posts", description = "Single-statement POSTs (default 4000, quick 1000).")
  Integer singlePosts;
  @Option(names = "--in-flight", description = "Single-statement POSTs in flight (default ${DEFAULT-VALUE}).")
  int inFlight = 8;
  @Option(names = "--queries", description = "Timed GETs by agent at each store size (default 300, quick 100).")
  Integer queries;
  @Option(names = "--walks", description = "Walks of 50 pages along more links (default 10, quick 5).")
  Integer walks;
  @Option(names = "--learners", description = "Learners of the generated organisation (default ${DEFAULT-VALUE}).")
  int learners = 3000;
  @Option(names = "--seed", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed = 1;
  @Mixin
  ExternalDatabase external;
  @Option(names = "--data-dir", description = "Keep the embedded database here instead of a temporary directory.")
  Path dataDir;

  private final List<String> report = new ArrayList<>();
  private long postmaster;

  @Override
  public Integer call() throws Exception {
    int store = storeSize != null ? storeSize : quick ? 100_000 : 1_000_000;
    int perRound = ingestStatements != null ? ingestStatements : quick ? 5_000 : 20_000;
    int roundCount = rounds != null ? rounds : quick ? 2 : 3;
    int singles = singlePosts != null ? singlePosts : quick ? 1_000 : 4_000;
    int queryCount = queries != null ? queries : quick ? 100 : 300;
    int walkCount = walks != null ? walks : quick ? 5 : 10;
    if (store < baseSize + roundCount * perRound + singles) {
      System.err.println("cairn bench: --store-size must exceed what the earlier phases store ("
          + (baseSize + roundCount * perRound + singles) + ")");
      return 2;
    }
    Scratch scratch = Scratch.of(dataDir, "cairn-bench");
    Path temp = scratch.dir();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "CAIRN_HTTP_PORT", "0",
        "CAIRN_DATA_DIR", temp.toString(),
        "CAIRN_BOOTSTRAP_KEY", KEY,
        "CAIRN_BOOTSTRAP_SECRET", secret));
    external.addTo(settings);
    settings.put("CAIRN_ACCESS_LOG", "false"); // a line per request would flood the figures
    Config config = Config.from(settings);
    Logging.apply(config);
    Vertx vertx = Vertx.vertx();
    Database db = null;
    Cairn cairn = null;
    try {
      progress("Starting Cairn on " + (external.given() ? "the external PostgreSQL of --db-url" // may hold a password
          : "an embedded PostgreSQL in " + temp));
      db = Database.open(config);
      cairn = Cairn.start(vertx, config, db).await();
      requireEmpty(db);
      migrateRaw(db);
      postmaster = CpuMeter.postmasterOf(db);
      machine(db);
      LrsClient client = new LrsClient(cairn.port(), KEY, secret);
      Workload work = new Workload(seed, learners, new StoredRow.Maker(CREDENTIAL_NAME, KEY, config.publicUrl()));
      run(db, client, work, store, perRound, roundCount, singles, queryCount, walkCount);
      size(db);
      System.out.println();
      System.out.println("==== cairn bench results ====");
      report.forEach(System.out::println);
      return 0;
    } catch (BenchException e) {
      System.err.println("cairn bench: " + e.getMessage());
      return 1;
    } finally {
      if (cairn != null) {
        cairn.stop().await(); // workers finish their round before the pool closes
      }
      vertx.close().await();
      if (db != null) {
        db.close();
      }
      scratch.close();
    }
  }

  private void run(Database db, LrsClient client, Workload work, int store, int perRound, int roundCount,
      int singles, int queryCount, int walkCount) {
    QueryBench queries = new QueryBench(client);

    progress("Loading the small store: " + baseSize + " cohort statements through Cairn's API");
    List<ObjectNode> base = work.cohort(baseSize);
    List<String> agents = QueryBench.busiestAgents(base, 20);
    List<byte[]> baseBatches = Workload.jsonBatches(base, batch);
    Parallel.run(baseBatches.size(), Parallel.times(connections, i -> client.post(baseBatches.get(i))));
    analyze(db);
    int small = count(db);
    progress("Warming up the query path until the JIT compiler is done with it");
    report.add(JitWarmup.run(60, round -> queries.warm(agents, 500)).describe("500 GET …?agent= requests (small store)"));
    progress("Querying by agent on " + small + " statements");
    QueryBench.Measured smallQuery = queries.byAgent(agents, queryCount);

    List<RawWriter> raw = writers(db, RAW_SCHEMA, connections);
    try {
      progress("Warming up both ingest paths and single POSTs until the JIT compiler is done with them");
      report.add(JitWarmup.run(120, round -> {
        List<ObjectNode> statements = work.main(2_000);
        List<byte[]> json = Workload.jsonBatches(statements, batch);
        Parallel.run(json.size(), Parallel.times(connections, i -> client.post(json.get(i))));
        List<List<StoredRow>> rows = work.rowBatches(statements, batch);
        Parallel.run(rows.size(), rawWorkers(raw, rows));
        List<byte[]> bodies = Workload.jsonBodies(work.main(300));
        Parallel.run(bodies.size(), Parallel.times(inFlight, i -> client.post(bodies.get(i))));
      }).describe("2,000 statements in batches each way and 300 single POSTs"));
      // the mapper of this process reads the warm-up's statements before the first round, not during it
      client.awaitMapper(java.time.Duration.ofMinutes(10));
      ingest(client, work, raw, perRound, roundCount);
    } finally {
      raw.forEach(RawWriter::close);
    }
    singles(client, work, singles);

    ConcurrentHashMap<String, AtomicLong> activities = new ConcurrentHashMap<>();
    fill(db, work, store, activities);
    analyze(db);
    // the mapper of this process reads what the filler wrote; queries are measured once it has,
    // as on a store in steady state, not beside a million-statement catch-up
    progress("Waiting for the progression mapper to read the filled store");
    client.awaitMapper(java.time.Duration.ofMinutes(30));
    int large = count(db);
    progress("Querying by agent on " + large + " statements");
    QueryBench.Measured largeQuery = queries.byAgent(agents, queryCount);

    report.add("");
    report.add("## Query: GET /xapi/statements?agent=…&limit=50, one request at a time, " + agents.size()
        + " cohort agents in turn, " + queryCount + " timed requests");
    report.add(row("store", "median ms", "p99 ms", "statements per page"));
    report.add(row(String.valueOf(small), f(smallQuery.medianMs()), f(smallQuery.p99Ms()), f(smallQuery.meanStatements())));
    report.add(row(String.valueOf(large), f(largeQuery.medianMs()), f(largeQuery.p99Ms()), f(largeQuery.meanStatements())));
    report.add("ratio large/small (median): " + f(largeQuery.medianMs() / smallQuery.medianMs()) + "  (target <= 1.5)");

    String activity = activities.entrySet().stream()
        .max(Comparator.comparingLong((Map.Entry<String, AtomicLong> e) -> e.getValue().get()).thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey).orElseThrow();
    report.add("");
    report.add("## Paging: median latency of page 1 and page 50 along `more` links, " + walkCount + " walks each, store " + large);
    report.add(row("query", "page 1 ms", "page 50 ms", "ratio 50/1"));
    page(queries, "activity=<busiest AU>", LrsClient.activityQuery(activity, QueryBench.LIMIT), walkCount);
    page(queries, "activity=<busiest AU>&related_activities=true",
        LrsClient.activityQuery(activity, QueryBench.LIMIT) + "&related_activities=true", walkCount);
    page(queries, "agent=<busiest cohort agent>", LrsClient.agentQuery(agents.get(0), QueryBench.LIMIT), walkCount);
    page(queries, "agent=<busiest cohort agent>&related_agents=true",
        LrsClient.agentQuery(agents.get(0), QueryBench.LIMIT) + "&related_agents=true", walkCount);
    page(queries, "no filter", "/xapi/statements?limit=" + QueryBench.LIMIT, walkCount);
  }

  private void page(QueryBench queries, String name, String path, int walkCount) {
    progress("Walking 50 pages: " + name);
    QueryBench.Pages pages = queries.walk(path, 50, walkCount);
    if (pages.pagesReached() < 50) {
      report.add(row(name, f(pages.firstMs()), "only " + pages.pagesReached() + " pages", "-"));
    } else {
      report.add(row(name, f(pages.firstMs()), f(pages.lastMs()), f(pages.lastMs() / pages.firstMs())));
    }
  }

  /** Cairn over HTTP and raw JDBC take turns on the same statements; medians over the rounds. */
  private void ingest(LrsClient client, Workload work, List<RawWriter> raw, int perRound, int roundCount) {
    double[] cairnRates = new double[roundCount];
    double[] rawRates = new double[roundCount];
    // CPU milliseconds per 1000 statements: [side][round], side 0 = Cairn, 1 = raw
    double[][] jvmCpu = new double[2][roundCount];
    double[][] pgCpu = new double[2][roundCount];
    for (int r = 0; r < roundCount; r++) {
      List<ObjectNode> statements = work.main(perRound);
      List<byte[]> json = Workload.jsonBatches(statements, batch);
      List<List<StoredRow>> rows = work.rowBatches(statements, batch);
      for (int side = 0; side < 2; side++) {
        boolean cairnTurn = (side + r) % 2 == 0;
        CpuMeter.Sample before = CpuMeter.sample(postmaster);
        long ns = cairnTurn
            ? Parallel.run(json.size(), Parallel.times(connections, i -> client.post(json.get(i))))
            : Parallel.run(rows.size(), rawWorkers(raw, rows));
        CpuMeter.Used used = CpuMeter.sample(postmaster).minus(before);
        int s = cairnTurn ? 0 : 1;
        jvmCpu[s][r] = used.jvmNanos() / 1e6 / (perRound / 1000.0);
        pgCpu[s][r] = used.postgresNanos() / 1e6 / (perRound / 1000.0);
        double rate = perRound / (ns / 1e9);
        (cairnTurn ? cairnRates : rawRates)[r] = rate;
        progress(String.format("Ingest round %d/%d: %s %,.0f statements/s (CPU per 1000: JVM %.0f ms, PostgreSQL %.0f ms)",
            r + 1, roundCount, cairnTurn ? "Cairn HTTP" : "raw JDBC  ", rate, jvmCpu[s][r], pgCpu[s][r]));
      }
    }
    double cairn = Latencies.median(cairnRates);
    double rawMedian = Latencies.median(rawRates);
    report.add("");
    report.add("## Ingest: " + roundCount + " rounds of " + perRound + " statements, batches of " + batch
        + ", " + connections + " connections each side");
    report.add(row("side", "median statements/s", "each round", "CPU ms per 1000 statements: JVM / PostgreSQL (medians)"));
    report.add(row("Cairn (HTTP POST)", f0(cairn), join(cairnRates),
        f0(Latencies.median(jvmCpu[0])) + " / " + f0(Latencies.median(pgCpu[0]))));
    report.add(row("raw PostgreSQL (JDBC)", f0(rawMedian), join(rawRates),
        f0(Latencies.median(jvmCpu[1])) + " / " + f0(Latencies.median(pgCpu[1]))));
    report.add("ratio Cairn/raw: " + f(cairn / rawMedian) + "  (target >= 0.5)");
  }

  private void singles(LrsClient client, Workload work, int singles) {
    int warm = Math.min(200, singles / 5);
    List<byte[]> bodies = Workload.jsonBodies(work.main(singles + warm));
    progress("Single-statement POSTs: " + singles + " with " + inFlight + " in flight");
    Parallel.run(warm, Parallel.times(inFlight, i -> client.post(bodies.get(i))));
    Latencies latencies = new Latencies();
    long ns = Parallel.run(singles, Parallel.times(inFlight, i -> {
      long t0 = System.nanoTime();
      client.post(bodies.get(warm + i));
      latencies.add(System.nanoTime() - t0);
    }));
    report.add("");
    report.add("## Single-statement POSTs: " + singles + " requests, " + inFlight + " in flight");
    report.add(row("requests/s", "p50 ms", "p99 ms", ""));
    report.add(row(f0(singles / (ns / 1e9)), f(latencies.medianMillis()), f(latencies.percentileMillis(99)), ""));
  }

  /** Grows the lrs store to {@code target} rows through the raw path, counting object activities. */
  private void fill(Database db, Workload work, int target, ConcurrentHashMap<String, AtomicLong> activities) {
    int remaining = target - count(db);
    int fillBatch = 500;
    int batches = (remaining + fillBatch - 1) / fillBatch;
    progress(String.format("Filling the store with %,d statements (raw inserts into lrs, as Cairn writes them)", remaining));
    AtomicLong done = new AtomicLong();
    long started = System.nanoTime();
    List<RawWriter> writers = writers(db, "lrs", connections);
    try {
      List<IntConsumer> workers = new ArrayList<>();
      for (RawWriter writer : writers) {
        workers.add(i -> {
          int n = Math.min(fillBatch, remaining - i * fillBatch);
          List<StoredRow> rows = work.rowBatches(work.mixed(n), n).get(0);
          rows.forEach(r -> r.keys().directActivities()
              .forEach(a -> activities.computeIfAbsent(a, k -> new AtomicLong()).incrementAndGet()));
          writer.write(rows);
          long total = done.addAndGet(n);
          if (total / 50_000 != (total - n) / 50_000) {
            double seconds = (System.nanoTime() - started) / 1e9;
            progress(String.format("  filled %,d / %,d (%,.0f statements/s)", total, remaining, total / seconds));
          }
        });
      }
      long ns = Parallel.run(batches, workers);
      report.add("");
      report.add(String.format("Filler: %,d statements into lrs by raw JDBC (batches of %d, %d connections) at %,.0f statements/s",
          remaining, fillBatch, connections, remaining / (ns / 1e9)));
    } finally {
      writers.forEach(RawWriter::close);
    }
  }

  private List<IntConsumer> rawWorkers(List<RawWriter> writers, List<List<StoredRow>> batches) {
    return writers.stream().map(w -> (IntConsumer) i -> w.write(batches.get(i))).toList();
  }

  private static List<RawWriter> writers(Database db, String schema, int n) {
    List<RawWriter> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new RawWriter(db.jdbcUrl(), db.user(), db.password(), schema, KEY));
    }
    return list;
  }

  private static void requireEmpty(Database db) {
    if (count(db) > 0) {
      throw new BenchException("the database already holds statements; the benchmark needs an empty one");
    }
  }

  /** The raw baseline's copy of the LRS tables: the same Flyway script in its own schema. */
  private static void migrateRaw(Database db) {
    sql(db, "drop schema if exists " + RAW_SCHEMA + " cascade");
    Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
        .schemas(RAW_SCHEMA).locations("classpath:db/lrs").load().migrate();
  }

  private void machine(Database db) {
    String memory;
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      memory = lines.filter(l -> l.startsWith("MemTotal")).findFirst().orElse("MemTotal: ?").replaceAll("\\s+", " ");
    } catch (IOException e) {
      memory = "MemTotal: unknown";
    }
    report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", Java "
        + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.name") + "), max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    report.add("Database: " + query(db, "select version()") + (external.given() ? " (external)" : " (embedded)")
        + ", shared_buffers " + query(db, "show shared_buffers") + ", synchronous_commit " + query(db, "show synchronous_commit"));
    report.add("Workload: generator seed " + seed + ", " + learners + " learners plus a 100-learner query cohort");
  }

  private void size(Database db) {
    report.add("");
    report.add("Database size at the end: " + query(db, "select pg_size_pretty(pg_database_size(current_database()))")
        + " (lrs.statements with indexes and TOAST: " + query(db, "select pg_size_pretty(pg_total_relation_size('lrs.statements'))") + ")");
  }

  private static void analyze(Database db) {
    progress("VACUUM ANALYZE of the lrs tables");
    for (String table : List.of("statements", "statement_agents", "statement_activities")) {
      sql(db, "vacuum analyze lrs." + table);
    }
  }

  private static int count(Database db) {
    return Integer.parseInt(query(db, "select count(*) from lrs.statements"));
  }

  static String query(Database db, String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new BenchException(sql + ": " + e.getMessage(), e);
    }
  }

  static void sql(Database db, String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new BenchException(sql + ": " + e.getMessage(), e);
    }
  }

  private static String join(double[] rates) {
    return String.join(", ", java.util.Arrays.stream(rates).mapToObj(Out::f0).toList());
  }


}
