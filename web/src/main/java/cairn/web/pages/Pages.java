package cairn.web.pages;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes Cairn's server-rendered pages: a feature's template ({@link Content}) inside the one
 * {@link Layout}, with the headers every page carries. Templates are jte, compiled to Java at build
 * time (each module's under its own package), so the running jar needs no compiler.
 *
 * <p>Every page is sent with a strict Content-Security-Policy (scripts — a page that asks for one — and styles
 * only Cairn's own files under {@code /assets/}, images from Cairn, {@code data:} URIs and https — an issuer's badge image lives
 * on its own site or inside the credential —, forms posting only to Cairn, never framed), {@code no-store} (pages show personal
 * data and one-time links) and {@code Referrer-Policy: no-referrer} (a one-time link in the address
 * bar never leaks to another site).
 */
public final class Pages {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Pages.class.getClassLoader(), "cairn.web.pages.jte");
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
      + "form-action 'self'; "
      + "frame-ancestors 'none'; base-uri 'none'";

  private Pages() {}

  /** Serves the pages' stylesheet under {@code /assets/}. */
  public static void mountAssets(Router router) {
    router.get("/assets/*").handler(StaticHandler.create("cairn/web/pages/assets").setCachingEnabled(true)
        .setDirectoryListing(false).setIncludeHidden(false));
  }

  /**
   * Whether an error for this request is best answered as a page: a browser (it accepts
   * {@code text/html}) outside the APIs ({@code /xapi/}, {@code /api/}), which always answer JSON.
   */
  public static boolean wantsHtml(HttpServerRequest request) {
    String path = request.path();
    String accept = request.getHeader("Accept");
    return path != null && !path.startsWith("/xapi/") && !path.startsWith("/api/") && accept != null
        && accept.contains("text/html");
  }

  /** Renders {@code layout} with the page headers and the status. */
  public static void render(HttpServerResponse response, HttpMethod method, int status, Layout layout) {
    StringOutput output = new StringOutput(4096);
    ENGINE.render("layout.jte", layout, output);
    headers(response).setStatusCode(status);
    if (method == HttpMethod.HEAD) {
      response.end();
    } else {
      response.end(output.toString());
    }
  }

  /**
   * As {@link #render(HttpServerResponse, HttpMethod, int, Layout)} for a page whose form's answer
   * redirects to another site ({@code formTarget}, an origin such as {@code https://host.example}):
   * browsers apply {@code form-action} to the redirects that follow a form, so it names that origin
   * too (the Open Badges consent page sends the person back to the host that asked).
   */
  public static void render(HttpServerResponse response, HttpMethod method, int status, Layout layout,
      String formTarget) {
    StringOutput output = new StringOutput(4096);
    ENGINE.render("layout.jte", layout, output);
    headers(response).setStatusCode(status)
        .putHeader("Content-Security-Policy", CSP.replace("form-action 'self'", "form-action 'self' " + formTarget));
    if (method == HttpMethod.HEAD) {
      response.end();
    } else {
      response.end(output.toString());
    }
  }

  /** One of web's own templates (e.g. {@code console.jte}) with its model, for a page drawn in the layout. */
  public static Content template(String name, Object model) {
    return output -> ENGINE.render(name, model, output);
  }

  /** An error page: the reason as its title, the message that says what to do. */
  public static void error(HttpServerResponse response, int status, String reason, String message) {
    Content content = output -> ENGINE.render("error.jte", Map.of("reason", reason, "message", message), output);
    render(response, HttpMethod.GET, status, new Layout(reason, List.of(), null, content));
  }

  /**
   * Where the sign-in feature puts, for a page behind the session, what stores the session: a page
   * with a form must be answered after its session (and the CSRF token it carries) is stored.
   */
  public static final String SAVE_SESSION = "cairn.pages.saveSession";

  /** Stores the request's session, if a sign-in handler said how; else nothing to wait for. */
  public static Future<Void> saveSession(RoutingContext ctx) {
    Function<RoutingContext, Future<Void>> save = ctx.get(SAVE_SESSION);
    return save == null ? Future.succeededFuture() : save.apply(ctx);
  }

  /** The CSRF token the sign-in feature's handler put on the request for the page's forms, or null. */
  public static String csrfToken(RoutingContext ctx) {
    Object token = ctx.get(CSRF_FIELD);
    return token == null ? null : token.toString();
  }

  /**
   * 303 to the sign-in page, which comes back here after signing in (a page for signed-in people asked
   * without a session).
   */
  public static void toSignIn(RoutingContext ctx) {
    String back = ctx.request().path();
    ctx.response().setStatusCode(303).putHeader("Cache-Control", "no-store")
        .putHeader("Location", "/login?return=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8))
        .end();
  }

  /** The form field (and header) that carries the CSRF token. */
  public static final String CSRF_FIELD = "X-CSRF-Token";

  /** The headers every page carries. */
  public static HttpServerResponse headers(HttpServerResponse response) {
    return response.putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY");
  }
}
