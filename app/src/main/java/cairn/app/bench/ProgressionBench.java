package cairn.app.bench;

import static cairn.app.bench.Out.f;
import static cairn.app.bench.Out.f0;
import static cairn.app.bench.Out.ms;
import static cairn.app.bench.Out.ms2;
import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.row;
import static cairn.app.bench.Out.sleep;

import cairn.app.Cairn;
import cairn.app.Config;
import cairn.app.Database;
import cairn.app.Logging;
import cairn.progression.MapperVerticle;
import cairn.progression.ProgressionOptions;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench progression}: the progression mapper under the ingest benchmark's load, on a
 * fresh embedded PostgreSQL with Cairn started in-process with its default components (HTTP API,
 * mapper, issuer). The sample framework, rules and ladder ({@code docs/samples}) and the generated
 * organisation's directory are imported through the API; then
 * <ol>
 *   <li><b>lag</b>: generated statements are POSTed as the ingest benchmark does (batches of 100, 4
 *       connections, as fast as Cairn takes them) for a fixed time while {@code GET
 *       /api/v1/progression/status} is sampled every 100 ms; the lag of a sample is the status's
 *       {@code lagMs}: the age (now − stored) of the oldest committed statement the mapper has not
 *       processed yet, 0 when it has processed them all;</li>
 *   <li><b>progress answer</b>: two synthetic people of the directory get 10 and 10,000 evidence
 *       statements on the same activities (the busy person's are the quiet person's ten again, each
 *       under a new registration), so both answers name the same competencies and only the history
 *       behind them differs; median latency of {@code GET /api/v1/people/{id}/progress} for each;</li>
 *   <li><b>recompute</b>: a second feed consumer ({@link ProgressionOptions#withConsumer}, not issuing)
 *       on a fresh {@link MapperVerticle} reads the whole log from the start, beside the live one;
 *       statements/s, compared with the ingest rate of phase 1, and its derived state compared with
 *       the live consumer's.</li>
 * </ol>
 */
@Command(name = "progression", mixinStandardHelpOptions = true,
    description = "Benchmark the progression mapper: lag under ingest load, full recompute, progress answers.")
public final class ProgressionBench implements Callable<Integer> {
  private static final String KEY = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECOMPUTE = "bench-recompute";

  @Option(names = "--quick", description = "Short run: 15 s of ingest, 50 timed progress reads per person.")
  boolean quick;
  @Option(names = "--seconds", description = "Seconds of ingest while the lag is sampled (default 60, quick 15).")
  Integer seconds;
  @Option(names = "--batch", description = "Statements per POST (default ${DEFAULT-VALUE}).")
  int batch = 100;
  @Option(names = "--connections", description = "Concurrent ingest connections (default ${DEFAULT-VALUE}).")
  int connections = 4;
  @Option(names = "--sample-ms", description = "Lag sampling interval in ms (default ${DEFAULT-VALUE}).")
  int sampleMs = 100;
  @Option(names = "--heavy", description = "Statements of the busy person (default ${DEFAULT-VALUE}).")
  int heavy = 10_000;
  @Option(names = "--light", description = "Statements of the quiet person (default ${DEFAULT-VALUE}).")
  int light = 10;
  @Option(names = "--reads", description = "Timed progress reads per person (default 300, quick 50).")
  Integer reads;
  @Option(names = "--learners", description = "Learners of the generated organisation (default ${DEFAULT-VALUE}).")
  int learners = 3000;
  @Option(names = "--seed", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed = 1;
  @Option(names = "--samples", description = "Directory of swe-framework.json, swe-rules.json, swe-ladder.json (default ${DEFAULT-VALUE}).")
  Path samples = Path.of("docs/samples");
  @Option(names = "--data-dir", description = "Keep the embedded database here instead of a temporary directory.")
  Path dataDir;
  @Option(names = "--late", description = "Percent of statements that arrive late: their timestamp moved up to a day"
      + " earlier than the statements posted around them, so the mapper evaluates those persons' history again from"
      + " there (default ${DEFAULT-VALUE}).")
  double latePercent = 0;
  @Option(names = "--recompute-only", description = "Post nothing: only the full recompute, on the store an earlier run"
      + " kept (--data-dir) or on --db-url — how fast a fresh mapper rebuilds that store's derived state, e.g. to compare"
      + " two builds of Cairn on the same data.")
  boolean recomputeOnly;
  @Mixin
  ExternalDatabase external; // e.g. to profile with pg_stat_statements

  /** Seeded, so two runs with the same options post the same statements. */
  private java.util.Random lateness;
  private long late;

  private final List<String> report = new ArrayList<>();
  private LrsClient client;
  private io.vertx.sqlclient.Pool pool;
  /** The local PostgreSQL's postmaster, for its CPU; 0 when it runs elsewhere. */
  private long postmaster;

  @Override
  public Integer call() throws Exception {
    int duration = seconds != null ? seconds : quick ? 15 : 60;
    if (!(latePercent >= 0 && latePercent <= 100)) {
      System.err.println("cairn bench progression: --late is a percentage between 0 and 100, not " + latePercent);
      return 2;
    }
    lateness = new java.util.Random(seed);
    int readCount = reads != null ? reads : quick ? 50 : 300;
    if (Cohort.missingSample(samples).isPresent()) {
      System.err.println("cairn bench progression: " + Cohort.missingSample(samples).get()
          + " not found; run from the repository root or pass --samples");
      return 2;
    }
    if (recomputeOnly && dataDir == null && !external.given()) {
      System.err.println("cairn bench progression: --recompute-only needs the store of an earlier run: --data-dir or --db-url");
      return 2;
    }
    Scratch scratch = Scratch.of(dataDir, "cairn-bench-progression");
    Path temp = scratch.dir();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "CAIRN_HTTP_PORT", "0",
        "CAIRN_DATA_DIR", temp.toString(),
        "CAIRN_BOOTSTRAP_KEY", KEY,
        "CAIRN_BOOTSTRAP_SECRET", secret,
        "CAIRN_ACCESS_LOG", "false")); // a line per request would flood the figures
    external.addTo(settings);
    Config config = Config.from(settings);
    Logging.apply(config);
    Vertx vertx = Vertx.vertx();
    Database db = null;
    Cairn cairn = null;
    try {
      progress("Starting Cairn (http, mapper, issuer) on " + (external.given() ? "the external PostgreSQL of --db-url" : "an embedded PostgreSQL in " + temp));
      db = Database.open(config);
      postmaster = CpuMeter.postmasterOf(db);
      cairn = Cairn.start(vertx, config, db).await();
      pool = cairn.pool();
      client = new LrsClient(cairn.port(), KEY, secret);
      report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
          + System.getProperty("java.vm.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
          + " MiB; " + cairn.pool().query("select version()").execute().await().iterator().next().getString(0)
          .replaceAll(" on .*", "") + (external.given() ? " (external)" : " (embedded)"));
      if (recomputeOnly) {
        recompute(vertx, cairn, config, null);
        System.out.println();
        System.out.println("==== cairn bench progression --recompute-only ====");
        report.forEach(System.out::println);
        return 0;
      }

      StatementGenerator generator = Cohort.generator(seed, learners);
      Iterator<ObjectNode> statements = generator.iterator();
      Cohort.importDefinitions(client, samples);
      List<ObjectNode> synthetic = new ArrayList<>();
      for (String who : List.of("light", "heavy")) {
        synthetic.add(Cohort.entry(syntheticId(who), "Bench " + who, "Software Engineer", "Engineering", "3", "Bench",
            "mailto:" + syntheticId(who)));
      }
      Cohort.importDirectory(client, generator.people(), synthetic);

      // rounds of statements, each until the mapper has caught up, until the JIT compiler is done with
      // the ingest's and the mapper's code: the lag phase's first seconds measured it compiling
      int warmCount = quick ? 10_000 : 20_000;
      int warmLimit = quick ? 20 : 60;
      progress(String.format("Warming up: rounds of %,d statements, each until the mapper has caught up, until the JIT"
          + " compiler is done (at most %d s)", warmCount, warmLimit));
      JitWarmup.Result warmed = JitWarmup.run(warmLimit, round -> {
        PreparedBodies warm = batches(statements, warmCount);
        Parallel.run(warm.size(), Parallel.times(connections, i -> client.post(warm.get(i))));
        caughtUp(Duration.ofMinutes(5));
      });
      report.add(warmed.describe(String.format("%,d statements", warmCount)));

      Lag lag = lag(statements, duration);
      progressReads(statements, readCount);
      recompute(vertx, cairn, config, lag.rate());

      System.out.println();
      System.out.println("==== cairn bench progression ====");
      report.forEach(System.out::println);
      return 0;
    } catch (BenchException e) {
      System.err.println("cairn bench progression: " + e.getMessage());
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

  private static String syntheticId(String who) {
    return "bench-" + who + "@northwind.example";
  }

  record Lag(double rate, Latencies lags, double maxMs, long posted, double catchUpMs) {}

  /** Statements prepared for each second of the lag phase. */
  static final int PREPARED_PER_SECOND = 10_000;

  /** Posts as fast as Cairn takes it for {@code duration} seconds while sampling the mapper's lag. */
  private Lag lag(Iterator<ObjectNode> statements, int duration) {
    // more than the ingest reaches on the benchmark machines (up to 8,200 statements/s), so that the run
    // lasts as long as asked; the bodies stay in memory deflated, ~1.3 kB a statement as JSON and about
    // a tenth of that deflated (the next line says how much)
    int cap = duration * PREPARED_PER_SECOND;
    progress(String.format("Lag: serialising up to %,d statements for %d s of ingest", cap, duration));
    PreparedBodies json = batches(statements, cap);
    progress(String.format("Lag: serialised, %,d MiB of bodies, %,d MiB deflated; inflating a batch takes %.0f µs",
        json.bytes() >> 20, json.deflatedBytes() >> 20, json.inflateMicros()));
    progress("Lag: posting (batches of " + batch + ", " + connections + " connections) and sampling the status every "
        + sampleMs + " ms");
    Rounds before = Rounds.now();
    Latencies lags = new Latencies();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Double> max = new AtomicReference<>(0.0);
    AtomicInteger posted = new AtomicInteger();
    long deadline = System.nanoTime() + duration * 1_000_000_000L;
    Thread sampler = new Thread(() -> {
      long next = System.nanoTime();
      long lastReport = next;
      while (!stop.get()) {
        double ms = lagMs();
        lags.add((long) (ms * 1e6));
        if (ms > max.get()) {
          max.set(ms);
        }
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          lastReport = System.nanoTime();
          progress(String.format("  posted %,d statements, lag now %.0f ms, p99 so far %.0f ms", posted.get() * batch,
              ms, lags.percentileMillis(99)));
        }
        next += sampleMs * 1_000_000L;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          sleep(wait / 1_000_000);
        }
      }
    }, "bench-lag-sampler");
    sampler.start();
    long ns;
    try {
      ns = Parallel.run(json.size(), Parallel.times(connections, i -> {
        if (System.nanoTime() < deadline) {
          client.post(json.get(i));
          posted.incrementAndGet();
        }
      }));
    } finally {
      stop.set(true);
      join(sampler);
    }
    long sent = (long) posted.get() * batch;
    double rate = sent / (ns / 1e9);
    if (posted.get() == json.size()) {
      progress("  note: every prepared statement was sent before the time was up; the run was shorter than asked");
    }
    long endedAt = System.nanoTime();
    caughtUp(Duration.ofMinutes(10));
    double catchUp = (System.nanoTime() - endedAt) / 1e6;
    Rounds rounds = Rounds.now().since(before);
    progress(String.format("Lag: %,d statements in %.1f s (%,.0f statements/s); lag p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
        + " caught up %.1f s after the last POST", sent, ns / 1e9, rate, lags.medianMillis(), lags.percentileMillis(99),
        max.get(), catchUp / 1000));
    report.add("");
    report.add(String.format("## Lag while ingesting: %d s of POSTs, batches of %d, %d connections; status sampled every %d ms (%d samples)",
        duration, batch, connections, sampleMs, lags.size()));
    report.add(String.format("Late arrivals (--late): %.1f%% of the statements prepared (%,d, warm-up and this phase)"
        + " carry a timestamp up to a day earlier than the statements around them", latePercent, late));
    report.add(row("ingest statements/s", "statements", "lag p50", "lag p99", "lag max", "caught up after the last POST"));
    report.add(row(f0(rate), f0(sent), ms(lags.medianMillis()), ms(lags.percentileMillis(99)), ms(max.get()),
        String.format("%.1f s", catchUp / 1000)));
    report.add("lag p99 < 2 s: " + (lags.percentileMillis(99) < 2000 ? "met" : "NOT met") + "  (target: p99 under 2 s)");
    report.add(String.format("The live mapper's rounds in this phase (until caught up): %,d, %,.0f statements and %,.0f ms"
        + " each on average (a round reads up to 5,000 statements, more while the mapper is behind)", rounds.count(),
        rounds.statementsEach(), rounds.millisEach()));
    return new Lag(rate, lags, max.get(), sent, catchUp);
  }

  /** The live mapper's successful rounds so far, from its metrics (cairn.mapper.round, cairn.mapper.statements). */
  record Rounds(long count, double millis, double statements) {
    static Rounds now() {
      Timer timer = Metrics.globalRegistry.find("cairn.mapper.round").tag("consumer", ProgressionOptions.LIVE)
          .tag("outcome", "success").timer();
      Counter counter = Metrics.globalRegistry.find("cairn.mapper.statements").tag("consumer", ProgressionOptions.LIVE)
          .counter();
      return timer == null || counter == null ? new Rounds(0, 0, 0)
          : new Rounds(timer.count(), timer.totalTime(TimeUnit.MILLISECONDS), counter.count());
    }

    Rounds since(Rounds earlier) {
      return new Rounds(count - earlier.count, millis - earlier.millis, statements - earlier.statements);
    }

    double statementsEach() {
      return count == 0 ? 0 : statements / count;
    }

    double millisEach() {
      return count == 0 ? 0 : millis / count;
    }
  }

  /** The age of the oldest statement the mapper has not processed yet; 0 when it is not behind. */
  private double lagMs() {
    return status().path("lagMs").asDouble();
  }

  private JsonNode status() {
    try {
      return JSON.readTree(client.get("/api/v1/progression/status"));
    } catch (IOException e) {
      throw new BenchException("status: " + e.getMessage(), e);
    }
  }

  private void caughtUp(Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (status().path("behind").asLong() > 0) {
      if (System.nanoTime() > until) {
        throw new BenchException("the mapper did not catch up within " + timeout);
      }
      sleep(50);
    }
  }

  /** Progress answers for a person with {@code light} and one with {@code heavy} statements. */
  private void progressReads(Iterator<ObjectNode> statements, int readCount) {
    progress(String.format("Progress: posting %,d statements for %s and %,d for %s", light, syntheticId("light"), heavy,
        syntheticId("heavy")));
    // evidence (passed or completed); the busy person's statements are the quiet person's again and
    // again, each under a new registration, so each counts as its own evidence rather than a replay
    List<ObjectNode> quiet = new ArrayList<>(light);
    while (quiet.size() < light) {
      ObjectNode s = statements.next();
      if (s.path("verb").path("id").asText().matches(".*/(passed|completed)")) {
        quiet.add(s);
      }
    }
    for (String who : List.of("light", "heavy")) {
      int n = who.equals("light") ? light : heavy;
      List<ObjectNode> mine = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ObjectNode s = quiet.get(i % quiet.size()).deepCopy();
        s.put("id", UUID.randomUUID().toString());
        s.putObject("actor").put("objectType", "Agent").put("name", "Bench " + who).put("mbox", "mailto:" + syntheticId(who));
        if (i >= quiet.size()) {
          s.withObjectProperty("context").put("registration", UUID.randomUUID().toString());
        }
        mine.add(s);
      }
      List<byte[]> json = Workload.jsonBatches(mine, batch);
      Parallel.run(json.size(), Parallel.times(connections, i -> client.post(json.get(i))));
    }
    caughtUp(Duration.ofMinutes(5));
    String[] paths = {"/api/v1/people/" + syntheticId("light") + "/progress", "/api/v1/people/" + syntheticId("heavy") + "/progress"};
    int warm = Math.max(20, readCount / 5);
    progress("Progress: " + warm + " warm-up and " + readCount + " timed reads per person, alternating");
    Latencies[] timings = {new Latencies(), new Latencies()};
    int[] sizes = new int[2];
    int[] levels = new int[2];
    for (int i = 0; i < warm + readCount; i++) {
      for (int p = 0; p < 2; p++) {
        int who = (i + p) % 2;
        long t0 = System.nanoTime();
        String body = client.get(paths[who]);
        long t = System.nanoTime() - t0;
        if (i >= warm) {
          timings[who].add(t);
        } else if (i == 0) {
          sizes[who] = body.length();
          try {
            levels[who] = JSON.readTree(body).path("competencies").size();
          } catch (IOException e) {
            throw new BenchException("progress: " + e.getMessage(), e);
          }
        }
      }
    }
    long[] counts = new long[2];
    for (int p = 0; p < 2; p++) {
      counts[p] = count("select count(*) from lrs.statement_agents where agent = 'mbox:mailto:" + syntheticId(p == 0 ? "light" : "heavy") + "' and direct");
    }
    double ratio = timings[1].medianMillis() / timings[0].medianMillis();
    progress(String.format("Progress: median %.2f ms (%,d statements) vs %.2f ms (%,d statements), ratio %.2f",
        timings[0].medianMillis(), counts[0], timings[1].medianMillis(), counts[1], ratio));
    report.add("");
    report.add("## Progress answer: GET /api/v1/people/{id}/progress, one at a time, " + readCount + " timed reads each (after "
        + warm + ")");
    report.add(row("person", "statements", "competencies in the answer", "answer bytes", "median", "p99"));
    for (int p = 0; p < 2; p++) {
      report.add(row(syntheticId(p == 0 ? "light" : "heavy"), f0(counts[p]), String.valueOf(levels[p]), f0(sizes[p]),
          ms2(timings[p].medianMillis()), ms2(timings[p].percentileMillis(99))));
    }
    report.add("ratio heavy/light (median): " + f(ratio) + "  (target about 1) — "
        + (ratio <= 1.5 ? "met" : "NOT met"));
  }

  /**
   * A second consumer from the start of the feed, beside the live one: a full recompute. {@code
   * ingestRate}: of the lag phase, null when there was none (--recompute-only).
   */
  private void recompute(Vertx vertx, Cairn cairn, Config config, Double ingestRate) {
    Recompute.Result r = Recompute.run(vertx, cairn.pool(), config.publicUrl(), RECOMPUTE, Duration.ofMinutes(20), postmaster);
    String same = r.equal() ? "equal" : "DIFFERENT";
    progress(String.format("Recompute: %,d statements in %.1f s, %,.0f statements/s (after the first tenth %,.0f/s, CPU per"
        + " statement: JVM %.1f µs, PostgreSQL %.1f µs)%s; derived state %s", r.statements(), r.nanos() / 1e9, r.rate(),
        r.restRate(), r.jvmMicros(), r.postgresMicros(), ingestRate == null ? ""
            : String.format(" (ingest %,.0f/s, ratio %.2f)", ingestRate, r.rate() / ingestRate), same));
    report.add("");
    report.add("## Full recompute: a second consumer (fresh MapperVerticle, not issuing) from the start of the feed");
    report.add(row("statements", "seconds", "statements/s", "after the first tenth", "JVM CPU µs/statement",
        "PostgreSQL CPU µs/statement", "ingest statements/s (lag phase)", "recompute/ingest", "derived state vs live"));
    report.add(row(f0(r.statements()), String.format("%.1f", r.nanos() / 1e9), f0(r.rate()), f0(r.restRate()),
        String.format("%.1f", r.jvmMicros()), String.format("%.1f", r.postgresMicros()),
        ingestRate == null ? "-" : f0(ingestRate), ingestRate == null ? "-" : f(r.rate() / ingestRate),
        same + " (" + f0(r.masteryRows()) + " mastery rows)"));
    if (ingestRate != null) {
      report.add("recompute >= ingest: " + (r.rate() >= ingestRate ? "met" : "NOT met") + "  (target: ratio >= 1)");
    }
  }

  private long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private PreparedBodies batches(Iterator<ObjectNode> statements, int n) {
    List<ObjectNode> list = new ArrayList<>(batch);
    List<byte[]> bodies = new ArrayList<>();
    PreparedBodies out = new PreparedBodies();
    for (int i = 0; i < n && statements.hasNext(); i++) {
      list.add(maybeLate(statements.next()));
      if (list.size() == batch) {
        bodies.addAll(Workload.jsonBatches(list, batch));
        list.clear();
      }
      if (bodies.size() == 1_000) {
        out.addAll(bodies);
        bodies.clear();
      }
    }
    if (!list.isEmpty()) {
      bodies.addAll(Workload.jsonBatches(list, batch));
    }
    out.addAll(bodies);
    return out;
  }

  /**
   * With probability {@code --late}: the statement's timestamp moved back by up to a day, so it
   * arrives after statements of later time (the generator's stream is in timestamp order).
   */
  private ObjectNode maybeLate(ObjectNode statement) {
    if (latePercent > 0 && lateness.nextDouble() * 100 < latePercent && statement.hasNonNull("timestamp")) {
      java.time.Instant at = java.time.Instant.parse(statement.get("timestamp").asText());
      statement.put("timestamp", at.minusMillis(1 + (long) (lateness.nextDouble() * 86_400_000L)).toString());
      late++;
    }
    return statement;
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }


}
