package cairn.progression.feed;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Statements taken out of the statement log (erased at a person's request), in one consumer's
 * facts: what a voiding does to its target's facts, but without remembering the statement as
 * voided — it is simply no longer in the log, as if it had never been. Facts whose last live
 * statement went are dropped, the others name their earliest remaining statement, sessions'
 * outcomes are brought up to date, and the persons whose derived state may change are answered for
 * the caller to mark dirty. The facts are then what a recompute from the remaining log makes (the
 * set semantics of {@code fact_statements}, see docs/progression.md). The caller holds the
 * consumers' cursors, so no round runs meanwhile.
 */
public final class Retraction {
  /** Remembered voidings whose voiding statement is no longer in the log are forgotten. */
  private static final String FORGET_VOIDED = """
      delete from progression.voided v where v.consumer = $1 and v.statement_id = any($2::uuid[])
        and not exists (select 1 from lrs.statement_feed f where f.voided_target = v.statement_id)""";

  private Retraction() {}

  /**
   * Retracts the statements {@code ids} (no longer in the log) from consumer {@code consumer}'s
   * facts; {@code voidedTargets}: the statements that those of them that were voiding statements
   * voided. Answers the IFIs and person ids whose derived state may change.
   */
  public static Future<Touched> statementsErased(SqlConnection conn, String consumer, List<UUID> ids,
      List<UUID> voidedTargets) {
    Touched touched = new Touched(new LinkedHashSet<>(), new LinkedHashSet<>());
    Set<Derivation.EvidenceChange> evidence = new LinkedHashSet<>();
    Future<Void> forget = voidedTargets.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(FORGET_VOIDED).execute(Tuple.of(consumer, (Object) voidedTargets.toArray(UUID[]::new)))
            .mapEmpty();
    if (ids.isEmpty()) {
      return forget.map(touched);
    }
    return forget
        .compose(v -> conn.preparedQuery(FeedSql.RETRACT).execute(Tuple.of(consumer, (Object) ids.toArray(UUID[]::new))))
        .compose(retracted -> {
          Set<String> hex = new LinkedHashSet<>();
          java.util.List<Buffer> contents = new java.util.ArrayList<>();
          for (Row r : retracted) {
            Buffer hash = r.getBuffer("content_hash");
            if (hex.add(java.util.HexFormat.of().formatHex(hash.getBytes()))) {
              contents.add(hash);
            }
          }
          if (contents.isEmpty()) {
            return Future.succeededFuture(touched);
          }
          Tuple byContent = Tuple.of(consumer, (Object) contents.toArray(Buffer[]::new));
          return conn.preparedQuery(FeedSql.DROP_ORPHANS).execute(byContent)
              .compose(dropped -> {
                collect(dropped, touched, evidence);
                return conn.preparedQuery(FeedSql.REPRESENT).execute(byContent);
              })
              .compose(represented -> {
                collect(represented, touched, evidence);
                return conn.preparedQuery(FeedSql.OUTCOMES_OF_CONTENTS).execute(byContent);
              })
              .compose(mentors -> {
                mentors.forEach(r -> touched.persons().add(r.getString("person_id")));
                return evidence.isEmpty() ? Future.succeededFuture(touched)
                    : conn.preparedQuery(FeedSql.OUTCOMES_OF_EVIDENCE).execute(Tuple.of(consumer,
                        evidence.stream().map(Derivation.EvidenceChange::ifi).toArray(String[]::new),
                        evidence.stream().map(Derivation.EvidenceChange::competency).toArray(String[]::new)))
                        .map(more -> {
                          more.forEach(r -> touched.persons().add(r.getString("person_id")));
                          return touched;
                        });
              });
        });
  }

  private static void collect(RowSet<Row> rows, Touched touched, Set<Derivation.EvidenceChange> evidence) {
    for (Row row : rows) {
      touched.ifis().add(row.getString("subject"));
      if (row.getString("other") != null) {
        touched.ifis().add(row.getString("other"));
      }
      if (row.getString("kind").equals("evidence")) {
        evidence.add(new Derivation.EvidenceChange(row.getString("subject"), row.getString("competency")));
      }
    }
  }

  /** IFIs whose facts changed, and persons (mentors) whose sessions' outcomes moved. */
  public record Touched(Set<String> ifis, Set<String> persons) {}
}
