package cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths the router could not normalise, refused before it sees them ({@link Edge#readablePath}). */
class EdgeTest {

  @ParameterizedTest
  @ValueSource(strings = {"/xapi/statements", "/xapi/activities/state", "/a%20b", "/%C3%A9", "/keys/rs256-x_Y"})
  void validPathsPass(String path) {
    assertThat(Edge.readablePath(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/xapi/%", "/xapi/%2", "/xapi/%zz", "/a%g0", "/people/%00", "/people/%00/progress"})
  void brokenEscapesAndNulAreRefused(String path) {
    assertThat(Edge.readablePath(path)).isFalse();
  }
}
