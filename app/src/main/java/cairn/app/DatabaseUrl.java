package cairn.app;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code CAIRN_DB_URL} in either form PostgreSQL users have at hand, read by the libraries made for
 * each: a libpq URI ({@code postgresql://user:password@host:5432/db?sslmode=require}, the form of
 * {@code DATABASE_URL}) by Vert.x's PostgreSQL client, a JDBC URL ({@code jdbc:postgresql://host/db?user=…&password=…},
 * several hosts allowed) by the PostgreSQL JDBC driver. User and password in the URL win over
 * {@code CAIRN_DB_USER} / {@code CAIRN_DB_PASSWORD}.
 *
 * @param jdbcUrl for Flyway (every host of the URL)
 * @param connect for the Vert.x pool (the first host: the client connects to one server)
 */
record DatabaseUrl(String jdbcUrl, String user, String password, PgConnectOptions connect) {
  private static final Pattern USER_INFO = Pattern.compile("^postgres(ql)?://[^/?#]*@");

  static DatabaseUrl parse(String url, String user, String password) {
    if (url.startsWith("jdbc:")) {
      Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
      if (parsed == null) {
        throw new Config.ConfigException("CAIRN_DB_URL is not a PostgreSQL JDBC URL: jdbc:postgresql://host:5432/db");
      }
      String u = parsed.getProperty("user", user);
      String p = parsed.getProperty("password", password);
      PgConnectOptions connect = new PgConnectOptions()
          .setHost(parsed.getProperty("PGHOST").split(",")[0])
          .setPort(Integer.parseInt(parsed.getProperty("PGPORT").split(",")[0]))
          .setDatabase(parsed.getProperty("PGDBNAME"))
          .setUser(u)
          .setPassword(p);
      if (parsed.getProperty("sslmode") != null) {
        connect.setSslMode(SslMode.of(parsed.getProperty("sslmode")));
      }
      return new DatabaseUrl(url, u, p, connect);
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new Config.ConfigException("CAIRN_DB_URL must be postgresql://[user[:password]@]host[:port]/db[?…] "
          + "or jdbc:postgresql://…");
    }
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(url);
    } catch (IllegalArgumentException e) {
      // the parser repeats the URL or quotes parts of it in some messages: they may hold the password
      String why = String.valueOf(e.getMessage()).replace(url, "the URL").replaceAll("\"[^\"]*\"", "\"...\"");
      throw new Config.ConfigException("CAIRN_DB_URL cannot be read (" + why + "); for several hosts, "
          + "use the JDBC form jdbc:postgresql://host1,host2/db");
    }
    if (!USER_INFO.matcher(url).find()) {
      connect.setUser(user).setPassword(password);
    }
    String jdbc = "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase()
        + (url.contains("sslmode=") ? "?sslmode=" + connect.getSslMode().name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', '-') : "");
    return new DatabaseUrl(jdbc, connect.getUser(), connect.getPassword(), connect);
  }

  /** Where it points, without the user and password (the JDBC URL may hold them too). */
  @Override
  public String toString() {
    return "postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
  }
}
