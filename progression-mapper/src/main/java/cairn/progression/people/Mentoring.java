package cairn.progression.people;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A person's mentoring sessions, from the mapper's session facts (one per session, its two statements
 * — the mentor's "mentored", the mentee's "attended" — taken together): the sessions they gave or
 * received, newest first, at most 1,000. What {@code GET /api/v1/me/mentoring} and the page
 * {@code /my/mentoring} show.
 */
public final class Mentoring {
  /** $1 consumer, $2 person, $3 'gave' (the person is the mentor) or 'received' (the mentee). */
  private static final String SESSIONS = """
      select * from (
        select distinct on (f.session_key) f.session_key, f.competency, f.at, f.statement_id,
               bool_or(f.positive) over (partition by f.session_key) as recorded, f.outcome_at, p.name as counterpart
        from progression.facts f
        left join progression.person_ifis i on i.ifi = (case when $3 = 'gave' then f.other else f.subject end)
        left join progression.people p on p.person_id = i.person_id
        where f.consumer = $1 and f.kind = 'session'
          and (case when $3 = 'gave' then f.subject else f.other end)
              in (select ifi from progression.person_ifis where person_id = $2)
        order by f.session_key, f.at, f.statement_id) s
      order by s.at desc, s.statement_id limit 1000""";

  /**
   * One session.
   *
   * @param counterpart the other person's directory name, null when they are not in the directory
   * @param recorded whether the session statement records an outcome
   * @param evidenceShownAt when the mentee first showed new evidence on the competency after it (what
   *     makes the session count toward a ladder), null if not yet
   */
  public record Session(String key, String competency, Instant at, UUID statementId, String counterpart,
      boolean recorded, Instant evidenceShownAt) {}

  private final Pool pool;
  private final String consumer;

  public Mentoring(Pool pool, String consumer) {
    this.pool = pool;
    this.consumer = consumer;
  }

  /** The sessions {@code person} gave ({@code gave}) or received. */
  public Future<List<Session>> sessions(String person, boolean gave) {
    return pool.preparedQuery(SESSIONS).execute(Tuple.of(consumer, person, gave ? "gave" : "received")).map(rows -> {
      List<Session> list = new ArrayList<>();
      for (Row row : rows) {
        list.add(new Session(row.getString("session_key"), row.getString("competency"), instant(row.getOffsetDateTime("at")),
            row.getUUID("statement_id"), row.getString("counterpart"), row.getBoolean("recorded"),
            instant(row.getOffsetDateTime("outcome_at"))));
      }
      return list;
    });
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
