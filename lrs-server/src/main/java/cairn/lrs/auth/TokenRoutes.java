package cairn.lrs.auth;

import cairn.web.RequestBody;
import cairn.web.auth.BasicCredentials;
import cairn.web.auth.Credential;
import cairn.web.auth.OAuthException;
import cairn.web.auth.Scope;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 token endpoint, {@code POST /oauth/token}: the client credentials grant (RFC 6749
 * §4.4) that learning tools built for Learning Locker or SQL LRS use instead of sending a key and
 * secret with every request. The client is an API credential, authenticated with its key and secret
 * by HTTP Basic or by {@code client_id} and {@code client_secret} in the form (§2.3.1); the token
 * carries the requested {@code scope} (space-separated xAPI scopes, each granted by the credential,
 * see {@link Scope#covers}) or, with none requested, the credential's scopes.
 *
 * <p>Errors are {@link OAuthException}s with RFC 6749 §5.2 codes, rendered by the one failure handler
 * in that RFC's shape for this path. Failed client authentications are not throttled: secrets are 256
 * random bits (no guessing them), and the same check answers every xAPI request with Basic anyway.
 */
public final class TokenRoutes {
  /** Largest token request: a form with a key, a secret and some scopes fits many times over. */
  static final int MAX_REQUEST_BYTES = 16 * 1024;
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String ALL_SCOPES = Arrays.stream(Scope.values()).map(Scope::wireName)
      .collect(Collectors.joining(" "));

  private final CredentialStore credentials;

  public TokenRoutes(CredentialStore credentials) {
    this.credentials = credentials;
  }

  public void mount(Router router) {
    router.post("/oauth/token").handler(new RequestBody(MAX_REQUEST_BYTES)).handler(this::token);
    router.route("/oauth/token").handler(ctx -> {
      ctx.response().putHeader("Allow", "POST");
      ctx.fail(405);
    });
  }

  private void token(RoutingContext ctx) {
    if (!ctx.request().params().isEmpty()) {
      throw OAuthException.invalidRequest("Send the parameters in the request body as " + FORM
          + ", not in the URL (RFC 6749 §3.2).");
    }
    Map<String, String> form = form(ctx);
    String grant = form.get("grant_type");
    if (grant == null) {
      throw OAuthException.invalidRequest("grant_type is required: grant_type=client_credentials.");
    }
    if (!grant.equals("client_credentials")) {
      throw OAuthException.unsupportedGrantType("Only grant_type=client_credentials is supported (RFC 6749 §4.4).");
    }
    Set<Scope> requested = scopes(form.get("scope"));
    BasicCredentials client = client(ctx, form);
    credentials.authenticate(client.key(), client.secret())
        .compose(found -> {
          Credential credential = found.orElseThrow(() -> OAuthException.invalidClient(
              "Unknown or revoked client_id, or wrong client secret."));
          return credentials.tokens().issue(credential, requested == null ? credential.scopes()
              : granted(credential, requested));
        })
        .onSuccess(issued -> ctx.response()
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .putHeader("Pragma", "no-cache")
            .end(new JsonObject()
                .put("access_token", issued.token())
                .put("token_type", "Bearer")
                .put("expires_in", issued.expiresIn())
                .put("scope", wire(issued.scopes()))
                .encode()))
        .onFailure(ctx::fail);
  }

  /**
   * The form's parameters, each at most once (RFC 6749 §3.2); one sent without a value counts as
   * omitted (§3.1).
   */
  private static Map<String, String> form(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(FORM)) {
      throw OAuthException.invalidRequest("Send the token request as " + FORM + " (RFC 6749 §4.4.2).");
    }
    Map<String, List<String>> parameters;
    try {
      parameters = QueryStringDecoder.builder().hasPath(false).semicolonIsNormalChar(true).maxParams(64)
          .charset(StandardCharsets.UTF_8).build(RequestBody.of(ctx).toString(StandardCharsets.UTF_8))
          .parameters();
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidRequest("The form is not valid percent-encoded UTF-8: " + e.getMessage());
    }
    Map<String, String> form = new HashMap<>();
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (parameter.getValue().size() > 1) {
        throw OAuthException.invalidRequest("Parameter '" + shorten(name) + "' is repeated; send each at most once "
            + "(RFC 6749 §3.2).");
      }
      String value = parameter.getValue().get(0);
      if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
        throw OAuthException.invalidRequest("Form fields cannot contain the NUL character.");
      }
      if (!value.isEmpty()) {
        form.put(name, value);
      }
    }
    return form;
  }

  /**
   * The client's key and secret: HTTP Basic, or {@code client_id} and {@code client_secret} in the
   * form; one method per request (RFC 6749 §2.3). A {@code client_id} beside Basic must name its key.
   */
  private static BasicCredentials client(RoutingContext ctx, Map<String, String> form) {
    String header = ctx.request().getHeader("Authorization");
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    if (header != null) {
      int space = header.indexOf(' ');
      if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
        throw OAuthException.invalidClient("Authenticate with HTTP Basic (the API key and secret), or with "
            + "client_id and client_secret in the form (RFC 6749 §2.3.1).");
      }
      if (secret != null) {
        throw OAuthException.invalidRequest("Authenticate one way: the Authorization header or client_secret in "
            + "the form, not both (RFC 6749 §2.3).");
      }
      BasicCredentials basic = BasicCredentials.decode(header.substring(space + 1)).orElseThrow(() ->
          OAuthException.invalidClient("Malformed Basic credentials: Base64 of UTF-8 'key:secret' without "
              + "control characters, each part at most " + BasicCredentials.MAX_PART_LENGTH + " characters."));
      if (id != null && !id.equals(basic.key())) {
        throw OAuthException.invalidRequest("client_id differs from the key in the Authorization header.");
      }
      return basic;
    }
    if (id == null || secret == null) {
      throw OAuthException.invalidClient("Client authentication required: HTTP Basic with the API key and "
          + "secret, or client_id and client_secret in the form.");
    }
    return BasicCredentials.of(id, secret).orElseThrow(() -> OAuthException.invalidClient(
        "client_id and client_secret have at most " + BasicCredentials.MAX_PART_LENGTH
            + " characters each, and no control characters."));
  }

  /** The requested scopes (RFC 6749 §3.3: space-delimited), or null when none are requested. */
  private static Set<Scope> scopes(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : value.trim().split(" +")) {
      scopes.add(Scope.fromWire(name).orElseThrow(() -> OAuthException.invalidScope(
          "Unknown scope '" + shorten(name) + "'; the xAPI scopes are: " + ALL_SCOPES + ".")));
    }
    return scopes;
  }

  /** The requested scopes, if the credential grants each of them; else invalid_scope. */
  private static Set<Scope> granted(Credential credential, Set<Scope> requested) {
    for (Scope scope : requested) {
      if (!credential.grants(scope)) {
        throw OAuthException.invalidScope("This credential does not hold scope '" + scope.wireName()
            + "'; it holds: " + wire(credential.scopes()) + ".");
      }
    }
    return requested;
  }

  /** Scopes as RFC 6749 §3.3 writes them, in a stable order. */
  private static String wire(Set<Scope> scopes) {
    return (scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes)).stream()
        .map(Scope::wireName).collect(Collectors.joining(" "));
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
