package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XapiVersionTest {
  @ParameterizedTest
  @CsvSource({"1.0, V1_0_3", "1.0.0, V1_0_3", "1.0.3, V1_0_3", "1.0.12, V1_0_3", "' 1.0.3 ', V1_0_3",
      "2.0, V2_0_0", "2.0.0, V2_0_0", "2.0.7, V2_0_0"})
  void acceptsTheVersionsOfEachLine(String header, XapiVersion version) {
    assertThat(XapiVersion.parse(header)).contains(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.1", "1.1.0", "1.0.", "1.0.x", "1.0.3a", "2", "2.1", "2.1.0", "2.0.0.1", "0.95", "3.0.0"})
  void refusesOtherVersions(String header) {
    assertThat(XapiVersion.parse(header)).isEmpty();
  }
}
