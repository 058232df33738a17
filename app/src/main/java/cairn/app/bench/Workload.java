package cairn.app.bench;

import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The statements the benchmark sends, from two generated organisations: the main one (thousands of
 * learners) and a small "cohort" of 100 learners whose agents the query phase asks for. The cohort
 * makes the first, small store (so its agents have full pages of 50 there) and keeps learning
 * while the store grows, one statement in 30. Each statement is used once.
 */
final class Workload {
  static final int COHORT_SHARE = 30;

  private final Iterator<ObjectNode> main;
  private final Iterator<ObjectNode> cohort;
  private final StoredRow.Maker maker;
  private long mixed;

  Workload(long seed, int learners, StoredRow.Maker maker) {
    LocalDate start = LocalDate.of(2024, 1, 1);
    GeneratorOptions options = GeneratorOptions.defaults(seed)
        .withLearners(learners, Math.max(1, learners / 20)).withPeriod(start, 120);
    GeneratorOptions cohortOptions = GeneratorOptions.defaults(seed + 1)
        .withLearners(100, 5).withPeriod(start, 120).withDomain("cohort.northwind.example");
    this.main = new StatementGenerator(options).iterator();
    this.cohort = new StatementGenerator(cohortOptions).iterator();
    this.maker = maker;
  }

  StoredRow.Maker maker() {
    return maker;
  }

  synchronized List<ObjectNode> cohort(int n) {
    return take(cohort, n);
  }

  synchronized List<ObjectNode> main(int n) {
    return take(main, n);
  }

  /** The filler's mix: the main organisation, with every 30th statement from the cohort. */
  synchronized List<ObjectNode> mixed(int n) {
    List<ObjectNode> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add((mixed++ % COHORT_SHARE == 0 ? cohort : main).next());
    }
    return list;
  }

  /** The next {@code n} statements of a generator; running out is a {@link BenchException}. */
  static List<ObjectNode> take(Iterator<ObjectNode> it, int n) {
    List<ObjectNode> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!it.hasNext()) {
        throw new BenchException("the generator ran out of statements; ask for fewer");
      }
      list.add(it.next());
    }
    return list;
  }

  /** Statements split into batches, each serialised as the JSON array an LMS would POST. */
  /** Each statement as the body of a request of its own, UTF-8 JSON. */
  static List<byte[]> jsonBodies(List<ObjectNode> statements) {
    return statements.stream().map(s -> s.toString().getBytes(StandardCharsets.UTF_8)).toList();
  }

  static List<byte[]> jsonBatches(List<ObjectNode> statements, int batch) {
    List<byte[]> batches = new ArrayList<>();
    for (int from = 0; from < statements.size(); from += batch) {
      StringBuilder json = new StringBuilder(batch * 1400).append('[');
      for (int i = from; i < Math.min(statements.size(), from + batch); i++) {
        json.append(i == from ? "" : ",").append(statements.get(i));
      }
      batches.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
    return batches;
  }

  List<List<StoredRow>> rowBatches(List<ObjectNode> statements, int batch) {
    List<List<StoredRow>> batches = new ArrayList<>();
    for (int from = 0; from < statements.size(); from += batch) {
      List<StoredRow> rows = new ArrayList<>(batch);
      for (int i = from; i < Math.min(statements.size(), from + batch); i++) {
        rows.add(maker.make(statements.get(i)));
      }
      batches.add(rows);
    }
    return batches;
  }
}
