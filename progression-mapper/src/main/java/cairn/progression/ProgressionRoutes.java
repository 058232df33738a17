package cairn.progression;

import cairn.progression.audit.AuditRoutes;
import cairn.progression.cohorts.CohortRoutes;
import cairn.progression.console.ConsolePages;
import cairn.progression.dashboards.DashboardPages;
import cairn.progression.frameworks.FrameworkRoutes;
import cairn.progression.ladders.LadderRoutes;
import cairn.progression.pages.MentoringPages;
import cairn.progression.pages.ProgressPages;
import cairn.progression.people.PeopleRoutes;
import cairn.progression.rules.RuleRoutes;
import cairn.web.auth.Directory;
import cairn.web.records.LearningRecords;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Cairn's progression API under {@code /api/v1} (described in Cairn's OpenAPI document, {@code app}'s
 * {@code openapi/cairn.yaml}): frameworks, rules, ladders, people and progress, cohorts, the audit log
 * and the mapper's status.
 * Mounted by the LRS verticle after its {@code /api/v1} authentication and body handling.
 */
public final class ProgressionRoutes {
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

  /**
   * The admin console's progression sections ({@code /admin/frameworks}, {@code /admin/rules},
   * {@code /admin/ladders}, {@code /admin/people}, {@code /admin/mapper}), for the application to
   * mount behind the pages' session handlers, with a form body limit that takes the uploads.
   */
  public void mountConsole(Router router) {
    new ConsolePages(pool, options, people.store()).mount(router);
  }

  /** Who a signed-in caller is in the people directory, for the other features. */
  public Directory directory() {
    return people.directory();
  }

  private void status(RoutingContext ctx) {
    MapperStatus.read(pool, options.consumer()).onSuccess(body -> Http.json(ctx, body)).onFailure(ctx::fail);
  }
}
