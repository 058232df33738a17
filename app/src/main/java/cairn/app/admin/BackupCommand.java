package cairn.app.admin;

import cairn.web.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin backup FILE}: {@code pg_dump -Fc} of Cairn's schemas (one per module). pg_dump reads in one
 * repeatable-read transaction, so the file is one consistent snapshot even while Cairn writes. It
 * is written beside FILE and renamed when complete: a failed backup never leaves a partial file
 * under the name of a good one. The database is not migrated first, so a backup taken before an
 * upgrade is of the version that ran.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {
        "Back up Cairn's database (schemas lrs, progression, credentials, accounts) to FILE with PostgreSQL's pg_dump, "
            + "custom format (-Fc): one consistent snapshot, also while Cairn runs and writes.",
        "pg_dump must be of the server's major version or newer (the embedded PostgreSQL 17 needs PostgreSQL 17's "
            + "client tools; the embedded bundle has none): it is looked for on PATH and in "
            + "/usr/lib/postgresql/*/bin and similar places, or in --pg-bin.",
        "Restore with 'cairn admin restore FILE'."},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class BackupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Where to write the backup.")
  Path file;

  @Option(names = "--force", description = "Replace FILE if it exists.")
  boolean force;

  @Option(names = "--pg-bin", paramLabel = "DIR", description = "The directory holding pg_dump and pg_restore.")
  Path pgBin;

  @Override
  public Integer call() {
    return Admin.run(spec, admin -> {
      Path target = file.toAbsolutePath().normalize();
      if (Files.isDirectory(target)) {
        throw AdminException.usage(target + " is a directory: name the backup file.");
      }
      if (Files.exists(target) && !force) {
        throw AdminException.failed(target + " exists: choose another name, or pass --force to replace it.");
      }
      if (!Files.isDirectory(target.getParent())) {
        throw AdminException.usage("No directory " + target.getParent() + " to write " + target.getFileName() + " in.");
      }
      ServerState state = ServerState.of(admin);
      if (state.schemas().isEmpty()) {
        throw AdminException.failed(admin.where() + " holds no Cairn data yet (no schema lrs, progression, "
            + "credentials or accounts): nothing to back up.");
      }
      PgTools tools = PgTools.find(pgBin, state.major(), state.version());
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      List<String> arguments = new ArrayList<>(List.of("--format=custom", "--file=" + partial));
      state.schemas().forEach(schema -> arguments.add("--schema=" + schema));
      try {
        ownerOnly(partial);
        tools.run("pg_dump", arguments, admin.database().connectOptions());
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (PgTools.ToolFailed e) {
        throw AdminException.failed(e.getMessage() + "\nNo backup was written.");
      } finally {
        Files.deleteIfExists(partial);
      }
      long bytes = Files.size(target);
      if (state.audit()) {
        ServerState.audit(admin, "database.backup", target.toString(), Json.MAPPER.createObjectNode()
            .put("file", target.toString()).put("bytes", bytes).put("server", state.version())
            .put("pgDump", tools.version()));
      } else {
        admin.err.println("Not audited: this database predates the audit table lrs.audit (Cairn creates it when it "
            + "next starts).");
      }
      admin.out.println(target);
      admin.err.println("Backed up " + String.join(", ", state.schemas()) + " of " + admin.where() + " (PostgreSQL "
          + state.version() + ") to " + target + ": " + bytes + " bytes, pg_dump " + tools.version() + " from "
          + tools.bin() + ". Restore it with: cairn admin restore " + target);
      return 0;
    });
  }

  /**
   * Creates the file pg_dump writes into, readable by its owner only (pg_dump keeps the mode of a file
   * it overwrites): a backup holds credential digests and encrypted signing keys.
   */
  private static void ownerOnly(Path file) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system; the directory's own permissions apply
    }
  }
}
