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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
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
      new Schema(AccountsSchema.NAME, AccountsSchema.LOCATION),
      // the application's own: the record of erasures, which span every feature (cairn.app.rights)
      new Schema("rights", "classpath:db/rights"));

  /** How long the embedded PostgreSQL may take to answer after its start, crash recovery included. */
  static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

  /** The schemas Cairn owns (one per module), which a backup holds. */
  public static List<String> schemaNames() {
    return SCHEMAS.stream().map(Schema::name).toList();
  }

  private final EmbeddedPostgres embedded;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  /** Where the Vert.x pool connects; null: derived from the JDBC URL (the embedded PostgreSQL). */
  private final PgConnectOptions connect;
  private volatile Map<String, MigrationVersion> migrated = Map.of();

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
        : embedded(embeddedDirectory(config));
    db.migrate();
    return db;
  }

  /**
   * For {@code cairn admin}: the external PostgreSQL; or the embedded PostgreSQL of a Cairn running on
   * the data directory, connected to on the port in its {@code postmaster.pid} (a data directory has
   * one postmaster at a time, and PostgreSQL serves any number of clients); or, when none runs, the
   * embedded PostgreSQL started here. Not migrated: the caller decides.
   */
  public static Database openForAdmin(Config config) {
    if (config.dbUrl().isPresent()) {
      return external(config.dbUrl().get(), config.dbUser(), config.dbPassword());
    }
    Path directory = embeddedDirectory(config);
    return runningPostmaster(config)
        .map(running -> new Database(null, "jdbc:postgresql://localhost:" + running.port() + "/postgres",
            "postgres", "postgres", null))
        .orElseGet(() -> embedded(directory));
  }

  /** The postmaster serving an embedded data directory: its process id and port. */
  public record Postmaster(long pid, int port) {}

  /**
   * The postmaster running on the embedded data directory (a Cairn serving from it), read from its
   * {@code postmaster.pid}; empty for an external database, or when none runs (a stale file left
   * by a crash names a process that is gone).
   */
  public static Optional<Postmaster> runningPostmaster(Config config) {
    if (config.dbUrl().isPresent()) {
      return Optional.empty();
    }
    Path pidFile = embeddedDirectory(config).resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(new Postmaster(pid, port)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot read " + pidFile + " (" + e.getMessage() + "): is a PostgreSQL "
          + "starting or stopping there? Try again in a moment.", e);
    }
  }

  private static Path embeddedDirectory(Config config) {
    return config.dataDir().resolve("postgres");
  }

  /** An external PostgreSQL by a libpq or JDBC URL (see {@link DatabaseUrl}). */
  public static Database external(String url, String user, String password) {
    DatabaseUrl parsed = DatabaseUrl.parse(url, user, password);
    return new Database(null, parsed.jdbcUrl(), parsed.user(), parsed.password(), parsed.connect());
  }

  /**
   * Starts the embedded PostgreSQL in {@code dir}, after clearing what a crash left there (a server still
   * running from a Cairn that was killed, a stale {@code postmaster.pid}: see {@link StalePostmaster}).
   */
  public static Database embedded(Path dir) {
    // absolute, so the server's -D argument names its directory wherever the next Cairn starts from
    Path directory = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory);
      StalePostmaster.clear(directory);
      LOG.info("Starting embedded PostgreSQL in {}", directory);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          // after a crash PostgreSQL replays its write-ahead log before it answers (up to max_wal_size, below);
          // zonky's default of 10 s would give up on a long recovery, and every restart after it would too
          .setPGStartupWait(STARTUP_WAIT)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("shared_buffers", "256MB")
          // the embedded binaries start with -F (fsync off): an acknowledged statement must survive a
          // power loss too, not only a crash of the processes (full_page_writes stays PostgreSQL's default, on)
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          // checkpoints at most every 4 GB of write-ahead log or 15 minutes (PostgreSQL's defaults, 1 GB
          // and 5 minutes, meant one every ~15 s at full ingest): after each, the first change to a page logs
          // the whole page, which made the log 23% larger; a crash now replays up to ~4 GB (3 GB took 22 s
          // here; docs/benchmarks.md, "Checkpoints of the embedded PostgreSQL")
          .setServerConfig("max_wal_size", "4GB")
          .setServerConfig("checkpoint_timeout", "15min")
          .start();
      return new Database(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", null);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs every module's pending migrations, and notes the latest migration this build has for each:
   * readiness checks that the database still holds them ({@link #migratedVersions}).
   */
  public void migrate() {
    Map<String, MigrationVersion> latest = new LinkedHashMap<>();
    for (Schema schema : SCHEMAS) {
      Flyway flyway = flyway(schema);
      flyway.migrate();
      Arrays.stream(flyway.info().all())
          .filter(m -> m.getState().isResolved() && m.getVersion() != null)
          .map(MigrationInfo::getVersion)
          .max(Comparator.naturalOrder())
          .ifPresent(v -> latest.put(schema.name(), v));
    }
    migrated = Map.copyOf(latest);
  }

  /**
   * The latest migration of each schema that {@link #migrate} applied or found applied; empty until
   * it ran in this process.
   */
  Map<String, MigrationVersion> migratedVersions() {
    return migrated;
  }

  /** The migrations not yet applied, as "schema version description", oldest first per schema. */
  public List<String> pendingMigrations() {
    List<String> pending = new ArrayList<>();
    for (Schema schema : SCHEMAS) {
      for (MigrationInfo info : flyway(schema).info().pending()) {
        pending.add(schema.name() + " " + info.getVersion() + " " + info.getDescription());
      }
    }
    return pending;
  }

  private Flyway flyway(Schema schema) {
    return Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .schemas(schema.name())
        .locations(schema.location())
        .load();
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
