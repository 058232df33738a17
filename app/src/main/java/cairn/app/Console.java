package cairn.app;

import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.auth.RoleAccess;
import cairn.web.pages.ConsoleIndex;
import cairn.web.pages.Layout;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin console's index and its door. {@code GET /admin} lists the sections the signed-in
 * person's roles open; every page below {@code /admin} first passes {@link #guard}: without a session
 * to the sign-in page (and back), without a role the console's table ({@link RoleMatrix#console})
 * gives the section, the standard 403 page. The sections themselves are the features' pages (the
 * LRS's, the accounts', the mapper's, the issuer's), which need not know the roles. Here, in the
 * composition, because the table names every feature's sections.
 */
final class Console {
  /** The sections in the order the index lists them; each title and description is a text key's. */
  private static final List<String> SECTIONS = List.of("api-credentials", "accounts", "statements", "frameworks",
      "rules", "ladders", "people", "mapper", "credentials", "keys", "issuer");

  private final RoleAccess access = RoleMatrix.console();

  void mount(Router router) {
    router.route("/admin/*").handler(this::guard);
    router.get("/admin").handler(this::index);
  }

  private void guard(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    String path = ctx.normalizedPath();
    if (path.equals("/admin") || path.equals("/admin/")) {
      ctx.next();
      return;
    }
    Caller caller = Caller.current(ctx).get();
    Set<Role> allowed = access.rolesFor(ctx.request().method(), path);
    if (allowed.isEmpty()) {
      ctx.fail(ApiException.notFound("No page of the console is at " + path + "; the console starts at /admin."));
    } else if (allowed.stream().noneMatch(caller::has)) {
      ctx.fail(ApiException.forbidden("This part of the console needs the role " + allowed.stream()
          .map(Role::wireName).sorted().map(name -> "'" + name + "'").collect(Collectors.joining(" or "))
          + "; ask an administrator to grant it."));
    } else {
      ctx.next();
    }
  }

  private void index(RoutingContext ctx) {
    Caller caller = Caller.current(ctx).orElseThrow();
    List<ConsoleIndex.Section> open = SECTIONS.stream()
        .filter(name -> access.rolesFor(HttpMethod.GET, "/admin/" + name).stream().anyMatch(caller::has))
        .map(name -> new ConsoleIndex.Section("/admin/" + name, Text.get("console." + name),
            Text.get("console." + name + ".description")))
        .toList();
    Pages.render(ctx.response(), ctx.request().method(), 200, new Layout(Text.get("console.title"), List.of(),
        caller.displayName(), Pages.template("console.jte", new ConsoleIndex(open))));
  }
}
