package cairn.app.bench;

import static cairn.app.bench.Out.f0;
import static cairn.app.bench.Out.ms;
import static cairn.app.bench.Out.ms2;
import static cairn.app.bench.Out.progress;
import static cairn.app.bench.Out.row;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench hostile}: attacks a running Cairn over HTTP with a seeded corpus of hostile
 * requests ({@link HostileCorpus}) and reports how it holds up. A failure is an answer of 500 or
 * more (but a 505 to an unknown HTTP version), a hang (no answer within the timeout, or no
 * connection), a statement stored although its request was refused, or a read by id that fails
 * afterwards (an accepted statement that cannot be read back). Meanwhile a {@link Probe} measures what a well-formed client gets, against a
 * probe-only baseline taken first. The corpus writes to the target (state documents, people,
 * statements the server accepts): point it at a disposable instance.
 */
@Command(name = "hostile", mixinStandardHelpOptions = true,
    description = "Attack a running Cairn over HTTP with hostile requests; report 5xx answers, hangs, "
        + "statements stored after a rejection, and a well-formed probe's latency meanwhile.")
public final class HostileBench implements Callable<Integer> {
  private static final long BASELINE_MILLIS = 5_000;
  private static final int EXAMPLES = 3;

  @Option(names = "--url", description = "The Cairn to attack (default ${DEFAULT-VALUE}).")
  String url = "http://127.0.0.1:8080";
  @Option(names = "--key", description = "API key of a credential with scope 'all' (default ${DEFAULT-VALUE}).")
  String key = "admin";
  @Option(names = "--secret", description = "Its secret (default ${DEFAULT-VALUE}).")
  String secret = "change-me";
  @Option(names = "--requests", description = "Hostile requests in the corpus (default ${DEFAULT-VALUE}).")
  int requests = 10_000;
  @Option(names = "--connections", description = "Concurrent attacking connections (default ${DEFAULT-VALUE}).")
  int connections = 4;
  @Option(names = "--seed", description = "Corpus seed (default ${DEFAULT-VALUE}).")
  long seed = 1;
  @Option(names = "--probe-interval-ms", description = "Milliseconds between well-formed probes (default ${DEFAULT-VALUE}).")
  long probeIntervalMs = 20;
  @Option(names = "--timeout-s", description = "Seconds a request may take before it counts as a hang (default ${DEFAULT-VALUE}).")
  int timeoutS = 5;

  private final List<String> report = new ArrayList<>();

