package cairn.progression.frameworks;

import cairn.progression.Canonical;
import cairn.progression.audit.Audit;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The framework versions' SQL. Versions are insert-only: importing changed content adds version
 * n + 1 and leaves every earlier version as it was; importing identical content adds nothing.
 */
public final class FrameworkStore {
  private static final String LOCK = "select pg_advisory_xact_lock(hashtext('progression.framework'), hashtext($1))";
  private static final String LATEST_HASH = """
      select version, content_hash from progression.frameworks where framework_id = $1
      order by version desc limit 1""";
  private static final String INSERT = """
      insert into progression.frameworks (framework_id, version, uri, title, content_hash, package, imported_by)
      values ($1, $2, $3, $4, $5, $6::text::jsonb, $7)""";
  private static final String INSERT_ITEMS = """
      insert into progression.framework_items
        (framework_id, version, identifier, uri, full_statement, human_coding_scheme, item_type)
      select $1, $2, t.identifier, t.uri, t.statement, t.code, t.type
      from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(identifier, uri, statement, code, type)""";
  private static final String PACKAGE = """
      select version, package::text as package from progression.frameworks
      where framework_id = $1 and ($2::int is null or version = $2) order by version desc limit 1""";
  private static final String LIST = """
      select distinct on (framework_id) framework_id, version, uri, title, imported
      from progression.frameworks order by framework_id, version desc""";
  private static final String VERSIONS = """
      select version, uri, title, content_hash, imported, imported_by from progression.frameworks
      where framework_id = $1 order by version""";

  private final Pool pool;

  public FrameworkStore(Pool pool) {
    this.pool = pool;
  }

  /** What an import did: the version that now holds the content, and whether it is new. */
  public record Imported(Framework framework, boolean created) {}

  /** Validates (400 naming the bad item) and stores a package as a new version if it changed. */
  public Future<Imported> importPackage(JsonNode pkg, String actor) {
    Framework checked = CasePackage.parse(pkg, 0); // validated once; the version is set below
    String hash = Canonical.hex(Canonical.sha256(Canonical.json(pkg)));
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(checked.id()))
        .compose(v -> conn.preparedQuery(LATEST_HASH).execute(Tuple.of(checked.id())))
        .compose(rows -> {
          Row latest = rows.size() == 0 ? null : rows.iterator().next();
          if (latest != null && latest.getString("content_hash").equals(hash)) {
            return Future.succeededFuture(new Imported(checked.withVersion(latest.getInteger("version")), false));
          }
          int version = latest == null ? 1 : latest.getInteger("version") + 1;
          Framework framework = checked.withVersion(version);
          List<String> ids = new ArrayList<>();
          List<String> uris = new ArrayList<>();
          List<String> statements = new ArrayList<>();
          List<String> codes = new ArrayList<>();
          List<String> types = new ArrayList<>();
          framework.items().values().forEach(i -> {
            ids.add(i.identifier());
            uris.add(i.uri());
            statements.add(i.fullStatement());
            codes.add(i.humanCodingScheme());
            types.add(i.type());
          });
          ObjectNode detail = Json.MAPPER.createObjectNode().put("title", framework.title())
              .put("items", framework.items().size()).put("contentHash", hash);
          return conn.preparedQuery(INSERT).execute(Tuple.of(framework.id(), version, framework.uri(),
                  framework.title(), hash, pkg.toString(), actor))
              .compose(r -> conn.preparedQuery(INSERT_ITEMS).execute(Tuple.of(framework.id(), version,
                  ids.toArray(String[]::new), uris.toArray(String[]::new), statements.toArray(String[]::new),
                  codes.toArray(String[]::new), types.toArray(String[]::new))))
              .compose(r -> Audit.record(conn, actor, "framework.import", "framework:" + framework.id(), version, detail))
              .map(r -> new Imported(framework, true));
        }));
  }

  /** A version of a framework (the latest when version is null), or null when there is none. */
  public static Future<Framework> load(SqlClient client, String id, Integer version) {
    return packageJson(client, id, version).map(p -> p == null ? null : CasePackage.parse(p.pkg(), p.version()));
  }

  record Stored(int version, JsonNode pkg) {}

  static Future<Stored> packageJson(SqlClient client, String id, Integer version) {
    return client.preparedQuery(PACKAGE).execute(Tuple.of(id, version)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Stored(row.getInteger("version"), Json.tree(row.getString("package")));
    });
  }

  /** The id and title of every framework (its latest version), by title. */
  public static Future<Map<String, String>> titles(SqlClient client) {
    return client.query(LIST).execute().map(rows -> {
      List<Row> sorted = new ArrayList<>();
      rows.forEach(sorted::add);
      sorted.sort(java.util.Comparator.comparing((Row r) -> String.valueOf(r.getString("title")))
          .thenComparing(r -> r.getString("framework_id")));
      Map<String, String> titles = new LinkedHashMap<>();
      sorted.forEach(r -> titles.put(r.getString("framework_id"), r.getString("title") == null
          ? r.getString("framework_id") : r.getString("title")));
      return titles;
    });
  }

  public Future<RowSet<Row>> list() {
    return pool.query(LIST).execute();
  }

  public Future<RowSet<Row>> versions(String id) {
    return pool.preparedQuery(VERSIONS).execute(Tuple.of(id));
  }
}
