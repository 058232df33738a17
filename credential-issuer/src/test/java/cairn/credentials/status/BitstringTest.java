package cairn.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bitstring Status List v1.0 §4.2/§4.3: index 0 is the leftmost bit; encodedList is u + base64url(GZIP). */
class BitstringTest {
  @Test
  void indexZeroIsTheLeftmostBit() {
    byte[] bits = new byte[131072 / 8];
    Bitstring.set(bits, 0);
    Bitstring.set(bits, 9);
    assertThat(bits[0]).isEqualTo((byte) 0x80);
    assertThat(bits[1]).isEqualTo((byte) 0x40);
    assertThat(Bitstring.get(bits, 0)).isTrue();
    assertThat(Bitstring.get(bits, 1)).isFalse();
    assertThat(Bitstring.get(bits, 9)).isTrue();
  }

  @Test
  void encodesAsMultibaseBase64UrlGzipAndBack() {
    byte[] bits = new byte[131072 / 8];
    Bitstring.set(bits, 131071);
    String encoded = Bitstring.encode(bits);
    assertThat(encoded).startsWith("uH4sI").doesNotContain("=", "+", "/");
    byte[] back = Bitstring.decode(encoded);
    assertThat(back).hasSize(16384);
    assertThat(Bitstring.get(back, 131071)).isTrue();
    assertThat(Bitstring.get(back, 131070)).isFalse();
  }

  @Test
  void refusesWhatIsNotAnEncodedList() {
    assertThatThrownBy(() -> Bitstring.decode("H4sI")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bitstring.decode("u!!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bitstring.decode("uAAAA")).isInstanceOf(IllegalArgumentException.class);
  }
}
