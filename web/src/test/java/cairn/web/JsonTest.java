package cairn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Json#parse} accepts, and the 400 it answers for what it refuses. */
class JsonTest {

  private static ApiException refusal(String json) {
    try {
      Json.parse(json);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json.substring(0, Math.min(80, json.length())));
  }

  @Test
  void keepsDecimalsExactAndRefusesDuplicateKeys() {
    JsonNode node = Json.parse("{\"raw\": 0.1000000000000000055511151231257827, \"big\": 12345678901234567890}");
    assertThat(node.get("raw").decimalValue()).isEqualByComparingTo("0.1000000000000000055511151231257827");
    assertThat(node.get("big").bigIntegerValue()).hasToString("12345678901234567890");
    assertThat(refusal("{\"a\":1,\"a\":2}").getMessage()).contains("Duplicate field");
  }

  @Test
  void nestingIsBoundedAtTheLimit() {
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(ok).isArray()).isTrue();
    String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    ApiException e = refusal(deep);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("limits");
    assertThat(refusal("[".repeat(1_000_000)).getMessage()).contains("limits");
  }

  @Test
  void longNumbersAndNamesAreRefused() {
    assertThat(refusal("[" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1) + "]").getMessage()).contains("limits");
    assertThat(refusal("{\"" + "k".repeat(Json.MAX_NAME_LENGTH + 1) + "\":1}").getMessage()).contains("limits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e901", "-1e901", "1e-901", "1e400000", "1E+2147483648", "0.1e-900"})
  void numbersBeyondTheStoresRangeAreRefused(String number) {
    assertThat(refusal("[" + number + "]").getMessage()).contains("out of range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e900", "-1e-899", "0", "0.000", "0e99999", "123.456e-20"})
  void numbersWithinRangeAreKept(String number) {
    assertThat(Json.parse("[" + number + "]").get(0).isNumber()).isTrue();
  }

  @Test
  void nulInAStringOrANameIsRefused() {
    assertThat(refusal("{\"a\":\"x\\u0000y\"}").getMessage()).contains("NUL");
    assertThat(refusal("{\"a\\u0000\":1}").getMessage()).contains("NUL");
    assertThat(refusal("[[{\"deep\":[\"\\u0000\"]}]]").getMessage()).contains("NUL");
  }

  @Test
  void emptyMalformedAndTrailingBodiesAreRefused() {
    assertThat(refusal("").getMessage()).contains("empty");
    assertThat(refusal("{\"a\":").getMessage()).startsWith("Malformed JSON");
    assertThat(refusal("{} {}").getMessage()).startsWith("Malformed JSON");
    assertThatThrownBy(() -> Json.parse((Buffer) null)).isInstanceOf(ApiException.class);
  }

  @Test
  void storedJsonIsReadWithoutTheRequestLimits() {
    String deep = "[".repeat(200) + "]".repeat(200);
    assertThat(Json.tree(deep).isArray()).isTrue();
  }
}
