package cairn.accounts.local;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SessionHandler;

/** Small helpers of the sign-in forms: fields, and answering once the session is stored. */
final class Forms {
  /** The longest value echoed back into a form. */
  private static final int ECHO_MAX = 320;

  private Forms() {}

  /** A form field, empty when absent. */
  static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value;
  }

  /** A value as it may be shown back in a form: bounded, without NUL. */
  static String echo(String value) {
    String bounded = value.length() > ECHO_MAX ? value.substring(0, ECHO_MAX) : value;
    return bounded.replace("\0", "");
  }

  /**
   * Stores the session, then answers: the next request (a redirect followed, a form posted) must
   * find what this one put in the session — the signed-in account, the CSRF token the page
   * carries — whatever the status (a form sent back with errors carries a new token too).
   */
  static void afterSaving(RoutingContext ctx, SessionHandler sessions, Runnable answer) {
    sessions.flush(ctx, true).onSuccess(v -> answer.run()).onFailure(ctx::fail);
  }

  /** 303 See Other to a path of this site, after storing the session. */
  static void redirect(RoutingContext ctx, SessionHandler sessions, String location) {
    afterSaving(ctx, sessions, () -> ctx.response().setStatusCode(303).putHeader("Location", location)
        .putHeader("Cache-Control", "no-store").end());
  }
}
