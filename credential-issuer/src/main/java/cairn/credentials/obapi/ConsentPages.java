package cairn.credentials.obapi;

import cairn.credentials.pages.View;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The person's side of the Open Badges API: the authorization endpoint with its consent page, and the
 * list of hosts they allowed, each revocable. Mounted behind the pages' session, form and CSRF
 * handlers ({@code /my/*}), so the signed-in person is the request's {@link Caller}.
 *
 * <ul>
 *   <li>{@code GET /my/hosts/authorize?…} — checks the authorization request ({@link AuthorizationRequest});
 *       without a session, to the sign-in page and back here; then the consent page: "<client> asks to
 *       read your credentials and profile", the scopes in plain words, Allow and Deny (one form, CSRF token);</li>
 *   <li>{@code POST /my/hosts/authorize} — the person's answer: Allow records the grant and sends the browser
 *       to the client's redirect URI with a one-time code, the scope and the state; Deny with
 *       {@code error=access_denied} and the state;</li>
 *   <li>{@code GET /my/hosts}, {@code POST /my/hosts/{id}/revoke} — the hosts allowed, and ending one
 *       (its tokens stop working at once).</li>
 * </ul>
 */
public final class ConsentPages {
  /** The longest authorization request followed through the sign-in page (its return URL's limit). */
  private static final int MAX_URI = 2000;
  private final ObStore store;
  private final Directory directory;

  public ConsentPages(ObApiRoutes api, Directory directory) {
    this.store = api.store();
    this.directory = directory;
  }

  public void mount(Router router) {
    router.get(ObApiRoutes.AUTHORIZE).handler(this::ask);
    router.post(ObApiRoutes.AUTHORIZE).handler(this::answer);
    router.get("/my/hosts").handler(this::hosts);
    router.post("/my/hosts/:id/revoke").handler(this::revoke);
  }

  /** A scope in plain words, for the consent page and the list of hosts. */
  static String words(String scope) {
    return switch (scope) {
      case ObScopes.CREDENTIAL_READONLY -> Text.get("obApi.scope.credentials");
      case ObScopes.PROFILE_READONLY -> Text.get("obApi.scope.profile");
      case ObScopes.OFFLINE_ACCESS -> Text.get("obApi.scope.offline");
      default -> scope;
    };
  }

  private void ask(RoutingContext ctx) {
    if (ctx.request().uri().length() > MAX_URI) {
      throw ApiException.badRequest("This sign-in link is too long (over " + MAX_URI + " characters). Go back to the "
          + "application that sent you here and try again.");
    }
    AuthorizationRequest.of(store, ctx.queryParams()).onComplete(checked -> {
      if (checked.failed()) {
        refused(ctx, checked.cause());
        return;
      }
      AuthorizationRequest request = checked.result();
      if (Caller.current(ctx).isEmpty()) {
        ctx.response().setStatusCode(303).putHeader("Cache-Control", "no-store").putHeader("Location",
            "/login?return=" + URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8)).end();
        return;
      }
      Caller caller = Caller.current(ctx).get();
      directory.personOf(caller)
          .compose(person -> Pages.saveSession(ctx))
          .onSuccess(v -> {
            List<ConsentPage.Field> fields = new ArrayList<>();
            request.parameters().forEach((name, value) -> fields.add(new ConsentPage.Field(name, value)));
            ObStore.Client client = request.client();
            ConsentPage page = new ConsentPage(client.name(), client.metadata().path("logo_uri").asText(),
                client.metadata().path("client_uri").asText(),
                client.metadata().path("tos_uri").asText(), client.metadata().path("policy_uri").asText(),
                URI.create(request.redirectUri()).getHost(), caller.displayName(),
                request.scopes().stream().map(ConsentPages::words).toList(), fields, Pages.CSRF_FIELD,
                Pages.csrfToken(ctx));
            View.render(ctx, 200, Text.get("obApi.consent.title", client.name()), "ob-consent.jte", page,
                origin(request.redirectUri()));
          })
          .onFailure(e -> notLinkedOr(ctx, e));
    });
  }

  private void answer(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    String decision = ctx.request().getFormAttribute("decision");
    if (!"allow".equals(decision) && !"deny".equals(decision)) {
      throw ApiException.badRequest("Choose Allow or Deny.");
    }
    AuthorizationRequest.of(store, ctx.request().formAttributes()).compose(request -> {
      if ("deny".equals(decision)) {
        return Future.succeededFuture(request.denied());
      }
      return directory.personOf(caller).compose(person -> store.consent(request.client(), caller, person,
          request.scopes(), request.redirectUri(), request.codeChallenge())).map(request::allowed);
    }).compose(location -> Pages.saveSession(ctx).map(location)).onComplete(done -> {
      if (done.failed()) {
        refused(ctx, done.cause());
      } else {
        redirect(ctx, done.result());
      }
    });
  }

  /** An error the client is told of goes to it; anything else is the person's error page. */
  private static void refused(RoutingContext ctx, Throwable e) {
    if (e instanceof AuthorizationRequest.Refused refused) {
      redirect(ctx, refused.location);
    } else {
      notLinkedOr(ctx, e);
    }
  }

  private static void notLinkedOr(RoutingContext ctx, Throwable e) {
    if (e instanceof ApiException api && api.status() == 404 && Directory.NOT_LINKED.equals(api.getMessage())) {
      View.render(ctx, 200, Text.get("notLinked.title"), "not-linked.jte", Map.of());
    } else {
      ctx.fail(e);
    }
  }

  private void hosts(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Caller caller = Caller.current(ctx).get();
    store.grantsOf(caller.accountId()).compose(grants -> Pages.saveSession(ctx).map(grants)).onSuccess(grants -> {
      List<HostsPage.Host> hosts = grants.stream().map(g -> new HostsPage.Host(g.id().toString(), g.clientName(),
          g.clientUri(), g.scopes().stream().map(ConsentPages::words).toList(), Text.date(g.created()))).toList();
      View.render(ctx, 200, Text.get("obApi.hosts.title"), "ob-hosts.jte",
          new HostsPage(hosts, Pages.CSRF_FIELD, Pages.csrfToken(ctx)));
    }).onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    UUID grant;
    try {
      grant = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("You have no live grant with that id.");
    }
    store.revoke(caller.accountId(), grant).compose(v -> Pages.saveSession(ctx))
        .onSuccess(v -> redirect(ctx, "/my/hosts"))
        .onFailure(ctx::fail);
  }

  /** scheme://host[:port] of an https URL Cairn checked at registration. */
  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority();
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }
}
