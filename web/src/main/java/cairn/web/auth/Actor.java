package cairn.web.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is acting, as the audit trails name them: {@code api-key:KEY} for an API credential,
 * {@code account:ID} for a signed-in person (the account id, not the address, so that an erased
 * person's name leaves no trace in the trail), {@code anonymous} otherwise.
 */
public final class Actor {
  private Actor() {}

  public static String of(RoutingContext ctx) {
    Credential credential = AuthHandler.credential(ctx);
    if (credential != null) {
      return "api-key:" + credential.key();
    }
    return Caller.current(ctx).map(caller -> "account:" + caller.accountId()).orElse("anonymous");
  }
}
