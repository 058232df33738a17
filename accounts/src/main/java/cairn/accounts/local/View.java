package cairn.accounts.local;

import cairn.web.auth.Caller;
import cairn.web.pages.FieldError;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** Renders the sign-in pages: this feature's jte templates (precompiled) inside web's one layout. */
public final class View {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      View.class.getClassLoader(), "cairn.accounts.pages.jte");

  private View() {}

  public static void render(RoutingContext ctx, int status, String title, List<FieldError> errors, String template,
      Object model) {
    Content content;
    if (model == null) {
      content = output -> ENGINE.render(template, Map.<String, Object>of(), output);
    } else if (model instanceof Map<?, ?> params) {
      @SuppressWarnings("unchecked")
      Map<String, Object> named = (Map<String, Object>) params;
      content = output -> ENGINE.render(template, named, output);
    } else {
      content = output -> ENGINE.render(template, model, output);
    }
    String who = Caller.current(ctx).map(Caller::displayName).orElse(null);
    Pages.render(ctx.response(), ctx.request().method(), status, new Layout(title, errors, who, content));
  }

  /** The message for {@code field} among {@code errors}, or null. */
  static String errorFor(List<FieldError> errors, String field) {
    return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
  }
}
