package cairn.app.bench;

import cairn.app.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The floor of a batch: the statements as Cairn stores them (same body text), one row each in one
 * table with five btree indexes, by one multi-row {@code INSERT} over {@code unnest}ed arrays in one
 * round trip and one transaction. Not thread-safe: one writer per connection.
 */
final class FloorWriter implements AutoCloseable {
  private static final DateTimeFormatter STORED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String INSERT = """
      insert into %s.statements (id, stored, verb_id, agent, activity, registration, body)
      select t.id, ?::timestamptz, t.verb, t.agent, t.activity, t.registration, t.body::jsonb
      from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[]) as t(id, verb, agent, activity, registration, body)
      """.formatted(FloorBench.FLOOR_SCHEMA);

  private final Connection connection;
  private final PreparedStatement insert;

  FloorWriter(Database db) {
    try {
      connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
      connection.setAutoCommit(true);
      insert = connection.prepareStatement(INSERT);
    } catch (SQLException e) {
      throw new BenchException("Cannot connect to " + db.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** Writes one batch: the actor's and the object's key of each statement, and its body. */
  void write(List<StoredRow> rows) {
    int n = rows.size();
    String stored = STORED.format(Instant.now());
    String[] ids = new String[n];
    String[] verbs = new String[n];
    String[] agents = new String[n];
    String[] activities = new String[n];
    String[] registrations = new String[n];
    String[] bodies = new String[n];
    for (int i = 0; i < n; i++) {
      StoredRow row = rows.get(i);
      ids[i] = row.id().toString();
      verbs[i] = row.verb();
      agents[i] = row.keys().agents().keySet().stream().findFirst().orElse(null);
      activities[i] = row.keys().directActivities().stream().findFirst().orElse(null);
      registrations[i] = row.registration() == null ? null : row.registration().toString();
      bodies[i] = row.body(stored);
    }
    try {
      insert.setString(1, stored);
      insert.setArray(2, connection.createArrayOf("text", ids));
      insert.setArray(3, connection.createArrayOf("text", verbs));
      insert.setArray(4, connection.createArrayOf("text", agents));
      insert.setArray(5, connection.createArrayOf("text", activities));
      insert.setArray(6, connection.createArrayOf("text", registrations));
      insert.setArray(7, connection.createArrayOf("text", bodies));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new BenchException("Floor insert failed: " + e.getMessage(), e);
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
