package cairn.credentials.obapi;

import cairn.web.Json;
import cairn.web.auth.OAuthException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A client's registration request (RFC 7591 §2, as OB 3.0 §7.1.1 "Register with Authorization Server"
 * profiles it), validated: {@code client_name}, {@code client_uri}, {@code logo_uri}, {@code tos_uri},
 * {@code policy_uri}, {@code software_id}, {@code software_version}, {@code redirect_uris} and
 * {@code scope} required; every URL https and on one host name; {@code token_endpoint_auth_method}
 * {@code client_secret_basic}, {@code grant_types} {@code authorization_code} (and
 * {@code refresh_token}), {@code response_types} {@code code} when given. Sizes are capped, so a
 * registration costs little to refuse or keep. A refusal is an {@code invalid_redirect_uri} or
 * {@code invalid_client_metadata} (RFC 7591 §3.2.2) saying what to change.
 *
 * @param metadata the registration as Cairn keeps and answers it: the request's members it knows, with
 *     the defaults filled in and {@code scope} reduced to what Cairn grants
 */
record Registration(String clientName, List<String> redirectUris, List<String> scopes, ObjectNode metadata) {
  /** Largest registration body. */
  static final int BODY_LIMIT = 16 * 1024;
  static final int MAX_TEXT = 200;
  static final int MAX_URL = 512;
  static final int MAX_REDIRECT_URIS = 10;
  static final int MAX_CONTACTS = 5;
  private static final List<String> URLS = List.of("client_uri", "logo_uri", "tos_uri", "policy_uri");
  private static final Set<String> KNOWN = Set.of("client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri",
      "software_id", "software_version", "redirect_uris", "scope", "token_endpoint_auth_method", "grant_types",
      "response_types", "contacts");

  static Registration of(JsonNode body) {
    if (!body.isObject()) {
      throw OAuthException.invalidClientMetadata("The registration must be a JSON object (RFC 7591 §3.1).");
    }
    ObjectNode metadata = Json.MAPPER.createObjectNode();
    String name = text(body, "client_name", MAX_TEXT);
    metadata.put("client_name", name);
    String host = null;
    for (String member : URLS) {
      URI uri = https(text(body, member, MAX_URL), member, false);
      host = sameHost(host, uri, member, false);
      metadata.put(member, uri.toString());
    }
    metadata.put("software_id", text(body, "software_id", MAX_TEXT));
    metadata.put("software_version", text(body, "software_version", MAX_TEXT));

    JsonNode redirects = body.path("redirect_uris");
    if (!redirects.isArray() || redirects.isEmpty() || redirects.size() > MAX_REDIRECT_URIS) {
      throw OAuthException.invalidRedirectUri("redirect_uris must be an array of 1 to " + MAX_REDIRECT_URIS
          + " https URLs where Cairn may send the person back.");
    }
    List<String> redirectUris = new ArrayList<>();
    for (JsonNode redirect : redirects) {
      if (!redirect.isTextual() || redirect.asText().isEmpty() || redirect.asText().length() > MAX_URL) {
        throw OAuthException.invalidRedirectUri("Each of redirect_uris must be an https URL of at most " + MAX_URL
            + " characters.");
      }
      URI uri = https(redirect.asText(), "redirect_uris", true);
      if (uri.getRawFragment() != null) {
        throw OAuthException.invalidRedirectUri("A redirect URI must not have a fragment (RFC 6749 §3.1.2): "
            + redirect.asText());
      }
      host = sameHost(host, uri, "redirect_uris", true);
      if (!redirectUris.contains(redirect.asText())) {
        redirectUris.add(redirect.asText());
      }
    }
    ArrayNode redirectArray = metadata.putArray("redirect_uris");
    redirectUris.forEach(redirectArray::add);

    String method = optionalText(body, "token_endpoint_auth_method");
    if (method != null && !method.equals("client_secret_basic")) {
      throw OAuthException.invalidClientMetadata("token_endpoint_auth_method must be client_secret_basic (OB 3.0 "
          + "§7.1.1): the client sends its id and secret to the token endpoint with HTTP Basic.");
    }
    metadata.put("token_endpoint_auth_method", "client_secret_basic");
    List<String> grantTypes = strings(body, "grant_types", List.of("authorization_code"),
        Set.of("authorization_code", "refresh_token"));
    if (!grantTypes.contains("authorization_code")) {
      throw OAuthException.invalidClientMetadata("grant_types must include authorization_code.");
    }
    ArrayNode grants = metadata.putArray("grant_types");
    grantTypes.forEach(grants::add);
    strings(body, "response_types", List.of("code"), Set.of("code"));
    metadata.putArray("response_types").add("code");

    List<String> asked = ObScopes.parse(body.path("scope").isTextual() ? body.path("scope").asText() : null);
    if (asked == null) {
      throw OAuthException.invalidClientMetadata("scope must be a space-separated list of the Open Badges API's "
          + "scopes, e.g. \"" + ObScopes.CREDENTIAL_READONLY + " " + ObScopes.PROFILE_READONLY + "\".");
    }
    for (String scope : asked) {
      if (!ObScopes.KNOWN.contains(scope)) {
        throw OAuthException.invalidClientMetadata("Unknown scope '" + shorten(scope) + "'; the Open Badges API's "
            + "scopes start with " + ObScopes.PREFIX + " (OB 3.0 §6.2.1).");
      }
    }
    List<String> scopes = ObScopes.grantable(asked);
    if (!ObScopes.readsSomething(scopes)) {
      throw OAuthException.invalidClientMetadata("Cairn grants only " + ObScopes.CREDENTIAL_READONLY + " and "
          + ObScopes.PROFILE_READONLY + " (read operations); ask for at least one of them.");
    }
    metadata.put("scope", String.join(" ", scopes));

    JsonNode contacts = body.path("contacts");
    if (!contacts.isMissingNode() && !contacts.isNull()) {
      if (!contacts.isArray() || contacts.size() > MAX_CONTACTS) {
        throw OAuthException.invalidClientMetadata("contacts must be an array of at most " + MAX_CONTACTS + " strings.");
      }
      ArrayNode kept = metadata.putArray("contacts");
      for (JsonNode contact : contacts) {
        if (!contact.isTextual() || contact.asText().length() > 320 || hasControl(contact.asText())) {
          throw OAuthException.invalidClientMetadata("Each contact must be a string of at most 320 characters.");
        }
        kept.add(contact.asText());
      }
    }
    body.fieldNames().forEachRemaining(member -> {
      if (!KNOWN.contains(member) && member.length() > 100) {
        throw OAuthException.invalidClientMetadata("A member name is longer than 100 characters.");
      }
    });
    return new Registration(name, List.copyOf(redirectUris), scopes, metadata);
  }

