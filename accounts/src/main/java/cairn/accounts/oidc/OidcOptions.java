package cairn.accounts.oidc;

import java.util.List;

/**
 * Sign-in with an OpenID Connect provider, read once from the configuration.
 *
 * @param issuer the provider's issuer URL (CAIRN_OIDC_ISSUER); its discovery document is at
 *     {@code <issuer>/.well-known/openid-configuration}
 * @param clientId Cairn's client id at the provider (CAIRN_OIDC_CLIENT_ID)
 * @param clientSecret the client's secret (CAIRN_OIDC_CLIENT_SECRET)
 * @param scopes the scopes asked for (CAIRN_OIDC_SCOPES, default {@code openid email profile})
 * @param rolesClaim the ID token claim whose values name Cairn roles (CAIRN_OIDC_ROLES_CLAIM), or
 *     null: roles are then managed in Cairn only
 * @param name the provider as the sign-in button names it (CAIRN_OIDC_NAME)
 */
public record OidcOptions(String issuer, String clientId, String clientSecret, List<String> scopes, String rolesClaim,
    String name) {
  public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");
  public static final String DEFAULT_NAME = "your organisation's sign-in";

  public OidcOptions {
    if (issuer.endsWith("/")) {
      issuer = issuer.substring(0, issuer.length() - 1);
    }
    scopes = List.copyOf(scopes);
    if (!scopes.contains("openid")) {
      throw new IllegalArgumentException("The scopes must include openid.");
    }
  }

  /** The audit actor of role changes made from this provider's claims. */
  public String actor() {
    return "oidc:" + issuer;
  }
}
