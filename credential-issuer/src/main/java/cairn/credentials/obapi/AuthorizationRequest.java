package cairn.credentials.obapi;

import cairn.web.ApiException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3, as OB 3.0 §7.1.2 requires it:
 * {@code response_type=code}, {@code client_id}, {@code redirect_uri}, {@code scope}, {@code state},
 * {@code code_challenge}, {@code code_challenge_method=S256}), validated in the RFC's order: an unknown
 * client or a redirect URI that is not exactly one it registered is told to the person (a 400 page,
 * never a redirect to an unchecked address); anything else wrong goes back to the client as an error
 * redirect ({@link Refused}) with the {@code state}.
 *
 * @param scopes what Cairn will grant of the scopes asked (read scopes and offline_access)
 */
record AuthorizationRequest(ObStore.Client client, String redirectUri, List<String> scopes, String state,
    String codeChallenge) {
  static final int MAX_STATE = 500;
  /** An S256 challenge: base64url of 32 bytes. */
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A request refused with an error the client is told of, at its redirect URI (RFC 6749 §4.1.2.1). */
  static final class Refused extends RuntimeException {
    final String location;

    Refused(String redirectUri, String error, String description, String state) {
      super(description, null, false, false);
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("error", error);
      parameters.put("error_description", description);
      if (state != null) {
        parameters.put("state", state);
      }
      this.location = location(redirectUri, parameters);
    }
  }

  /** {@code redirectUri} with {@code parameters} added to its query. */
  static String location(String redirectUri, Map<String, String> parameters) {
    StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
    List<String> pairs = new ArrayList<>();
    parameters.forEach((name, value) -> pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")));
    return location.append(String.join("&", pairs)).toString();
  }

  /** The request in {@code parameters} (a GET's query or the consent form), checked against the store. */
  static Future<AuthorizationRequest> of(ObStore store, MultiMap parameters) {
    String clientId = single(parameters, "client_id");
    String redirectUri = single(parameters, "redirect_uri");
    if (clientId == null) {
      return Future.failedFuture(ApiException.badRequest("This sign-in link is incomplete: it names no client_id. "
          + "Go back to the application that sent you here and try again."));
    }
    return store.client(clientId).map(found -> {
      ObStore.Client client = found.orElseThrow(() -> ApiException.badRequest("This sign-in link names an "
          + "application Cairn does not know (client_id " + clientId + "). Go back to it and try again; if it "
          + "keeps happening, tell the application's makers."));
      if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
        throw ApiException.badRequest("This sign-in link would send you back to an address " + client.name()
            + " did not register, so Cairn does not follow it. Go back to the application and try again.");
      }
      String state = optional(parameters, "state", redirectUri, null);
      if (state == null) {
        throw new Refused(redirectUri, "invalid_request", "state is required (OB 3.0 7.1.2).", null);
      }
      if (state.length() > MAX_STATE) {
        throw new Refused(redirectUri, "invalid_request", "state is longer than " + MAX_STATE + " characters.", null);
      }
      if (!"code".equals(optional(parameters, "response_type", redirectUri, state))) {
        throw new Refused(redirectUri, "unsupported_response_type", "response_type must be code.", state);
      }
      String challenge = optional(parameters, "code_challenge", redirectUri, state);
      String method = optional(parameters, "code_challenge_method", redirectUri, state);
      if (challenge == null || !"S256".equals(method)) {
        throw new Refused(redirectUri, "invalid_request", "PKCE is required: send code_challenge with "
            + "code_challenge_method=S256 (RFC 7636, OB 3.0 7.1.2).", state);
      }
      if (!CHALLENGE.matcher(challenge).matches()) {
        throw new Refused(redirectUri, "invalid_request", "code_challenge must be BASE64URL(SHA256(code_verifier)), "
            + "43 characters.", state);
      }
      List<String> asked = ObScopes.parse(optional(parameters, "scope", redirectUri, state));
      if (asked == null) {
        throw new Refused(redirectUri, "invalid_scope", "scope is required: a space-separated list of the Open "
            + "Badges API's scopes.", state);
      }
      for (String scope : asked) {
        if (!ObScopes.KNOWN.contains(scope)) {
          throw new Refused(redirectUri, "invalid_scope", "Unknown scope " + scope + ".", state);
        }
      }
      List<String> scopes = ObScopes.grantable(asked).stream().filter(client.scopes()::contains).toList();
      if (!ObScopes.readsSomething(scopes)) {
        throw new Refused(redirectUri, "invalid_scope", "Ask for " + ObScopes.CREDENTIAL_READONLY + " or "
            + ObScopes.PROFILE_READONLY + ", registered for this client; Cairn grants nothing else.", state);
      }
      return new AuthorizationRequest(client, redirectUri, scopes, state, challenge);
    });
  }

  /** What the consent form carries back: the request's parameters as received. */
  Map<String, String> parameters() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("response_type", "code");
    fields.put("client_id", client.id());
    fields.put("redirect_uri", redirectUri);
    fields.put("scope", String.join(" ", scopes));
    fields.put("state", state);
    fields.put("code_challenge", codeChallenge);
    fields.put("code_challenge_method", "S256");
    return fields;
  }

  /** The answer to the client after the person allowed (RFC 6749 §4.1.2). */
  String allowed(String code) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", code);
    parameters.put("scope", String.join(" ", scopes));
    parameters.put("state", state);
    return location(redirectUri, parameters);
  }

  /** The answer to the client after the person denied (RFC 6749 §4.1.2.1). */
  String denied() {
    return new Refused(redirectUri, "access_denied", "The person did not allow access.", state).location;
  }

  /** A parameter sent at most once, told to the person (before the redirect URI is known good). */
  private static String single(MultiMap parameters, String name) {
    List<String> values = parameters.getAll(name);
    if (values.size() > 1) {
      throw ApiException.badRequest("This sign-in link has " + name + " more than once. Go back to the application "
          + "and try again.");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  /** A parameter sent at most once, refused to the client (after the redirect URI is known good). */
  private static String optional(MultiMap parameters, String name, String redirectUri, String state) {
    List<String> values = parameters.getAll(name);
    if (values.size() > 1) {
      throw new Refused(redirectUri, "invalid_request", name + " is repeated (RFC 6749 3.1).", state);
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }
}
