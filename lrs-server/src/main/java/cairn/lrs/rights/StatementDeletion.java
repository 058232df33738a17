package cairn.lrs.rights;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.List;

/**
 * Deleting stored statements, for erasure and retention alike: their index rows and the statements
 * ({@link #statements}), then the attachment contents no remaining statement refers to
 * ({@link #orphanedAttachments}; contents are shared by sha2 between statements, so this waits until
 * every deletion of a run is done). On the caller's connection and transaction.
 */
final class StatementDeletion {
  private static final String ATTACHMENTS_OF = """
      select distinct a->>'sha2' as sha2 from lrs.statements s
      cross join lateral jsonb_array_elements(case when jsonb_typeof(s.body->'attachments') = 'array'
                                                   then s.body->'attachments' else '[]'::jsonb end) a
      where s.seq = any($1::bigint[]) and a->>'sha2' is not null""";
  private static final String DELETE_AGENTS = "delete from lrs.statement_agents where seq = any($1::bigint[])";
  private static final String DELETE_ACTIVITIES = "delete from lrs.statement_activities where seq = any($1::bigint[])";
  private static final String DELETE_STATEMENTS = "delete from lrs.statements where seq = any($1::bigint[])";
  private static final String DELETE_ATTACHMENTS = """
      delete from lrs.attachments t where t.sha2 = any($1::text[]) and not exists (
        select 1 from lrs.statements s where s.body->'attachments' @> jsonb_build_array(jsonb_build_object('sha2', t.sha2)))""";

  private StatementDeletion() {}

  /** Deletes the statements with these seqs and their index rows; adds their attachments' sha2 to {@code shas}. */
  static Future<Void> statements(SqlConnection conn, List<Long> seqs, Collection<String> shas) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple bySeq = Tuple.of((Object) seqs.toArray(Long[]::new));
    return conn.preparedQuery(ATTACHMENTS_OF).execute(bySeq)
        .compose(rows -> {
          rows.forEach(r -> shas.add(r.getString("sha2")));
          return conn.preparedQuery(DELETE_AGENTS).execute(bySeq);
        })
        .compose(r -> conn.preparedQuery(DELETE_ACTIVITIES).execute(bySeq))
        .compose(r -> conn.preparedQuery(DELETE_STATEMENTS).execute(bySeq))
        .mapEmpty();
  }

  /** Deletes those of the attachment contents {@code shas} that no statement refers to; answers how many. */
  static Future<Integer> orphanedAttachments(SqlConnection conn, Collection<String> shas) {
    return shas.isEmpty() ? Future.succeededFuture(0)
        : conn.preparedQuery(DELETE_ATTACHMENTS).execute(Tuple.of((Object) shas.toArray(String[]::new)))
            .map(r -> r.rowCount());
  }
}
