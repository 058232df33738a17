package cairn.app.admin;

import cairn.app.CairnServer;
import cairn.app.Main;
import cairn.lrs.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code cairn admin …} as the command line does, with an environment of the test's choosing. */
record AdminRun(int code, String out, String err) {

  static AdminRun admin(Map<String, String> environment, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "admin";
    System.arraycopy(args, 0, all, 1, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main(environment)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(all);
    return new AdminRun(code, out.toString(), err.toString());
  }

  /** The environment of a Cairn on the shared test PostgreSQL (as {@link CairnServer} runs it). */
  static Map<String, String> shared() {
    TestPostgres pg = TestPostgres.get();
    return on(pg.jdbcUrl());
  }

  /** The environment of a Cairn on a database of the shared test server, by JDBC URL. */
  static Map<String, String> on(String jdbcUrl) {
    TestPostgres pg = TestPostgres.get();
    Map<String, String> env = new HashMap<>();
    env.put("CAIRN_DB_URL", jdbcUrl);
    env.put("CAIRN_DB_USER", pg.user());
    env.put("CAIRN_DB_PASSWORD", pg.password());
    env.put("CAIRN_HTTP_PORT", "0");
    env.put("CAIRN_DATA_DIR", Path.of("target", "admin-test").toAbsolutePath().toString());
    env.put("CAIRN_KEY_SECRET", CairnServer.KEY_SECRET);
    return env;
  }

  /** A line of standard output that starts with the prefix, without it. */
  String outLine(String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in: " + out + err));
  }

  @Override
  public String toString() {
    return "exit " + code + "\nout:\n" + out + "\nerr:\n" + err;
  }
}
