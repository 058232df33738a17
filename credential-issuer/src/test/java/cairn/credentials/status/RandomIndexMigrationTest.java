package cairn.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.CredentialsSchema;
import cairn.credentials.IssuerServer;
import cairn.lrs.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database whose lists handed out indexes in order (V1) to random indexes (V2): new slots
 * start in a fresh list, so no permuted index can meet one already given. Runs in a scratch schema.
 */
class RandomIndexMigrationTest {

  @Test
  void afterTheUpgradeSlotsStartInAFreshList() throws Exception {
    IssuerServer.migrate();
    TestPostgres db = TestPostgres.get();
    String schema = "credentials_upgrade_" + Long.toHexString(System.nanoTime());
    Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas(schema)
        .locations(CredentialsSchema.LOCATION).target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      // two lists in use, the sequence 41 slots into the second one
      st.execute("insert into " + schema + ".status_lists (id, size) values (0, 131072), (1, 131072)");
      st.execute("select setval('" + schema + ".status_slots', 131072 + 41)");

      Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas(schema)
          .locations(CredentialsSchema.LOCATION).load().migrate();

      try (ResultSet next = st.executeQuery("select nextval('" + schema + ".status_slots') - 1 as slot")) {
        next.next();
        // slot numbers count from 0: list 2, position 0
        assertThat(next.getLong("slot")).isEqualTo(2L * 131072);
      }
      st.execute("drop schema " + schema + " cascade");
    }
  }
}
