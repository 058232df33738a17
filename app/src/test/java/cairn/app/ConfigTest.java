package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the CAIRN_* variables: the verifier's outbound policy switch, the upstream LRS, token lifetimes, logging, metrics and readiness. */
class ConfigTest {

  @Test
  void accessTokensLiveAnHourUnlessSetToAtMostADay() {
    assertThat(Config.from(Map.of()).tokenTtl()).hasSeconds(3600);
    assertThat(Config.from(Map.of("CAIRN_TOKEN_TTL_SECONDS", "300")).tokenTtl()).hasSeconds(300);
    for (String bad : new String[] {"0", "86401", "-5", "an hour"}) {
      assertThatThrownBy(() -> Config.from(Map.of("CAIRN_TOKEN_TTL_SECONDS", bad)))
          .isInstanceOf(Config.ConfigException.class).hasMessageContaining("CAIRN_TOKEN_TTL_SECONDS");
    }
  }

  @Test
  void theVerifierFetchesFromPrivateAddressesOnlyWhenAsked() {
    assertThat(Config.from(Map.of()).verifyPrivateAddresses()).isFalse();
    assertThat(Config.from(Map.of("CAIRN_VERIFY_ALLOW_PRIVATE_ADDRESSES", "false")).verifyPrivateAddresses()).isFalse();
    assertThat(Config.from(Map.of("CAIRN_VERIFY_ALLOW_PRIVATE_ADDRESSES", "TRUE")).verifyPrivateAddresses()).isTrue();
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_VERIFY_ALLOW_PRIVATE_ADDRESSES", "yes")))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("CAIRN_VERIFY_ALLOW_PRIVATE_ADDRESSES must be true or false");
  }

  @Test
  void anUpstreamLrsNeedsAnHttpUrlAndACredential() {
    assertThat(Config.from(Map.of()).upstream()).isEmpty();
    Config config = Config.from(Map.of("CAIRN_UPSTREAM_URL", "https://lrs.example.org/xapi/", "CAIRN_UPSTREAM_KEY", "k",
        "CAIRN_UPSTREAM_SECRET", "s"));
    assertThat(config.upstream()).hasValueSatisfying(u -> {
      assertThat(u.endpoint().toString()).isEqualTo("https://lrs.example.org/xapi");
      assertThat(u.version()).isEqualTo("1.0.3");
      assertThat(u.pollInterval().toMillis()).isEqualTo(1000);
    });
    assertThat(config.toString()).contains("upstream=https://lrs.example.org/xapi").doesNotContain("=s");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_UPSTREAM_URL", "https://lrs.example.org/xapi")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("needs a key and a secret");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_UPSTREAM_URL", "lrs.example.org", "CAIRN_UPSTREAM_KEY", "k",
        "CAIRN_UPSTREAM_SECRET", "s"))).isInstanceOf(Config.ConfigException.class).hasMessageContaining("http(s) URL");
  }

  @Test
  void loggingSettingsHaveDefaultsAndRefuseWhatLogbackWouldMisread() {
    Config defaults = Config.from(Map.of());
    assertThat(defaults.logFormat()).isEqualTo("text");
    assertThat(defaults.logLevel()).isEqualTo("INFO");
    assertThat(defaults.accessLog()).isTrue();
    Config set = Config.from(Map.of("CAIRN_LOG_FORMAT", "JSON", "CAIRN_LOG_LEVEL", "debug", "CAIRN_ACCESS_LOG", "false"));
    assertThat(set.logFormat()).isEqualTo("json");
    assertThat(set.logLevel()).isEqualTo("DEBUG");
    assertThat(set.accessLog()).isFalse();
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_LOG_FORMAT", "xml")))
        .isInstanceOf(Config.ConfigException.class).hasMessage("CAIRN_LOG_FORMAT must be one of json, text, not 'xml'.");
    // logback would read an unknown level as DEBUG
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_LOG_LEVEL", "verbose")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("CAIRN_LOG_LEVEL must be one of");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_ACCESS_LOG", "on")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("CAIRN_ACCESS_LOG must be true or false");
  }

  @Test
  void metricsAreOnTheHttpPortUnlessTheyHaveOneOfTheirOwn() {
    assertThat(Config.from(Map.of()).metricsPort()).isEmpty();
    assertThat(Config.from(Map.of("CAIRN_METRICS_PORT", "9090")).metricsPort()).hasValue(9090);
    assertThat(Config.from(Map.of("CAIRN_METRICS_PORT", "9090")).toString()).contains("metricsPort=9090");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_METRICS_PORT", "8080")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("other than CAIRN_HTTP_PORT");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_METRICS_PORT", "70000")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("CAIRN_METRICS_PORT must be a port");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_METRICS_PORT", "metrics")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("non-negative integer");
  }

  @Test
  void readinessToleratesTenMinutesOfMapperLagByDefault() {
    assertThat(Config.from(Map.of()).readyMapperLag().toSeconds()).isEqualTo(600);
    assertThat(Config.from(Map.of("CAIRN_READY_MAPPER_LAG_SECONDS", "0")).readyMapperLag().isZero()).isTrue();
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_READY_MAPPER_LAG_SECONDS", "-1")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("CAIRN_READY_MAPPER_LAG_SECONDS");
  }

  @Test
  void anOpenIdConnectProviderNeedsIssuerClientIdAndSecretTogether() {
    assertThat(Config.from(Map.of()).signIn().oidc()).isEmpty();
    var oidc = Config.from(Map.of("CAIRN_OIDC_ISSUER", "https://login.example.com/realms/staff/",
        "CAIRN_OIDC_CLIENT_ID", "cairn", "CAIRN_OIDC_CLIENT_SECRET", "s", "CAIRN_OIDC_ROLES_CLAIM", "groups"))
        .signIn().oidc().orElseThrow();
    assertThat(oidc.issuer()).isEqualTo("https://login.example.com/realms/staff");
    assertThat(oidc.scopes()).containsExactly("openid", "email", "profile");
    assertThat(oidc.rolesClaim()).isEqualTo("groups");
    assertThat(oidc.name()).isEqualTo("your organisation's sign-in");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_OIDC_ISSUER", "https://login.example.com")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("needs all three");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_OIDC_ISSUER", "http://login.example.com",
        "CAIRN_OIDC_CLIENT_ID", "c", "CAIRN_OIDC_CLIENT_SECRET", "s")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("https URL");
    assertThatThrownBy(() -> Config.from(Map.of("CAIRN_OIDC_ISSUER", "https://login.example.com",
        "CAIRN_OIDC_CLIENT_ID", "c", "CAIRN_OIDC_CLIENT_SECRET", "s", "CAIRN_OIDC_SCOPES", "email profile")))
        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("openid");
  }
}
