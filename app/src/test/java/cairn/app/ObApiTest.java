package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Open Badges 3.0 API as a host or backpack uses it, against the whole of Cairn: discovery,
 * dynamic client registration, the person's consent on Cairn's page (signed in, CSRF), the token
 * endpoint with PKCE, getCredentials paged by its Link header (each credential verified by Cairn's
 * verify API), getProfile, refresh, the person revoking the host; and what must be refused.
 */
class ObApiTest {
  private static final String PASSWORD = "a password long enough for the api";
  private static final String CREDENTIALS = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly";
  private static final String PROFILE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly";
  private static final String REDIRECT = "https://backpack.example/ob/callback";
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static CairnServer server;
  private static String tag;
  private static String email;
  private static String person;
  private static WebClientSession ada;
  private static JsonObject discovery;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    email = "ob-" + tag + "@example.com";
    person = "ob-" + tag;
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", person)
        .put("name", "Ada Lovelace").put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email)))),
        200);
    String link = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", email)
        .put("name", "Ada Lovelace").put("roles", new JsonArray().add("employee")), 201).bodyAsJsonObject()
        .getString("invitation");
    ada = Browser.signUpAndIn(server, link, email, PASSWORD);
    issue("Secure coder");
    issue("Code reviewer");
    discovery = server.client.get("/ims/ob/v3p0/discovery").send().await().bodyAsJsonObject();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void issue(String name) {
    server.admin(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", person)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email))
        .put("recipientName", "Ada Lovelace")
        .put("achievementId", "https://cairn.example/achievements/ob-" + tag + "/" + UUID.randomUUID())
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", name).put("description", "Does " + name.toLowerCase() + " work.")
            .put("criteria", new JsonObject().put("narrative", "Practitioner level.")))
        .put("evidence", new JsonArray().add(new JsonObject().put("statementId", UUID.randomUUID().toString())
            .put("rule", "rules/ob/v1#" + tag))), 201);
  }

  /** The path of one of the discovery document's URLs (the test server's public URL names port 0). */
  private static String path(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static JsonObject flow() {
    return discovery.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("OAuth2ACG")
        .getJsonObject("flows").getJsonObject("authorizationCode");
  }

  private static JsonObject registration() {
    return new JsonObject().put("client_name", "Backpack " + tag + " no. " + String.format("%03d", CLIENTS.incrementAndGet())).put("client_uri", "https://backpack.example/")
        .put("logo_uri", "https://backpack.example/logo.png").put("tos_uri", "https://backpack.example/terms")
        .put("policy_uri", "https://backpack.example/privacy").put("software_id", "backpack-" + tag)
        .put("software_version", "1.0").put("redirect_uris", new JsonArray().add(REDIRECT))
        .put("token_endpoint_auth_method", "client_secret_basic")
        .put("grant_types", new JsonArray().add("authorization_code").add("refresh_token"))
        .put("response_types", new JsonArray().add("code"))
        .put("scope", CREDENTIALS + " https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert " + PROFILE
            + " offline_access");
  }

  private static HttpResponse<Buffer> register(JsonObject registration) {
    String url = discovery.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("OAuth2ACG")
        .getString("x-imssf-registrationUrl");
    return server.client.post(path(url)).putHeader("Accept", "application/json").sendJsonObject(registration).await();
  }

  private static JsonObject client() {
    HttpResponse<Buffer> registered = register(registration());
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    return registered.bodyAsJsonObject();
  }

  record Pkce(String verifier, String challenge) {
    static Pkce create() {
      byte[] random = new byte[48];
      RANDOM.nextBytes(random);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      try {
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(
            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Map<String, String> authorization(JsonObject client, String scope, String state, Pkce pkce) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", client.getString("client_id"));
    query.put("redirect_uri", REDIRECT);
    query.put("scope", scope);
    query.put("state", state);
    if (pkce != null) {
      query.put("code_challenge", pkce.challenge());
      query.put("code_challenge_method", "S256");
    }
    return query;
  }

  private static String url(String path, Map<String, String> query) {
    List<String> pairs = new ArrayList<>();
    query.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return path + "?" + String.join("&", pairs);
  }

  private static String authorizeUrl(Map<String, String> query) {
    return url(path(flow().getString("authorizationUrl")), query);
  }

  /** The query of a redirect to the client, decoded. */
  private static Map<String, String> callback(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(303);
    String location = response.getHeader("Location");
    assertThat(location).startsWith(REDIRECT + "?");
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return query;
  }

  /** The consent page's form, answered with {@code decision}. */
  private static HttpResponse<Buffer> consent(WebClientSession browser, Map<String, String> query, String decision) {
    HttpResponse<Buffer> page = browser.get(authorizeUrl(query)).putHeader("Accept", "text/html").send().await();
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("Backpack " + tag).contains(" asks to read your credentials and profile")
        .contains(query.get("scope").contains(CREDENTIALS) ? "see the credentials Cairn issued to you" : "")
        .contains(query.get("scope").contains(PROFILE) ? "see your name and email address" : "");
    assertThat(page.getHeader("Content-Security-Policy")).contains("form-action 'self' https://backpack.example");
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    Matcher hidden = HIDDEN.matcher(page.bodyAsString());
    while (hidden.find()) {
      form.add(hidden.group(1), hidden.group(2).replace("&amp;", "&").replace("&#43;", "+").replace("&#61;", "="));
    }
    form.add("decision", decision);
    return browser.post(path(flow().getString("authorizationUrl"))).putHeader("Accept", "text/html").sendForm(form)
        .await();
  }

  private static HttpResponse<Buffer> token(JsonObject client, String secret, MultiMap form) {
    return server.client.post(path(flow().getString("tokenUrl")))
        .basicAuthentication(client.getString("client_id"), secret).sendForm(form).await();
  }

  private static MultiMap codeForm(String code, Pkce pkce) {
    return MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", code)
        .add("redirect_uri", REDIRECT).add("code_verifier", pkce.verifier());
  }

  private static HttpResponse<Buffer> get(String pathAndQuery, String accessToken) {
    return server.client.get(pathAndQuery).putHeader("Authorization", "Bearer " + accessToken)
        .putHeader("Accept", "application/json").send().await();
  }

  /** Registration, consent and code exchange: the token answer. */
  private static JsonObject tokens(JsonObject client, String scope) {
    Pkce pkce = Pkce.create();
    Map<String, String> answer = callback(consent(ada, authorization(client, scope, "s-" + tag, pkce), "allow"));
    HttpResponse<Buffer> tokens = token(client, client.getString("client_secret"), codeForm(answer.get("code"), pkce));
    assertThat(tokens.statusCode()).as(tokens.bodyAsString()).isEqualTo(200);
    return tokens.bodyAsJsonObject();
  }

  @Test
  void aBackpackDiscoversRegistersIsAllowedAndReadsBothCredentialsAndTheProfileUntilThePersonRevokesIt() {
    // discovery: the service description document
    assertThat(discovery.getString("openapi")).startsWith("3.0");
    assertThat(discovery.getJsonObject("info").getString("x-imssf-privacyPolicyUrl")).startsWith("http");
    assertThat(discovery.getJsonObject("info").getString("termsOfService")).startsWith("http");
    JsonObject scheme = discovery.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("OAuth2ACG");
    assertThat(scheme.getString("type")).isEqualTo("oauth2");
    assertThat(scheme.getString("x-imssf-registrationUrl")).endsWith("/oauth/ob/register");
    assertThat(flow().getString("refreshUrl")).isEqualTo(flow().getString("tokenUrl"));
    assertThat(flow().getJsonObject("scopes").fieldNames()).contains(CREDENTIALS, PROFILE,
        "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert");

    // registration
    JsonObject client = client();
    assertThat(client.getString("client_id")).isNotBlank();
    assertThat(client.getString("client_secret")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(client.getLong("client_id_issued_at")).isPositive();
    assertThat(client.getLong("client_secret_expires_at")).isZero();
    assertThat(client.getString("scope")).isEqualTo(CREDENTIALS + " " + PROFILE + " offline_access");
    assertThat(client.getJsonArray("redirect_uris")).containsExactly(REDIRECT);

    // the person, not signed in yet in this browser, is sent to sign in and comes back to the consent page
    WebClientSession fresh = Browser.open(server);
    Pkce pkce = Pkce.create();
    Map<String, String> query = authorization(client, CREDENTIALS + " " + PROFILE + " offline_access", "xyz-" + tag, pkce);
    HttpResponse<Buffer> toSignIn = fresh.get(authorizeUrl(query)).putHeader("Accept", "text/html").send().await();
    assertThat(toSignIn.statusCode()).isEqualTo(303);
    String login = toSignIn.getHeader("Location");
    assertThat(login).startsWith("/login?return=");
    String back = URLDecoder.decode(login.substring("/login?return=".length()), StandardCharsets.UTF_8);
    assertThat(back).isEqualTo(authorizeUrl(query));
    HttpResponse<Buffer> loginPage = fresh.get(login).send().await();
    HttpResponse<Buffer> signedIn = fresh.post("/login").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add(Browser.CSRF_FIELD, Browser.formToken(loginPage)).add("email", email).add("password", PASSWORD)
        .add("return", back)).await();
    assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(303);
    assertThat(signedIn.getHeader("Location")).isEqualTo(back);

    // consent: allow
    Map<String, String> answer = callback(consent(fresh, query, "allow"));
    assertThat(answer).containsEntry("state", "xyz-" + tag).containsEntry("scope", CREDENTIALS + " " + PROFILE
        + " offline_access").containsKey("code");

    // the token endpoint, with PKCE
    HttpResponse<Buffer> tokenResponse = token(client, client.getString("client_secret"),
        codeForm(answer.get("code"), pkce));
    assertThat(tokenResponse.statusCode()).as(tokenResponse.bodyAsString()).isEqualTo(200);
    assertThat(tokenResponse.getHeader("Cache-Control")).contains("no-store");
    JsonObject tokens = tokenResponse.bodyAsJsonObject();
    assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
    assertThat(tokens.getInteger("expires_in")).isEqualTo(3600);
    assertThat(tokens.getString("refresh_token")).isNotBlank();

    // getCredentials, one per page, following the Link header
    HttpResponse<Buffer> first = get("/ims/ob/v3p0/credentials?limit=1", tokens.getString("access_token"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.getHeader("X-Total-Count")).isEqualTo("2");
    Map<String, String> links = links(first.getHeader("Link"));
    assertThat(links).containsKeys("next", "last", "first").doesNotContainKey("prev");
    assertThat(links.get("next")).endsWith("/ims/ob/v3p0/credentials?limit=1&offset=1");
    List<String> jwts = new ArrayList<>();
    first.bodyAsJsonObject().getJsonArray("compactJwsStrings").forEach(j -> jwts.add((String) j));
    HttpResponse<Buffer> second = get(path(links.get("next")), tokens.getString("access_token"));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    Map<String, String> secondLinks = links(second.getHeader("Link"));
    assertThat(secondLinks).containsKeys("prev", "last", "first").doesNotContainKey("next");
    second.bodyAsJsonObject().getJsonArray("compactJwsStrings").forEach(j -> jwts.add((String) j));
    assertThat(jwts).hasSize(2).doesNotHaveDuplicates();
    List<String> names = new ArrayList<>();
    for (String jwt : jwts) {
      JsonObject report = server.client.post("/verify").putHeader("Content-Type", "application/jwt")
          .sendBuffer(Buffer.buffer(jwt)).await().bodyAsJsonObject();
      assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
      names.add(report.getJsonObject("credential").getString("name"));
    }
    assertThat(names).containsExactlyInAnyOrder("Secure coder", "Code reviewer");

    // getProfile: the person, named like their credentials' subject
    HttpResponse<Buffer> profile = get("/ims/ob/v3p0/profile", tokens.getString("access_token"));
    assertThat(profile.statusCode()).as(profile.bodyAsString()).isEqualTo(200);
    JsonObject me = profile.bodyAsJsonObject();
    assertThat(me.getJsonArray("type")).containsExactly("Profile");
    assertThat(me.getString("name")).isEqualTo("Ada Lovelace");
    assertThat(me.getString("email")).isEqualTo(email);
    String subject = new JsonObject(new String(Base64.getUrlDecoder().decode(jwts.get(0).split("\\.")[1]),
        StandardCharsets.UTF_8)).getString("sub");
    assertThat(me.getString("id")).isEqualTo(subject);

    // refresh: a new pair; the old refresh token is spent
    HttpResponse<Buffer> refreshed = token(client, client.getString("client_secret"), MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "refresh_token").add("refresh_token", tokens.getString("refresh_token")));
    assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
    JsonObject renewed = refreshed.bodyAsJsonObject();
    assertThat(renewed.getString("access_token")).isNotEqualTo(tokens.getString("access_token"));
    assertThat(get("/ims/ob/v3p0/profile", renewed.getString("access_token")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> again = token(client, client.getString("client_secret"), MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "refresh_token").add("refresh_token", tokens.getString("refresh_token")));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");

    // the person sees the host among theirs and revokes it: every token of it stops working
    HttpResponse<Buffer> hosts = fresh.get("/my/hosts").send().await();
    assertThat(hosts.statusCode()).isEqualTo(200);
    assertThat(hosts.bodyAsString()).contains(client.getString("client_name"));
    Matcher revoke = Pattern.compile(Pattern.quote(client.getString("client_name"))
        + "</h2>.*?action=\"(/my/hosts/[0-9a-f-]+/revoke)\"", Pattern.DOTALL).matcher(hosts.bodyAsString());
    assertThat(revoke.find()).isTrue();
    HttpResponse<Buffer> revoked = fresh.post(revoke.group(1)).sendForm(MultiMap.caseInsensitiveMultiMap()
        .add(Browser.CSRF_FIELD, Browser.formToken(hosts))).await();
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(303);
    HttpResponse<Buffer> refused = get("/ims/ob/v3p0/credentials", renewed.getString("access_token"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    assertThat(statusInfo(refused).getString("imsx_codeMajor")).isEqualTo("failure");
    HttpResponse<Buffer> noRefresh = token(client, client.getString("client_secret"), MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "refresh_token").add("refresh_token", renewed.getString("refresh_token")));
    assertThat(noRefresh.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
    assertThat(fresh.get("/my/hosts").send().await().bodyAsString()).doesNotContain(client.getString("client_name"));

    // audited: the registration, the consent, the revocation
    List<String> actions = new ArrayList<>();
    for (Row row : server.cairn.pool().preparedQuery("select action, actor from credentials.audit "
        + "where detail->>'clientId' = $1 order by id").execute(Tuple.of(client.getString("client_id"))).await()) {
      actions.add(row.getString("action") + " " + row.getString("actor"));
    }
    assertThat(actions).hasSize(3);
    assertThat(actions.get(0)).isEqualTo("client.register ob-client:" + client.getString("client_id"));
    assertThat(actions.get(1)).startsWith("consent.grant account:");
    assertThat(actions.get(2)).startsWith("consent.revoke account:");
  }

  private static JsonObject statusInfo(HttpResponse<Buffer> response) {
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject info = response.bodyAsJsonObject();
    assertThat(info.getString("imsx_severity")).isEqualTo("error");
    assertThat(info.getString("imsx_description")).isNotBlank();
    return info;
  }

  private static String minor(JsonObject info) {
    return info.getJsonObject("imsx_codeMinor").getJsonArray("imsx_codeMinorField").getJsonObject(0)
        .getString("imsx_codeMinorFieldValue");
  }

  private static Map<String, String> links(String header) {
    Map<String, String> links = new HashMap<>();
    Matcher m = Pattern.compile("<([^>]+)>; rel=\"([a-z]+)\"").matcher(header);
    while (m.find()) {
      links.put(m.group(2), m.group(1));
    }
    return links;
  }

  @Test
  void aWrongRedirectUriIsToldToThePersonAndNeverFollowed() {
    JsonObject client = client();
    Map<String, String> query = authorization(client, CREDENTIALS, "st", Pkce.create());
    query.put("redirect_uri", "https://evil.example/steal");
    HttpResponse<Buffer> page = ada.get(authorizeUrl(query)).putHeader("Accept", "text/html").send().await();
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.getHeader("Location")).isNull();
    assertThat(page.bodyAsString()).contains("did not register");
    query.put("client_id", "nobody");
    assertThat(ada.get(authorizeUrl(query)).putHeader("Accept", "text/html").send().await().statusCode()).isEqualTo(400);
  }

  @Test
  void withoutPkceTheClientGetsInvalidRequestWithItsState() {
    JsonObject client = client();
    Map<String, String> answer = callback(ada.get(authorizeUrl(authorization(client, CREDENTIALS, "no-pkce", null)))
        .send().await());
    assertThat(answer).containsEntry("error", "invalid_request").containsEntry("state", "no-pkce");
    assertThat(answer.get("error_description")).contains("PKCE");
    Map<String, String> plain = authorization(client, CREDENTIALS, "plain", Pkce.create());
    plain.put("code_challenge_method", "plain");
    assertThat(callback(ada.get(authorizeUrl(plain)).send().await())).containsEntry("error", "invalid_request");
  }

  @Test
  void aDeniedConsentSendsAccessDeniedAndGrantsNothing() {
    JsonObject client = client();
    Map<String, String> answer = callback(consent(ada, authorization(client, CREDENTIALS, "deny-me", Pkce.create()),
        "deny"));
    assertThat(answer).containsEntry("error", "access_denied").containsEntry("state", "deny-me").doesNotContainKey("code");
    assertThat(ada.get("/my/hosts").send().await().bodyAsString()).doesNotContain(client.getString("client_id"));
  }

  @Test
  void aCodeWorksOnceAndItsSecondUseRevokesTheTokensItGave() {
    JsonObject client = client();
    Pkce pkce = Pkce.create();
    Map<String, String> answer = callback(consent(ada, authorization(client, CREDENTIALS, "once", pkce), "allow"));
    JsonObject tokens = token(client, client.getString("client_secret"), codeForm(answer.get("code"), pkce))
        .bodyAsJsonObject();
    assertThat(get("/ims/ob/v3p0/credentials", tokens.getString("access_token")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> reused = token(client, client.getString("client_secret"), codeForm(answer.get("code"), pkce));
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(reused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
    assertThat(reused.bodyAsJsonObject().getString("error_description")).contains("used already");
    assertThat(get("/ims/ob/v3p0/credentials", tokens.getString("access_token")).statusCode()).isEqualTo(401);
  }

  @Test
  void theTokenEndpointRefusesAWrongSecretAWrongVerifierAndAnotherRedirectUri() {
    JsonObject client = client();
    Pkce pkce = Pkce.create();
    String code = callback(consent(ada, authorization(client, CREDENTIALS, "s", pkce), "allow")).get("code");
    HttpResponse<Buffer> wrongSecret = token(client, "not-the-secret", codeForm(code, pkce));
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(wrongSecret.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client");
    assertThat(wrongSecret.getHeader("WWW-Authenticate")).startsWith("Basic");
    HttpResponse<Buffer> noAuth = server.client.post("/oauth/ob/token").sendForm(codeForm(code, pkce)).await();
    assertThat(noAuth.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> wrongVerifier = token(client, client.getString("client_secret"), codeForm(code, Pkce.create()));
    assertThat(wrongVerifier.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
    assertThat(wrongVerifier.bodyAsJsonObject().getString("error_description")).contains("code_verifier");
    // the code was taken by that attempt: it never works again
    assertThat(token(client, client.getString("client_secret"), codeForm(code, pkce)).bodyAsJsonObject()
        .getString("error")).isEqualTo("invalid_grant");
    String other = callback(consent(ada, authorization(client, CREDENTIALS, "s2", pkce), "allow")).get("code");
    MultiMap otherRedirect = codeForm(other, pkce);
    otherRedirect.set("redirect_uri", "https://backpack.example/other");
    assertThat(token(client, client.getString("client_secret"), otherRedirect).bodyAsJsonObject().getString("error"))
        .isEqualTo("invalid_grant");
    HttpResponse<Buffer> unknownGrant = token(client, client.getString("client_secret"), MultiMap
        .caseInsensitiveMultiMap().add("grant_type", "password"));
    assertThat(unknownGrant.bodyAsJsonObject().getString("error")).isEqualTo("unsupported_grant_type");
  }

  @Test
  void aTokenWithoutTheScopeIsForbiddenAndWithoutATokenUnauthorized() {
    JsonObject client = client();
    JsonObject profileOnly = tokens(client, PROFILE);
    assertThat(profileOnly.getString("scope")).isEqualTo(PROFILE);
    HttpResponse<Buffer> forbidden = get("/ims/ob/v3p0/credentials", profileOnly.getString("access_token"));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(minor(statusInfo(forbidden))).isEqualTo("forbidden");
    assertThat(forbidden.getHeader("WWW-Authenticate")).contains("insufficient_scope");
    assertThat(get("/ims/ob/v3p0/profile", profileOnly.getString("access_token")).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> anonymous = server.client.get("/ims/ob/v3p0/credentials").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(minor(statusInfo(anonymous))).isEqualTo("unauthorizedrequest");
    assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"Cairn\"");
    assertThat(get("/ims/ob/v3p0/credentials", "made-up-token").statusCode()).isEqualTo(401);

    HttpResponse<Buffer> badLimit = get("/ims/ob/v3p0/credentials?limit=0", profileOnly.getString("access_token"));
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(minor(statusInfo(badLimit))).isEqualTo("invalid_data");

    HttpResponse<Buffer> upsert = server.client.post("/ims/ob/v3p0/credentials")
        .putHeader("Authorization", "Bearer " + profileOnly.getString("access_token"))
        .sendBuffer(Buffer.buffer("a.b.c")).await();
    assertThat(upsert.statusCode()).isEqualTo(405);
    assertThat(upsert.getHeader("Allow")).isEqualTo("GET");
    assertThat(minor(statusInfo(upsert))).isEqualTo("not_allowed");
    assertThat(server.client.put("/ims/ob/v3p0/profile").sendJsonObject(new JsonObject()).await().statusCode())
        .isEqualTo(405);
  }

  @Test
  void aRegistrationSaysWhatIsWrongWithIt() {
    JsonObject http = registration().put("redirect_uris", new JsonArray().add("http://backpack.example/cb"));
    HttpResponse<Buffer> refused = register(http);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_redirect_uri");
    JsonObject otherHost = registration().put("redirect_uris", new JsonArray().add("https://elsewhere.example/cb"));
    assertThat(register(otherHost).bodyAsJsonObject().getString("error")).isEqualTo("invalid_redirect_uri");
    JsonObject noName = registration();
    noName.remove("client_name");
    HttpResponse<Buffer> nameless = register(noName);
    assertThat(nameless.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client_metadata");
    assertThat(nameless.bodyAsJsonObject().getString("error_description")).contains("client_name");
    JsonObject writeOnly = registration().put("scope", "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert");
    assertThat(register(writeOnly).bodyAsJsonObject().getString("error")).isEqualTo("invalid_client_metadata");
    JsonObject post = registration().put("token_endpoint_auth_method", "client_secret_post");
    assertThat(register(post).bodyAsJsonObject().getString("error")).isEqualTo("invalid_client_metadata");
    HttpResponse<Buffer> huge = server.client.post("/oauth/ob/register").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"client_name\": \"" + "x".repeat(20_000) + "\"}")).await();
    assertThat(huge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> notJson = server.client.post("/oauth/ob/register").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{nope")).await();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client_metadata");
  }

  @Test
  void theConsentPageAndMyHostsPassTheAccessibilityCheckInChromium() {
    JsonObject client = client();
    try (Chromium chromium = new Chromium(server)) {
      chromium.open(authorizeUrl(authorization(client, CREDENTIALS + " " + PROFILE + " offline_access", "page",
          Pkce.create())));
      chromium.signIn(email, PASSWORD);
      assertThat(chromium.text()).contains("Backpack " + tag).contains(" asks to read your credentials and profile");
      chromium.accessible().screenshot("ob-consent");
      tokens(client, CREDENTIALS);
      chromium.open("/my/hosts");
      assertThat(chromium.text()).contains(client.getString("client_name"));
      chromium.accessible().screenshot("ob-hosts");
    }
  }
}
