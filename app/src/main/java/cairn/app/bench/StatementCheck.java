package cairn.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * Reads statements of the corpus back by id ({@code GET /xapi/statements?statementId=…}, well-formed,
 * over {@link RawHttp} with the bench's timeout, so a read that hangs shows as one): before the
 * attack, to make sure the store holds none of them yet (the ids come from the seed, so a second
 * run with one seed against one store would find the first run's); after it, to see that a refused
 * request left nothing behind and that an accepted statement can be read.
 */
final class StatementCheck {
  private final String host;
  private final int port;
  private final String authorization;
  private final long timeoutMillis;
  private final int connections;

  /** One statement id of one request, and what the read answered. */
  record Read(int index, UUID id, Outcome outcome) {
    boolean stored() {
      return outcome.result() == Outcome.Result.ANSWERED && outcome.status() == 200;
    }

    boolean absent() {
      return outcome.result() == Outcome.Result.ANSWERED && outcome.status() == 404;
    }
  }

  StatementCheck(String host, int port, String authorization, long timeoutMillis, int connections) {
    this.host = host;
    this.port = port;
    this.authorization = authorization;
    this.timeoutMillis = timeoutMillis;
    this.connections = connections;
  }

  /** Reads every statement id of the requests {@code which} selects (by corpus index). */
  List<Read> read(List<Attack> corpus, java.util.function.IntPredicate which) {
    List<int[]> wanted = new ArrayList<>(); // {corpus index, id index}
    for (int i = 0; i < corpus.size(); i++) {
      if (which.test(i)) {
        for (int j = 0; j < corpus.get(i).statementIds().size(); j++) {
          wanted.add(new int[] {i, j});
        }
      }
    }
    Read[] reads = new Read[wanted.size()];
    List<RawHttp> links = new ArrayList<>();
    List<IntConsumer> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      RawHttp http = new RawHttp(host, port, timeoutMillis);
      links.add(http);
      workers.add(k -> {
        int i = wanted.get(k)[0];
        UUID id = corpus.get(i).statementIds().get(wanted.get(k)[1]);
        Attack get = Attack.get("check", host + ":" + port, authorization, "/xapi/statements?statementId=" + id, false);
        reads[k] = new Read(i, id, http.send(get));
      });
    }
    try {
      Parallel.run(wanted.size(), workers);
    } finally {
      links.forEach(RawHttp::close);
    }
    return List.of(reads);
  }
}
