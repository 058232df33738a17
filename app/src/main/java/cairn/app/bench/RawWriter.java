package cairn.app.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes statement rows straight into a copy of the LRS tables over JDBC, as fast as plain
 * PostgreSQL allows: a whole batch (statements, their agent and activity rows) in one round trip,
 * one statement with data-modifying CTEs over {@code unnest}ed arrays, in its own transaction. The
 * baseline for Cairn's ingest, and the filler that grows the {@code lrs} store quickly.
 *
 * <p>Not thread-safe: one writer per connection.
 */
final class RawWriter implements AutoCloseable {
  private static final DateTimeFormatter STORED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Connection connection;
  private final PreparedStatement insert;
  private final String authorityKey;

  RawWriter(String jdbcUrl, String user, String password, String schema, String authorityKey) {
    if (!schema.matches("[a-z_]+")) {
      throw new IllegalArgumentException("schema " + schema);
    }
    this.authorityKey = authorityKey;
    try {
      connection = DriverManager.getConnection(jdbcUrl, user, password);
      connection.setAutoCommit(true);
      insert = connection.prepareStatement(sql(schema));
    } catch (SQLException e) {
      throw new BenchException("Cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static String sql(String schema) {
    return """
        with t as (select * from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[]) as t(id, verb, registration, body)),
        s as (
          insert into %1$s.statements (id, stored, verb_id, registration, authority_key, body)
          select t.id, ?::timestamptz, t.verb, t.registration, ?, t.body::jsonb from t
          returning id, seq),
        a as (
          insert into %1$s.statement_agents (seq, agent, direct, stored)
          select s.seq, x.agent, x.direct, ?::timestamptz
          from unnest(?::uuid[], ?::text[], ?::boolean[]) as x(id, agent, direct) join s on s.id = x.id)
        insert into %1$s.statement_activities (seq, activity, direct, stored)
        select s.seq, y.activity, y.direct, ?::timestamptz
        from unnest(?::uuid[], ?::text[], ?::boolean[]) as y(id, activity, direct) join s on s.id = y.id
        """.formatted(schema);
  }

  /** Writes one batch in one transaction, stamped with the current time as {@code stored}. */
  void write(List<StoredRow> rows) {
    int n = rows.size();
    String stored = STORED.format(Instant.now());
    String[] ids = new String[n];
    String[] verbs = new String[n];
    String[] registrations = new String[n];
    String[] bodies = new String[n];
    List<String> agentIds = new ArrayList<>();
    List<String> agents = new ArrayList<>();
    List<Boolean> agentDirect = new ArrayList<>();
    List<String> activityIds = new ArrayList<>();
    List<String> activities = new ArrayList<>();
    List<Boolean> activityDirect = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StoredRow row = rows.get(i);
      String id = row.id().toString();
      ids[i] = id;
      verbs[i] = row.verb();
      registrations[i] = row.registration() == null ? null : row.registration().toString();
      bodies[i] = row.body(stored);
      for (Map.Entry<String, Boolean> e : row.keys().agents().entrySet()) {
        agentIds.add(id);
        agents.add(e.getKey());
        agentDirect.add(e.getValue());
      }
      for (Map.Entry<String, Boolean> e : row.keys().activities().entrySet()) {
        activityIds.add(id);
        activities.add(e.getKey());
        activityDirect.add(e.getValue());
      }
    }
    try {
      int p = 1;
      insert.setArray(p++, connection.createArrayOf("text", ids));
      insert.setArray(p++, connection.createArrayOf("text", verbs));
      insert.setArray(p++, connection.createArrayOf("text", registrations));
      insert.setArray(p++, connection.createArrayOf("text", bodies));
      insert.setString(p++, stored);
      insert.setString(p++, authorityKey);
      insert.setString(p++, stored);
      insert.setArray(p++, connection.createArrayOf("text", agentIds.toArray()));
      insert.setArray(p++, connection.createArrayOf("text", agents.toArray()));
      insert.setArray(p++, connection.createArrayOf("bool", agentDirect.toArray()));
      insert.setString(p++, stored);
      insert.setArray(p++, connection.createArrayOf("text", activityIds.toArray()));
      insert.setArray(p++, connection.createArrayOf("text", activities.toArray()));
      insert.setArray(p, connection.createArrayOf("bool", activityDirect.toArray()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new BenchException("Raw insert failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the run is over either way
    }
  }
}
