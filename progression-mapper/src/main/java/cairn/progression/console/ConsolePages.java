package cairn.progression.console;

import cairn.progression.ProgressionOptions;
import cairn.progression.people.PeopleStore;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * The admin console's progression sections, for L&D admins: frameworks ({@link FrameworkPages}),
 * evidence rules and ladders ({@link DefinitionPages}), the people directory ({@link PeoplePages}) and
 * the mapper's status ({@link MapperPage}). Every change goes through the same store code as the
 * admin API and is audited with the signed-in actor ({@code account:ID}). Mounted by the application
 * behind the pages' session, CSRF check and a form body handler that takes uploads.
 */
public final class ConsolePages {
  private final FrameworkPages frameworks;
  private final DefinitionPages definitions;
  private final PeoplePages people;
  private final MapperPage mapper;

  public ConsolePages(Pool pool, ProgressionOptions options, PeopleStore store) {
    this.frameworks = new FrameworkPages(pool);
    this.definitions = new DefinitionPages(pool);
    this.people = new PeoplePages(store);
    this.mapper = new MapperPage(pool, options.consumer());
  }

  public void mount(Router router) {
    router.get("/admin/frameworks").handler(frameworks::list);
    router.post("/admin/frameworks").handler(frameworks::importPackage);
    router.get("/admin/frameworks/:id").handler(frameworks::detail);
    router.get("/admin/rules").handler(definitions::rulesList);
    router.get("/admin/rules/:id").handler(definitions::rulesPage);
    router.post("/admin/rules/:id").handler(definitions::rulesSave);
    router.get("/admin/ladders").handler(definitions::laddersList);
    router.post("/admin/ladders").handler(definitions::ladderCreate);
    router.get("/admin/ladders/:id").handler(definitions::ladderPage);
    router.post("/admin/ladders/:id").handler(definitions::ladderSave);
    router.get("/admin/people").handler(people::list);
    router.post("/admin/people/preview").handler(people::preview);
    router.post("/admin/people/import").handler(people::confirm);
    router.get("/admin/mapper").handler(mapper::page);
  }
}
