package cairn.progression;

import cairn.progression.audit.AuditRoutes;
import cairn.progression.cohorts.CohortRoutes;
import cairn.progression.dashboards.DashboardPages;
import cairn.progression.frameworks.FrameworkRoutes;
import cairn.progression.ladders.LadderRoutes;
import cairn.progression.pages.MentoringPages;
import cairn.progression.pages.ProgressPages;
import cairn.progression.people.PeopleRoutes;
import cairn.progression.rules.RuleRoutes;
import cairn.web.Json;
import cairn.web.auth.Directory;
import cairn.web.records.LearningRecords;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Cairn's progression API under {@code /api/v1} (described in Cairn's OpenAPI document, {@code app}'s
 * {@code openapi/cairn.yaml}): frameworks, rules, ladders, people and progress, cohorts, the audit log
 * and the mapper's status.
 * Mounted by the LRS verticle after its {@code /api/v1} authentication and body handling.
 */
public final class ProgressionRoutes {
  /**
   * The cursor, how many committed statements wait (counted up to 10,000), and the stored time of
   * the oldest of them (among those 10,000, the first in commit order): the mapper's lag is its age.
   * Capped so that polling the status of a mapper far behind stays cheap (a few ms, not 70).
   */
  private static final String STATUS = """
      select c.consumer, c.processed, c.last_stored, c.updated, p.behind, p.oldest,
             extract(epoch from now() - p.oldest) * 1000 as lag_ms
      from progression.feed_cursors c
      cross join lateral (select count(*) as behind, min(x.stored) as oldest
                          from (select f.stored from lrs.statement_feed f
                                where f.tx >= c.horizon and (f.tx, f.seq) > (c.last_tx, c.last_seq)
                                order by f.tx, f.seq limit 10000) x) p
      where c.consumer = $1""";

  private final Pool pool;
  private final ProgressionOptions options;
  private final PeopleRoutes people;

  public ProgressionRoutes(Pool pool, ProgressionOptions options) {
    this.pool = pool;
    this.options = options;
    this.people = new PeopleRoutes(pool, options);
  }

  public void mount(Router router) {
    new FrameworkRoutes(pool).mount(router);
    new RuleRoutes(pool).mount(router);
    new LadderRoutes(pool).mount(router);
    people.mount(router);
    new CohortRoutes(pool, options, people.store()).mount(router);
    new AuditRoutes(pool).mount(router);
    router.get("/api/v1/progression/status").handler(this::status);
  }

  /**
   * The self-service routes ({@code GET /api/v1/me/progress}), for the application to mount behind
   * the session handlers, before the admin API's authentication.
   */
  public void mountSelfService(Router router) {
    people.mountSelfService(router);
  }

  /**
   * The signed-in person's progress page ({@code GET /my/progress}) and the dashboards
   * ({@code GET /dashboards/team}, {@code /dashboards/organisation}), for the application to mount
   * behind the pages' session handlers; {@code records} names the activities and statements shown.
   */
  public void mountPages(Router router, LearningRecords records) {
    new ProgressPages(pool, people, records).mount(router);
    new MentoringPages(pool, options, people.directory()).mount(router);
    new DashboardPages(pool, options, people.store()).mount(router);
  }

  /**
   * The dashboards' scripts ({@code /dashboards/assets/*}), the same for everyone: for the application
   * to mount before the pages' session handlers.
   */
  public void mountPageAssets(Router router) {
    DashboardPages.mountAssets(router);
  }

  /** Who a signed-in caller is in the people directory, for the other features. */
  public Directory directory() {
    return people.directory();
  }

  private void status(RoutingContext ctx) {
    pool.preparedQuery(STATUS).execute(Tuple.of(options.consumer()))
        .onSuccess(rows -> {
          ObjectNode body = Json.MAPPER.createObjectNode().put("consumer", options.consumer());
          if (rows.size() > 0) {
            Row r = rows.iterator().next();
            body.put("processed", r.getLong("processed")).put("behind", r.getLong("behind"))
                .put("oldestWaiting", instant(r, "oldest"))
                .put("lagMs", r.getValue("lag_ms") == null ? 0 : Math.max(0, Math.round(r.getDouble("lag_ms"))))
                .put("lastStored", instant(r, "last_stored"))
                .put("updated", instant(r, "updated"));
          } else {
            body.put("processed", 0).put("note", "The mapper has not started.");
          }
          Http.json(ctx, body);
        })
        .onFailure(ctx::fail);
  }

  private static String instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant().toString();
  }
}
