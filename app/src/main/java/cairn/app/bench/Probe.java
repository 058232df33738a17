package cairn.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The well-formed request {@code cairn bench hostile} sends beside its attack, one at a time, to see
 * what an ordinary client gets meanwhile: the ten statements of an agent of its own (seeded before
 * the baseline), {@code GET /xapi/statements?agent=…&limit=10}, version 2.0.0, HTTP Basic. Its own
 * agent, so that its answer stays the same size whatever the attack stores (the corpus stores
 * statements of megabytes, which a plain {@code limit=10} would return). Each probe opens a new
 * connection: Vert.x hands new connections to its event loops in turn, so the probes visit every
 * loop, and one that an attack blocks shows in the latencies (a kept-alive probe would sit on one
 * loop and might never see it).
 */
final class Probe {
  static final String AGENT = "{\"mbox\":\"mailto:probe@bench.example\"}";
  static final String PATH = "/xapi/statements?agent="
      + java.net.URLEncoder.encode(AGENT, StandardCharsets.UTF_8) + "&limit=10";
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

  /** Stores the ten statements the probe reads (new ids each run). */
  static void seed(String baseUrl, String authorization) {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"actor\":").append(AGENT)
          .append(",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"},")
          .append("\"object\":{\"id\":\"https://bench.example/probe/").append(i).append("\"}}");
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/xapi/statements"))
        .header("Authorization", authorization).header("X-Experience-API-Version", "2.0.0")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new BenchException("Seeding the probe's statements answered " + response.statusCode() + ": "
            + response.body());
      }
    } catch (java.io.IOException e) {
      throw new BenchException("Seeding the probe's statements failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("Interrupted");
    }
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
