package cairn.accounts.local;

import cairn.web.pages.FieldError;
import java.util.List;

/** The page an invitation link opens ({@code set-password.jte}): choose a password for {@code email}. */
public record SetPasswordPage(String token, String email, String csrfField, String csrfToken, int minLength,
    int maxLength, List<FieldError> errors) {
  public String error(String field) {
    return View.errorFor(errors, field);
  }

  public String describedBy(String field) {
    return error(field) == null ? "password-hint" : "password-hint " + field + "-error";
  }
}
