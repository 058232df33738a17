package cairn.app.admin;

import cairn.app.Database;
import cairn.web.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn admin restore FILE}: {@code pg_restore} of a backup in one transaction (all of it or
 * nothing), then the migrations of this cairn.jar. It refuses while a Cairn runs on the database — it
 * would replace the data under it — and, without {@code --clean}, a database that holds Cairn's
 * schemas already.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {
        "Restore Cairn's database from FILE, a backup made by 'cairn admin backup' (pg_dump -Fc of Cairn's "
            + "schemas), with PostgreSQL's pg_restore, in one transaction: all of it or nothing. Then it is "
            + "migrated to this version of Cairn.",
        "Stop Cairn first: restore refuses while a Cairn runs on CAIRN_DATA_DIR or is connected to the database.",
        "Restore into an empty database (a new CAIRN_DATA_DIR, or a new database in CAIRN_DB_URL), or pass "
            + "--clean to replace the Cairn data a database holds (back it up first)."},
    exitCodeListHeading = Admin.EXIT_HEADING,
    exitCodeList = {Admin.EXIT_OK, Admin.EXIT_FAILED, Admin.EXIT_USAGE})
final class RestoreCommand implements Callable<Integer> {
  /** The first bytes of a pg_dump custom-format archive. */
  private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The backup to restore.")
  Path file;

  @Option(names = "--clean", description = "Replace the Cairn schemas the database holds (they are dropped and "
      + "restored in the one transaction).")
  boolean clean;

  @Option(names = "--pg-bin", paramLabel = "DIR", description = "The directory holding pg_dump and pg_restore.")
  Path pgBin;

  @Override
  public Integer call() {
    return Admin.run(spec, admin -> {
      Path source = file.toAbsolutePath().normalize();
      checkArchive(source);
      Database.runningPostmaster(admin.config).ifPresent(postmaster -> {
        throw AdminException.failed("A Cairn is running on CAIRN_DATA_DIR " + admin.config.dataDir() + " (its "
            + "PostgreSQL is process " + postmaster.pid() + "): stop it first, then restore (a restore replaces "
            + "the data under it). If no Cairn runs, that PostgreSQL outlived one: stop it with kill "
            + postmaster.pid() + ".");
      });
      int running = admin.cairnConnections();
      if (running > 0) {
        throw AdminException.failed(running + " connection(s) of a running Cairn are open on " + admin.where()
            + ": stop every Cairn that uses it, then restore (a restore replaces the data under it).");
      }
      ServerState state = ServerState.of(admin);
      if (!state.schemas().isEmpty() && !clean) {
        throw AdminException.failed(admin.where() + " holds Cairn data already (schemas "
            + String.join(", ", state.schemas()) + "). Restore into an empty database — a new CAIRN_DATA_DIR, or a "
            + "new database in CAIRN_DB_URL — or pass --clean to replace that data (back it up first).");
      }
      PgTools tools = PgTools.find(pgBin, state.major(), state.version());
      Database db = admin.database();
      List<String> arguments = new ArrayList<>(List.of("--dbname=" + db.connectOptions().getDatabase(),
          "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"));
      if (clean) {
        arguments.addAll(List.of("--clean", "--if-exists"));
      }
      arguments.add(source.toString());
      try {
        tools.run("pg_restore", arguments, db.connectOptions());
      } catch (PgTools.ToolFailed e) {
        throw AdminException.failed(e.getMessage() + "\nNothing was restored: " + admin.where() + " is as it was "
            + "(the restore is one transaction)."
            + (clean ? " If objects the backup does not hold stand in the way, restore into an empty database." : ""));
      }
      db.migrate();
      ServerState.audit(admin, "database.restore", source.toString(), Json.MAPPER.createObjectNode()
          .put("file", source.toString()).put("bytes", Files.size(source)).put("clean", clean)
          .put("server", state.version()).put("pgRestore", tools.version()));
      long statements = statements(admin);
      admin.out.println(statements);
      admin.err.println("Restored " + source + " into " + admin.where() + " (" + statements + " statements) "
          + "with pg_restore " + tools.version() + ", migrated to this version, audited as " + admin.actor
          + ". Start Cairn.");
      return 0;
    });
  }

  private static void checkArchive(Path source) {
    byte[] head;
    try (InputStream in = Files.newInputStream(source)) {
      head = in.readNBytes(MAGIC.length);
    } catch (NoSuchFileException e) {
      throw AdminException.usage("No file " + source + ".");
    } catch (IOException e) {
      throw AdminException.usage("Cannot read " + source + ": " + e.getMessage());
    }
    if (!Arrays.equals(head, MAGIC)) {
      throw AdminException.failed(source + " is not a backup made by 'cairn admin backup' (a pg_dump custom-format "
          + "archive, pg_dump -Fc): nothing was restored.");
    }
  }

  private static long statements(Admin admin) throws SQLException {
    try (Connection c = admin.jdbc(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from lrs.statements")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
