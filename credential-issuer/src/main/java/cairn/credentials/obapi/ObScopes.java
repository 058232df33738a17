package cairn.credentials.obapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Open Badges API's scopes (OB 3.0 §6.2.1) and {@code offline_access}, which its examples add for a
 * refresh token. Cairn serves the read operations only: it grants {@link #CREDENTIAL_READONLY} and
 * {@link #PROFILE_READONLY}; a client may register and ask for the write scopes, which are then left
 * out of what the person is asked and of the token (RFC 6749 §3.3 lets the server grant less).
 */
final class ObScopes {
  static final String PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/";
  static final String CREDENTIAL_READONLY = PREFIX + "credential.readonly";
  static final String CREDENTIAL_UPSERT = PREFIX + "credential.upsert";
  static final String PROFILE_READONLY = PREFIX + "profile.readonly";
  static final String PROFILE_UPDATE = PREFIX + "profile.update";
  static final String OFFLINE_ACCESS = "offline_access";
  /** Every scope a client may name. */
  static final Set<String> KNOWN = Set.of(CREDENTIAL_READONLY, CREDENTIAL_UPSERT, PROFILE_READONLY, PROFILE_UPDATE,
      OFFLINE_ACCESS);
  /** What Cairn grants, in the order it writes them. */
  static final List<String> GRANTABLE = List.of(CREDENTIAL_READONLY, PROFILE_READONLY, OFFLINE_ACCESS);
  /** Longest scope parameter read. */
  static final int MAX_LENGTH = 1024;

  private ObScopes() {}

  /**
   * The scope tokens of a {@code scope} parameter (RFC 6749 §3.3: space-delimited, each once), or null
   * when it is not such a list (empty, another separator, a control character, too long).
   */
  static List<String> parse(String scope) {
    if (scope == null || scope.isEmpty() || scope.length() > MAX_LENGTH) {
      return null;
    }
    Set<String> tokens = new LinkedHashSet<>();
    for (String token : scope.split(" ", -1)) {
      if (token.isEmpty() || !token.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
        return null;
      }
      tokens.add(token);
    }
    return new ArrayList<>(tokens);
  }

  /** The scopes Cairn grants of {@code asked}, in {@link #GRANTABLE}'s order. */
  static List<String> grantable(List<String> asked) {
    return GRANTABLE.stream().filter(asked::contains).toList();
  }

  /** Whether {@code scopes} read anything (not only {@code offline_access}). */
  static boolean readsSomething(List<String> scopes) {
    return scopes.contains(CREDENTIAL_READONLY) || scopes.contains(PROFILE_READONLY);
  }
}
