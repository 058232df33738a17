package cairn.credentials.obapi;

import cairn.credentials.Http;
import cairn.credentials.IssuerOptions;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.JsonBody;
import cairn.web.RequestBody;
import cairn.web.auth.BasicCredentials;
import cairn.web.auth.OAuthException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Open Badges 3.0 API, service provider side, read operations (OB 3.0 §6, §7):
 *
 * <ul>
 *   <li>{@code GET /ims/ob/v3p0/discovery} — the Service Description Document (OpenAPI 3.0, §7.1.1);</li>
 *   <li>{@code POST /oauth/ob/register} — dynamic client registration (RFC 7591, {@link Registration});</li>
 *   <li>{@code POST /oauth/ob/token} — the authorization code grant with PKCE and the refresh token grant
 *       (RFC 6749 §4.1.3, §6; RFC 7636), the client authenticated with HTTP Basic;</li>
 *   <li>{@code GET /ims/ob/v3p0/credentials} (scope {@code credential.readonly}) — the person's credentials
 *       that are not revoked, as {@code GetOpenBadgeCredentialsResponse}, paged with {@code X-Total-Count}
 *       and {@code Link} (§6.2.2); {@code GET /ims/ob/v3p0/profile} (scope {@code profile.readonly});</li>
 *   <li>{@code POST /ims/ob/v3p0/credentials} and {@code PUT /ims/ob/v3p0/profile} — 405: Cairn is the
 *       issuer of its credentials, not a store for others'.</li>
 * </ul>
 *
 * The authorization endpoint with the consent page is {@link ConsentPages}, behind the sign-in session.
 * Errors of {@code /oauth/ob/*} are RFC 6749 / RFC 7591 JSON, those of {@code /ims/ob/v3p0/*} OB 3.0's
 * {@code Imsx_StatusInfo} (both rendered by the one failure handler).
 */
public final class ObApiRoutes {
  static final String BASE = "/ims/ob/v3p0";
  static final String AUTHORIZE = "/my/hosts/authorize";
  static final String REGISTER = "/oauth/ob/register";
  static final String TOKEN = "/oauth/ob/token";
  /** Largest token request form. */
  private static final int FORM_LIMIT = 16 * 1024;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final List<String> CONTEXT = List.of("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

  private final Pool pool;
  private final ObStore store;
  private final String publicUrl;
  private final String discovery;

  public ObApiRoutes(Pool pool, IssuerOptions options) {
    this.pool = pool;
    this.store = new ObStore(pool);
    this.publicUrl = options.publicUrl();
    this.discovery = discovery(options).toString();
  }

  ObStore store() {
    return store;
  }

  public void mount(Router router) {
    router.get(BASE + "/discovery").handler(this::discovery);
    router.post(REGISTER).handler(new RequestBody(Registration.BODY_LIMIT)).handler(this::register);
    router.post(TOKEN).handler(new RequestBody(FORM_LIMIT)).handler(this::token);
    router.get(BASE + "/credentials").handler(this::credentials);
    router.post(BASE + "/credentials").handler(ctx -> readOnly(ctx, "upsertCredential"));
    router.get(BASE + "/profile").handler(this::profile);
    router.put(BASE + "/profile").handler(ctx -> readOnly(ctx, "putProfile"));
  }

  /** The Service Description Document, with this Cairn's URLs, name, image and policies. */
  private static JsonNode discovery(IssuerOptions options) {
    String template;
    try (InputStream in = ObApiRoutes.class.getResourceAsStream("/cairn/credentials/obapi/discovery.json")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("The Open Badges API's discovery template is missing", e);
    }
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    // the organisation's homepage stands for its terms and privacy policy (CAIRN_ISSUER_URL)
    String document = template
        .replace("%TITLE%", new String(json.quoteAsString(options.issuerName())))
        .replace("%BASE%", new String(json.quoteAsString(options.publicUrl())))
        .replace("%TERMS%", new String(json.quoteAsString(options.issuerUrl())))
        .replace("%PRIVACY%", new String(json.quoteAsString(options.issuerUrl())));
    ObjectNode tree = (ObjectNode) Json.tree(document);
    if (options.issuerImage() != null) {
      ((ObjectNode) tree.get("info")).put("x-imssf-image", options.issuerImage());
    }
    return tree;
  }

  private void discovery(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "public, max-age=300")
        .end(discovery);
  }

  private void register(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw OAuthException.invalidClientMetadata("Send the registration as application/json (RFC 7591 §3.1).");
    }
    JsonNode body;
    try {
      body = JsonBody.of(ctx);
    } catch (ApiException e) {
      throw OAuthException.invalidClientMetadata("The registration is not JSON Cairn can read: " + e.getMessage());
    }
    Registration registration = Registration.of(body);
    store.register(registration).onComplete(Http.handler(ctx, answer -> {
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
      Http.json(ctx, 201, "application/json", answer);
    }));
  }

  private void token(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    BasicCredentials client = authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6) ? null
        : BasicCredentials.decode(authorization.substring(6).trim()).orElse(null);
    if (client == null) {
      throw OAuthException.invalidClient("Authenticate with HTTP Basic: the client_id and client_secret of the "
          + "registration (client_secret_basic, OB 3.0 §7.1.2).");
    }
    Map<String, String> form = form(ctx);
    if (form.containsKey("client_secret")) {
      throw OAuthException.invalidRequest("Send the client secret with HTTP Basic only, not in the form (one method "
          + "per request, RFC 6749 §2.3).");
    }
    String grantType = form.get("grant_type");
    List<String> scope = null;
    if (form.containsKey("scope")) {
      scope = ObScopes.parse(form.get("scope"));
      if (scope == null) {
        throw OAuthException.invalidScope("scope must be a space-separated list of scopes.");
      }
    }
    List<String> asked = scope;
    Future<ObStore.Tokens> tokens;
    if ("authorization_code".equals(grantType)) {
      require(form, "code");
      require(form, "redirect_uri");
      tokens = store.authenticate(client).compose(c -> store.exchange(c, form.get("code"), form.get("redirect_uri"),
          form.get("code_verifier"), asked));
    } else if ("refresh_token".equals(grantType)) {
      require(form, "refresh_token");
      tokens = store.authenticate(client).compose(c -> store.refresh(c, form.get("refresh_token"), asked));
    } else if (grantType == null) {
      throw OAuthException.invalidRequest("grant_type is required: authorization_code or refresh_token.");
    } else {
      throw OAuthException.unsupportedGrantType("This endpoint takes grant_type authorization_code or refresh_token.");
    }
    tokens.onComplete(Http.handler(ctx, t -> {
      ObjectNode answer = Json.MAPPER.createObjectNode().put("access_token", t.access()).put("token_type", "Bearer")
          .put("expires_in", ObStore.ACCESS_TTL.toSeconds()).put("scope", String.join(" ", t.scopes()))
          .put("refresh_token", t.refresh());
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
      Http.json(ctx, 200, "application/json", answer);
    }));
  }

  private static void require(Map<String, String> form, String name) {
    if (!form.containsKey(name)) {
      throw OAuthException.invalidRequest(name + " is required (RFC 6749 §4.1.3, §6).");
    }
  }

  /**
   * The token request's form (RFC 6749 §3.2): {@code application/x-www-form-urlencoded}, each parameter
   * at most once, parameters in the body only. Read by hand as the LRS's token endpoint reads its own:
   * Vert.x's BodyHandler would accept repeated parameters silently (and the feature may not import the LRS).
   */
  private static Map<String, String> form(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw OAuthException.invalidRequest("Send the token request as application/x-www-form-urlencoded (RFC 6749 §4.1.3).");
    }
    if (ctx.request().query() != null) {
      throw OAuthException.invalidRequest("Send the parameters in the body, not in the URL.");
    }
    Map<String, List<String>> parameters;
    try {
      parameters = QueryStringDecoder.builder().hasPath(false).semicolonIsNormalChar(true).maxParams(32)
          .charset(StandardCharsets.UTF_8).build(RequestBody.of(ctx).toString(StandardCharsets.UTF_8)).parameters();
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidRequest("The form is not valid percent-encoded UTF-8.");
    }
    Map<String, String> form = new HashMap<>();
    parameters.forEach((name, values) -> {
      if (values.size() > 1) {
        throw OAuthException.invalidRequest("A parameter is repeated; send each at most once (RFC 6749 §3.2).");
      }
      String value = values.get(0);
      if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
        throw OAuthException.invalidRequest("Form fields cannot contain the NUL character.");
      }
      if (!value.isEmpty()) {
        form.put(name, value);
      }
    });
    return form;
  }

  /** The access a request's bearer token gives, which must include {@code scope}; else 401 or 403. */
  private Future<ObStore.Access> access(RoutingContext ctx, String scope) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(ApiException.unauthorized("This needs an access token (Authorization: Bearer …) "
          + "with the scope " + scope + " (OB 3.0 §7.1.3)."));
    }
    String token = authorization.substring(7).trim();
    if (!Secrets.plausible(token, 512)) {
      return Future.failedFuture(OAuthException.invalidToken("The access token is malformed."));
    }
    return store.access(token).map(found -> {
      ObStore.Access access = found.orElseThrow(() -> OAuthException.invalidToken("The access token is unknown, "
          + "expired or revoked; refresh it or ask the person again."));
      if (!access.scopes().contains(scope)) {
        throw OAuthException.insufficientScope("This needs the scope " + scope + "; the token has "
            + String.join(" ", access.scopes()) + ".");
      }
      return access;
    });
  }

  /** getCredentials (OB 3.0 §6.2.2). */
  private void credentials(RoutingContext ctx) {
    int limit = intParameter(ctx, "limit", DEFAULT_LIMIT, 1);
    int offset = intParameter(ctx, "offset", 0, 0);
    if (limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit is at most " + MAX_LIMIT + ".", "limit");
    }
    OffsetDateTime since = since(ctx);
    access(ctx, ObScopes.CREDENTIAL_READONLY).compose(access -> {
      Tuple count = Tuple.of(access.personId(), since);
      return pool.preparedQuery(ObSql.CREDENTIAL_COUNT).execute(count)
          .compose(total -> pool.preparedQuery(ObSql.CREDENTIALS)
              .execute(Tuple.of(access.personId(), since, offset, limit))
              .map(rows -> {
                ObjectNode body = Json.MAPPER.createObjectNode();
                ArrayNode jws = Json.MAPPER.createArrayNode();
                ArrayNode secured = Json.MAPPER.createArrayNode();
                for (Row row : rows) {
                  // each credential once: as its VC-JWT, or with its embedded proof when it has no VC-JWT
                  if (row.getString("jwt") != null) {
                    jws.add(row.getString("jwt"));
                  } else if (row.getString("data_integrity") != null) {
                    secured.add(Json.tree(row.getString("data_integrity")));
                  }
                }
                if (!secured.isEmpty()) {
                  body.set("credential", secured);
                }
                if (!jws.isEmpty()) {
                  body.set("compactJwsStrings", jws);
                }
                long n = total.iterator().next().getLong("n");
                ctx.response().putHeader("X-Total-Count", Long.toString(n))
                    .putHeader("Link", links(n, offset, limit, ctx.request().getParam("since")));
                return body;
              }));
    }).onComplete(Http.handler(ctx, body -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      Http.json(ctx, 200, "application/json", body);
    }));
  }

  /** The {@code Link} header of a page (OB 3.0 §6.2.2 "Paging"): first and last always, next and prev when there are. */
  String links(long total, int offset, int limit, String since) {
    List<String> links = new ArrayList<>();
    long last = total == 0 ? 0 : (total - 1) / limit * limit;
    if (offset + limit < total) {
      links.add(link(offset + limit, limit, since, "next"));
    }
    links.add(link(last, limit, since, "last"));
    links.add(link(0, limit, since, "first"));
    if (offset > 0) {
      links.add(link(Math.max(0, Math.min(offset - limit, last)), limit, since, "prev"));
    }
    return String.join(", ", links);
  }

  private String link(long offset, int limit, String since, String rel) {
    return "<" + publicUrl + BASE + "/credentials?limit=" + limit + "&offset=" + offset
        + (since == null ? "" : "&since=" + java.net.URLEncoder.encode(since, StandardCharsets.UTF_8))
        + ">; rel=\"" + rel + "\"";
  }

  private static int intParameter(RoutingContext ctx, String name, int absent, int min) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return absent;
    }
    if (values.size() > 1) {
      throw ApiException.badRequest(name + " is repeated; send it once.", name);
    }
    try {
      int value = Integer.parseInt(values.get(0));
      if (value < min) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number of at least " + min + ".", name);
    }
  }

  private static OffsetDateTime since(RoutingContext ctx) {
    List<String> values = ctx.queryParam("since");
    if (values.isEmpty()) {
      return null;
    }
    try {
      if (values.size() > 1 || values.get(0).length() > 40) {
        throw new DateTimeParseException("", "", 0);
      }
      return OffsetDateTime.parse(values.get(0));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("since must be one date and time with its offset, e.g. 2026-11-02T10:15:00Z.",
          "since");
    }
  }

  /** getProfile (OB 3.0 §6.2.4): the person as an OB 3.0 Profile, named by their credentials' subject id. */
  private void profile(RoutingContext ctx) {
    access(ctx, ObScopes.PROFILE_READONLY).compose(access -> pool.preparedQuery(ObSql.SUBJECT)
        .execute(Tuple.of(access.personId())).map(rows -> {
          ObjectNode profile = Json.MAPPER.createObjectNode();
          ArrayNode context = profile.putArray("@context");
          CONTEXT.forEach(context::add);
          profile.put("id", "urn:uuid:" + rows.iterator().next().getUUID("subject_id"));
          profile.putArray("type").add("Profile");
          profile.put("name", access.name());
          if (access.email() != null) {
            profile.put("email", access.email());
          }
          return profile;
        }))
        .onComplete(Http.handler(ctx, profile -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          Http.json(ctx, 200, "application/json", profile);
        }));
  }

  private static void readOnly(RoutingContext ctx, String operation) {
    ctx.response().putHeader("Allow", "GET");
    ctx.fail(new ApiException(405, operation + " is not supported: Cairn's Open Badges API is read only (it issues "
        + "its own credentials and keeps no others').", null));
  }
}
