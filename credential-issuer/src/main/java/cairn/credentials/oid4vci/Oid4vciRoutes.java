package cairn.credentials.oid4vci;

import cairn.credentials.issuing.Contexts;
import cairn.web.AccessLog;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.RequestBody;
import cairn.web.auth.OAuthException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenID for Verifiable Credential Issuance 1.0 for wallets, public (the pre-authorized code is the
 * authorization): the Credential Issuer Metadata ({@code GET /.well-known/openid-credential-issuer},
 * §12.2) and, Cairn being its own authorization server for this flow, the OAuth 2.0 Authorization Server
 * Metadata (RFC 8414, {@code GET /.well-known/oauth-authorization-server}); an offer by reference
 * ({@code GET /oid4vci/offers/{token}}, §4.1.3); the token endpoint ({@code POST /oid4vci/token}, §6);
 * the nonce endpoint ({@code POST /oid4vci/nonce}, §7); the credential endpoint
 * ({@code POST /oid4vci/credential}, §8). Errors are {@link OAuthException}s, which the one failure
 * handler writes as {@code {"error", "error_description"}} under {@code /oid4vci/}.
 */
public final class Oid4vciRoutes {
  private static final int MAX_TOKEN_REQUEST = 16 * 1024;
  private static final int MAX_CREDENTIAL_REQUEST = 64 * 1024;
  private static final String FORM = "application/x-www-form-urlencoded";
  private final WalletOffers offers;

  public Oid4vciRoutes(WalletOffers offers) {
    this.offers = offers;
  }

  public void mount(Router router) {
    router.get("/.well-known/openid-credential-issuer").handler(this::issuerMetadata);
    router.get("/.well-known/oauth-authorization-server").handler(this::authorizationServerMetadata);
    router.route("/oid4vci/offers/*").handler(ctx -> {
      AccessLog.showPathAs(ctx, "/oid4vci/offers/{token}");
      ctx.next();
    });
    router.get("/oid4vci/offers/:token").handler(this::offer);
    router.post("/oid4vci/token").handler(new RequestBody(MAX_TOKEN_REQUEST)).handler(this::token);
    router.post("/oid4vci/nonce").handler(this::nonce);
    router.post("/oid4vci/credential").handler(new RequestBody(MAX_CREDENTIAL_REQUEST)).handler(this::credential);
  }

  /** §12.2.4: the issuer, its endpoints, and the Open Badges 3.0 credential in the two formats Cairn issues. */
  private void issuerMetadata(RoutingContext ctx) {
    String issuer = offers.issuer();
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("credential_issuer", issuer);
    m.put("credential_endpoint", issuer + "/oid4vci/credential");
    m.put("nonce_endpoint", issuer + "/oid4vci/nonce");
    m.putArray("display").addObject().put("name", offers.options().issuerName()).put("locale", "en");
    ObjectNode supported = m.putObject("credential_configurations_supported");
    ObjectNode jwt = configuration(supported, CredentialConfiguration.JWT_VC_JSON, List.of("RS256", "ES256"),
        "Open Badge (VC-JWT)");
    jwt.putObject("credential_definition").set("type", types());
    ObjectNode ldp = configuration(supported, CredentialConfiguration.LDP_VC, List.of("eddsa-rdfc-2022"),
        "Open Badge (Data Integrity)");
    ObjectNode definition = ldp.putObject("credential_definition");
    definition.set("@context", Contexts.credential());
    definition.set("type", types());
    answer(ctx, m);
  }

  private static ObjectNode configuration(ObjectNode supported, CredentialConfiguration c, List<String> signing,
      String name) {
    ObjectNode o = supported.putObject(c.id);
    o.put("format", c.format);
    // a bare key becomes a did:jwk subject; a did:key kid names the subject itself
    o.putArray("cryptographic_binding_methods_supported").add("jwk").add("did:key").add("did:jwk");
    signing.forEach(o.putArray("credential_signing_alg_values_supported")::add);
    ArrayNode algs = o.putObject("proof_types_supported").putObject("jwt").putArray("proof_signing_alg_values_supported");
    HolderProof.ALGORITHMS.stream().map(JWSAlgorithm::getName).sorted().forEach(algs::add);
    o.putObject("credential_metadata").putArray("display").addObject().put("name", name).put("locale", "en")
        .put("description", "An Open Badges 3.0 credential for a milestone reached on a career ladder.");
    return o;
  }

  private static ArrayNode types() {
    return Json.MAPPER.createArrayNode().add("VerifiableCredential").add("OpenBadgeCredential");
  }

