package cairn.progression.console;

import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.pages.FieldError;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the console's progression pages share: who may open them (the roles the application's role
 * matrix gives the API behind each page: an L&D admin's, and for the mapper's status an LRS admin's
 * too), the form fields, and rendering a page (this feature's jte templates inside the one layout)
 * after the session that holds its forms' CSRF token is stored.
 */
final class Console {
  static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Console.class.getClassLoader(), "cairn.progression.pages.jte");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.UK);

  private Console() {}

  /**
   * The signed-in person if they hold one of {@code roles}: without a session, empty (the request is
   * sent to the sign-in page); without the role, the standard 403 page.
   */
  static Optional<Caller> allowed(RoutingContext ctx, Role... roles) {
    Optional<Caller> caller = Caller.current(ctx);
    if (caller.isEmpty()) {
      Pages.toSignIn(ctx);
      return Optional.empty();
    }
    if (Arrays.stream(roles).noneMatch(caller.get()::has)) {
      ctx.fail(ApiException.forbidden("This page needs the role " + String.join(" or ",
          Arrays.stream(roles).map(r -> "'" + r.wireName() + "'").toList()) + "."));
      return Optional.empty();
    }
    return caller;
  }

  /** A form field's value, "" when absent. */
  static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value;
  }

  /** The form's CSRF token, for the hidden field every form carries. */
  static String csrf(RoutingContext ctx) {
    String token = Pages.csrfToken(ctx);
    return token == null ? "" : token;
  }

  /** Renders {@code template} with {@code model} in the layout, once the session is stored. */
  static void render(RoutingContext ctx, int status, String title, List<FieldError> errors, String template,
      Object model) {
    Content content = output -> ENGINE.render(template, model, output);
    String who = Caller.current(ctx).map(Caller::displayName).orElse(null);
    Pages.saveSession(ctx)
        .onSuccess(v -> Pages.render(ctx.response(), ctx.request().method(), status,
            new Layout(title, errors, who, content)))
        .onFailure(ctx::fail);
  }

  /** A stored time as the console lists it: "5 Dec 2026 17:04 UTC". */
  static String when(OffsetDateTime at) {
    return at == null ? "" : WHEN.format(at.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** A path segment, percent-encoded (ids are the admins' own strings). */
  static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A JSON path as a readable place: "$.rules[0].minScaled" stays as it is; null or "$" is "the whole document". */
  static String where(String path) {
    return path == null || path.isBlank() || "$".equals(path) ? null : path;
  }
}
