package cairn.credentials.console;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.CredentialsSchema;
import cairn.credentials.IssuerServer;
import cairn.lrs.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading credentials issued before the console (V5) to V6: the recipient's and the achievement's
 * names, which the console searches, are read back from each credential's Data Integrity form, else
 * from its VC-JWT's payload (base64url without padding, of every length modulo 4). Runs in a scratch
 * schema.
 */
class ConsoleSearchMigrationTest {

  @Test
  void namesOfEarlierCredentialsAreReadFromTheirSignedForms() throws Exception {
    IssuerServer.migrate();
    TestPostgres db = TestPostgres.get();
    String schema = "credentials_console_" + Long.toHexString(System.nanoTime());
    Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas(schema)
        .locations(CredentialsSchema.LOCATION).target("5").load().migrate();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute("insert into " + schema + ".keys (id, alg, public_jwk, private_jwe, source) values "
          + "('k1', 'RS256', '{}', 'x', 'generated')");
      st.execute("insert into " + schema + ".issuers (id, name) values ('default', 'Cairn')");
      st.execute("insert into " + schema + ".status_lists (id, size) values (0, 131072)");
      UUID dataIntegrity = insert(c, schema, 1, jwt("Ignored", "Ignored"), """
          {"name": "Data Integrity Badge", "credentialSubject": {"achievement": {"name": "Data Integrity Badge"},
           "identifier": [{"identityType": "emailAddress", "hashed": true, "identityHash": "sha256$00"},
                          {"identityType": "name", "hashed": false, "identityHash": "Grace Hopper"}]}}""");
      UUID[] jwtOnly = new UUID[4];
      for (int pad = 0; pad < 4; pad++) {
        // names of four lengths: the payload's base64url lacks 0, 1 or 2 padding characters
        jwtOnly[pad] = insert(c, schema, 2 + pad, jwt("Badge" + "é".repeat(pad), "Ada Lovelace" + "x".repeat(pad)), null);
      }
      UUID nameless = insert(c, schema, 9, jwt("No Name Badge", null), null);

      Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas(schema)
          .locations(CredentialsSchema.LOCATION).load().migrate();

      assertThat(names(c, schema, dataIntegrity)).isEqualTo("Grace Hopper|Data Integrity Badge");
      for (int pad = 0; pad < 4; pad++) {
        assertThat(names(c, schema, jwtOnly[pad])).isEqualTo("Ada Lovelace" + "x".repeat(pad) + "|Badge" + "é".repeat(pad));
      }
      assertThat(names(c, schema, nameless)).isEqualTo("null|No Name Badge");
      st.execute("drop schema " + schema + " cascade");
    }
  }

  private static UUID insert(Connection c, String schema, int index, String jwt, String dataIntegrity) throws Exception {
    UUID id = UUID.randomUUID();
    try (PreparedStatement ps = c.prepareStatement("insert into " + schema + ".credentials (id, person_id, achievement_id,"
        + " ladder_version, issuer_id, kid, status_list, status_index, jwt, valid_from, data_integrity)"
        + " values (?, ?, ?, 1, 'default', 'k1', 0, ?, ?, now(), ?::jsonb)")) {
      ps.setObject(1, id);
      ps.setString(2, "person-" + index);
      ps.setString(3, "https://example.com/achievements/" + index);
      ps.setInt(4, index);
      ps.setString(5, jwt);
      ps.setString(6, dataIntegrity);
      ps.executeUpdate();
    }
    return id;
  }

  /** A VC-JWT-shaped string whose payload names the achievement and, unless null, the recipient. */
  private static String jwt(String achievement, String recipient) {
    String identifier = recipient == null ? "[]"
        : "[{\"identityType\": \"name\", \"hashed\": false, \"identityHash\": \"" + recipient + "\"}]";
    String payload = "{\"name\": \"" + achievement + "\", \"credentialSubject\": {\"achievement\": {\"name\": \""
        + achievement + "\"}, \"identifier\": " + identifier + "}}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  private static String names(Connection c, String schema, UUID id) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("select recipient_name, achievement_name from " + schema
        + ".credentials where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1) + "|" + rs.getString(2);
      }
    }
  }
}
