package cairn.credentials.obapi;

import java.util.List;

/**
 * The consent page's model: who asks (the client's registered name and pages), where the answer goes,
 * what it may read in plain words, and the form's fields (the authorization request, carried back).
 */
public record ConsentPage(String clientName, String logoUri, String clientUri, String tosUri, String policyUri, String returnHost,
    String personName, List<String> scopes, List<Field> fields, String csrfField, String csrfToken) {

  /** A hidden field of the form. */
  public record Field(String name, String value) {}
}
