package cairn.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void percentilesAreNearestRankInMilliseconds() {
    Latencies latencies = new Latencies();
    for (int i = 100; i >= 1; i--) {
      latencies.add(i * 1_000_000L);
    }
    assertThat(latencies.medianMillis()).isEqualTo(50.0);
    assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
    assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Latencies.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Latencies.median(3, 1, 2)).isEqualTo(2);
  }
}
