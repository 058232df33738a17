package cairn.lrs.auth;

import cairn.lrs.pages.View;
import cairn.web.ApiException;
import cairn.web.auth.Actor;
import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's API credentials, {@code /admin/api-credentials}: the list (name, key, scopes, created,
 * revoked), a form to create one with its scopes — the secret is shown on the page that answers the
 * form, once, and never again (Cairn keeps only its digest; pages are {@code no-store}) — and revoking
 * one after a confirmation page. The same {@link CredentialStore} calls as {@code /api/v1/credentials},
 * audited the same way ({@code lrs.audit}, actor {@code account:<id>}). Mounted behind the pages'
 * session, CSRF check and the console's role check (LRS admins).
 */
public final class CredentialPages {
  static final String BASE = "/admin/api-credentials";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.UK)
      .withZone(ZoneOffset.UTC);

  private final CredentialStore store;

  public CredentialPages(CredentialStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.get(BASE + "/new").handler(ctx -> form(ctx, 200, "", Set.of(), List.of()));
    router.post(BASE).handler(this::create);
    router.get(BASE + "/:key/revoke").handler(this::confirm);
    router.post(BASE + "/:key/revoke").handler(this::revoke);
  }

  /** One credential as the list shows it. */
  public record Row(String key, String name, String scopes, String created, String revoked, String revokeHref) {}

  /** The list, and the key of a credential just revoked (or null). */
  public record ListPage(List<Row> credentials, String revoked) {}

  /** The form: what was typed, the scopes ticked, every scope with what it allows. */
  public record FormPage(String name, Set<String> checked, List<ScopeChoice> scopes, String csrfField,
      String csrfToken, List<FieldError> errors) {
    public String error(String field) {
      return View.errorFor(errors, field);
    }
  }

  /** A scope's checkbox. */
  public record ScopeChoice(String wireName, String id, String hint) {}

  /** The answer to the form: the new key and its secret, shown this once. */
  public record CreatedPage(String key, String name, String scopes, String secret) {}

  /** Are you sure? — for one active credential. */
  public record RevokePage(Row credential, String action, String csrfField, String csrfToken, String error) {}

  private void list(RoutingContext ctx) {
    String revoked = ctx.request().getParam("revoked");
    store.list().onSuccess(all -> View.render(ctx, 200, Text.get("apiCredentials.title"), List.of(),
        "api-credentials.jte", new ListPage(all.stream().map(CredentialPages::row).toList(),
            revoked == null ? null : revoked.substring(0, Math.min(revoked.length(), 100)))))
        .onFailure(ctx::fail);
  }

  private void form(RoutingContext ctx, int status, String name, Set<String> checked, List<FieldError> errors) {
    List<ScopeChoice> scopes = Arrays.stream(Scope.values())
        .map(s -> new ScopeChoice(s.wireName(), "scope-" + s.wireName().replace('/', '-'),
            Text.get("scope." + s.wireName())))
        .toList();
    View.render(ctx, status, Text.get("apiCredentials.new.title"), errors, "api-credential-new.jte",
        new FormPage(name, checked, scopes, Pages.CSRF_FIELD, Pages.csrfToken(ctx), errors));
  }

  private void create(RoutingContext ctx) {
    String name = Optional.ofNullable(ctx.request().getFormAttribute("name")).orElse("");
    List<String> scopes = ctx.request().formAttributes().getAll("scopes");
    NewCredential wanted;
    try {
      wanted = NewCredential.of(name, scopes);
    } catch (ApiException e) {
      String field = e.path() != null && e.path().startsWith("$.scopes") ? "scope-" + Scope.values()[0].wireName()
          .replace('/', '-') : "name";
      String message = field.equals("name") ? Text.get("apiCredentials.error.name", NewCredential.MAX_NAME)
          : Text.get("apiCredentials.error.scopes");
      form(ctx, 400, echo(name), Set.copyOf(scopes), List.of(new FieldError(field, message)));
      return;
    }
    store.create(wanted.name(), wanted.scopes(), null, null, Actor.of(ctx))
        .onSuccess(created -> View.render(ctx, 201, Text.get("apiCredentials.created.title"), List.of(),
            "api-credential-created.jte", new CreatedPage(created.credential().key(), created.credential().name(),
                scopes(created.credential()), created.secret())))
        .onFailure(ctx::fail);
  }

  private void confirm(RoutingContext ctx) {
    active(ctx.pathParam("key")).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(ApiException.notFound(Text.get("apiCredentials.revoke.notFound")));
      } else {
        confirmation(ctx, 200, found.get(), null);
      }
    }).onFailure(ctx::fail);
  }

  private void confirmation(RoutingContext ctx, int status, Credential credential, String error) {
    Row row = row(credential);
    View.render(ctx, status, Text.get("apiCredentials.revoke.title", credential.name()),
        error == null ? List.of() : List.of(new FieldError("revoke", error)), "api-credential-revoke.jte",
        new RevokePage(row, row.revokeHref(), Pages.CSRF_FIELD, Pages.csrfToken(ctx), error));
  }

  private void revoke(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    active(key).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(ApiException.notFound(Text.get("apiCredentials.revoke.notFound")));
        return;
      }
      store.revoke(key, Actor.of(ctx)).onSuccess(done -> {
        switch (done) {
          case REVOKED -> View.redirect(ctx, BASE + "?revoked=" + encode(key));
          case NOT_FOUND -> ctx.fail(ApiException.notFound(Text.get("apiCredentials.revoke.notFound")));
          case LAST_ADMIN -> confirmation(ctx, 409, found.get(), Text.get("apiCredentials.revoke.lastAdmin"));
        }
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private io.vertx.core.Future<Optional<Credential>> active(String key) {
    return store.list().map(all -> all.stream().filter(c -> c.key().equals(key) && c.active()).findFirst());
  }

  private static Row row(Credential c) {
    return new Row(c.key(), c.name(), scopes(c), time(c.created()), time(c.revoked()),
        BASE + "/" + encode(c.key()) + "/revoke");
  }

  private static String scopes(Credential c) {
    return c.scopes().stream().map(Scope::wireName).sorted().collect(Collectors.joining(", "));
  }

  private static String time(Instant at) {
    return at == null ? null : TIME.format(at);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String echo(String value) {
    return value.length() > 300 ? value.substring(0, 300) : value.replace("\0", "");
  }
}
