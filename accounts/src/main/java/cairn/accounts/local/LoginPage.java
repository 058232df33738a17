package cairn.accounts.local;

import cairn.web.pages.FieldError;
import java.util.List;

/** The sign-in page ({@code login.jte}): the form, as sent back when something was wrong. */
public record LoginPage(String email, String returnTo, String csrfField, String csrfToken, String notice,
    List<FieldError> errors) {
  public String error(String field) {
    return View.errorFor(errors, field);
  }

  /** The {@code aria-describedby} of a field: its error message, when it has one (else no attribute). */
  public String describedBy(String field) {
    return error(field) == null ? null : field + "-error";
  }
}
