package cairn.app.admin;

import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.people.PeopleStore;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin import framework|people FILE}: the progression imports of
 * {@code POST /api/v1/frameworks} and {@code POST /api/v1/people}, through the same stores (same
 * validation, same versions, same audit entries), from a file.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import a capability framework or the people directory from a JSON file.",
    subcommands = {ImportCommands.Framework.class, ImportCommands.People.class},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class ImportCommands {
  /** Files are read whole, as the API reads a request body. */
  static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  private ImportCommands() {}

  @Command(name = "framework", mixinStandardHelpOptions = true,
      description = "Import a capability framework: a CASE 1.1 CFPackage (CFDocument, CFItems, CFAssociations, "
          + "CFRubrics) as JSON. Changed content becomes the framework's next version; the same content again "
          + "changes nothing.",
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class Framework implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The CFPackage JSON file.")
    Path file;

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        JsonNode pkg = read(file);
        FrameworkStore.Imported imported;
        try {
          imported = new FrameworkStore(admin.pool()).importPackage(pkg, admin.actor).await();
        } catch (ApiException e) {
          throw refused(file, e, "Nothing was imported.");
        }
        var framework = imported.framework();
        admin.out.println(framework.id() + " " + framework.version());
        admin.err.println((imported.created()
            ? "Imported framework '" + framework.title() + "' (" + framework.id() + ") as version " + framework.version()
                + ", " + framework.items().size() + " items, audited as " + admin.actor + "."
            : "Framework " + framework.id() + " version " + framework.version() + " already holds this content: "
                + "nothing changed."));
        return 0;
      });
    }
  }

  @Command(name = "people", mixinStandardHelpOptions = true,
      description = {
          "Import the people directory: a JSON array of people, or {\"people\": [...]}, each "
              + "{\"id\", \"agents\": [xAPI agents: mbox, mbox_sha1sum, openid or account], \"name\", \"role\", "
              + "\"function\", \"level\", \"team\"}; at most 50,000 per file. Listed people are replaced, others "
              + "are kept.",
          "The import is one transaction: all of it or, on an error, none. Progress goes to standard error."},
      exitCodeListHeading = Admin.EXIT_HEADING,
      exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
  static final class People implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The people JSON file.")
    Path file;

    @Override
    public Integer call() {
      return Admin.run(spec, admin -> {
        JsonNode body = read(file);
        List<PeopleStore.Person> people;
        try {
          people = PeopleStore.parse(body);
        } catch (ApiException e) {
          throw refused(file, e, "Nothing was imported" + (e.status() == 413 ? ": split the file." : "."));
        }
        Progress progress = new Progress(admin.err, Progress.terminal(), "Imported", "people", people.size());
        int imported;
        try {
          imported = new PeopleStore(admin.pool()).importPeople(people, admin.actor, progress::update).await();
        } catch (ApiException e) {
          progress.end();
          throw refused(file, e, "Nothing was imported (an import commits whole or not at all).");
        }
        admin.out.println(imported);
        admin.err.println("Imported " + imported + " people from " + file + ", audited as " + admin.actor + ".");
        return 0;
      });
    }
  }

  /** A JSON file within the API's limits (depth, number and name lengths); its problems exit 1. */
  static JsonNode read(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw AdminException.usage("No file " + file + ".");
    } catch (IOException e) {
      throw AdminException.usage("Cannot read " + file + ": " + e.getMessage());
    }
    if (size == 0) {
      throw AdminException.failed(file + " is empty: a JSON document is expected.");
    }
    if (size > MAX_FILE_BYTES) {
      throw AdminException.failed(file + " has " + size + " bytes; at most " + MAX_FILE_BYTES + " are read.");
    }
    try {
      return Json.parse(Buffer.buffer(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw AdminException.usage("Cannot read " + file + ": " + e.getMessage());
    } catch (ApiException e) {
      throw refused(file, e, "Nothing was imported.");
    }
  }

  private static AdminException refused(Path file, ApiException e, String then) {
    return AdminException.failed(file + ": " + e.getMessage() + (e.path() == null ? "" : " (at " + e.path() + ")")
        + " " + then);
  }
}
