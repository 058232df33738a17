package cairn.progression.people;

import cairn.progression.Http;
import cairn.progression.ProgressionOptions;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * {@code GET /api/v1/me/mentoring}, for a signed-in mentor: the mentoring sessions they gave, newest
 * first, each with its competency, its documented outcome (whether the session statement records
 * one) and whether — and when — the mentee then showed new evidence on that competency, which is
 * what makes a session count toward the ladders' mentoring requirements; and the totals of that
 * credit. The mentee appears by their directory name only: never their evidence or any other part of
 * their record. At most the newest 1,000 sessions.
 */
final class MentoringRoutes {
  private static final String SESSIONS = """
      select * from (
        select distinct on (f.session_key) f.session_key, f.competency, f.at, f.statement_id,
               bool_or(f.positive) over (partition by f.session_key) as recorded, f.outcome_at, p.name as mentee
        from progression.facts f
        left join progression.person_ifis i on i.ifi = f.other
        left join progression.people p on p.person_id = i.person_id
        where f.consumer = $1 and f.kind = 'session'
          and f.subject in (select ifi from progression.person_ifis where person_id = $2)
        order by f.session_key, f.at, f.statement_id) s
      order by s.at desc, s.statement_id limit 1000""";

  private final Pool pool;
  private final ProgressionOptions options;
  private final PeopleStore people;

  MentoringRoutes(Pool pool, ProgressionOptions options, PeopleStore people) {
    this.pool = pool;
    this.options = options;
    this.people = people;
  }

  void mount(Router router) {
    router.get("/api/v1/me/mentoring").handler(this::sessions);
  }

  private void sessions(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.MENTOR);
    people.directory().personOf(caller)
        .compose(person -> pool.preparedQuery(SESSIONS).execute(Tuple.of(options.consumer(), person)))
        .onSuccess(rows -> {
          ObjectNode body = Json.MAPPER.createObjectNode();
          ArrayNode given = body.putArray("sessionsGiven");
          int recorded = 0;
          int counted = 0;
          for (Row row : rows) {
            ObjectNode session = given.addObject()
                .put("session", row.getString("session_key"))
                .put("competency", row.getString("competency"))
                .put("at", instant(row.getOffsetDateTime("at")))
                .put("statementId", row.getUUID("statement_id").toString())
                .put("mentee", row.getString("mentee") == null ? "someone outside the directory" : row.getString("mentee"))
                .put("outcomeRecorded", row.getBoolean("recorded"))
                .put("menteeShowedEvidenceAt", instant(row.getOffsetDateTime("outcome_at")));
            recorded += row.getBoolean("recorded") ? 1 : 0;
            counted += session.get("menteeShowedEvidenceAt").isNull() ? 0 : 1;
          }
          body.putObject("credit")
              .put("sessionsGiven", given.size())
              .put("withRecordedOutcome", recorded)
              .put("counting", counted)
              .put("rule", "A session counts toward a ladder's mentoring requirement once the mentee shows new "
                  + "evidence on the coached competency after it.");
          Http.json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
