package cairn.accounts.local;

import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import java.util.List;

/**
 * What a signed-in person sees at {@code /} ({@code home.jte}), or, when their account names no
 * person, the page that says so ({@code not-linked.jte}); both carry the sign-out forms.
 */
public record HomePage(Caller caller, String csrfField, String csrfToken) {
  public List<String> roles() {
    return caller.roles().stream().map(Role::wireName).sorted().toList();
  }
}
