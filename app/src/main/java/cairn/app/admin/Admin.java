package cairn.app.admin;

import cairn.app.Config;
import cairn.app.Database;
import cairn.app.Main;
import cairn.web.ApiException;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What an admin command works with: Cairn's configuration (the CAIRN_* environment, as for
 * {@code cairn serve}), its database opened without the HTTP server, the actor its audit entries
 * name ({@code cli:<operating system user>}), and where to write: results on standard output,
 * messages, progress and logs on standard error.
 *
 * <p>The embedded PostgreSQL's data directory can be opened by one postmaster only. When a Cairn runs
 * on it, the commands connect to that postmaster (its port is in {@code postmaster.pid}): PostgreSQL
 * serves any number of clients, and every change here is a transaction like the API's. When none
 * runs, the command starts the embedded PostgreSQL for as long as it runs. Restore is the exception:
 * it replaces the data under a running Cairn, so it refuses (see {@link RestoreCommand}).
 */
final class Admin implements AutoCloseable {
  static final String EXIT_HEADING = "%nExit codes:%n";
  static final String EXIT_OK = "0:Done.";
  static final String EXIT_FAILED = "1:Refused or failed; the message on standard error says why and what to do.";
  static final String EXIT_USAGE = "2:Bad usage or configuration.";
  /** How the commands' connections name themselves; Cairn's own say {@code cairn}. */
  static final String APPLICATION = "cairn-admin";

  final Config config;
  final PrintWriter out;
  final PrintWriter err;
  final String actor;
  private Database database;
  private Vertx vertx;
  private Pool pool;

  /** What a command does once configured; answers the exit code. */
  interface Action {
    int run(Admin admin) throws Exception;
  }

  private Admin(Config config, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.actor = "cli:" + System.getProperty("user.name", "unknown");
  }

  /**
   * Runs a command: reads the configuration, runs the action, closes what it opened, and turns
   * failures into a message on standard error and an exit code.
   */
  static int run(CommandSpec spec, Action action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Object root = spec.root().userObject();
    Map<String, String> environment = root instanceof Main main ? main.environment() : System.getenv();
    try {
      Config config = Config.fromEnvironment(environment);
      logToStandardError();
      try (Admin admin = new Admin(config, out, err)) {
        return action.run(admin);
      }
    } catch (Config.ConfigException e) {
      err.println("cairn admin: " + e.getMessage());
      return 2;
    } catch (AdminException e) {
      err.println("cairn admin: " + e.getMessage());
      return e.exitCode();
    } catch (ApiException e) {
      err.println("cairn admin: " + e.getMessage() + (e.path() == null ? "" : " (at " + e.path() + ")"));
      return 1;
    } catch (Exception e) {
      err.println("cairn admin: failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The database, not migrated (backup and restore must see it as it is). */
  Database database() {
    if (database == null) {
      database = Database.openForAdmin(config);
    }
    return database;
  }

  /**
   * A pool on the database migrated as {@code cairn serve} would migrate it. A cairn.jar newer than
   * the Cairn running on the database does not migrate under it: the older code could break on the
   * newer schema.
   */
  Pool pool() {
    if (pool == null) {
      Database db = database();
      List<String> pending = db.pendingMigrations();
      if (!pending.isEmpty()) {
        int running = cairnConnections();
        if (running > 0) {
          throw AdminException.failed("This cairn.jar brings migrations the database does not have yet ("
              + String.join(", ", pending) + "), and " + running + " connection(s) of a running Cairn are open: "
              + "migrating under an older Cairn could break it. Upgrade Cairn first (it migrates as it starts), "
              + "or run this command with the cairn.jar of the running version.");
        }
        db.migrate();
      }
      vertx = Vertx.vertx();
      pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(2))
          .connectingTo(db.connectOptions().addProperty("application_name", APPLICATION))
          .using(vertx)
          .build();
    }
    return pool;
  }

  Vertx vertx() {
    pool();
    return vertx;
  }

  /** Where the database is, for messages. */
  String where() {
    if (config.dbUrl().isEmpty()) {
      return "the embedded database in " + config.dataDir();
    }
    var connect = database().connectOptions();
    return "database " + connect.getDatabase() + " on " + connect.getHost() + ":" + connect.getPort();
  }

  /** A plain JDBC connection to the database, for the checks before and after PostgreSQL's tools. */
  Connection jdbc() throws SQLException {
    Database db = database();
    Properties properties = new Properties();
    properties.setProperty("user", db.user());
    properties.setProperty("password", db.password());
    properties.setProperty("ApplicationName", APPLICATION);
    return DriverManager.getConnection(db.jdbcUrl(), properties);
  }

  /** Connections a running Cairn holds on this database (they name themselves {@code cairn}). */
  int cairnConnections() {
    try (Connection c = jdbc(); var st = c.createStatement(); var rows = st.executeQuery(
        "select count(*) from pg_stat_activity where application_name = 'cairn' and datname = current_database()")) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw AdminException.failed("Cannot ask PostgreSQL which clients are connected: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (database != null) {
      database.close();
    }
  }

  /**
   * Logs go to standard error, so that standard output holds only a command's result (a secret, a
   * list) for scripts to read.
   */
  private static void logToStandardError() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof ConsoleAppender<?> console && !"System.err".equals(console.getTarget())) {
          console.stop();
          console.setTarget("System.err");
          console.start();
        }
      }
    }
  }
}
