package cairn.credentials.pages;

import cairn.web.auth.Caller;
import cairn.web.pages.FieldError;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Renders the credential pages: this feature's jte templates (precompiled) inside web's one layout. */
public final class View {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      View.class.getClassLoader(), "cairn.credentials.pages.jte");

  private View() {}

  public static void render(RoutingContext ctx, int status, String title, String template, Object model) {
    render(ctx, status, title, List.of(), template, model, null);
  }

  /**
   * {@code errors}: the form's, for the error summary; {@code head}: a template adding to the document's
   * head (null for none), with the same model.
   */
  public static void render(RoutingContext ctx, int status, String title, List<FieldError> errors, String template,
      Object model, String head) {
    Content content = output -> ENGINE.render(template, model, output);
    Content headContent = head == null ? null : output -> ENGINE.render(head, model, output);
    String who = Caller.current(ctx).map(Caller::displayName).orElse(null);
    Pages.render(ctx.response(), ctx.request().method(), status,
        new Layout(title, errors, who, content, headContent));
  }

  /**
   * A page whose form's answer redirects to {@code formTarget}, another site's origin (the Open Badges
   * consent page), which its Content-Security-Policy then allows as a form action.
   */
  public static void render(RoutingContext ctx, int status, String title, String template, Object model,
      String formTarget) {
    Content content = output -> ENGINE.render(template, model, output);
    String who = Caller.current(ctx).map(Caller::displayName).orElse(null);
    Pages.render(ctx.response(), ctx.request().method(), status, new Layout(title, List.of(), who, content, null),
        formTarget);
  }
}
