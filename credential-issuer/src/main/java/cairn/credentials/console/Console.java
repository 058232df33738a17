package cairn.credentials.console;

import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.auth.RoleAccess;
import cairn.web.pages.FieldError;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the issuer's console pages share: who may open them — the application's role matrix, asked for
 * the admin API path a page stands for, so that a page and its API never disagree —, rendering in the
 * one layout, redirects after a form, and the checks of a reason typed into a form.
 */
final class Console {
  /** Longest reason a form takes: the admin API's limit. */
  static final int MAX_REASON = 1000;
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Console.class.getClassLoader(), "cairn.credentials.pages.jte");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.UK)
      .withZone(ZoneOffset.UTC);

  private final RoleAccess access;

  Console(RoleAccess access) {
    this.access = access;
  }

  /**
   * The signed-in caller whose roles open {@code method apiPath} in the role matrix; empty when nobody
   * is signed in (the request is then sent to the sign-in page). A 403 page for anyone else.
   */
  Optional<Caller> allow(RoutingContext ctx, HttpMethod method, String apiPath) {
    Optional<Caller> caller = Caller.current(ctx);
    if (caller.isEmpty()) {
      Pages.toSignIn(ctx);
      return caller;
    }
    Set<Role> allowed = access.rolesFor(method, apiPath);
    if (allowed.stream().noneMatch(caller.get()::has)) {
      throw ApiException.forbidden(allowed.isEmpty() ? Text.get("console.forbidden.nobody")
          : Text.get("console.forbidden", allowed.stream().map(Role::wireName).sorted()
              .collect(Collectors.joining(" " + Text.get("console.or") + " "))));
    }
    return caller;
  }

  /** A console page: {@code template}'s model in the layout, with the form's errors (if any) summed up on top. */
  static void render(RoutingContext ctx, int status, String title, List<FieldError> errors, String template,
      Object model) {
    Content content = output -> ENGINE.render(template, model, output);
    String who = Caller.current(ctx).map(Caller::displayName).orElse(null);
    Pages.render(ctx.response(), ctx.request().method(), status, new Layout(title, errors, who, content));
  }

  /** 303 after a form: the next page is fetched with GET, so reloading it sends nothing again. */
  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  /** The CSRF token of the page's forms. */
  static String csrf(RoutingContext ctx) {
    return Pages.csrfToken(ctx);
  }

  /**
   * What is wrong with a reason typed into {@code field}, or null: required ones must be given, none may
   * exceed {@link #MAX_REASON} characters or hold control characters (line breaks aside).
   */
  static FieldError reasonError(String field, String reason, boolean required) {
    if (reason == null || reason.isBlank()) {
      return required ? new FieldError(field, Text.get("console.reason.missing")) : null;
    }
    if (reason.length() > MAX_REASON) {
      return new FieldError(field, Text.get("console.reason.tooLong", MAX_REASON));
    }
    if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      return new FieldError(field, Text.get("console.reason.control"));
    }
    return null;
  }

  /** A form field's value, trimmed; null when absent or blank. */
  static String form(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A moment as the console writes it: "2 November 2026, 10:15 UTC"; null for null. */
  static String time(Instant at) {
    return at == null ? null : TIME.format(at);
  }
}
