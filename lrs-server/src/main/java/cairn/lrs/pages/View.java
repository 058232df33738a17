package cairn.lrs.pages;

import cairn.web.auth.Caller;
import cairn.web.pages.FieldError;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Renders the LRS's console pages (API credentials, statements): this module's jte templates
 * (precompiled, package {@code cairn.lrs.pages.jte}) inside web's one layout, after the session (and
 * the CSRF token the page's forms carry) is stored.
 */
public final class View {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      View.class.getClassLoader(), "cairn.lrs.pages.jte");

  private View() {}

  public static void render(RoutingContext ctx, int status, String title, List<FieldError> errors, String template,
      Object model) {
    String who = Caller.current(ctx).map(Caller::displayName).orElse(null);
    Pages.saveSession(ctx).onSuccess(v -> Pages.render(ctx.response(), ctx.request().method(), status,
        new Layout(title, errors, who, output -> ENGINE.render(template, model, output)))).onFailure(ctx::fail);
  }

  /** The message for {@code field} among {@code errors}, or null. */
  public static String errorFor(List<FieldError> errors, String field) {
    return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
  }

  /** 303 See Other to a path of this site, after storing the session. */
  public static void redirect(RoutingContext ctx, String location) {
    Pages.saveSession(ctx).onSuccess(v -> ctx.response().setStatusCode(303).putHeader("Location", location)
        .putHeader("Cache-Control", "no-store").end()).onFailure(ctx::fail);
  }
}
