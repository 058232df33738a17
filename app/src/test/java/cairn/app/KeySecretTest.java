package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Cairn started with another CAIRN_KEY_SECRET than its keys were stored with refuses to start and
 * says which setting to fix, instead of starting and failing every issuance and status list after.
 */
class KeySecretTest {

  @Test
  void aSecretThatCannotOpenTheStoredKeysStopsTheStart() {
    try (CairnServer right = new CairnServer()) {
      assertThat(right.client.get("/.well-known/jwks.json").send().await().statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(() -> new CairnServer(Map.of("CAIRN_KEY_SECRET", "another-secret-of-this-installation")))
        .hasMessageContaining("cannot be decrypted with this CAIRN_KEY_SECRET");
  }
}
