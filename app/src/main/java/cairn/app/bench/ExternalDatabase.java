package cairn.app.bench;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The benchmarks' options for an external PostgreSQL instead of the embedded one (a picocli mixin):
 * {@code --db-url}, {@code --db-user}, {@code --db-password}, put into Cairn's settings.
 */
final class ExternalDatabase {
  @Option(names = "--db-url", description = "An external, empty PostgreSQL (postgresql://host:port/db or"
      + " jdbc:postgresql://…) instead of the embedded one.")
  String url;
  @Option(names = "--db-user", description = "External database user (default ${DEFAULT-VALUE}).")
  String user = "postgres";
  @Option(names = "--db-password", description = "External database password.")
  String password = "";

  boolean given() {
    return url != null;
  }

  /** Adds the connection settings when an external database was given. */
  void addTo(Map<String, String> settings) {
    if (url != null) {
      settings.put("CAIRN_DB_URL", url);
      settings.put("CAIRN_DB_USER", user);
      settings.put("CAIRN_DB_PASSWORD", password);
    }
  }
}
