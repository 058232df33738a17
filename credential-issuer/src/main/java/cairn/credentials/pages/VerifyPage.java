package cairn.credentials.pages;

import cairn.credentials.verify.Check;
import cairn.credentials.verify.Report;
import cairn.web.pages.FieldError;
import cairn.web.pages.Text;
import java.util.List;

/**
 * The verify page ({@code verify.jte}): the form (what was pasted, kept, and what was wrong with it),
 * then the result — a credential's view, or, for input that is no credential at all, the checks that
 * say why.
 */
public record VerifyPage(String pasted, String share, FieldError error, CredentialView credential,
    List<CredentialView.CheckLine> unreadable) {

  static VerifyPage empty() {
    return new VerifyPage("", "", null, null, List.of());
  }

  static VerifyPage refused(String pasted, String share, FieldError error) {
    return new VerifyPage(echo(pasted), echo(share), error, null, List.of());
  }

  static VerifyPage result(String pasted, String share, CredentialView credential) {
    return new VerifyPage(echo(pasted), echo(share), null, credential, List.of());
  }

  static VerifyPage notACredential(String pasted, String share, Report report) {
    List<CredentialView.CheckLine> checks = report.checks().stream()
        .map((Check c) -> new CredentialView.CheckLine(CredentialView.label(c.name()), c.pass(), c.reason())).toList();
    return new VerifyPage(echo(pasted), echo(share), null, null, checks);
  }

  public String title() {
    return credential != null ? Text.get("verify.resultTitle", credential.name()) : Text.get("verify.title");
  }

  public String error(String field) {
    return error != null && error.field().equals(field) ? error.message() : null;
  }

  /** The {@code aria-describedby} of a field: its hint, and its error message when it has one. */
  public String describedBy(String field) {
    return field + "-hint" + (error(field) == null ? "" : " " + field + "-error");
  }

  private static String echo(String value) {
    String bounded = value.length() > CredentialPages.MAX_CREDENTIAL ? "" : value;
    return bounded.replace("\0", "");
  }
}
