package cairn.progression.cohorts;

import cairn.progression.Http;
import cairn.progression.ProgressionOptions;
import cairn.progression.people.PeopleStore;
import cairn.web.auth.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Team and cohort views over HTTP: {@code GET /api/v1/cohorts}, {@code GET /api/v1/cohorts/history}
 * and {@code POST /api/v1/cohorts/snapshots}, answered by {@link Cohorts}. There are deliberately no
 * free filters, since a filtered answer minus an unfiltered one is a classic way to single one out:
 * a manager's population is fixed by the directory, not by the request.
 */
public final class CohortRoutes {
  private final Cohorts cohorts;

  public CohortRoutes(Pool pool, ProgressionOptions options, PeopleStore people) {
    this.cohorts = new Cohorts(pool, options, people);
  }

  /** The service behind the routes, for pages that show the same numbers. */
  public Cohorts cohorts() {
    return cohorts;
  }

  public void mount(Router router) {
    router.get("/api/v1/cohorts").handler(this::view);
    router.get("/api/v1/cohorts/history").handler(this::history);
    router.post("/api/v1/cohorts/snapshots").handler(this::snapshot);
  }

  private void view(RoutingContext ctx) {
    cohorts.answer(Caller.current(ctx), ctx.request().getParam("by"), ctx.request().getParam("framework"),
            ctx.request().getParam("ladder"))
        .onSuccess(body -> Http.json(ctx, body))
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    cohorts.history(Caller.current(ctx), ctx.request().getParam("by"), ctx.request().getParam("ladder"))
        .onSuccess(body -> Http.json(ctx, body))
        .onFailure(ctx::fail);
  }

  private void snapshot(RoutingContext ctx) {
    cohorts.snapshot(Http.actor(ctx)).onSuccess(body -> Http.json(ctx, 201, body)).onFailure(ctx::fail);
  }
}
