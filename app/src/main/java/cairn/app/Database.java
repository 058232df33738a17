package cairn.app;

import cairn.accounts.AccountsSchema;
import cairn.credentials.CredentialsSchema;
import cairn.lrs.LrsSchema;
import cairn.progression.ProgressionSchema;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL Cairn runs on: an external one by URL, or an embedded PostgreSQL 17 keeping its
 * files under the data directory (so a restart keeps every statement). Every method here blocks;
 * callers run it off the event loop.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Each module's schema and migrations, each with its own Flyway history. */
  record Schema(String name, String location) {}

  static final List<Schema> SCHEMAS = List.of(
      new Schema(LrsSchema.NAME, LrsSchema.LOCATION),
      new Schema(ProgressionSchema.NAME, ProgressionSchema.LOCATION),
      new Schema(CredentialsSchema.NAME, CredentialsSchema.LOCATION),
      new Schema(AccountsSchema.NAME, AccountsSchema.LOCATION));

  private final EmbeddedPostgres embedded;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  /** Where the Vert.x pool connects; null: derived from the JDBC URL (the embedded PostgreSQL). */
  private final PgConnectOptions connect;

  private Database(EmbeddedPostgres embedded, String jdbcUrl, String user, String password, PgConnectOptions connect) {
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.connect = connect;
  }

  /** Starts the embedded PostgreSQL or points at the external one, then migrates every schema. */
  public static Database open(Config config) {
    Database db = config.dbUrl().isPresent()
        ? external(config.dbUrl().get(), config.dbUser(), config.dbPassword())
        : embedded(config.dataDir().resolve("postgres"));
    db.migrate();
    return db;
  }

  /** An external PostgreSQL by a libpq or JDBC URL (see {@link DatabaseUrl}). */
  public static Database external(String url, String user, String password) {
    DatabaseUrl parsed = DatabaseUrl.parse(url, user, password);
    return new Database(null, parsed.jdbcUrl(), parsed.user(), parsed.password(), parsed.connect());
  }

  public static Database embedded(Path directory) {
    try {
      Files.createDirectories(directory);
      LOG.info("Starting embedded PostgreSQL in {}", directory);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("shared_buffers", "256MB")
          // the embedded binaries start with -F (fsync off): an acknowledged statement must survive a
          // power loss too, not only a crash of the processes (full_page_writes stays PostgreSQL's default, on)
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .start();
      return new Database(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", null);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
  }

  void migrate() {
    for (Schema schema : SCHEMAS) {
      Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .schemas(schema.name())
          .locations(schema.location())
          .load()
          .migrate();
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Options for the Vert.x PostgreSQL client. */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options;
    if (connect != null) {
      options = new PgConnectOptions(connect);
    } else {
      URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
      options = PgConnectOptions.fromUri(
          "postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath())
          .setUser(user).setPassword(password);
    }
    return options.setPipeliningLimit(256).setCachePreparedStatements(true)
        .addProperty("application_name", "cairn");
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
