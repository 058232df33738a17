package cairn.app.rights;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A ZIP archive written to an HTTP response as it is made (java.util.zip; nothing to add for a
 * format the JDK writes). Each piece is compressed on a worker thread (one at a time, in order), and
 * the bytes it produced are then written to the response on the event loop; the next piece starts
 * once the response took them, so a slow client holds back the archive rather than memory filling
 * up. Only one piece's compressed bytes are in memory at a time.
 */
final class ZipStream {
  private final Vertx vertx;
  private final HttpServerResponse response;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final ZipOutputStream zip = new ZipOutputStream(pending, StandardCharsets.UTF_8);

  ZipStream(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.response = response;
  }

  /** What a piece writes into the archive, on a worker thread. */
  interface Piece {
    void write(ZipOutputStream zip) throws IOException;
  }

  /** A whole file. */
  Future<Void> file(String name, byte[] content) {
    return piece(z -> {
      z.putNextEntry(new ZipEntry(name));
      z.write(content);
      z.closeEntry();
    });
  }

  Future<Void> file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts a file whose content follows in further pieces ({@link #append}); the next {@link #file} ends it. */
  Future<Void> open(String name) {
    return piece(z -> z.putNextEntry(new ZipEntry(name)));
  }

  Future<Void> append(String content) {
    return piece(z -> z.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  Future<Void> piece(Piece piece) {
    return vertx.executeBlocking(() -> {
      piece.write(zip);
      zip.flush();
      return drain();
    }, true).compose(this::send);
  }

  /** Ends the archive (its central directory) and the response. */
  Future<Void> finish() {
    return vertx.executeBlocking(() -> {
      zip.finish();
      return drain();
    }, true).compose(this::send).compose(v -> response.end());
  }

  private byte[] drain() {
    byte[] bytes = pending.toByteArray();
    pending.reset();
    return bytes;
  }

  private Future<Void> send(byte[] bytes) {
    return bytes.length == 0 ? Future.succeededFuture() : response.write(Buffer.buffer(bytes));
  }
}