  /** RFC 8414 §2, with OpenID4VCI §12.3's {@code pre-authorized_grant_anonymous_access_supported}. */
  private void authorizationServerMetadata(RoutingContext ctx) {
    String issuer = offers.issuer();
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("issuer", issuer);
    m.put("token_endpoint", issuer + "/oid4vci/token");
    m.putArray("grant_types_supported").add(WalletOffers.PRE_AUTHORIZED_GRANT);
    // no authorization endpoint: only the pre-authorized code flow
    m.putArray("response_types_supported");
    m.putArray("token_endpoint_auth_methods_supported").add("none");
    m.put("pre-authorized_grant_anonymous_access_supported", true);
    answer(ctx, m);
  }

  private void offer(RoutingContext ctx) {
    offers.offer(ctx.pathParam("token")).onSuccess(offer -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      answer(ctx, offer);
    }).onFailure(ctx::fail);
  }

  /** §6.1: {@code grant_type} the pre-authorized code grant, {@code pre-authorized_code}, {@code tx_code}. */
  private void token(RoutingContext ctx) {
    if (!ctx.request().params().isEmpty()) {
      throw OAuthException.invalidRequest("Send the parameters in the request body as " + FORM
          + ", not in the URL (RFC 6749 §3.2).");
    }
    Map<String, String> form = form(ctx);
    String grant = form.get("grant_type");
    if (grant == null) {
      throw OAuthException.invalidRequest("grant_type is required: grant_type=" + WalletOffers.PRE_AUTHORIZED_GRANT + ".");
    }
    if (!grant.equals(WalletOffers.PRE_AUTHORIZED_GRANT)) {
      throw OAuthException.unsupportedGrantType("This token endpoint takes only grant_type="
          + WalletOffers.PRE_AUTHORIZED_GRANT + " (OpenID4VCI 1.0 §6.1); for xAPI tokens, use /oauth/token.");
    }
    String code = form.get("pre-authorized_code");
    if (code == null) {
      throw OAuthException.invalidRequest("pre-authorized_code is required: the code in the credential offer.");
    }
    offers.token(code, form.get("tx_code")).onSuccess(token -> {
      ObjectNode body = Json.MAPPER.createObjectNode().put("access_token", token.accessToken())
          .put("token_type", "Bearer").put("expires_in", token.expiresIn());
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
      answer(ctx, body);
    }).onFailure(ctx::fail);
  }

  private void nonce(RoutingContext ctx) {
    offers.nonce().onSuccess(nonce -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      answer(ctx, Json.MAPPER.createObjectNode().put("c_nonce", nonce));
    }).onFailure(ctx::fail);
  }

  /** §8: the access token as a Bearer token (RFC 6750 §2.1), the request as JSON. */
  private void credential(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 200) {
      throw OAuthException.invalidToken("Send the access token from the token endpoint: Authorization: Bearer <token>.");
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      throw OAuthException.of(400, "invalid_credential_request", "Send the credential request as application/json.");
    }
    JsonNode body;
    try {
      body = Json.parse(RequestBody.of(ctx));
    } catch (ApiException e) {
      throw OAuthException.of(400, "invalid_credential_request", e.getMessage());
    }
    Vertx vertx = ctx.vertx();
    offers.deliver(vertx, header.substring(7).trim(), body).onSuccess(answer -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      answer(ctx, answer);
    }).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, JsonNode body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
  }

  /** The form's parameters, each at most once (RFC 6749 §3.2); one sent without a value counts as omitted. */
  private static Map<String, String> form(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(FORM)) {
      throw OAuthException.invalidRequest("Send the token request as " + FORM + " (RFC 6749 §4.1.3).");
    }
    Map<String, List<String>> parameters;
    try {
      parameters = QueryStringDecoder.builder().hasPath(false).semicolonIsNormalChar(true).maxParams(64)
          .charset(StandardCharsets.UTF_8).build(RequestBody.of(ctx).toString(StandardCharsets.UTF_8)).parameters();
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidRequest("The form is not valid percent-encoded UTF-8: " + e.getMessage());
    }
    Map<String, String> form = new HashMap<>();
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (parameter.getValue().size() > 1) {
        throw OAuthException.invalidRequest("A parameter is repeated; send each at most once (RFC 6749 §3.2).");
      }
      String value = parameter.getValue().get(0);
      if (parameter.getKey().indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
        throw OAuthException.invalidRequest("Form fields cannot contain the NUL character.");
      }
      if (!value.isEmpty()) {
        form.put(parameter.getKey(), value);
      }
    }
    return form;
  }
}