  @Override
  public Integer call() {
    URI target = URI.create(url);
    String host = target.getHost();
    int port = target.getPort() > 0 ? target.getPort() : 80;
    if (!"http".equals(target.getScheme()) || host == null) {
      System.err.println("cairn bench hostile: --url must be http://host:port (the attack is plain HTTP/1.1)");
      return 2;
    }
    String base = "http://" + host + ":" + port;
    LrsClient client = new LrsClient(base, key, secret);
    try {
      int status = client.status("/xapi/statements?limit=1");
      if (status != 200) {
        System.err.println("cairn bench hostile: " + base + " answered " + status
            + " to a well-formed GET /xapi/statements with --key/--secret; they must name a credential with scope 'all'");
        return 2;
      }
    } catch (BenchException e) {
      System.err.println("cairn bench hostile: no Cairn at " + base + " (" + e.getMessage() + ")");
      return 2;
    }
    long began = System.nanoTime();
    progress("Building the corpus: " + requests + " requests, seed " + seed);
    List<Attack> corpus = HostileCorpus.generate(seed, requests, host + ":" + port, key, secret);
    long bytes = corpus.stream().mapToLong(a -> a.head().length + a.body().length()).sum();
    progress(String.format("%,d requests in %d classes, %,.1f MB in all", corpus.size(),
        corpus.stream().map(Attack::kind).distinct().count(), bytes / 1e6));

    String authorization = "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    StatementCheck check = new StatementCheck(host, port, authorization, timeoutS * 1000L, connections);
    progress(String.format("Checking that the store holds none of the corpus's %,d statement ids yet",
        corpus.stream().mapToLong(a -> a.statementIds().size()).sum()));
    List<StatementCheck.Read> before = check.read(corpus, i -> true);
    long already = before.stream().filter(StatementCheck.Read::stored).count();
    if (already > 0) {
      System.err.printf("cairn bench hostile: %,d statements of this corpus are stored already (a run with seed %d "
          + "against this store?); the ids come from the seed: use another --seed, or a fresh Cairn%n", already, seed);
      return 2;
    }
    long unclear = before.stream().filter(r -> !r.absent()).count();
    if (unclear > 0) {
      progress(unclear + " of those reads answered neither 200 nor 404, e.g. "
          + before.stream().filter(r -> !r.absent()).findFirst().map(r -> r.outcome().label()).orElse(""));
    }
    Probe.seed(url, authorization);
    Probe probe = new Probe(host, port, authorization, probeIntervalMs);
    progress("Baseline: the probe alone for " + BASELINE_MILLIS / 1000 + " s");
    long baselineEnd = System.nanoTime() + BASELINE_MILLIS * 1_000_000;
    Probe.Figures baseline = probe.run(() -> System.nanoTime() >= baselineEnd);

    Outcome[] outcomes = new Outcome[corpus.size()];
    progress("Attacking over " + connections + " connections, timeout " + timeoutS + " s, probe every " + probeIntervalMs + " ms");
    Attacked attacked = attack(host, port, corpus, outcomes, probe);
    long attackNanos = attacked.nanos();
    Probe.Figures during = attacked.probe();

    progress("Reading back the statements of refused, unanswered and accepted requests");
    List<StatementCheck.Read> refused = check.read(corpus, i -> !outcomes[i].accepted());
    List<StatementCheck.Read> accepted = check.read(corpus, i -> outcomes[i].accepted());
    long totalNanos = System.nanoTime() - began;

    int serverErrors = count(corpus, outcomes, HostileBench::serverError);
    int hangs = count(corpus, outcomes, (a, o) -> o.hang());
    long storedAfterReject = refused.stream().filter(r -> r.stored() && outcomes[r.index()].rejected()).count();
    // a read that fails (5xx, hang, or an accepted statement that is not there) is a failure of its own
    long badReads = accepted.stream().filter(r -> !r.stored()).count()
        + refused.stream().filter(r -> !r.stored() && !r.absent()).count();
    summary(corpus, outcomes, attackNanos, totalNanos, serverErrors, hangs, storedAfterReject, badReads);
    failures(corpus, outcomes, "Answers of 500 or more", HostileBench::serverError);
    failures(corpus, outcomes, "Hangs (no answer within " + timeoutS + " s, or no connection)", (a, o) -> o.hang());
    failures(corpus, outcomes, "Closed without an answer (fine for protocol garbage, notable elsewhere)",
        (a, o) -> o.result() == Outcome.Result.CLOSED);
    failures(corpus, outcomes, "Answered in another protocol (not failures)", (a, o) -> o.result() == Outcome.Result.FOREIGN);
    failures(corpus, outcomes, "5xx that are the protocol's own answer (505 to an unknown HTTP version; not failures)",
        (a, o) -> o.serverError() && !serverError(a, o));
    storedReport(corpus, outcomes, refused, accepted);
    probeReport(baseline, during);
    slowest(corpus, outcomes);
    perClass(corpus, outcomes);

    System.out.println();
    System.out.println("==== cairn bench hostile ====");
    report.forEach(System.out::println);
    return serverErrors > 0 || hangs > 0 || storedAfterReject > 0 || badReads > 0 ? 1 : 0;
  }

  /** How long the attack took, and what the probe saw meanwhile. */
  private record Attacked(long nanos, Probe.Figures probe) {}

