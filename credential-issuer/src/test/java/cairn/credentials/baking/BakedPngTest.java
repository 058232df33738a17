package cairn.credentials.baking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.credentials.IssuerServer;
import cairn.credentials.pages.BadgeImage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Baked PNGs (Open Badges 3.0 §5.3.1): the drawn badge with the credential in one uncompressed {@code iTXt}
 * chunk {@code openbadgecredential} before {@code IEND}, written through ImageIO's PNG metadata. The chunk
 * layout is checked byte by byte (CRCs included), then the real server's {@code POST /verify} reads the
 * image: valid for the issued credential in either form, invalid for a tampered one, a 400 for a PNG
 * without the chunk.
 */
class BakedPngTest {
  static IssuerServer server;

  @BeforeAll
  static void start() {
    server = new IssuerServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A PNG chunk: its type and data, as laid out (PNG §5.3). */
  record Chunk(String type, byte[] data) {}

  static List<Chunk> chunks(byte[] png) {
    List<Chunk> chunks = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    while (in.remaining() >= 12) {
      int length = in.getInt();
      byte[] type = new byte[4];
      in.get(type);
      byte[] data = new byte[length];
      in.get(data);
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(data);
      assertThat(in.getInt()).as("CRC of " + new String(type, StandardCharsets.US_ASCII)).isEqualTo((int) crc.getValue());
      chunks.add(new Chunk(new String(type, StandardCharsets.US_ASCII), data));
    }
    assertThat(in.remaining()).isZero();
    return chunks;
  }

  private static HttpResponse<Buffer> verify(byte[] png) {
    return server.lrs.client.post("/verify").putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(png)).await();
  }

  @Test
  void theChunkIsOneUncompressedITxtBeforeIendAndTheImageStillReads() throws IOException {
    String jwt = server.issue(IssuerServer.manual(IssuerServer.unique("png"), "png@x.example",
        "https://cairn.example/achievements/png")).getString("jwt");
    BufferedImage badge = BadgeImage.png("Incident commander", "Cairn", "https://cairn.example/ladders/platform");
    byte[] png = Baking.bakePng(badge, jwt);

    List<Chunk> chunks = chunks(png);
    assertThat(chunks.get(0).type()).isEqualTo("IHDR");
    assertThat(chunks.get(chunks.size() - 1).type()).isEqualTo("IEND");
    List<Chunk> texts = chunks.stream().filter(c -> c.type().equals("iTXt")).toList();
    assertThat(texts).hasSize(1);
    String prefix = Baking.PNG_KEYWORD + "\0" + "\0" + "\0" + "\0" + "\0";
    byte[] expected = (prefix + jwt).getBytes(StandardCharsets.UTF_8);
    assertThat(texts.get(0).data()).as("keyword, compression flag 0, method 0, no language, no translated keyword, "
        + "the JWS").isEqualTo(expected);
    assertThat(Baking.unbake(png)).contains(jwt);
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(read.getWidth()).isEqualTo(400);
    assertThat(read.getRGB(200, 200)).as("the badge is drawn, not blank").isNotEqualTo(0);
    assertThatThrownBy(() -> Baking.bakePng(badge, "<script>")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theVerifyApiAcceptsABakedPngInEitherFormAndRefusesATamperedOrAPlainOne() throws IOException {
    JsonObject issued = server.issue(IssuerServer.manual(IssuerServer.unique("png-verify"), "pngv@x.example",
        "https://cairn.example/achievements/png-verify"));
    BufferedImage badge = BadgeImage.png("Incident commander", "Cairn", null);

    HttpResponse<Buffer> jwt = verify(Baking.bakePng(badge, issued.getString("jwt")));
    assertThat(jwt.statusCode()).as(jwt.bodyAsString()).isEqualTo(200);
    assertThat(jwt.bodyAsJsonObject().getBoolean("valid")).as(jwt.bodyAsString()).isTrue();

    String json = issued.getJsonObject("dataIntegrity").encode();
    HttpResponse<Buffer> dataIntegrity = verify(Baking.bakePng(badge, json));
    assertThat(dataIntegrity.bodyAsJsonObject().getBoolean("valid")).as(dataIntegrity.bodyAsString()).isTrue();
    assertThat(dataIntegrity.bodyAsString()).contains("eddsa-rdfc-2022");

    // the payload changed, the signature kept
    String[] parts = issued.getString("jwt").split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("Incident commander", "Incident director");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    HttpResponse<Buffer> tampered = verify(Baking.bakePng(badge, forged));
    assertThat(tampered.statusCode()).isEqualTo(200);
    assertThat(tampered.bodyAsJsonObject().getBoolean("valid")).isFalse();
    assertThat(tampered.bodyAsString()).contains("The signature does not match");

    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    ImageIO.write(badge, "png", plain);
    HttpResponse<Buffer> none = verify(plain.toByteArray());
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.bodyAsString()).contains("iTXt chunk 'openbadgecredential'");
  }
}