  private static String text(JsonNode body, String member, int max) {
    JsonNode value = body.path(member);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw OAuthException.invalidClientMetadata(member + " is required (OB 3.0 §7.1.1), a string.");
    }
    String text = value.asText();
    if (text.length() > max || hasControl(text)) {
      throw OAuthException.invalidClientMetadata(member + " must be at most " + max
          + " characters, without control characters.");
    }
    return text;
  }

  private static String optionalText(JsonNode body, String member) {
    JsonNode value = body.path(member);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw OAuthException.invalidClientMetadata(member + " must be a string.");
    }
    return value.asText();
  }

  /** An array of strings each in {@code allowed}; {@code absent} when the member is missing. */
  private static List<String> strings(JsonNode body, String member, List<String> absent, Set<String> allowed) {
    JsonNode value = body.path(member);
    if (value.isMissingNode() || value.isNull()) {
      return absent;
    }
    if (!value.isArray() || value.isEmpty() || value.size() > allowed.size() + 2) {
      throw OAuthException.invalidClientMetadata(member + " must be an array of " + allowed + " (OB 3.0 §7.1.1).");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || !allowed.contains(item.asText())) {
        throw OAuthException.invalidClientMetadata(member + " may hold only " + allowed + " (OB 3.0 §7.1.1).");
      }
      if (!values.contains(item.asText())) {
        values.add(item.asText());
      }
    }
    return values;
  }

  private static URI https(String value, String member, boolean redirect) {
    try {
      URI uri = new URI(value);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
        throw new URISyntaxException(value, "not an https URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      String message = member + " must be an https URL (OB 3.0 §7.1.1): " + shorten(value);
      throw redirect ? OAuthException.invalidRedirectUri(message) : OAuthException.invalidClientMetadata(message);
    }
  }

  /** OB 3.0 §7.1.1: "all URLs MUST have the same hostname". */
  private static String sameHost(String host, URI uri, String member, boolean redirect) {
    String this_ = uri.getHost().toLowerCase(Locale.ROOT);
    if (host != null && !host.equals(this_)) {
      String message = member + " is on " + this_ + " but the other URLs are on " + host
          + "; OB 3.0 §7.1.1 wants every URL of a registration on one host name.";
      throw redirect ? OAuthException.invalidRedirectUri(message) : OAuthException.invalidClientMetadata(message);
    }
    return this_;
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String shorten(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }
}
