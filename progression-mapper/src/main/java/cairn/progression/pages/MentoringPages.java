package cairn.progression.pages;

import cairn.progression.ProgressionOptions;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import cairn.web.auth.Role;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /my/mentoring}: the mentoring sessions the signed-in person received (every person) and,
 * for a mentor, the sessions they gave — each with its competency, date, whether its statement records
 * an outcome, and when the mentee then showed new evidence on that competency, which is what makes a
 * session count toward a ladder's mentoring requirement (the credit). The other person of a session
 * appears by their directory name only. The same facts as {@code GET /api/v1/me/mentoring}.
 */
public final class MentoringPages {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      MentoringPages.class.getClassLoader(), "cairn.progression.pages.jte");
  /** Sessions of the person ($2) on one side ($3: 'subject' gave, 'other' received), newest first. */
  private static final String SESSIONS = """
      select * from (
        select distinct on (f.session_key) f.session_key, f.competency, f.at,
               bool_or(f.positive) over (partition by f.session_key) as recorded, f.outcome_at, p.name as counterpart
        from progression.facts f
        left join progression.person_ifis i on i.ifi = (case when $3 = 'subject' then f.other else f.subject end)
        left join progression.people p on p.person_id = i.person_id
        where f.consumer = $1 and f.kind = 'session'
          and (case when $3 = 'subject' then f.subject else f.other end)
              in (select ifi from progression.person_ifis where person_id = $2)
        order by f.session_key, f.at, f.statement_id) s
      order by s.at desc limit 1000""";

  private final Pool pool;
  private final ProgressionOptions options;
  private final Directory directory;

  public MentoringPages(Pool pool, ProgressionOptions options, Directory directory) {
    this.pool = pool;
    this.options = options;
    this.directory = directory;
  }

  public void mount(Router router) {
    router.get("/my/mentoring").handler(this::page);
  }

  /** The page's model: sessions received, and given (null when the person is no mentor). */
  public record MentoringPage(List<Session> received, List<Session> given, long counting) {}

  /** One session as a line: the competency, the other person, when, the outcome and whether it counts. */
  public record Session(String competency, String counterpart, String date, boolean recorded, String evidenceShown) {}

  private void page(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Caller caller = Caller.current(ctx).get();
    boolean mentor = caller.has(Role.MENTOR);
    directory.personOf(caller)
        .compose(person -> sessions(person, "other").compose(received -> (mentor ? sessions(person, "subject")
            : io.vertx.core.Future.succeededFuture((List<Session>) null))
            .map(given -> new MentoringPage(received, given,
                given == null ? 0 : given.stream().filter(s -> s.evidenceShown() != null).count()))))
        .onSuccess(page -> render(ctx, output -> ENGINE.render("mentoring.jte", page, output)))
        .onFailure(e -> {
          if (e instanceof ApiException api && api.status() == 404) {
            render(ctx, output -> ENGINE.render("not-linked.jte", Map.<String, Object>of(), output));
          } else {
            ctx.fail(e);
          }
        });
  }

  private io.vertx.core.Future<List<Session>> sessions(String person, String side) {
    return pool.preparedQuery(SESSIONS).execute(Tuple.of(options.consumer(), person, side)).map(rows -> {
      List<Session> list = new ArrayList<>();
      for (Row row : rows) {
        list.add(new Session(ProgressPages.name(null, row.getString("competency")),
            row.getString("counterpart") == null ? Text.get("mentoring.outsideDirectory") : row.getString("counterpart"),
            Text.date(row.getOffsetDateTime("at").toInstant()), row.getBoolean("recorded"),
            row.getOffsetDateTime("outcome_at") == null ? null : Text.date(row.getOffsetDateTime("outcome_at").toInstant())));
      }
      return list;
    });
  }

  private static void render(RoutingContext ctx, Content content) {
    Pages.render(ctx.response(), ctx.request().method(), 200, new Layout(Text.get("mentoring.title"), List.of(),
        Caller.current(ctx).map(Caller::displayName).orElse(null), content));
  }
}
