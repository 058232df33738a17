package cairn.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The well-formed request {@code cairn bench hostile} sends beside its attack, one at a time, to see
 * what an ordinary client gets meanwhile: {@code GET /xapi/statements?limit=10}, version 2.0.0, HTTP
 * Basic. Each probe opens a new connection: Vert.x hands new connections to its event loops in
 * turn, so the probes visit every loop, and one that an attack blocks shows in the latencies (a
 * kept-alive probe would sit on one loop and might never see it).
 */
final class Probe {
  static final String PATH = "/xapi/statements?limit=10";
  /** Long, so that a blocked server shows how long it was blocked rather than a cut-off. */
  private static final long TIMEOUT_MILLIS = 60_000;

  private final RawHttp http;
  private final Attack request;
  private final long intervalMillis;

  /** The latencies of the probes of one phase, and those that did not get a 200. */
  record Figures(Latencies latencies, int sent, List<String> failures) {}

  Probe(String host, int port, String authorization, long intervalMillis) {
    this.http = new RawHttp(host, port, TIMEOUT_MILLIS);
    this.request = Attack.get("probe", host + ":" + port, authorization, PATH, true);
    this.intervalMillis = intervalMillis;
  }

  /** Probes every interval (or back to back when a probe takes longer) until {@code done} says so. */
  Figures run(BooleanSupplier done) {
    Latencies latencies = new Latencies();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    while (!done.getAsBoolean()) {
      long start = System.nanoTime();
      Outcome outcome = http.send(request);
      sent++;
      latencies.add(outcome.nanos());
      if (outcome.status() != 200) {
        failures.add(String.format("%s after %s: %s", outcome.label(), Out.ms(outcome.millis()),
            Attack.printable(outcome.answer(), 200)));
      }
      Out.sleep(intervalMillis - (System.nanoTime() - start) / 1_000_000);
    }
    return new Figures(latencies, sent, failures);
  }
}
