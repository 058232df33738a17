package cairn.accounts.local;

import cairn.web.pages.FieldError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sign-in page ({@code login.jte}): the form, as sent back when something was wrong, and the
 * button of the OpenID Connect provider when one is configured ({@code oidcName} null: none;
 * {@code oidcAvailable} false: not discovered yet, the button is disabled).
 */
public record LoginPage(String email, String returnTo, String csrfField, String csrfToken, String notice,
    List<FieldError> errors, String oidcName, boolean oidcAvailable) {
  /** Where the provider's button leads: {@code /login/oidc}, with the return path. */
  public String oidcHref() {
    return "/".equals(returnTo) ? "/login/oidc"
        : "/login/oidc?return=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
  }

  public String error(String field) {
    return View.errorFor(errors, field);
  }

  /** The {@code aria-describedby} of a field: its error message, when it has one (else no attribute). */
  public String describedBy(String field) {
    return error(field) == null ? null : field + "-error";
  }
}
