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

/**
 * {@code GET /api/v1/me/mentoring}, for a signed-in mentor: the mentoring sessions they gave, newest
 * first, each with its competency, its documented outcome (whether the session statement records
 * one) and whether — and when — the mentee then showed new evidence on that competency, which is
 * what makes a session count toward the ladders' mentoring requirements; and the totals of that
 * credit. The mentee appears by their directory name only: never their evidence or any other part of
 * their record. At most the newest 1,000 sessions.
 */
final class MentoringRoutes {
  private final Mentoring mentoring;
  private final PeopleStore people;

  MentoringRoutes(Pool pool, ProgressionOptions options, PeopleStore people) {
    this.mentoring = new Mentoring(pool, options.consumer());
    this.people = people;
  }

  void mount(Router router) {
    router.get("/api/v1/me/mentoring").handler(this::sessions);
  }

  private void sessions(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.MENTOR);
    people.directory().personOf(caller)
        .compose(person -> mentoring.sessions(person, true))
        .onSuccess(sessions -> {
          ObjectNode body = Json.MAPPER.createObjectNode();
          ArrayNode given = body.putArray("sessionsGiven");
          int recorded = 0;
          int counted = 0;
          for (Mentoring.Session s : sessions) {
            given.addObject()
                .put("session", s.key())
                .put("competency", s.competency())
                .put("at", s.at().toString())
                .put("statementId", s.statementId().toString())
                .put("mentee", s.counterpart() == null ? "someone outside the directory" : s.counterpart())
                .put("outcomeRecorded", s.recorded())
                .put("menteeShowedEvidenceAt", s.evidenceShownAt() == null ? null : s.evidenceShownAt().toString());
            recorded += s.recorded() ? 1 : 0;
            counted += s.evidenceShownAt() == null ? 0 : 1;
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
}
