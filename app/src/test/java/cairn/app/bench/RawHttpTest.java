package cairn.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHttpTest {
  private static InputStream in(String bytes) {
    return new BufferedInputStream(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void readsAnAnswerWithContentLengthAndKeepsTheConnection() throws IOException {
    RawHttp.Answer a = RawHttp.read(in("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nhello"), "GET");
    assertThat(a).isEqualTo(new RawHttp.Answer(400, "hello", true));
  }

  @Test
  void skipsInterimAnswersAndReadsChunkedBodies() throws IOException {
    RawHttp.Answer a = RawHttp.read(in("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), "POST");
    assertThat(a).isEqualTo(new RawHttp.Answer(500, "abcde", false));
  }

  @Test
  void aForeignProtocolTokenIsKeptInTheAnswer() throws IOException {
    RawHttp.Answer a = RawHttp.read(in("FOO/1.1 501 Not Implemented\r\nContent-Length: 0\r\n\r\n"), "GET");
    assertThat(a.status()).isEqualTo(501);
    assertThat(a.body()).contains("FOO/1.1 501");
  }

  @Test
  void anHttp2FrameIsNotReadAsAStatusLine() {
    assertThatThrownBy(() -> RawHttp.read(in("\u0000\u0000\u000c\u0004\u0000\u0000\u0000\u0000\u0000"), "GET"))
        .hasMessageStartingWith("answered in another protocol, first bytes 00 00 0c 04");
  }

  @Test
  void aCloseBeforeAnyByteIsNoAnswer() {
    assertThatThrownBy(() -> RawHttp.read(in(""), "GET")).hasMessage("closed before any answer");
  }
}
