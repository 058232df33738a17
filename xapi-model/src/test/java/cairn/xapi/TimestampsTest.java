package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  @ParameterizedTest
  @CsvSource({
      "2023-05-04T12:00:00-05:00, 2023-05-04T17:00:00.000Z",
      "2008-09-15T15:53:00.601+00:00, 2008-09-15T15:53:00.601Z",
      "2008-09-15T15:53:00.6012345+01:30, 2008-09-15T14:23:00.6012345Z",
      "2008-09-15T15:53:00.6Z, 2008-09-15T15:53:00.600Z",
      "2008-09-15T15:53:00, 2008-09-15T15:53:00.000Z",
      "20080915T155300.123+0100, 2008-09-15T14:53:00.123Z",
      "2008-01-01T00:30:00+01, 2007-12-31T23:30:00.000Z",
      "2008-09-15t15:53:00z, 2008-09-15T15:53:00.000Z"})
  void convertsToUtcKeepingPrecision(String input, String utc) {
    Timestamps.Parsed parsed = Timestamps.parse(input);
    assertThat(parsed).isNotNull();
    assertThat(Timestamps.toUtc(parsed)).isEqualTo(utc);
    assertThat(Timestamps.parse(utc).instant()).isEqualTo(parsed.instant());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000",
      "2008-09-15T15:53:00.601-00:00", "01/011/2015", "should fail", "2008-09-15",
      "2008-09-15T15:53", "2008-09-15 15:53:00Z", "2008-09-15T25:00:00Z",
      "2008-09-31T10:00:00Z", "2008-09-15T15:53:00+24:00", "2008-09-15T15:53:60Z"})
  void rejects(String input) {
    assertThat(Timestamps.parse(input)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"2008-09-15T15:53:00.601+00:00, 2008-09-15T15:53:00.601Z"})
  void readsTheInstant(String input, String instant) {
    assertThat(Timestamps.parse(input).instant()).isEqualTo(Instant.parse(instant));
  }
}