  /** Sends the corpus over the connections while the probe runs. */
  private Attacked attack(String host, int port, List<Attack> corpus, Outcome[] outcomes, Probe probe) {
    AtomicBoolean attacking = new AtomicBoolean(true);
    AtomicReference<Probe.Figures> during = new AtomicReference<>();
    Thread prober = new Thread(() -> during.set(probe.run(() -> !attacking.get())), "bench-hostile-probe");
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger hung = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    List<RawHttp> links = new ArrayList<>();
    List<IntConsumer> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      RawHttp http = new RawHttp(host, port, timeoutS * 1000L);
      links.add(http);
      workers.add(i -> {
        Outcome o = http.send(corpus.get(i));
        outcomes[i] = o;
        if (serverError(corpus.get(i), o)) {
          errors.incrementAndGet();
        } else if (o.hang()) {
          hung.incrementAndGet();
        } else if (o.result() == Outcome.Result.CLOSED) {
          closed.incrementAndGet();
        }
        done.incrementAndGet();
      });
    }
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> progress(String.format("  sent %,d / %,d: %d answers >= 500, %d hangs, %d closed",
        done.get(), corpus.size(), errors.get(), hung.get(), closed.get())), 5, 5, TimeUnit.SECONDS);
    prober.start();
    long nanos;
    try {
      nanos = Parallel.run(corpus.size(), workers);
    } finally {
      ticker.shutdownNow();
      attacking.set(false);
      try {
        prober.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      links.forEach(RawHttp::close);
    }
    progress(String.format("  sent %,d / %,d: %d answers >= 500, %d hangs, %d closed",
        done.get(), corpus.size(), errors.get(), hung.get(), closed.get()));
    return new Attacked(nanos, during.get());
  }

  /** A failure: an answer of 500 or more, unless it is the protocol's own answer to this request (505). */
  private static boolean serverError(Attack attack, Outcome outcome) {
    return outcome.serverError() && outcome.status() != attack.proper5xx();
  }

  // ---- the report ----

  private void summary(List<Attack> corpus, Outcome[] outcomes, long attackNanos, long totalNanos, int serverErrors,
      int hangs, long storedAfterReject, long badReads) {
    int[] byFamily = new int[6];
    for (Outcome o : outcomes) {
      byFamily[o.result() == Outcome.Result.ANSWERED ? Math.min(5, o.status() / 100) : 0]++;
    }
    report.add("Target " + url + ", corpus seed " + seed + ": " + String.format("%,d", corpus.size()) + " requests in "
        + HostileCorpus.KINDS.size() + " classes, " + connections + " connections, timeout " + timeoutS + " s");
    report.add(String.format("Attack: %.1f s (%,.0f requests/s); whole run with baseline and checks: %.1f s",
        attackNanos / 1e9, corpus.size() / (attackNanos / 1e9), totalNanos / 1e9));
    report.add("");
    report.add(row("outcome", "requests"));
    report.add(row("---", "---"));
    report.add(row("1xx/2xx/3xx", f0(byFamily[1] + byFamily[2] + byFamily[3])));
    report.add(row("4xx", f0(byFamily[4])));
    report.add(row("**5xx**", f0(serverErrors)));
    report.add(row("5xx that are the protocol's own answer (505 to an unknown HTTP version)",
        f0(count(corpus, outcomes, (a, o) -> o.serverError() && !serverError(a, o)))));
    report.add(row("answered in another protocol (HTTP/2 to its preface)",
        f0(count(corpus, outcomes, (a, o) -> o.result() == Outcome.Result.FOREIGN))));
    report.add(row("closed without an answer", f0(count(corpus, outcomes, (a, o) -> o.result() == Outcome.Result.CLOSED))));
    report.add(row("**hang** (no answer in time, or no connection)", f0(hangs)));
    report.add(row("**statements stored after a 4xx/5xx**", f0(storedAfterReject)));
    report.add(row("**reads by id that failed** (5xx, hang, or an accepted statement missing)", f0(badReads)));
    report.add("");
    report.add(serverErrors + hangs + storedAfterReject + badReads == 0 ? "Verdict: PASS"
        : "Verdict: FAIL (" + serverErrors + " answers >= 500, " + hangs + " hangs, " + storedAfterReject
            + " statements stored after a refusal, " + badReads + " failed reads)");
  }

  /** Per class, the shapes that failed this way with their counts, then a few example requests and answers. */
  private void failures(List<Attack> corpus, Outcome[] outcomes, String title, BiPredicate<Attack, Outcome> failed) {
    int total = count(corpus, outcomes, failed);
    report.add("");
    report.add("## " + title + ": " + total);
    if (total == 0) {
      return;
    }
    for (String kind : HostileCorpus.KINDS) {
      Map<String, int[]> shapes = new LinkedHashMap<>(); // shape -> {failed, of, first failed index}
      List<Integer> examples = new ArrayList<>();
      int failedHere = 0;
      int requestsHere = 0;
      for (int i = 0; i < corpus.size(); i++) {
        Attack a = corpus.get(i);
        if (!a.kind().equals(kind)) {
          continue;
        }
        requestsHere++;
        int[] counts = shapes.computeIfAbsent(a.shape(), s -> new int[] {0, 0, -1});
        counts[1]++;
        if (failed.test(a, outcomes[i])) {
          if (counts[0]++ == 0) {
            counts[2] = i;
          }
          failedHere++;
          if (examples.size() < EXAMPLES && examples.stream().noneMatch(e -> corpus.get(e).shape().equals(a.shape()))) {
            examples.add(i);
          }
        }
      }
      if (failedHere == 0) {
        continue;
      }
      report.add("");
      report.add("### " + kind + ": " + failedHere + " of " + requestsHere);
      report.add(row("shape", "count", "of", "first answer"));
      report.add(row("---", "---", "---", "---"));
      shapes.entrySet().stream().filter(e -> e.getValue()[0] > 0)
          .sorted(Comparator.comparing((Map.Entry<String, int[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
          .forEach(e -> {
            Outcome first = outcomes[e.getValue()[2]];
            report.add(row(Attack.printable(e.getKey(), 120).replace("|", "\\|"), f0(e.getValue()[0]), f0(e.getValue()[1]),
                first.label() + " " + Attack.printable(first.answer(), 160).replace("|", "\\|")));
          });
      for (int i : examples) {
        Outcome o = outcomes[i];
        report.add("- `" + corpus.get(i).requestLine() + "` (" + Attack.printable(corpus.get(i).shape(), 120) + "), sent "
            + o.sentAt() + " → " + o.label() + " after " + ms2(o.millis()) + ": " + Attack.printable(o.answer(), 300));
      }
    }
  }

  /**
   * After the attack: the statements of refused requests must not be stored (after a request that got
   * no answer they may be: the server may have finished it later, so that is not counted), and those
   * of accepted requests must read back.
   */
  private void storedReport(List<Attack> corpus, Outcome[] outcomes, List<StatementCheck.Read> refused,
      List<StatementCheck.Read> accepted) {
    List<StatementCheck.Read> afterRefusal = refused.stream().filter(r -> outcomes[r.index()].rejected()).toList();
    List<StatementCheck.Read> afterNone = refused.stream().filter(r -> !outcomes[r.index()].rejected()).toList();
    report.add("");
    report.add("## Statements read back by id after the attack (GET /xapi/statements?statementId=…)");
    report.add(row("statements of", "read", "stored (200)", "absent (404)", "other answer"));
    report.add(row("---", "---", "---", "---", "---"));
    readRow("requests refused with 4xx/5xx (stored = **failure**)", afterRefusal);
    readRow("requests without an answer (stored is not counted)", afterNone);
    readRow("accepted requests (not stored = **failure**)", accepted);
    report.add(String.format("Of the refused: %,d carried \\u0000. Requests with \\u0000 accepted (2xx): %,d of %,d.",
        afterRefusal.stream().filter(r -> corpus.get(r.index()).carriesNul()).count(),
        IntStream.range(0, corpus.size()).filter(i -> corpus.get(i).carriesNul() && outcomes[i].accepted()).count(),
        corpus.stream().filter(Attack::carriesNul).count()));
    // the reads that matter, grouped by request shape and by what the request and the read answered
    Map<String, List<StatementCheck.Read>> groups = new TreeMap<>();
    for (List<StatementCheck.Read> reads : List.of(refused, accepted)) {
      for (StatementCheck.Read r : reads) {
        Outcome sent = outcomes[r.index()];
        boolean notable = sent.accepted() ? !r.stored() : !r.absent();
        if (notable) {
          Attack a = corpus.get(r.index());
          groups.computeIfAbsent(row(a.kind(), Attack.printable(a.shape(), 100).replace("|", "\\|"), sent.label(),
              r.outcome().label()), k -> new ArrayList<>()).add(r);
        }
      }
    }
    if (!groups.isEmpty()) {
      report.add("");
      report.add(row("class", "shape", "request answered", "read answered", "statements", "example (id, request sent, read sent)"));
      report.add(row("---", "---", "---", "---", "---", "---"));
      groups.forEach((cells, reads) -> {
        StatementCheck.Read r = reads.get(0);
        report.add(cells.substring(0, cells.length() - 2) + " | " + reads.size() + " | " + r.id() + ", "
            + outcomes[r.index()].sentAt() + ", " + r.outcome().sentAt() + " |");
      });
    }
  }

  private void readRow(String what, List<StatementCheck.Read> reads) {
    report.add(row(what, f0(reads.size()), f0(reads.stream().filter(StatementCheck.Read::stored).count()),
        f0(reads.stream().filter(StatementCheck.Read::absent).count()),
        f0(reads.stream().filter(r -> !r.stored() && !r.absent()).count())));
  }

  private void probeReport(Probe.Figures baseline, Probe.Figures during) {
    report.add("");
    report.add("## Probe: GET " + Probe.PATH + " every " + probeIntervalMs + " ms, one at a time, a new connection each");
    report.add(row("phase", "probes", "p50", "p99", "max", "not 200"));
    report.add(row("---", "---", "---", "---", "---", "---"));
    for (Map.Entry<String, Probe.Figures> phase : Map.of("baseline (" + BASELINE_MILLIS / 1000 + " s, probe alone)", baseline,
        "during the attack", during).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      Probe.Figures f = phase.getValue();
      report.add(row(phase.getKey(), f0(f.sent()), ms2(f.latencies().medianMillis()),
          ms2(f.latencies().percentileMillis(99)), ms2(f.latencies().percentileMillis(100)), f0(f.failures().size())));
    }
    during.failures().stream().limit(EXAMPLES).forEach(f -> report.add("- probe during the attack: " + f));
  }

  private void slowest(List<Attack> corpus, Outcome[] outcomes) {
    report.add("");
    report.add("## Slowest answered requests");
    report.add(row("class", "shape", "answer", "time"));
    report.add(row("---", "---", "---", "---"));
    java.util.stream.IntStream.range(0, corpus.size()).boxed()
        .filter(i -> outcomes[i].result() == Outcome.Result.ANSWERED)
        .sorted(Comparator.comparingLong((Integer i) -> -outcomes[i].nanos()))
        .limit(10)
        .forEach(i -> report.add(row(corpus.get(i).kind(), Attack.printable(corpus.get(i).shape(), 100),
            outcomes[i].label(), ms(outcomes[i].millis()))));
  }

  /** Per class: requests, each status code (or closed / hang) with its count, and the slowest. */
  private void perClass(List<Attack> corpus, Outcome[] outcomes) {
    report.add("");
    report.add("## Status codes per class");
    report.add(row("class", "requests", "5xx", "hangs", "closed", "answers", "slowest"));
    report.add(row("---", "---", "---", "---", "---", "---", "---"));
    for (String kind : HostileCorpus.KINDS) {
      Map<String, Integer> codes = new TreeMap<>();
      int n = 0;
      int errors = 0;
      int hangs = 0;
      int closed = 0;
      long slowest = 0;
      for (int i = 0; i < corpus.size(); i++) {
        if (!corpus.get(i).kind().equals(kind)) {
          continue;
        }
        Outcome o = outcomes[i];
        n++;
        errors += serverError(corpus.get(i), o) ? 1 : 0;
        hangs += o.hang() ? 1 : 0;
        closed += o.result() == Outcome.Result.CLOSED ? 1 : 0;
        codes.merge(o.label(), 1, Integer::sum);
        slowest = Math.max(slowest, o.nanos());
      }
      String answers = String.join(", ", codes.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).toList());
      report.add(row(kind, f0(n), f0(errors), f0(hangs), f0(closed), answers, ms(slowest / 1e6)));
    }
  }

  private static int count(List<Attack> corpus, Outcome[] outcomes, BiPredicate<Attack, Outcome> p) {
    int n = 0;
    for (int i = 0; i < outcomes.length; i++) {
      n += p.test(corpus.get(i), outcomes[i]) ? 1 : 0;
    }
    return n;
  }
}
