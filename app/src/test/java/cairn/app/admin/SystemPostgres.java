package cairn.app.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away cluster of the machine's own PostgreSQL installation (Debian's
 * {@code /usr/lib/postgresql/N}), for the backup tests: a server whose own pg_dump and pg_restore are
 * at hand, which the embedded PostgreSQL's bundle does not have. Run as the {@code postgres} user when
 * the tests run as root (PostgreSQL refuses to run as root).
 */
final class SystemPostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final boolean asPostgres;
  final int port;

  private SystemPostgres(Path bin, Path dir, boolean asPostgres, int port) {
    this.bin = bin;
    this.dir = dir;
    this.asPostgres = asPostgres;
    this.port = port;
  }

  /** The newest installation with its server and client tools, if the machine has one. */
  static Optional<Path> installation() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
          .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
          .map(v -> v.resolve("bin"))
          .filter(b -> Stream.of("initdb", "pg_ctl", "postgres", "pg_dump", "pg_restore")
              .allMatch(t -> Files.isExecutable(b.resolve(t))))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static SystemPostgres start(Path bin) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("cairn-system-pg");
    if (root) {
      Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SystemPostgres pg = new SystemPostgres(bin, dir, root, port);
    pg.run(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF-8", "--locale=C", "-N",
        "-D", dir.resolve("data").toString());
    pg.run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
        dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=localhost -c fsync=off",
        "start");
    return pg;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  void createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("create database " + name);
    }
  }

  private void run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
