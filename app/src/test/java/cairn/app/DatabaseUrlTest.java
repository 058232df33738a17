package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;

/** CAIRN_DB_URL as libpq URI (DATABASE_URL) or JDBC URL, with credentials in it or beside it. */
class DatabaseUrlTest {

  @Test
  void aLibpqUriCarriesUserPasswordAndParameters() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss@db.example:6543/cairn?sslmode=require", "cairn", "");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.connect().getHost()).isEqualTo("db.example");
    assertThat(url.connect().getPort()).isEqualTo(6543);
    assertThat(url.connect().getDatabase()).isEqualTo("cairn");
    assertThat(url.connect().getSslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/cairn?sslmode=require");
  }

  @Test
  void withoutUserInfoTheSettingsGiveTheCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://db.example/cairn", "cairn", "secret");
    assertThat(url.user()).isEqualTo("cairn");
    assertThat(url.password()).isEqualTo("secret");
    assertThat(url.connect().getPort()).isEqualTo(5432);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/cairn");
  }

  @Test
  void aJdbcUrlMayCarryCredentialsAndSeveralHosts() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h1:5432,h2:5433/cairn?user=u&password=p%40ss&sslmode=verify-full",
        "cairn", "");
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.connect().getHost()).isEqualTo("h1");
    assertThat(url.connect().getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://h1:5432,h2:5433/cairn");
    DatabaseUrl plain = DatabaseUrl.parse("jdbc:postgresql://localhost/cairn", "cairn", "pw");
    assertThat(plain.user()).isEqualTo("cairn");
    assertThat(plain.password()).isEqualTo("pw");
  }

  @Test
  void anythingElseIsRefusedWithTheFormsThatWork() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/cairn", "u", "p")).isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h1:5432,h2:5433/cairn", "u", "p"))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("jdbc:postgresql://host1,host2");
  }
}
