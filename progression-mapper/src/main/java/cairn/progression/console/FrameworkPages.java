package cairn.progression.console;

import cairn.progression.Http;
import cairn.progression.frameworks.CasePackage;
import cairn.progression.frameworks.Framework;
import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.frameworks.InvalidPackageException;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Role;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/frameworks}: the frameworks with their latest version, and the import of a 1EdTech
 * CASE 1.1 package (uploaded or pasted) through {@link FrameworkStore#importPackage}, the code behind
 * {@code POST /api/v1/frameworks}: every problem it finds is listed against the CASE element it
 * concerns (kind, identifier, human coding scheme, field). {@code /admin/frameworks/{id}}: a version's
 * item tree (by {@code isChildOf}) and the versions.
 */
public final class FrameworkPages {
  private final Pool pool;
  private final FrameworkStore store;

  FrameworkPages(Pool pool) {
    this.pool = pool;
    this.store = new FrameworkStore(pool);
  }

  /** The list page's model; {@code problems} are the last import's, {@code pasted} what was pasted. */
  public record ListPage(List<Listed> frameworks, String pasted, List<FieldError> errors, List<Problem> problems,
      String csrfField, String csrfToken) {
    /** The error against a form field, or null. */
    public String error(String field) {
      return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
    }
  }

  /** A framework as listed. */
  public record Listed(String id, String title, int version, String imported) {
    public String href() {
      return "/admin/frameworks/" + Console.encode(id);
    }
  }

  /** One problem of a refused package, against its CASE element (null parts are unknown). */
  public record Problem(String anchor, String element, String code, String identifier, String field, String message) {
    /** The element in words: "CFItem T.4 (identifier 7f2c…)", or "the package". */
    public String item() {
      if (element == null) {
        return Text.get("progressionConsole.frameworks.wholePackage");
      }
      String label = code != null ? code : identifier != null ? identifier : "?";
      return element + " " + label + (code != null && identifier != null ? " (" + identifier + ")" : "");
    }
  }

  /** The framework page's model: a version's tree and every version. */
  public record DetailPage(String id, String title, String uri, int version, int items, List<Node> tree,
      List<Version> versions, String imported) {
    public String href() {
      return "/admin/frameworks/" + Console.encode(id);
    }

    public String rulesHref() {
      return "/admin/rules/" + Console.encode(id);
    }
  }

  /** An item of the tree with its children. */
  public record Node(String code, String statement, String type, List<Node> children) {}

  /** A version of a framework: when and by whom it was imported. */
  public record Version(int version, String title, String imported, String importedBy) {}

  void list(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    listed().onSuccess(frameworks -> Console.render(ctx, 200, Text.get("progressionConsole.frameworks.title"), List.of(),
        "console/frameworks.jte", new ListPage(frameworks, "", List.of(), List.of(), Pages.CSRF_FIELD, Console.csrf(ctx))))
        .onFailure(ctx::fail);
  }

  private Future<List<Listed>> listed() {
    return store.list().map(rows -> {
      List<Listed> list = new ArrayList<>();
      for (Row row : rows) {
        list.add(new Listed(row.getString("framework_id"), row.getString("title"), row.getInteger("version"),
            Console.when(row.getOffsetDateTime("imported"))));
      }
      return list;
    });
  }

  /** The import form: a file wins over pasted text; then the API's own import. */
  void importPackage(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String pasted = Console.field(ctx, "package");
    List<FileUpload> files = ctx.fileUploads().stream().filter(f -> f.size() > 0).toList();
    Future<Buffer> body;
    String field;
    if (!files.isEmpty()) {
      field = "file";
      body = ctx.vertx().fileSystem().readFile(files.get(0).uploadedFileName());
    } else if (!pasted.isBlank()) {
      field = "package";
      body = Future.succeededFuture(Buffer.buffer(pasted));
    } else {
      refuse(ctx, pasted, List.of(new FieldError("package", Text.get("progressionConsole.frameworks.nothing"))), List.of());
      return;
    }
    body.compose(bytes -> Json.parse(ctx.vertx(), bytes))
        .compose(json -> store.importPackage(json, Http.actor(ctx)))
        .onSuccess(imported -> ctx.response().setStatusCode(303)
            .putHeader("Location", "/admin/frameworks/" + Console.encode(imported.framework().id())
                + "?imported=" + (imported.created() ? "new" : "same"))
            .end())
        .onFailure(e -> {
          if (e instanceof InvalidPackageException invalid) {
            List<Problem> problems = problems(invalid.problems());
            List<FieldError> errors = new ArrayList<>();
            for (Problem p : problems) {
              errors.add(new FieldError(p.anchor(), p.item() + (p.field() == null ? "" : ", " + p.field()) + ": "
                  + p.message()));
            }
            refuse(ctx, pasted, errors, problems);
          } else if (e instanceof ApiException api && api.status() < 500) {
            refuse(ctx, pasted, List.of(new FieldError(field, api.getMessage())), List.of());
          } else {
            ctx.fail(e);
          }
        });
  }

  private static List<Problem> problems(List<CasePackage.Problem> found) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      CasePackage.Problem p = found.get(i);
      problems.add(new Problem("problem-" + (i + 1), p.element(), p.humanCodingScheme(), p.identifier(), p.field(),
          p.detail()));
    }
    return problems;
  }

  private void refuse(RoutingContext ctx, String pasted, List<FieldError> errors, List<Problem> problems) {
    listed().onSuccess(frameworks -> Console.render(ctx, 400, Text.get("progressionConsole.frameworks.title"), errors,
        "console/frameworks.jte", new ListPage(frameworks, pasted, errors, problems, Pages.CSRF_FIELD, Console.csrf(ctx))))
        .onFailure(ctx::fail);
  }

  void detail(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    Integer version = ctx.request().getParam("version") == null ? null : Http.intParam(ctx, "version");
    Future.all(FrameworkStore.load(pool, id, version), store.versions(id))
        .onSuccess(all -> {
          Framework framework = all.resultAt(0);
          if (framework == null) {
            ctx.fail(ApiException.notFound("No framework " + id + (version == null ? "" : " version " + version)
                + ". The frameworks are listed at /admin/frameworks."));
            return;
          }
          List<Version> versions = new ArrayList<>();
          for (Row row : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1)) {
            versions.add(new Version(row.getInteger("version"), row.getString("title"),
                Console.when(row.getOffsetDateTime("imported")), row.getString("imported_by")));
          }
          DetailPage page = new DetailPage(framework.id(), framework.title(), framework.uri(), framework.version(),
              framework.items().size(), tree(framework), versions, "new".equals(ctx.request().getParam("imported")) ? "new"
                  : "same".equals(ctx.request().getParam("imported")) ? "same" : null);
          Console.render(ctx, 200, framework.title(), List.of(), "console/framework.jte", page);
        })
        .onFailure(ctx::fail);
  }

  /** The items as a forest: roots are items without an isChildOf parent among the items. */
  static List<Node> tree(Framework framework) {
    Map<String, List<String>> children = framework.children();
    Set<String> hasParent = new HashSet<>();
    children.values().forEach(hasParent::addAll);
    List<Node> roots = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String uri : framework.items().keySet()) {
      if (!hasParent.contains(uri)) {
        roots.add(node(framework, uri, children, seen));
      }
    }
    return roots;
  }

  private static Node node(Framework framework, String uri, Map<String, List<String>> children, Set<String> seen) {
    Framework.Item item = framework.items().get(uri);
    List<Node> kids = new ArrayList<>();
    if (seen.add(uri)) { // the tree is acyclic on import; never loop on a stored one
      for (String child : children.getOrDefault(uri, List.of())) {
        kids.add(node(framework, child, children, seen));
      }
    }
    return new Node(item.humanCodingScheme(), item.fullStatement(), item.type(), kids);
  }
}
