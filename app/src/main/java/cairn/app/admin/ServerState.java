package cairn.app.admin;

import cairn.app.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What backup and restore check before they run PostgreSQL's tools: the server's version, which
 * of Cairn's schemas the database holds, and whether it has the LRS audit table.
 */
record ServerState(String version, int major, List<String> schemas, boolean audit) {

  static ServerState of(Admin admin) {
    try (Connection c = admin.jdbc(); Statement st = c.createStatement()) {
      String version;
      int number;
      try (ResultSet rs = st.executeQuery("select current_setting('server_version'), "
          + "current_setting('server_version_num')::int")) {
        rs.next();
        version = rs.getString(1).split(" ")[0];
        number = rs.getInt(2);
      }
      List<String> schemas = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select nspname from pg_namespace where nspname = any(?) order by array_position(?, nspname::text)")) {
        var names = c.createArrayOf("text", Database.schemaNames().toArray());
        ps.setArray(1, names);
        ps.setArray(2, names);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            schemas.add(rs.getString(1));
          }
        }
      }
      boolean audit;
      try (ResultSet rs = st.executeQuery("select to_regclass('lrs.audit') is not null")) {
        rs.next();
        audit = rs.getBoolean(1);
      }
      return new ServerState(version, number / 10000, List.copyOf(schemas), audit);
    } catch (SQLException e) {
      throw AdminException.failed("Cannot read the database's state: " + e.getMessage());
    }
  }

  /** Records a backup or restore in {@code lrs.audit} (see {@link #audit()} for whether it exists). */
  static void audit(Admin admin, String action, String subject, JsonNode detail) {
    try (Connection c = admin.jdbc(); PreparedStatement ps = c.prepareStatement(
        "insert into lrs.audit (actor, action, subject, detail) values (?, ?, ?, ?::jsonb)")) {
      ps.setString(1, admin.actor);
      ps.setString(2, action);
      ps.setString(3, subject);
      ps.setString(4, detail.toString());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw AdminException.failed("The " + action + " is done, but its audit entry could not be written: "
          + e.getMessage());
    }
  }
}
