package cairn.lrs.testing;

import cairn.lrs.LrsSchema;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one real PostgreSQL of a test run, started on first use and shared by every test: an external
 * one when {@code CAIRN_TEST_DB_URL} is set (with CAIRN_TEST_DB_USER / CAIRN_TEST_DB_PASSWORD),
 * else a Testcontainers PostgreSQL 17 when a Docker engine answers, else an embedded PostgreSQL 17.
 * Tests isolate by data (their own credentials, agents and activities), never by restarting it.
 * Use it as a JUnit extension ({@code @ExtendWith(TestPostgres.class)}) or through {@link #get()}.
 */
public final class TestPostgres implements BeforeAllCallback {
  private static TestPostgres instance;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String kind;

  /** For JUnit's extension mechanism: starts the shared database before a test class. */
  public TestPostgres() {
    this(null, null, null, "extension");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    get();
  }

  private TestPostgres(String jdbcUrl, String user, String password, String kind) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.kind = kind;
  }

  /** The shared database, migrated with the LRS schema. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      instance = start();
      instance.migrate(LrsSchema.NAME, LrsSchema.LOCATION);
    }
    return instance;
  }

  private static TestPostgres start() {
    String url = System.getenv("CAIRN_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return new TestPostgres(url.startsWith("jdbc:") ? url : "jdbc:" + url,
          System.getenv().getOrDefault("CAIRN_TEST_DB_USER", "postgres"),
          System.getenv().getOrDefault("CAIRN_TEST_DB_PASSWORD", ""), "external");
    }
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17");
      container.start();
      return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
          "testcontainers");
    }
    try {
      Path dir = Files.createTempDirectory("cairn-test-pg");
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
          .setServerConfig("max_connections", "300").start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (Exception ignored) {
          // the JVM is exiting
        }
      }));
      return new TestPostgres(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", "embedded");
    } catch (Exception e) {
      throw new IllegalStateException("No PostgreSQL for tests: set CAIRN_TEST_DB_URL, run Docker, "
          + "or allow the embedded PostgreSQL to start (" + e.getMessage() + ")", e);
    }
  }

  private static boolean dockerAvailable() {
    if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  /** Runs a module's migrations (each schema keeps its own Flyway history). */
  public void migrate(String schema, String location) {
    Flyway.configure().dataSource(jdbcUrl, user, password).schemas(schema).locations(location).load().migrate();
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

  public String kind() {
    return kind;
  }

  /**
   * Another database on the same server, created (if absent) and migrated with the LRS schema: a
   * second, independent LRS store, e.g. an upstream LRS that Cairn follows.
   */
  public synchronized PgConnectOptions database(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database names here are lower-case identifiers: " + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement st = c.createStatement()) {
      ResultSet exists = st.executeQuery("select 1 from pg_database where datname = '" + name + "'");
      if (!exists.next()) {
        st.execute("create database " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String url = "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Flyway.configure().dataSource(url, user, password).schemas(LrsSchema.NAME).locations(LrsSchema.LOCATION).load()
        .migrate();
    return connectOptions().setDatabase(name);
  }

  public PgConnectOptions connectOptions() {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    return new PgConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort() < 0 ? 5432 : uri.getPort())
        .setDatabase(uri.getPath().substring(1))
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true);
  }
}
