package cairn.progression.console;

import cairn.progression.Http;
import cairn.progression.people.PeopleStore;
import cairn.web.Offload;
import cairn.web.auth.Role;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/people}: the people directory, searched by name, team or id and paged, and its import
 * from CSV ({@link PeopleCsv}) in two steps. {@code POST /admin/people/preview} (an upload or pasted
 * text) shows every row as it will be stored with the problems of each — including an IFI that
 * already belongs to a person the file does not list, which the import would refuse — and stores
 * nothing. {@code POST /admin/people/import} (the preview's confirmation, carrying the same CSV)
 * checks it all again and stores it through {@link PeopleStore#importPeople}, the code behind
 * {@code POST /api/v1/people}, audited with the signed-in actor.
 */
public final class PeoplePages {
  /** People per page of the list. */
  static final int PAGE_SIZE = 25;
  /** Rows without a problem shown by the preview (every row with one is shown). */
  static final int PREVIEW_ROWS = 200;
  /** Problems the error summary links to (the rest are in the table). */
  static final int SUMMARY_PROBLEMS = 20;
  private final PeopleStore store;

  PeoplePages(PeopleStore store) {
    this.store = store;
  }

  /** The list page's model: a page of people, the search, the import form and its error. */
  public record ListPage(List<PeopleStore.Listed> people, String query, int page, int pages, long total,
      int imported, String pasted, List<FieldError> errors, String csrfField, String csrfToken) {
    public String error(String field) {
      return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
    }

    /** The list's address at another page, keeping the search. */
    public String pageHref(int n) {
      return "/admin/people?page=" + n + (query.isBlank() ? "" : "&q=" + java.net.URLEncoder.encode(query,
          java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The preview's model: the CSV (carried to the confirmation), the rows shown, every problem. */
  public record PreviewPage(String csv, List<PreviewRow> rows, int total, int hidden, List<PeopleCsv.Problem> problems,
      String csrfField, String csrfToken) {
    public boolean storable() {
      return problems.isEmpty();
    }
  }

  /** A row as it will be stored, and its problems. */
  public record PreviewRow(int row, String id, String name, String email, String team, String role, String function,
      String level, String manages, String other, List<String> problems) {}

  void list(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    int imported = intParam(ctx, "imported", 0);
    list(ctx, 200, imported, "", List.of());
  }

  private void list(RoutingContext ctx, int status, int imported, String pasted, List<FieldError> errors) {
    String query = String.valueOf(ctx.request().getParam("q") == null ? "" : ctx.request().getParam("q")).strip();
    if (query.length() > 200) {
      query = query.substring(0, 200);
    }
    int page = Math.max(1, Math.min(100_000, intParam(ctx, "page", 1)));
    String q = query;
    store.search(q, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        .onSuccess(found -> Console.render(ctx, status, Text.get("progressionConsole.people.title"), errors, "console/people.jte",
            new ListPage(found.people(), q, page, (int) Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE),
                found.total(), imported, pasted, errors, Pages.CSRF_FIELD, Console.csrf(ctx))))
        .onFailure(ctx::fail);
  }

  /** Step 1: reads the upload or the pasted CSV and shows what would be stored; stores nothing. */
  void preview(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String pasted = Console.field(ctx, "csv");
    List<FileUpload> files = ctx.fileUploads().stream().filter(f -> f.size() > 0).toList();
    Future<String> text;
    String field;
    if (!files.isEmpty()) {
      field = "file";
      if (files.get(0).size() > PeopleCsv.MAX_BYTES) {
        refuse(ctx, "", field, Text.get("progressionConsole.people.tooLarge", PeopleCsv.MAX_BYTES / (1024 * 1024), PeopleCsv.MAX_ROWS));
        return;
      }
      text = ctx.vertx().fileSystem().readFile(files.get(0).uploadedFileName())
          .compose(bytes -> Offload.bySize(ctx.vertx(), bytes.length(), () -> PeopleCsv.text(bytes.getBytes())));
    } else if (!pasted.isBlank()) {
      field = "csv";
      text = Future.succeededFuture(pasted);
    } else {
      refuse(ctx, "", "csv", Text.get("progressionConsole.people.nothing"));
      return;
    }
    checked(ctx, text).onSuccess(read -> showPreview(ctx, read.csv(), read.read()))
        .onFailure(e -> unreadable(ctx, e, field, files.isEmpty() ? pasted : ""));
  }

  /** Step 2: the confirmation; the same checks again, then the directory import. */
  void confirm(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN).isEmpty()) {
      return;
    }
    String csv = Console.field(ctx, "csv");
    checked(ctx, Future.succeededFuture(csv)).onSuccess(read -> {
      if (!read.read().problems().isEmpty()) {
        showPreview(ctx, read.csv(), read.read());
        return;
      }
      store.importPeople(read.read().people(), Http.actor(ctx))
          .onSuccess(n -> ctx.response().setStatusCode(303).putHeader("Location", "/admin/people?imported=" + n).end())
          .onFailure(ctx::fail);
    }).onFailure(e -> unreadable(ctx, e, "csv", csv));
  }

  private record Checked(String csv, PeopleCsv.Read read) {}

  /** Parses and checks the CSV (off the event loop when large), then adds whose IFIs are already whose. */
  private Future<Checked> checked(RoutingContext ctx, Future<String> text) {
    return text.compose(csv -> Offload.bySize(ctx.vertx(), csv.length(), () -> new Checked(csv, PeopleCsv.read(csv))))
        .compose(checked -> owners(checked.read()).map(read -> new Checked(checked.csv(), read)));
  }

  /**
   * The read with a problem for every IFI that belongs to a person the file does not list: the
   * import drops the listed people's IFIs first, so an IFI may move between them, but not away from
   * someone else.
   */
  private Future<PeopleCsv.Read> owners(PeopleCsv.Read read) {
    List<String> ifis = new ArrayList<>();
    read.people().forEach(p -> ifis.addAll(p.ifis()));
    if (ifis.isEmpty()) {
      return Future.succeededFuture(read);
    }
    return store.owners(ifis).map(owners -> {
      Set<String> listed = new HashSet<>();
      read.rows().forEach(r -> listed.add(r.cell("person_id")));
      Map<Integer, PeopleCsv.Row> rows = new HashMap<>();
      read.rows().forEach(r -> rows.put(r.number(), r));
      List<PeopleCsv.Problem> problems = new ArrayList<>(read.problems());
      for (int i = 0; i < read.people().size(); i++) {
        PeopleStore.Person person = read.people().get(i);
        PeopleCsv.Row row = rows.get(read.peopleRows().get(i));
        for (int j = 0; j < person.ifis().size(); j++) {
          String owner = owners.get(person.ifis().get(j));
          if (owner != null && !owner.equals(person.id()) && !listed.contains(owner)) {
            problems.add(new PeopleCsv.Problem(row.number(), row.ifiColumns().get(j), Text.get(
                "progressionConsole.people.ifiTaken", person.ifis().get(j).replaceFirst("^mbox:mailto:", ""), owner)));
          }
        }
      }
      problems.sort(java.util.Comparator.comparingInt(PeopleCsv.Problem::row));
      return new PeopleCsv.Read(read.rows(), read.people(), read.peopleRows(), problems);
    });
  }

  private void showPreview(RoutingContext ctx, String csv, PeopleCsv.Read read) {
    Map<Integer, List<String>> byRow = new HashMap<>();
    for (PeopleCsv.Problem p : read.problems()) {
      byRow.computeIfAbsent(p.row(), k -> new ArrayList<>()).add((p.column() == null ? "" : p.column() + ": ")
          + p.message());
    }
    List<PreviewRow> shown = new ArrayList<>();
    int good = 0;
    for (PeopleCsv.Row row : read.rows()) {
      List<String> problems = byRow.getOrDefault(row.number(), List.of());
      if (problems.isEmpty() && ++good > PREVIEW_ROWS) {
        continue;
      }
      String other = row.cell("openid") + (row.cell("account_name").isBlank() ? ""
          : " " + row.cell("account_homepage") + " " + row.cell("account_name"));
      shown.add(new PreviewRow(row.number(), row.cell("person_id"), row.cell("name"), row.cell("email"),
          row.cell("team"), row.cell("role"), row.cell("function"), row.cell("level"),
          String.join(", ", row.cell("manages").isBlank() ? List.of() : List.of(row.cell("manages").split(";"))),
          other.strip(), problems));
    }
    List<FieldError> errors = new ArrayList<>();
    for (PeopleCsv.Problem p : read.problems()) {
      if (errors.size() == SUMMARY_PROBLEMS) {
        errors.add(new FieldError("problems", Text.get("progressionConsole.people.moreProblems",
            read.problems().size() - SUMMARY_PROBLEMS)));
        break;
      }
      errors.add(new FieldError(p.row() == 1 ? "problems" : "row-" + p.row(), Text.get("progressionConsole.people.problemLine",
          p.row(), p.column() == null ? Text.get("progressionConsole.people.wholeRow") : p.column(), p.message())));
    }
    PreviewPage page = new PreviewPage(csv, shown, read.rows().size(), read.rows().size() - shown.size(),
        read.problems(), Pages.CSRF_FIELD, Console.csrf(ctx));
    Console.render(ctx, errors.isEmpty() ? 200 : 400, Text.get("progressionConsole.people.previewTitle"), errors,
        "console/people-preview.jte", page);
  }

  private void unreadable(RoutingContext ctx, Throwable e, String field, String pasted) {
    if (e instanceof PeopleCsv.Unreadable unreadable) {
      refuse(ctx, pasted, field, unreadable.getMessage());
    } else if (e instanceof cairn.web.ApiException api && api.status() < 500) {
      refuse(ctx, pasted, field, api.getMessage());
    } else {
      ctx.fail(e);
    }
  }

  private void refuse(RoutingContext ctx, String pasted, String field, String message) {
    list(ctx, 400, 0, pasted.length() > PeopleCsv.MAX_BYTES ? "" : pasted, List.of(new FieldError(field, message)));
  }

  private static int intParam(RoutingContext ctx, String name, int otherwise) {
    try {
      return Integer.parseInt(String.valueOf(ctx.request().getParam(name)));
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
