package cairn.credentials.baking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Baking a VC-JWT into an SVG and reading baked SVGs and PNGs back (Open Badges 3.0 §5.3). */
class BakingTest {
  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl";
  private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\"><circle r=\"9\"/></svg>";

  @Test
  void aBakedSvgCarriesTheJwtDirectlyAfterTheSvgTagAndGivesItBack() {
    String baked = Baking.bakeSvg(SVG, JWT);
    assertThat(baked).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\" xmlns:openbadges=\""
        + Baking.NAMESPACE + "\"><openbadges:credential verify=\"" + JWT + "\"></openbadges:credential><circle");
    assertThat(Baking.unbake(baked.getBytes(StandardCharsets.UTF_8))).contains(JWT);
    assertThat(Baking.unbake(SVG.getBytes(StandardCharsets.UTF_8))).as("a plain image").isEmpty();
    assertThat(Baking.unbake(JWT.getBytes(StandardCharsets.UTF_8))).as("not an image").isEmpty();
    assertThatThrownBy(() -> Baking.bakeSvg(SVG, "\"><script>")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anSvgWithAnEmbeddedProofCredentialGivesItsJson() {
    String svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"" + Baking.NAMESPACE
        + "\"><openbadges:credential><![CDATA[ {\"proof\": {}} ]]></openbadges:credential></svg>";
    assertThat(Baking.unbake(svg.getBytes(StandardCharsets.UTF_8))).contains("{\"proof\": {}}");
  }

  @Test
  void aDocumentTypeIsRefusedSoNoEntityIsExpandedOrFetched() {
    String hostile = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"" + Baking.NAMESPACE
        + "\"><openbadges:credential>&x;</openbadges:credential></svg>";
    assertThat(Baking.unbake(hostile.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void aPngCarriesItInAnUncompressedITxtChunk() throws IOException {
    byte[] png = png();
    assertThat(Baking.unbake(png)).as("a plain PNG").isEmpty();
    assertThat(Baking.unbake(withChunk(png, iTxt(Baking.PNG_KEYWORD, 0, JWT)))).contains(JWT);
    assertThat(Baking.unbake(withChunk(png, iTxt("openbadges", 0, JWT)))).as("another keyword").isEmpty();
    assertThat(Baking.unbake(withChunk(png, iTxt(Baking.PNG_KEYWORD, 1, JWT)))).as("compressed").isEmpty();
    byte[] truncated = java.util.Arrays.copyOf(withChunk(png, iTxt(Baking.PNG_KEYWORD, 0, JWT)), png.length + 20);
    assertThat(Baking.unbake(truncated)).as("cut short").isEmpty();
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  private static byte[] iTxt(String keyword, int compressed, String text) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
    data.write(0);
    data.write(compressed);
    data.write(0);
    data.write(0); // no language tag
    data.write(0); // no translated keyword
    data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return data.toByteArray();
  }

  /** The PNG with an iTXt chunk of {@code data} before its IEND chunk (the last 12 bytes). */
  private static byte[] withChunk(byte[] png, byte[] data) {
    byte[] type = "iTXt".getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data);
    ByteBuffer out = ByteBuffer.allocate(png.length + 12 + data.length);
    out.put(png, 0, png.length - 12).putInt(data.length).put(type).put(data).putInt((int) crc.getValue())
        .put(png, png.length - 12, 12);
    return out.array();
  }
}
