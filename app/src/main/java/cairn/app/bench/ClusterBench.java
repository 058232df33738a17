package cairn.app.bench;

import static cairn.app.bench.Out.delete;
import static cairn.app.bench.Out.f;
import static cairn.app.bench.Out.f0;
import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.row;
import static cairn.app.bench.Out.sleep;

import cairn.app.Config;
import cairn.app.Database;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench cluster}: Cairn scaled out on one PostgreSQL, each part in a JVM of its own (the
 * bench's Java and classpath, {@code cairn.app.Main serve}): two HTTP nodes ({@code CAIRN_COMPONENTS=http}),
 * mapper processes ({@code mapper}) and issuer processes ({@code issuer}), sharing a key secret, a public
 * URL and the database (an embedded PostgreSQL in a temporary directory, or {@code --db-url}).
 *
 * <ol>
 *   <li>The sample framework, rules and ladder and a generated organisation's directory are imported
 *       ({@link Cohort}, as {@code bench progression} loads them), through node A and node B.</li>
 *   <li>The organisation's statements are POSTed in batches over connections to both nodes at once. A
 *       batch a node cannot take (refused, reset, 503) is sent to the other node, as a load balancer
 *       would retry it; with {@code --kill-node}, node B is killed (SIGKILL) halfway and started again.</li>
 *   <li>The bench waits until the mapper has caught up ({@code GET /api/v1/progression/status}, no
 *       dirty persons) and the issuer has drained the outbox (SQL).</li>
 *   <li>A full recompute (a second consumer in the bench's JVM, {@link Recompute}) reads the log again.</li>
 *   <li>Checks, in SQL: every acknowledged statement is stored exactly once and nothing else is; the
 *       mapper processed each exactly once; each (person, milestone) is derived once and asked for once;
 *       each (person, achievement) has one credential not revoked, each request exactly one; the derived
 *       state equals the recompute's.</li>
 *   <li>Unless {@code --no-reference}: the same statements through a single process with every component
 *       on a second database, for its rate and its milestones and credentials (reported, not checked:
 *       another arrival order may legitimately end with other credentials).</li>
 * </ol>
 * Every child process is stopped at the end, also on failure or Ctrl-C (a shutdown hook).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Two HTTP nodes, mapper and issuer workers as separate processes on one PostgreSQL: posts through "
        + "both nodes, then checks that every statement is stored once, every milestone derived once and every "
        + "credential issued once.")
public final class ClusterBench implements Callable<Integer> {
  private static final String KEY = "bench";
  private static final String RECOMPUTE = "bench-recompute";
  private static final String REFERENCE_DB = "cairn_reference";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final String BLOCKED = "has been blocked for";

  /** Requests the issuer would still claim, and credentials of withdrawn requests still to revoke (IssuingSql). */
  private static final String PENDING = """
      select (select count(*) from progression.issuance_requests r
              where r.withdrawn is null
                and not exists (select 1 from credentials.credentials c
                                where c.person_id = r.person_id and c.achievement_id = r.achievement_id
                                  and c.ladder_version = r.ladder_version and (c.revoked is null or c.request_id = r.id))
                and not exists (select 1 from credentials.failed_requests f where f.request_id = r.id))
           + (select count(*) from progression.issuance_requests r join credentials.credentials c on c.request_id = r.id
              where r.withdrawn is not null and c.revoked is null)""";

  @Option(names = "--people", description = "People in the generated organisation (default ${DEFAULT-VALUE}).")
  int people = 300;
  @Option(names = "--statements", description = "Statements to post, the organisation's first in time (default ${DEFAULT-VALUE}).")
  int statements = 50_000;
  @Option(names = "--batch", description = "Statements per POST (default ${DEFAULT-VALUE}).")
  int batch = 100;
  @Option(names = "--connections", description = "Concurrent POST connections to each HTTP node (default ${DEFAULT-VALUE}).")
  int connections = 2;
  @Option(names = "--workers", description = "Mapper processes, and as many issuer processes (default ${DEFAULT-VALUE}).")
  int workers = 1;
  @Option(names = "--kill-node", description = "Kill node B (SIGKILL) when half the batches are acknowledged, and start it again.")
  boolean killNode;
  @Option(names = "--reference", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Post the same statements through one process with every component, on a second database, "
          + "and compare (default on; --no-reference skips it).")
  boolean reference;
  @Option(names = "--node-heap", description = "Maximum heap of each Cairn process (default ${DEFAULT-VALUE}).")
  String nodeHeap = "512m";
  @Option(names = "--node-jvm-option", description = "A further option for each Cairn JVM, e.g. -XX:+UseSerialGC (repeatable).")
  List<String> nodeJvmOptions = new ArrayList<>();
  @Option(names = "--timeout-minutes", description = "How long the workers may take to catch up (default ${DEFAULT-VALUE}).")
  int timeoutMinutes = 10;
  @Option(names = "--seed", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed = 1;
  @Option(names = "--samples", description = "Directory of swe-framework.json, swe-rules.json, swe-ladder.json (default ${DEFAULT-VALUE}).")
  Path samples = Path.of("docs/samples");
  @Mixin
  ExternalDatabase external; // every process connects to it
  @Option(names = "--data-dir", description = "Keep the embedded database and the processes' logs here instead of a temporary directory.")
  Path dataDir;

  private final List<NodeProcess> children = new CopyOnWriteArrayList<>();
  private final List<String> report = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private String secret;
  private String keySecret;
  private Path temp;

  /** One verdict of the bench. */
  record Check(String name, boolean ok, String detail) {}

  /** What went through the HTTP nodes. */
  record Posted(int statements, long nanos, long[] perNode, long retries, double nodeDownSeconds) {
    double rate() {
      return statements / (nanos / 1e9);
    }
  }

  /** How long after the last POST the mapper had caught up and the outbox was empty. */
  record Drained(double mapperSeconds, double outboxSeconds) {}

  @Override
  public Integer call() throws Exception {
    String invalid = people < 2 ? "--people must be at least 2"
        : statements < 1 ? "--statements must be at least 1"
        : batch < 1 || batch > 1000 ? "--batch must be between 1 and 1000 (CAIRN_MAX_BATCH)"
        : connections < 1 ? "--connections must be at least 1"
        : workers < 1 ? "--workers must be at least 1"
        : !nodeHeap.matches("[0-9]+[kKmMgG]?") ? "--node-heap must be a JVM size such as 512m"
        : Cohort.missingSample(samples).map(f -> f + " not found; run from the repository root or pass --samples").orElse(null);
    if (invalid != null) {
      System.err.println("cairn bench cluster: " + invalid);
      return 2;
    }
    temp = dataDir != null ? dataDir : Files.createTempDirectory("cairn-bench-cluster");
    Files.createDirectories(temp);
    secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    keySecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    Map<String, String> settings = new HashMap<>(Map.of("CAIRN_DATA_DIR", temp.toString()));
    external.addTo(settings);
    Config config = Config.from(settings);
    Thread hook = new Thread(this::stopChildren, "bench-cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Vertx vertx = Vertx.vertx();
    Database db = null;
    Pool pool = null;
    try {
      progress("Opening PostgreSQL: " + (external.given() ? external.url : "embedded in " + temp));
      db = Database.open(config);
      pool = pool(vertx, db.connectOptions());
      if (count(pool, "select count(*) from lrs.statements") > 0 || count(pool, "select count(*) from progression.people") > 0) {
        throw new BenchException("the database already holds statements or people; the benchmark needs an empty one");
      }
      machine(pool);
      boolean ok = run(vertx, db, pool);
      System.out.println();
      System.out.println("==== cairn bench cluster ====");
      report.forEach(System.out::println);
      return ok ? 0 : 1;
    } catch (BenchException e) {
      System.err.println("cairn bench cluster: " + e.getMessage() + (dataDir == null
          ? " (--data-dir DIR keeps the processes' logs)" : " (the processes' logs are in " + temp + ")"));
      return 1;
    } finally {
      stopChildren();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
      if (pool != null) {
        pool.close().await();
      }
      vertx.close().await();
      if (db != null) {
        db.close();
      }
      if (dataDir == null) {
        delete(temp);
      }
    }
  }

  private boolean run(Vertx vertx, Database db, Pool pool) {
    int portA = freePort();
    int portB = freePort();
    String publicUrl = "http://localhost:" + portA; // what a load balancer in front of both would be
    Map<String, String> common = nodeSettings(db, db.jdbcUrl(), publicUrl);
    NodeProcess a = node("node-a", "http", portA, common);
    NodeProcess b = node("node-b", "http", portB, common);
    List<NodeProcess> all = new ArrayList<>(List.of(a, b));
    for (int i = 1; i <= workers; i++) {
      all.add(node("mapper-" + i, "mapper", -1, common));
    }
    for (int i = 1; i <= workers; i++) {
      all.add(node("issuer-" + i, "issuer", -1, common));
    }
    progress("Starting " + all.size() + " Cairn processes (-Xmx" + nodeHeap + String.join("", nodeJvmOptions.stream()
        .map(o -> " " + o).toList()) + " each): "
        + String.join(", ", all.stream().map(n -> n.name() + (n.port() > 0 ? " :" + n.port() : "")).toList())
        + "; logs in " + temp);
    long t0 = System.nanoTime();
    all.forEach(NodeProcess::start);
    all.forEach(n -> n.awaitReady(START_TIMEOUT, KEY, secret));
    double started = (System.nanoTime() - t0) / 1e9;
    progress(String.format("All processes ready after %.1f s", started));

    LrsClient[] clients = {client(a), client(b)};
    StatementGenerator generator = Cohort.generator(seed, people);
    Cohort.importDefinitions(clients[0], samples);
    Cohort.importDirectory(clients[1], generator.people(), List.of());
    Batches work = batches(generator);

    CpuMeter.Sample cpuBefore = CpuMeter.sample();
    long[] childCpuBefore = all.stream().mapToLong(NodeProcess::cpuNanos).toArray();
    Posted posted = post(clients, List.of(a, b), work, killNode ? b : null);
    Drained drained = awaitWorkers(clients[0], pool);
    CpuMeter.Used cpu = CpuMeter.sample().minus(cpuBefore);
    long[] childCpu = new long[all.size()];
    for (int i = 0; i < all.size(); i++) {
      childCpu[i] = all.get(i).cpuNanos() - childCpuBefore[i];
    }

    Recompute.Result recompute = Recompute.run(vertx, pool, publicUrl, RECOMPUTE, Duration.ofMinutes(timeoutMinutes), 0);
    Counts counts = check(pool, work, recompute, publicUrl);

    report.add("Layout: node A (http) and node B (http), " + workers + " mapper and " + workers + " issuer process"
        + (workers > 1 ? "es" : "") + ", each its own JVM with -Xmx" + nodeHeap + String.join("", nodeJvmOptions.stream()
        .map(o -> " " + o).toList()) + ", on one PostgreSQL ("
        + (external.given() ? "external" : "embedded") + "); all processes ready " + String.format("%.1f s", started)
        + " after the start");
    report.add("Workload: " + f0(work.ids().size()) + " statements of " + people + " generated people (seed " + seed
        + "), batches of " + batch + ", " + connections + " connection" + (connections > 1 ? "s" : "") + " to each node");
    report.add("");
    report.add("## Ingest through both nodes" + (killNode ? ", node B killed (SIGKILL) halfway and started again" : ""));
    report.add(row("statements", "seconds", "statements/s", "via node A", "via node B", "POSTs retried on the other node",
        "node B down"));
    report.add(row(f0(posted.statements()), String.format("%.1f", posted.nanos() / 1e9), f0(posted.rate()),
        f0(posted.perNode()[0]), f0(posted.perNode()[1]), f0(posted.retries()),
        killNode ? String.format("%.1f s", posted.nodeDownSeconds()) : "-"));
    report.add("");
    report.add("## Workers: after the last POST");
    report.add(row("mapper caught up", "outbox drained", "mastery rows", "milestones", "issuance requests", "credentials"));
    report.add(row(String.format("%.1f s", drained.mapperSeconds()), String.format("%.1f s", drained.outboxSeconds()),
        f0(recompute.masteryRows()), f0(counts.milestones()), f0(counts.requests()), f0(counts.credentials())));
    report.add("");
    report.add("## CPU seconds from the first POST until the outbox was drained");
    List<String> heads = new ArrayList<>(all.stream().map(NodeProcess::name).toList());
    heads.addAll(List.of("PostgreSQL", "bench client"));
    List<String> cells = new ArrayList<>();
    for (long nanos : childCpu) {
      cells.add(String.format("%.1f", nanos / 1e9));
    }
    cells.add(String.format("%.1f", cpu.postgresNanos() / 1e9));
    cells.add(String.format("%.1f", cpu.jvmNanos() / 1e9));
    report.add(row(heads.toArray(String[]::new)));
    report.add(row(cells.toArray(String[]::new)));
    report.add("");
    report.add(String.format("Full recompute (a second consumer in the bench's JVM): %,d statements in %.1f s, %,.0f statements/s",
        recompute.statements(), recompute.nanos() / 1e9, recompute.rate()));
    report.add("Vert.x blocked-thread warnings in the processes' logs: " + String.join(", ",
        all.stream().map(n -> n.name() + " " + n.linesWith(BLOCKED)).toList()));

    if (reference) {
      stopChildren();
      reference(vertx, db, work, posted, counts, pool);
    }
    report.add("");
    report.add("## Checks");
    checks.forEach(c -> report.add("- " + (c.ok() ? "OK" : "FAILED") + "  " + c.name() + ": " + c.detail()));
    boolean ok = checks.stream().allMatch(Check::ok);
    report.add("");
    report.add("checks: " + (ok ? "all OK" : "FAILED (" + String.join("; ",
        checks.stream().filter(c -> !c.ok()).map(Check::name).toList()) + ")"));
    if (!ok) {
      report.add("logs of the processes: " + temp + (dataDir == null ? " (deleted on exit; --data-dir keeps them)" : ""));
    }
    return ok;
  }

  /** The statements to post: JSON arrays of {@code batch}, and each batch's statement ids in order. */
  private record Batches(List<byte[]> json, List<List<String>> batchIds, List<String> ids) {}

  private Batches batches(StatementGenerator generator) {
    progress(String.format("Serialising %,d statements in batches of %d", statements, batch));
    List<byte[]> json = new ArrayList<>();
    List<List<String>> batchIds = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Iterator<ObjectNode> it = generator.iterator();
    List<ObjectNode> chunk = new ArrayList<>(batch);
    while (ids.size() < statements && it.hasNext()) {
      ObjectNode s = it.next();
      chunk.add(s);
      ids.add(s.get("id").asText());
      if (chunk.size() == batch || ids.size() == statements || !it.hasNext()) {
        json.addAll(Workload.jsonBatches(chunk, batch));
        batchIds.add(chunk.stream().map(c -> c.get("id").asText()).toList());
        chunk.clear();
      }
    }
    if (ids.size() < statements) {
      progress(String.format("  note: the organisation's ten years hold only %,d statements", ids.size()));
    }
    return new Batches(json, batchIds, ids);
  }

  /**
   * Posts every batch, {@code connections} workers per node; a batch a node does not take (unreachable,
   * or 503) goes to the other one. With {@code victim}, that node is killed halfway and started again.
   */
  private Posted post(LrsClient[] clients, List<NodeProcess> nodes, Batches work, NodeProcess victim) {
    int total = work.json().size();
    progress(String.format("Posting %,d statements through node A and node B, %d connections each%s", work.ids().size(),
        connections, victim != null ? "; node B is killed halfway" : ""));
    AtomicInteger done = new AtomicInteger();
    AtomicLongArray perNode = new AtomicLongArray(2);
    AtomicLong retries = new AtomicLong();
    AtomicInteger statementsDone = new AtomicInteger();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    int step = Math.max(1, total / 10);
    long started = System.nanoTime();
    List<IntConsumer> workers = new ArrayList<>();
    for (int w = 0; w < 2 * connections; w++) {
      int first = w % 2;
      workers.add(i -> {
        int node = postBatch(clients, nodes, work, i, first, retries);
        perNode.addAndGet(node, work.batchIds().get(i).size());
        acknowledged.addAll(work.batchIds().get(i));
        int n = statementsDone.addAndGet(work.batchIds().get(i).size());
        if (done.incrementAndGet() % step == 0) {
          progress(String.format("  acknowledged %,d / %,d statements (%,.0f/s), %d POSTs retried", n, work.ids().size(),
              n / ((System.nanoTime() - started) / 1e9), retries.get()));
        }
      });
    }
    AtomicReference<Double> down = new AtomicReference<>(0.0);
    AtomicReference<RuntimeException> killFailure = new AtomicReference<>();
    Thread killer = victim == null ? null : new Thread(() -> {
      try {
        while (done.get() < total / 2) {
          sleep(5);
        }
        long t = System.nanoTime();
        victim.kill();
        progress(String.format("  killed %s (SIGKILL) after %,d of %,d batches; starting it again", victim.name(), done.get(), total));
        victim.start();
        victim.awaitReady(START_TIMEOUT, KEY, secret);
        down.set((System.nanoTime() - t) / 1e9);
        progress(String.format("  %s serves again after %.1f s", victim.name(), down.get()));
      } catch (RuntimeException e) {
        killFailure.set(e);
      }
    }, "bench-cluster-kill");
    if (killer != null) {
      killer.start();
    }
    long ns = Parallel.run(total, workers);
    if (killer != null) {
      try {
        killer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
      if (killFailure.get() != null) {
        throw killFailure.get();
      }
    }
    if (acknowledged.size() != work.ids().size()) {
      throw new BenchException("only " + acknowledged.size() + " of " + work.ids().size() + " statements were acknowledged");
    }
    Posted posted = new Posted(work.ids().size(), ns, new long[] {perNode.get(0), perNode.get(1)}, retries.get(), down.get());
    progress(String.format("Posted %,d statements in %.1f s: %,.0f statements/s (node A %,d, node B %,d, %d POSTs retried)",
        posted.statements(), ns / 1e9, posted.rate(), perNode.get(0), perNode.get(1), retries.get()));
    return posted;
  }

  /** POSTs batch {@code i}, first to node {@code first}; answers the node that acknowledged it. */
  private static int postBatch(LrsClient[] clients, List<NodeProcess> nodes, Batches work, int i, int first, AtomicLong retries) {
    String failure = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      int node = (first + attempt) % 2;
      try {
        LrsClient.Answer answer = clients[node].tryPost("/xapi/statements", work.json().get(i));
        if (answer.status() / 100 == 2) {
          List<String> ids = new ArrayList<>();
          JSON.readTree(answer.body()).forEach(id -> ids.add(id.asText()));
          if (!ids.equals(work.batchIds().get(i))) {
            throw new BenchException(nodes.get(node).name() + " acknowledged batch " + i + " with other ids: "
                + LrsClient.abbreviate(answer.body()));
          }
          return node;
        }
        if (answer.status() != 503) {
          throw new BenchException("POST to " + nodes.get(node).name() + " answered " + answer.status() + ": "
              + LrsClient.abbreviate(answer.body()));
        }
        failure = nodes.get(node).name() + " answered 503";
      } catch (IOException e) {
        failure = nodes.get(node).name() + ": " + e;
      }
      retries.incrementAndGet();
      sleep(attempt < 2 ? 0 : 100);
    }
    throw new BenchException("batch " + i + " was not acknowledged in 100 attempts; last: " + failure);
  }

  /** Waits until the mapper has processed every statement and the issuer has drained the outbox. */
  private Drained awaitWorkers(LrsClient client, Pool pool) {
    progress("Waiting for the mapper to catch up and the issuer to drain the outbox");
    long start = System.nanoTime();
    long until = start + Duration.ofMinutes(timeoutMinutes).toNanos();
    long caughtUp = -1;
    long lastReport = start;
    while (true) {
      JsonNode status;
      try {
        status = JSON.readTree(client.get("/api/v1/progression/status"));
      } catch (IOException e) {
        throw new BenchException("status: " + e.getMessage(), e);
      }
      long behind = status.has("behind") ? status.get("behind").asLong() : -1;
      long dirty = count(pool, "select count(*) from progression.dirty_persons where consumer = 'live'");
      boolean mapped = behind == 0 && dirty == 0;
      if (mapped && caughtUp < 0) {
        caughtUp = System.nanoTime();
      }
      long pending = count(pool, PENDING);
      if (mapped && pending == 0) {
        long now = System.nanoTime();
        Drained d = new Drained((caughtUp - start) / 1e9, (now - start) / 1e9);
        progress(String.format("Mapper caught up %.1f s and outbox drained %.1f s after the last POST",
            d.mapperSeconds(), d.outboxSeconds()));
        return d;
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        lastReport = System.nanoTime();
        progress(String.format("  mapper: processed %,d, %s behind, %,d persons to derive; outbox: %,d to issue",
            status.path("processed").asLong(), behind < 0 ? "?" : f0(behind), dirty, pending));
      }
      if (System.nanoTime() > until) {
        throw new BenchException(String.format("the workers did not finish within %d minutes: mapper %s behind, %d persons "
            + "to derive, %d issuance requests pending", timeoutMinutes, behind < 0 ? "?" : f0(behind), dirty, pending));
      }
      sleep(100);
    }
  }

  /** What the cluster ended with. */
  private record Counts(long milestones, long requests, long credentials, Set<String> reached) {}

  private Counts check(Pool pool, Batches work, Recompute.Result recompute, String publicUrl) {
    progress("Checking in SQL");
    UUID[] acknowledged = work.ids().stream().map(UUID::fromString).toArray(UUID[]::new);
    Row s = one(pool, "select count(*) as n, count(distinct id) as ids from lrs.statements", null);
    long rows = s.getLong("n");
    long missing = one(pool, "select count(*) as n from unnest($1::uuid[]) a(id) "
        + "where not exists (select 1 from lrs.statements s where s.id = a.id)", Tuple.of((Object) acknowledged)).getLong("n");
    checks.add(new Check("every acknowledged statement stored exactly once", rows == acknowledged.length
        && s.getLong("ids") == rows && missing == 0, String.format("%,d acknowledged, %,d rows, %,d distinct ids, %,d missing",
        acknowledged.length, rows, s.getLong("ids"), missing)));

    long processed = count(pool, "select processed from progression.feed_cursors where consumer = 'live'");
    checks.add(new Check("every statement mapped exactly once", processed == rows,
        String.format("the live consumer processed %,d feed rows for %,d statements", processed, rows)));

    long milestones = count(pool, "select count(*) from progression.milestones where consumer = 'live'");
    long twice = count(pool, """
        select count(*) from (select 1 from progression.milestones where consumer = 'live'
                              group by person_id, ladder_id, milestone_id having count(*) > 1) d""");
    long requests = count(pool, "select count(*) from progression.issuance_requests where withdrawn is null");
    long requestedTwice = count(pool, """
        select count(*) from (select 1 from progression.issuance_requests where withdrawn is null
                              group by person_id, achievement_id, ladder_version having count(*) > 1) d""");
    long unrequested = one(pool, """
        select count(*) as n from progression.milestones m
        where m.consumer = 'live' and not exists (
          select 1 from progression.issuance_requests r
          where r.person_id = m.person_id and r.ladder_version = m.ladder_version and r.withdrawn is null
            and r.achievement_id = $1 || '/achievements/' || m.ladder_id || '/' || m.milestone_id)""",
        Tuple.of(publicUrl)).getLong("n");
    checks.add(new Check("every milestone derived once and asked for once", twice == 0 && requestedTwice == 0 && unrequested == 0,
        String.format("%,d milestones, %,d (person, milestone) twice; %,d live issuance requests, %,d keys twice, "
            + "%,d milestones without one", milestones, twice, requests, requestedTwice, unrequested)));

    long credentials = count(pool, "select count(*) from credentials.credentials where revoked is null");
    long issuedTwice = count(pool, """
        select count(*) from (select 1 from credentials.credentials where revoked is null
                              group by person_id, achievement_id having count(*) > 1) d""");
    long notOnce = count(pool, """
        select count(*) from progression.issuance_requests r
        where r.withdrawn is null
          and (select count(*) from credentials.credentials c where c.request_id = r.id and c.revoked is null) <> 1""");
    long failed = count(pool, "select count(*) from credentials.failed_requests");
    checks.add(new Check("every credential issued once", issuedTwice == 0 && notOnce == 0 && failed == 0,
        String.format("%,d credentials not revoked, %,d (person, achievement) twice; %,d live requests without exactly "
            + "one credential, %,d failed", credentials, issuedTwice, notOnce, failed)));

    checks.add(new Check("derived state equals a full recompute", recompute.equal(),
        String.format("%,d mastery and %,d milestone rows differ (of %,d and %,d)", recompute.differentMastery(),
            recompute.differentMilestones(), recompute.masteryRows(), recompute.milestoneRows())));
    return new Counts(milestones, requests, credentials, reached(pool));
  }

  /** The same statements through one process with every component, on a database of its own. */
  private void reference(Vertx vertx, Database db, Batches work, Posted cluster, Counts counts, Pool pool) {
    progress("Single-node reference: one process (http, mapper, issuer) on a second database, " + REFERENCE_DB);
    if (count(pool, "select count(*) from pg_database where datname = '" + REFERENCE_DB + "'") > 0) {
      report.add("");
      report.add("Single-node reference skipped: database " + REFERENCE_DB + " exists already (drop it, or pass --no-reference).");
      return;
    }
    try {
      pool.query("create database " + REFERENCE_DB).execute().await();
    } catch (RuntimeException e) {
      report.add("");
      report.add("Single-node reference skipped: cannot create database " + REFERENCE_DB + " (" + e.getMessage() + ").");
      return;
    }
    String url = db.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/?]*)/[^?]*", "$1/" + REFERENCE_DB);
    int port = freePort();
    NodeProcess single = node("single", "http,mapper,issuer", port,
        nodeSettings(db, url, "http://localhost:" + port));
    single.start();
    single.awaitReady(START_TIMEOUT, KEY, secret);
    Pool referencePool = pool(vertx, new PgConnectOptions(db.connectOptions()).setDatabase(REFERENCE_DB));
    try {
      LrsClient client = client(single);
      StatementGenerator generator = Cohort.generator(seed, people);
      Cohort.importDefinitions(client, samples);
      Cohort.importDirectory(client, generator.people(), List.of());
      progress(String.format("Posting the same %,d statements through it, %d connections", work.ids().size(), 2 * connections));
      AtomicLong retries = new AtomicLong();
      LrsClient[] both = {client, client};
      List<NodeProcess> nodes = List.of(single, single);
      long ns = Parallel.run(work.json().size(), Parallel.times(2 * connections, i -> postBatch(both, nodes, work, i, 0, retries)));
      double rate = work.ids().size() / (ns / 1e9);
      progress(String.format("Posted in %.1f s: %,.0f statements/s", ns / 1e9, rate));
      Drained drained = awaitWorkers(client, referencePool);
      long milestones = count(referencePool, "select count(*) from progression.milestones where consumer = 'live'");
      long credentials = count(referencePool, "select count(*) from credentials.credentials where revoked is null");
      Set<String> reached = reached(referencePool);
      Set<String> onlyCluster = new HashSet<>(counts.reached());
      onlyCluster.removeAll(reached);
      Set<String> onlySingle = new HashSet<>(reached);
      onlySingle.removeAll(counts.reached());
      report.add("");
      report.add("## Single-node reference: the same statements through one process (http, mapper, issuer), "
          + 2 * connections + " connections, on a second database");
      report.add(row("", "statements/s", "mapper caught up", "outbox drained", "milestones", "credentials"));
      report.add(row("two nodes + workers", f0(cluster.rate()), "see above", "see above", f0(counts.milestones()),
          f0(counts.credentials())));
      report.add(row("single node", f0(rate), String.format("%.1f s", drained.mapperSeconds()),
          String.format("%.1f s", drained.outboxSeconds()), f0(milestones), f0(credentials)));
      report.add(String.format("ingest two nodes / one node: %s; (person, milestone) reached only in the cluster: %d, only "
          + "on the single node: %d (reported, not checked: statements arrive in another order there)",
          f(cluster.rate() / rate), onlyCluster.size(), onlySingle.size()));
    } finally {
      single.stop();
      referencePool.close().await();
      if (external.given()) { // an external server keeps nothing of the run but its own database
        pool.query("drop database if exists " + REFERENCE_DB + " with (force)").execute().await();
      }
    }
  }

  /** Every (person, ladder, milestone) the live consumer holds. */
  private static Set<String> reached(Pool pool) {
    Set<String> set = new HashSet<>();
    pool.query("select person_id || ' ' || ladder_id || ' ' || milestone_id from progression.milestones where consumer = 'live'")
        .execute().await().forEach(r -> set.add(r.getString(0)));
    return set;
  }

  private NodeProcess node(String name, String components, int port, Map<String, String> common) {
    Map<String, String> env = new HashMap<>(common);
    env.put("CAIRN_COMPONENTS", components);
    env.put("CAIRN_HTTP_PORT", String.valueOf(Math.max(port, 0)));
    env.put("CAIRN_DATA_DIR", temp.resolve(name).toString());
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + nodeHeap));
    jvm.addAll(nodeJvmOptions);
    NodeProcess node = new NodeProcess(name, env, port, temp.resolve(name + ".log"), jvm);
    children.add(node);
    return node;
  }

  /** What every process shares: the database, the key secret, the public URL, the bootstrap credential. */
  private Map<String, String> nodeSettings(Database db, String jdbcUrl, String publicUrl) {
    return Map.of(
        "CAIRN_DB_URL", jdbcUrl,
        "CAIRN_DB_USER", db.user(),
        "CAIRN_DB_PASSWORD", db.password(),
        "CAIRN_KEY_SECRET", keySecret,
        "CAIRN_PUBLIC_URL", publicUrl,
        "CAIRN_BOOTSTRAP_KEY", KEY,
        "CAIRN_BOOTSTRAP_SECRET", secret);
  }

  private LrsClient client(NodeProcess node) {
    return new LrsClient("http://localhost:" + node.port(), KEY, secret);
  }

  private void stopChildren() {
    children.parallelStream().forEach(NodeProcess::stop);
  }

  private void machine(Pool pool) {
    String memory;
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      memory = lines.filter(l -> l.startsWith("MemTotal")).findFirst().orElse("MemTotal: ?").replaceAll("\\s+", " ");
    } catch (IOException e) {
      memory = "MemTotal: ?";
    }
    report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", Java "
        + System.getProperty("java.vm.version") + "; "
        + pool.query("select version()").execute().await().iterator().next().getString(0).replaceAll(" on .*", ""));
  }

  private static Pool pool(Vertx vertx, PgConnectOptions options) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BenchException("no free port: " + e.getMessage(), e);
    }
  }

  private static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static Row one(Pool pool, String sql, Tuple parameters) {
    return (parameters == null ? pool.query(sql).execute().await() : pool.preparedQuery(sql).execute(parameters).await())
        .iterator().next();
  }
}
