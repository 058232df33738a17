package cairn.progression.cohorts;

import cairn.progression.Http;
import cairn.progression.ProgressionOptions;
import cairn.progression.people.PeopleStore;
import cairn.web.auth.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** {@code GET /api/v1/cohorts}: the cohort view ({@link Cohorts}) as JSON. */
public final class CohortRoutes {
  private final Cohorts cohorts;

  public CohortRoutes(Pool pool, ProgressionOptions options, PeopleStore people) {
    this.cohorts = new Cohorts(pool, options, people);
  }

  public void mount(Router router) {
    router.get("/api/v1/cohorts").handler(this::view);
  }

  private void view(RoutingContext ctx) {
    cohorts.answer(Caller.current(ctx), ctx.request().getParam("by", "team"), ctx.request().getParam("framework"),
            ctx.request().getParam("ladder"))
        .onSuccess(body -> Http.json(ctx, body))
        .onFailure(ctx::fail);
  }
}
