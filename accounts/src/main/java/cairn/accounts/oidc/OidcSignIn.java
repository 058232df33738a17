package cairn.accounts.oidc;

import cairn.accounts.local.View;
import cairn.accounts.sessions.PgSessionStore;
import cairn.web.auth.Directory;
import cairn.web.auth.Role;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with an OpenID Connect provider (authorization code flow with PKCE S256, state and nonce),
 * on Vert.x's own OAuth2/OIDC client: {@link OpenIDConnectAuth#discover} reads the provider's
 * metadata and keys, {@link OAuth2Auth#authorizeURL} builds the redirect and
 * {@link OAuth2Auth#authenticate} exchanges the code and validates the ID token (signature with the
 * provider's keys, issuer, audience, authorised party).
 *
 * <p>The lower-level API, not Vert.x web's {@code OAuth2AuthHandler}: that handler keeps a Vert.x
 * {@code User} in the session and answers failures with bare 401/500s, while Cairn's sessions hold
 * only the account id (read afresh into a {@code Caller} on every request), rotate the session id
 * at sign-in as local sign-in does, and answer every failure with a page that says what to do.
 *
 * <p>Vert.x's client does not compare the ID token's {@code nonce} with the one sent, nor does it
 * refuse a token it could not validate (it leaves it out): both are checked here, with its expiry.
 *
 * <p>Discovery runs at start and does not hold it up: while the provider cannot be reached the
 * sign-in page shows the button disabled, and discovery is retried every {@link #RETRY}.
 */
public final class OidcSignIn {
  private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
  static final Duration RETRY = Duration.ofSeconds(30);
  /** How long a person has at the provider before the flow started here is refused. */
  static final Duration FLOW_MAX = Duration.ofMinutes(10);
  private static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final String FLOW = "cairn.oidc.flow";
  /** The session data key holding the ID token, sent back as {@code id_token_hint} at sign-out. */
  public static final String ID_TOKEN = "cairn.oidc.idToken";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final OidcOptions options;
  private final String publicUrl;
  private final OidcLinks links;
  private final AtomicReference<OAuth2Auth> provider = new AtomicReference<>();
  private volatile boolean stopped;

  /** {@code directory}: the people directory, for accounts made at a first sign-in (null: none are). */
  public OidcSignIn(Vertx vertx, Pool pool, OidcOptions options, String publicUrl, Directory directory) {
    this.vertx = vertx;
    this.options = options;
    this.publicUrl = publicUrl;
    this.links = new OidcLinks(pool, directory);
  }

  /**
   * Discovers the provider; answers once the first attempt is over, whatever its outcome (a
   * failure is logged and retried), so that an unreachable provider does not stop Cairn.
   */
  public Future<Void> start() {
    return discover().recover(e -> Future.succeededFuture());
  }

  public void stop() {
    stopped = true;
  }

  private Future<Void> discover() {
    OAuth2Options config = new OAuth2Options().setSite(options.issuer()).setClientId(options.clientId())
        .setClientSecret(options.clientSecret())
        .setJWTOptions(new JWTOptions().setLeeway((int) LEEWAY.toSeconds()))
        .setHttpClientOptions(new HttpClientOptions().setConnectTimeout(10_000));
    return OpenIDConnectAuth.discover(vertx, config).onSuccess(auth -> {
      provider.set(auth);
      LOG.info("OpenID Connect provider {} discovered: sign-in with it is available", options.issuer());
    }).onFailure(e -> {
      LOG.error("Cannot discover the OpenID Connect provider {} ({}): the sign-in button is disabled; trying again "
          + "every {} seconds. Check CAIRN_OIDC_ISSUER and that {}/.well-known/openid-configuration can be reached "
          + "from Cairn.", options.issuer(), e.getMessage(), RETRY.toSeconds(), options.issuer());
      if (!stopped) {
        vertx.setTimer(RETRY.toMillis(), t -> {
          if (!stopped) {
            discover();
          }
        });
      }
    }).mapEmpty();
  }

  /** Whether the provider was discovered: the sign-in button works. */
  public boolean available() {
    return provider.get() != null;
  }

  /** The button's label: "Sign in with …". */
  public String name() {
    return options.name();
  }

  /** {@code GET /login/oidc} and {@code GET /login/oidc/callback}, behind the session handler. */
  public void mount(Router router, SessionHandler sessions, UnaryOperator<String> safeReturn) {
    router.get("/login/oidc").handler(ctx -> begin(ctx, sessions, safeReturn));
    router.get("/login/oidc/callback").handler(ctx -> callback(ctx, sessions));
  }

  /** Without a provider configured, both routes answer a 404 page saying so. */
  public static void mountUnconfigured(Router router) {
    for (String path : List.of("/login/oidc", "/login/oidc/callback")) {
      router.get(path).handler(ctx -> View.render(ctx, 404, Text.get("oidc.error.title"), List.of(),
          "oidc-failed.jte", Map.of("message", Text.get("oidc.error.none"))));
    }
  }

  private String redirectUri() {
    return publicUrl + "/login/oidc/callback";
  }

  private void begin(RoutingContext ctx, SessionHandler sessions, UnaryOperator<String> safeReturn) {
    OAuth2Auth auth = provider.get();
    if (auth == null) {
      fail(ctx, sessions, 503, Text.get("oidc.error.unavailable", options.name()));
      return;
    }
    String state = random(32);
    String nonce = random(32);
    String verifier = random(48); // 64 characters, within RFC 7636's 43 to 128
    String url = auth.authorizeURL(new OAuth2AuthorizationURL()
        .setRedirectUri(redirectUri())
        .setScopes(options.scopes())
        .setState(state)
        .setCodeChallenge(challenge(verifier))
        .setCodeChallengeMethod("S256")
        .putAdditionalParameter("nonce", nonce));
    ctx.session().put(FLOW, new JsonObject().put("state", state).put("nonce", nonce).put("verifier", verifier)
        .put("return", safeReturn.apply(ctx.request().getParam("return")))
        .put("started", System.currentTimeMillis()).encode());
    sessions.flush(ctx, true).onSuccess(v -> ctx.response().setStatusCode(303).putHeader("Location", url)
        .putHeader("Cache-Control", "no-store").end()).onFailure(ctx::fail);
  }

  private void callback(RoutingContext ctx, SessionHandler sessions) {
    Session session = ctx.session();
    Object stored = session.remove(FLOW);
    String error = ctx.request().getParam("error");
    if (error != null) {
      LOG.info("The OpenID Connect provider refused a sign-in: {}", error);
      fail(ctx, sessions, "access_denied".equals(error) ? 403 : 400, Text.get("oidc.error.refused", options.name()));
      return;
    }
    JsonObject flow = stored == null ? null : new JsonObject(stored.toString());
    String state = ctx.request().getParam("state");
    if (flow == null || state == null || !state.equals(flow.getString("state"))) {
      fail(ctx, sessions, 400, Text.get("oidc.error.state"));
      return;
    }
    if (System.currentTimeMillis() - flow.getLong("started") > FLOW_MAX.toMillis()) {
      fail(ctx, sessions, 400, Text.get("oidc.error.expired", FLOW_MAX.toMinutes()));
      return;
    }
    String code = ctx.request().getParam("code");
    OAuth2Auth auth = provider.get();
    if (code == null || code.isEmpty() || auth == null) {
      fail(ctx, sessions, 400, Text.get("oidc.error.state"));
      return;
    }
    auth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
            .setRedirectUri(redirectUri()).setCodeVerifier(flow.getString("verifier")))
        .recover(e -> {
          LOG.warn("The OpenID Connect provider {} did not confirm a sign-in: {}", options.issuer(), e.getMessage());
          return Future.failedFuture(new Refused(Text.get("oidc.error.notConfirmed", options.name())));
        })
        .compose(user -> login(user, flow.getString("nonce")))
        .compose(verified -> links.account(verified.login(), options.actor()).map(account -> {
          OidcLinks.Login login = verified.login();
          if (account.isEmpty()) {
            LOG.info("OpenID Connect login {} of {} is not linked to an account", login.subject(), login.issuer());
            page(ctx, sessions, 403, Text.get("oidc.notLinked.title"), "oidc-not-linked.jte",
                Map.of("email", login.verifiedEmail() == null ? "" : login.verifiedEmail(), "name", options.name()));
          } else {
            signIn(ctx, sessions, account.get(), flow.getString("return"), verified.idToken());
          }
          return null;
        }))
        .onFailure(e -> {
          if (e instanceof Refused refused) {
            fail(ctx, sessions, 400, refused.getMessage());
          } else {
            ctx.fail(e);
          }
        });
  }

  /** What the validated ID token says; fails with {@link Refused} if there is no valid one or its nonce is not ours. */
  private record Verified(OidcLinks.Login login, String idToken) {}

  private Future<Verified> login(User user, String nonce) {
    JsonObject claims = user.attributes().getJsonObject("idToken");
    if (claims == null) {
      LOG.warn("The OpenID Connect provider {} sent no valid ID token (signature, issuer or audience)",
          options.issuer());
      return Future.failedFuture(new Refused(Text.get("oidc.error.notConfirmed", options.name())));
    }
    Long expires = claims.getValue("exp") instanceof Number n ? n.longValue() : null;
    if (!nonce.equals(claims.getString("nonce")) || expires == null
        || expires * 1000 + LEEWAY.toMillis() < System.currentTimeMillis()) {
      LOG.warn("An ID token of {} had the wrong nonce or was expired", options.issuer());
      return Future.failedFuture(new Refused(Text.get("oidc.error.notConfirmed", options.name())));
    }
    String subject = claims.getString("sub");
    if (subject == null || subject.isEmpty()) {
      return Future.failedFuture(new Refused(Text.get("oidc.error.notConfirmed", options.name())));
    }
    return Future.succeededFuture(new Verified(new OidcLinks.Login(claims.getString("iss"), subject,
        verifiedEmail(claims), claims.getValue("name") instanceof String name ? name : null, options.rolesClaim() == null ? null : roles(claims.getValue(options.rolesClaim()))),
        user.principal().getString("id_token")));
  }

  /**
   * The email address, if the provider vouches for it: {@code email_verified} true, or Microsoft
   * Entra ID's {@code xms_edov} (the address's domain is verified by the tenant) true.
   */
  static String verifiedEmail(JsonObject claims) {
    String email = claims.getValue("email") instanceof String s && !s.isBlank() ? s.strip() : null;
    return email != null && (isTrue(claims.getValue("email_verified")) || isTrue(claims.getValue("xms_edov")))
        ? email : null;
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }

  /**
   * The Cairn roles a claim names: an array of strings or one string; a value is a role if it is its
   * name ignoring case, with or without one leading {@code /} (Keycloak's full group paths). Other
   * values are ignored.
   */
  static Set<Role> roles(Object claim) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    List<?> values = claim instanceof JsonArray array ? array.getList() : claim == null ? List.of() : List.of(claim);
    for (Object value : values) {
      if (value instanceof String name) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        Role.fromWire(bare.toLowerCase(java.util.Locale.ROOT)).ifPresent(roles::add);
      }
    }
    return roles;
  }

  private void signIn(RoutingContext ctx, SessionHandler sessions, UUID account, String returnTo, String idToken) {
    Session session = ctx.session();
    session.regenerateId();
    session.put(PgSessionStore.ACCOUNT, account.toString());
    session.put(cairn.accounts.local.SignInRoutes.SIGNED_IN_AT, System.currentTimeMillis());
    if (idToken != null) {
      session.put(ID_TOKEN, idToken);
    }
    LOG.info("Account {} signed in with OpenID Connect ({})", account, options.issuer());
    sessions.flush(ctx, true).onSuccess(v -> ctx.response().setStatusCode(303).putHeader("Location", returnTo)
        .putHeader("Cache-Control", "no-store").end()).onFailure(ctx::fail);
  }

  /**
   * Where to sign out at the provider too, for a session signed in with it: the provider's
   * {@code end_session_endpoint} with {@code id_token_hint} and {@code post_logout_redirect_uri}
   * back to {@code /signed-out}; empty when the session was signed in otherwise or the provider has
   * no such endpoint.
   */
  public Optional<String> endSessionUrl(Session session) {
    OAuth2Auth auth = provider.get();
    Object idToken = session == null ? null : session.get(ID_TOKEN);
    if (auth == null || idToken == null) {
      return Optional.empty();
    }
    try {
      String url = auth.endSessionURL(User.create(new JsonObject().put("id_token", idToken.toString())),
          new JsonObject().put("post_logout_redirect_uri", publicUrl + "/signed-out"));
      return Optional.ofNullable(url);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A page saying why the sign-in did not work, answered once the session (its flow used up) is stored. */
  private static void fail(RoutingContext ctx, SessionHandler sessions, int status, String message) {
    page(ctx, sessions, status, Text.get("oidc.error.title"), "oidc-failed.jte", Map.of("message", message));
  }

  private static void page(RoutingContext ctx, SessionHandler sessions, int status, String title, String template,
      Map<String, Object> model) {
    sessions.flush(ctx, true).onSuccess(v -> View.render(ctx, status, title, List.of(), template, model))
        .onFailure(ctx::fail);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** A sign-in the provider or its token did not confirm: a 400 page, not a server error. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
