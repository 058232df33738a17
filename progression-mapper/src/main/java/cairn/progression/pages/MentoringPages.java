package cairn.progression.pages;

import cairn.progression.ProgressionOptions;
import cairn.progression.people.Mentoring;
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
import java.util.List;
import java.util.Map;

/**
 * {@code GET /my/mentoring}: the mentoring sessions the signed-in person received (every person) and,
 * for a mentor, the sessions they gave — each with its competency, date, whether its statement records
 * an outcome, and when the mentee then showed new evidence on that competency, which is what makes a
 * session count toward a ladder's mentoring requirement (the credit). The other person of a session
 * appears by their directory name only. The same facts as {@code GET /api/v1/me/mentoring} ({@link Mentoring}).
 */
public final class MentoringPages {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      MentoringPages.class.getClassLoader(), "cairn.progression.pages.jte");
  private final Mentoring mentoring;
  private final Directory directory;

  public MentoringPages(Pool pool, ProgressionOptions options, Directory directory) {
    this.mentoring = new Mentoring(pool, options.consumer());
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
        .compose(person -> sessions(person, false).compose(received -> (mentor ? sessions(person, true)
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

  private io.vertx.core.Future<List<Session>> sessions(String person, boolean gave) {
    return mentoring.sessions(person, gave).map(found -> found.stream().map(s -> new Session(
        ProgressPages.name(null, s.competency()),
        s.counterpart() == null ? Text.get("mentoring.outsideDirectory") : s.counterpart(), Text.date(s.at()),
        s.recorded(), s.evidenceShownAt() == null ? null : Text.date(s.evidenceShownAt()))).toList());
  }

  private static void render(RoutingContext ctx, Content content) {
    Pages.render(ctx.response(), ctx.request().method(), 200, new Layout(Text.get("mentoring.title"), List.of(),
        Caller.current(ctx).map(Caller::displayName).orElse(null), content));
  }
}
