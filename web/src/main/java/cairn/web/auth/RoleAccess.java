package cairn.web.auth;

import cairn.web.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which roles a signed-in person needs for each endpoint of the admin API: a table of rules, the
 * first that matches the request's method and path deciding. A rule's path is a pattern of segments,
 * {@code *} standing for any one segment and a final {@code **} for any rest (none included); a
 * request matching no rule is refused, so an endpoint added without a rule is closed to people (API
 * credentials with scope {@code all} reach it as before). The application writes the table, the one
 * place the features' paths meet; {@code docs/accounts.md} shows it as the role matrix.
 *
 * <p>As a handler it answers only for a request with a signed-in {@link Caller}: 403 naming the roles
 * that would do, or passes on.
 */
public final class RoleAccess implements Handler<RoutingContext> {
  /** One row of the matrix: these methods on paths matching {@code pattern} need one of {@code roles}. */
  public record Rule(Set<HttpMethod> methods, String pattern, Set<Role> roles) {
    public Rule {
      methods = Set.copyOf(methods);
      roles = roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
      if (!pattern.startsWith("/")) {
        throw new IllegalArgumentException("A rule's pattern is an absolute path: " + pattern);
      }
    }

    boolean matches(HttpMethod method, String path) {
      return (methods.isEmpty() || methods.contains(method)) && RoleAccess.matches(pattern, path);
    }
  }

  private final List<Rule> rules;

  private RoleAccess(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Starts a table; rules are tried in the order they are added. */
  public static Builder builder() {
    return new Builder();
  }

  /** The roles that may make this request; empty when no rule covers it (nobody signed in may). */
  public Set<Role> rolesFor(HttpMethod method, String path) {
    for (Rule rule : rules) {
      if (rule.matches(method, path)) {
        return rule.roles();
      }
    }
    return Set.of();
  }

  public List<Rule> rules() {
    return rules;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    Set<Role> allowed = rolesFor(ctx.request().method(), ctx.normalizedPath());
    if (allowed.isEmpty()) {
      ctx.fail(ApiException.forbidden("This endpoint is not open to signed-in people: use an API credential "
          + "with scope 'all'."));
    } else if (allowed.stream().noneMatch(caller::has)) {
      ctx.fail(ApiException.forbidden("This needs the role " + allowed.stream().map(Role::wireName).sorted()
          .map(name -> "'" + name + "'").collect(Collectors.joining(" or ")) + "."));
    } else {
      ctx.next();
    }
  }

  static boolean matches(String pattern, String path) {
    String[] want = pattern.substring(1).split("/", -1);
    String[] have = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals("**") && i == want.length - 1) {
        return true;
      }
      if (i >= have.length || have[i].isEmpty() || !(want[i].equals("*") || want[i].equals(have[i]))) {
        return false;
      }
    }
    return have.length == want.length;
  }

  /** Collects the rules of a {@link RoleAccess}. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    /** Any method on paths matching {@code pattern}. */
    public Builder any(String pattern, Role... roles) {
      rules.add(new Rule(Set.of(), pattern, Set.of(roles)));
      return this;
    }

    /** GET (and HEAD) on paths matching {@code pattern}. */
    public Builder read(String pattern, Role... roles) {
      rules.add(new Rule(Set.of(HttpMethod.GET, HttpMethod.HEAD), pattern, Set.of(roles)));
      return this;
    }

    public RoleAccess build() {
      return new RoleAccess(rules);
    }
  }
}
