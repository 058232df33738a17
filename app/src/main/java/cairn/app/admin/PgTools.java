package cairn.app.admin;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL's own {@code pg_dump} and {@code pg_restore}, from one installation whose version can
 * serve the server: pg_dump refuses a server newer than itself, and a newer pg_restore may write
 * settings an older server does not know, so the server's own major version is preferred, then the
 * nearest newer one. The embedded PostgreSQL's bundle (io.zonky's) holds only initdb, pg_ctl and
 * postgres, so these come from an installation of PostgreSQL's client tools: {@code --pg-bin}, or
 * PATH and the usual places of versioned installations.
 */
record PgTools(Path bin, int major, String version) {
  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) ((\\d+)[.0-9]*)");
  /** Where versioned installations live: a directory and the glob of its versions, each with a bin/. */
  private static final List<String[]> VERSIONED = List.of(
      new String[] {"/usr/lib/postgresql", "*"}, new String[] {"/usr", "pgsql-*"},
      new String[] {"/opt/homebrew/opt", "postgresql@*"}, new String[] {"/usr/local/opt", "postgresql@*"},
      new String[] {"/Library/PostgreSQL", "*"});

  Path tool(String name) {
    return bin.resolve(name);
  }

  /** The tools for a server of this major version; refuses, naming what it found, when none fit. */
  static PgTools find(Path pgBin, int serverMajor, String serverVersion) {
    List<PgTools> found = new ArrayList<>();
    for (Path dir : pgBin != null ? List.of(pgBin) : candidates()) {
      if (Files.isExecutable(dir.resolve("pg_dump")) && Files.isExecutable(dir.resolve("pg_restore"))) {
        version(dir).ifPresent(found::add);
      }
    }
    Optional<PgTools> same = found.stream().filter(t -> t.major == serverMajor).findFirst();
    Optional<PgTools> newer = found.stream().filter(t -> t.major > serverMajor)
        .min(Comparator.comparingInt(PgTools::major));
    return same.or(() -> newer).orElseThrow(() -> AdminException.failed("pg_dump and pg_restore of PostgreSQL "
        + serverMajor + " (or newer) are needed for this PostgreSQL " + serverVersion + " server: pg_dump refuses "
        + "a server newer than itself. " + (found.isEmpty() ? "None were found" : "Found only "
            + found.stream().map(t -> "PostgreSQL " + t.version + " in " + t.bin).collect(Collectors.joining(", ")))
        + (pgBin != null ? " in " + pgBin + "." : " on PATH or in " + VERSIONED.stream()
            .map(p -> p[0] + "/" + p[1] + "/bin").collect(Collectors.joining(", ")) + ".")
        + " The embedded PostgreSQL's bundle has no client tools. Install PostgreSQL " + serverMajor
        + "'s client tools (Debian, Ubuntu: postgresql-client-" + serverMajor + ", from the PostgreSQL apt "
        + "repository where the distribution has none) and run again, or name their directory with --pg-bin."));
  }

  /** PATH first, then versioned installations, newest first. */
  private static List<Path> candidates() {
    Set<Path> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    for (String[] place : VERSIONED) {
      Path parent = Path.of(place[0]);
      if (!Files.isDirectory(parent)) {
        continue;
      }
      List<Path> versions = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, place[1])) {
        entries.forEach(versions::add);
      } catch (IOException e) {
        continue;
      }
      versions.sort(Comparator.comparing(Path::toString).reversed());
      versions.forEach(v -> dirs.add(v.resolve("bin")));
    }
    return new ArrayList<>(dirs);
  }

  private static Optional<PgTools> version(Path dir) {
    try {
      Process process = new ProcessBuilder(dir.resolve("pg_dump").toString(), "--version")
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return Optional.empty();
      }
      Matcher m = VERSION.matcher(output);
      return m.find() ? Optional.of(new PgTools(dir, Integer.parseInt(m.group(2)), m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Runs one of the tools against the database, connection settings in libpq's environment
   * variables (the password never on a command line); fails with the end of what the tool said.
   */
  void run(String name, List<String> arguments, PgConnectOptions connect) {
    List<String> command = new ArrayList<>();
    command.add(tool(name).toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(environment(connect));
    String said;
    int exit;
    try {
      Process process = builder.start();
      said = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      exit = process.waitFor();
    } catch (IOException e) {
      throw AdminException.failed("Cannot run " + tool(name) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AdminException.failed(name + " was interrupted.");
    }
    if (exit != 0) {
      List<String> lines = said.lines().toList();
      String tail = String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
      throw new ToolFailed(name + " (PostgreSQL " + version + ") failed with exit code " + exit
          + (tail.isEmpty() ? "." : ":\n  " + tail));
    }
  }

  /** A tool that ran and failed; the caller says what that means for the data. */
  static final class ToolFailed extends RuntimeException {
    ToolFailed(String message) {
      super(message, null, false, false);
    }
  }

  static Map<String, String> environment(PgConnectOptions connect) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", connect.getHost());
    env.put("PGPORT", String.valueOf(connect.getPort()));
    env.put("PGDATABASE", connect.getDatabase());
    env.put("PGUSER", connect.getUser());
    if (connect.getPassword() != null && !connect.getPassword().isEmpty()) {
      env.put("PGPASSWORD", connect.getPassword());
    }
    if (connect.getSslMode() != null && connect.getSslMode() != SslMode.DISABLE) {
      env.put("PGSSLMODE", connect.getSslMode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    env.put("PGAPPNAME", Admin.APPLICATION);
    return env;
  }
}
