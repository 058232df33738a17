package cairn.accounts.local;

import cairn.web.ApiException;
import cairn.web.auth.Actor;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The console's accounts, {@code /admin/accounts}: the people who sign in, with their roles and
 * state; inviting someone (the one-time link to set a password shown once, as the API answers it);
 * one account's page, to tick its roles, disable or enable it, or make a new link. The same
 * {@link AccountStore} and {@link cairn.accounts.roles.Grants} calls as {@code /api/v1/accounts},
 * audited the same way ({@code accounts.audit}, actor {@code account:<id>}). A person cannot take
 * away their own last admin role, nor disable their own account: nobody might be left to undo it.
 * Mounted behind the pages' session, CSRF check and the console's role check (LRS admins).
 */
public final class AccountPages {
  static final String BASE = "/admin/accounts";
  /** The roles that open a part of the console: keeping one is what "an administrator" means here. */
  static final Set<Role> ADMIN_ROLES = EnumSet.of(Role.LD_ADMIN, Role.LRS_ADMIN);
  private static final int LIST_LIMIT = 500;
  /** What a change's redirect may say was done ({@code ?done=}). */
  private static final Set<String> DONE = Set.of("roles", "disabled", "enabled");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)
      .withZone(ZoneOffset.UTC);

  private final AccountStore store;

  public AccountPages(AccountStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.get(BASE + "/invite").handler(ctx -> inviteForm(ctx, 200, "", "", Set.of(), List.of()));
    router.post(BASE + "/invite").handler(this::invite);
    router.get(BASE + "/:id").handler(this::account);
    router.post(BASE + "/:id/roles").handler(this::roles);
    router.post(BASE + "/:id/disable").handler(ctx -> disable(ctx, true));
    router.post(BASE + "/:id/enable").handler(ctx -> disable(ctx, false));
    router.post(BASE + "/:id/invitation").handler(this::reinvite);
  }

  /** One account as the pages show it. */
  public record Line(String id, String email, String name, String roles, String created, boolean passwordSet,
      boolean disabled) {}

  public record ListPage(List<Line> accounts, int limit) {}

  /** A role's checkbox. */
  public record RoleChoice(String wireName, String id, String hint, boolean checked) {}

  public record InvitePage(String email, String name, List<RoleChoice> roles, String csrfField, String csrfToken,
      List<FieldError> errors) {
    public String error(String field) {
      return View.errorFor(errors, field);
    }
  }

  /** The one-time link just made, for {@code email}: shown this once. */
  public record InvitedPage(String accountId, String email, String link, String expires, String roles) {}

  /** One account: its roles' checkboxes, its state, and what was just done to it (or null). */
  public record AccountPage(Line account, List<RoleChoice> roles, boolean self, String notice, String csrfField,
      String csrfToken, List<FieldError> errors) {
    public String error(String field) {
      return View.errorFor(errors, field);
    }
  }

  private static void render(RoutingContext ctx, int status, String title, List<FieldError> errors, String template,
      Object model) {
    Pages.saveSession(ctx).onSuccess(v -> View.render(ctx, status, title, errors, template, model))
        .onFailure(ctx::fail);
  }

  private static void redirect(RoutingContext ctx, String location) {
    Pages.saveSession(ctx).onSuccess(v -> ctx.response().setStatusCode(303).putHeader("Location", location)
        .putHeader("Cache-Control", "no-store").end()).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.list(LIST_LIMIT).onSuccess(rows -> render(ctx, 200, Text.get("accounts.title"), List.of(), "accounts.jte",
        new ListPage(rows.stream().map(AccountPages::line).toList(), LIST_LIMIT))).onFailure(ctx::fail);
  }

  private static Line line(Row row) {
    return new Line(row.getUUID("id").toString(), row.getString("email"), row.getString("display_name"),
        AccountStore.roles(row).stream().map(Role::wireName).sorted().collect(Collectors.joining(", ")),
        DAY.format(row.getOffsetDateTime("created")), row.getOffsetDateTime("password_set") != null,
        row.getOffsetDateTime("disabled") != null);
  }

  private static List<RoleChoice> choices(Set<String> checked) {
    return Arrays.stream(Role.values()).map(r -> new RoleChoice(r.wireName(), "role-" + r.wireName(),
        Text.get("role." + r.wireName()), checked.contains(r.wireName()))).toList();
  }

  private void inviteForm(RoutingContext ctx, int status, String email, String name, Set<String> roles,
      List<FieldError> errors) {
    render(ctx, status, Text.get("accounts.invite.title"), errors, "account-invite.jte",
        new InvitePage(email, name, choices(roles), Pages.CSRF_FIELD, Pages.csrfToken(ctx), errors));
  }

  private void invite(RoutingContext ctx) {
    String email = Forms.echo(Forms.field(ctx, "email").strip());
    String name = Forms.echo(Forms.field(ctx, "name").strip());
    List<String> roleNames = ctx.request().formAttributes().getAll("roles");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String wire : roleNames) {
      Optional<Role> role = Role.fromWire(wire);
      if (role.isEmpty()) {
        inviteForm(ctx, 400, email, name, Set.of(), List.of(new FieldError("role-employee",
            Text.get("accounts.error.role"))));
        return;
      }
      roles.add(role.get());
    }
    NewAccount account;
    try {
      account = new NewAccount(email, name.isEmpty() ? null : name, List.of(), roles);
    } catch (ApiException e) {
      String field = "$.name".equals(e.path()) ? "name" : "email";
      inviteForm(ctx, 400, email, name, Set.copyOf(roleNames), List.of(new FieldError(field,
          Text.get("accounts.error." + field, NewAccount.MAX_EMAIL, NewAccount.MAX_NAME))));
      return;
    }
    store.invite(account, Actor.of(ctx))
        .onSuccess(invitation -> render(ctx, 201, Text.get("accounts.invited.title"), List.of(), "account-invited.jte",
            invited(invitation)))
        .onFailure(e -> {
          if (e instanceof ApiException api && api.status() == 409) {
            inviteForm(ctx, 409, email, name, Set.copyOf(roleNames), List.of(new FieldError("email",
                Text.get("accounts.error.taken"))));
          } else {
            ctx.fail(e);
          }
        });
  }

  private static InvitedPage invited(Invitation invitation) {
    return new InvitedPage(invitation.account().toString(), invitation.email(), invitation.link(),
        DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.UK).withZone(ZoneOffset.UTC)
            .format(invitation.expires()),
        invitation.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", ")));
  }

  private void account(RoutingContext ctx) {
    UUID id = id(ctx);
    String done = ctx.request().getParam("done");
    show(ctx, 200, id, done != null && DONE.contains(done) ? Text.get("accounts.done." + done) : null, null, List.of());
  }

  /** The account's page; {@code checked}: the roles ticked on a form sent back (null: those held). */
  private void show(RoutingContext ctx, int status, UUID id, String notice, Set<String> checked,
      List<FieldError> errors) {
    store.one(id).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(ApiException.notFound(Text.get("accounts.notFound")));
        return;
      }
      Line line = line(found.get());
      Set<String> ticked = checked != null ? checked : AccountStore.roles(found.get()).stream().map(Role::wireName)
          .collect(Collectors.toSet());
      boolean self = Caller.current(ctx).map(c -> c.accountId().equals(line.id())).orElse(false);
      render(ctx, status, line.name(), errors, "account.jte", new AccountPage(line, choices(ticked), self, notice,
          Pages.CSRF_FIELD, Pages.csrfToken(ctx), errors));
    }).onFailure(ctx::fail);
  }

  private void roles(RoutingContext ctx) {
    UUID id = id(ctx);
    List<String> names = ctx.request().formAttributes().getAll("roles");
    Set<Role> wanted = EnumSet.noneOf(Role.class);
    for (String wire : names) {
      Optional<Role> role = Role.fromWire(wire);
      if (role.isEmpty()) {
        show(ctx, 400, id, null, Set.of(), List.of(new FieldError("role-employee", Text.get("accounts.error.role"))));
        return;
      }
      wanted.add(role.get());
    }
    Caller caller = Caller.require(ctx);
    boolean self = caller.accountId().equals(id.toString());
    store.setRoles(id, wanted, Actor.of(ctx), (held, asked) -> self && held.stream().anyMatch(ADMIN_ROLES::contains)
            && asked.stream().noneMatch(ADMIN_ROLES::contains)
            ? Optional.of(ApiException.conflict(Text.get("accounts.error.lastAdmin"), "roles"))
            : Optional.empty())
        .onSuccess(change -> redirect(ctx, BASE + "/" + id + "?done=roles"))
        .onFailure(e -> {
          if (e instanceof ApiException api && api.status() == 409) {
            show(ctx, 409, id, null, Set.copyOf(names), List.of(new FieldError("role-" + Role.values()[0].wireName(),
                api.getMessage())));
          } else {
            ctx.fail(e);
          }
        });
  }

  private void disable(RoutingContext ctx, boolean disabled) {
    UUID id = id(ctx);
    if (disabled && Caller.require(ctx).accountId().equals(id.toString())) {
      show(ctx, 409, id, null, null, List.of(new FieldError("disable", Text.get("accounts.error.disableSelf"))));
      return;
    }
    store.setDisabled(id, disabled, Actor.of(ctx))
        .onSuccess(changed -> redirect(ctx, BASE + "/" + id + "?done=" + (disabled ? "disabled" : "enabled")))
        .onFailure(ctx::fail);
  }

  private void reinvite(RoutingContext ctx) {
    store.reinvite(id(ctx), Actor.of(ctx))
        .onSuccess(invitation -> render(ctx, 201, Text.get("accounts.invited.title"), List.of(), "account-invited.jte",
            invited(invitation)))
        .onFailure(ctx::fail);
  }

  private static UUID id(RoutingContext ctx) {
    try {
      String id = ctx.pathParam("id");
      if (id.length() != 36) {
        throw new IllegalArgumentException(id);
      }
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(Text.get("accounts.notFound"));
    }
  }
}
