package cairn.credentials.baking;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Baked badge images, Open Badges 3.0 §5.3 ("Baking"): a credential carried inside its badge image,
 * so that the image itself can be verified. An SVG carries a VC-JWT in the {@code verify} attribute of
 * an {@code <openbadges:credential>} element directly after the {@code <svg>} start tag (namespace
 * {@value #NAMESPACE}), or a credential with an embedded proof as JSON in its body; a PNG carries it
 * in an uncompressed {@code iTXt} chunk with the keyword {@value #PNG_KEYWORD}. Cairn bakes both (its
 * badges are drawn as SVG, and raster-drawn for PNG) and reads both.
 *
 * <p>The SVG is read with the JDK's XML parser with document types refused (no entities, nothing
 * fetched). The PNG is read as its chunk layout (PNG §5.3: length, type, data, CRC), a few lines
 * that need no image decoding.
 */
public final class Baking {
  public static final String NAMESPACE = "https://purl.imsglobal.org/ob/v3p0";
  public static final String PNG_KEYWORD = "openbadgecredential";
  private static final java.util.regex.Pattern COMPACT_JWS =
      java.util.regex.Pattern.compile("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Baking() {}

  /**
   * {@code svg} (an SVG document whose root is {@code <svg …>}) with {@code credential} baked in: a VC-JWT
   * in the {@code verify} attribute, or the JSON of a credential with an embedded proof in the element's
   * body, as CDATA (OB 3.0 §5.3.2.1).
   */
  public static String bakeSvg(String svg, String credential) {
    String element;
    if (credential.strip().startsWith("{")) {
      // "]]>" inside the JSON would end the CDATA section: split it across two sections
      element = "<openbadges:credential><![CDATA[" + credential.replace("]]>", "]]]]><![CDATA[>")
          + "]]></openbadges:credential>";
    } else if (COMPACT_JWS.matcher(credential).matches()) {
      element = "<openbadges:credential verify=\"" + credential + "\"></openbadges:credential>";
    } else {
      throw new IllegalArgumentException("Only a compact JWS or a credential's JSON bakes into an SVG.");
    }
    int start = svg.indexOf("<svg");
    int end = svg.indexOf('>', start);
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException("Not an SVG document.");
    }
    String tag = svg.substring(start, end);
    String opened = tag.contains("xmlns:openbadges=") ? tag : tag + " xmlns:openbadges=\"" + NAMESPACE + "\"";
    return svg.substring(0, start) + opened + ">" + element + svg.substring(end + 1);
  }

  /**
   * {@code image} as a PNG with {@code credential} (the compact JWS of a VC-JWT, or the JSON of a
   * credential with an embedded proof) in one uncompressed {@code iTXt} chunk with the keyword
   * {@value #PNG_KEYWORD} (OB 3.0 §5.3.1.1: no language tag, no translated keyword). Written by the JDK's
   * PNG writer through its {@code javax_imageio_png_1.0} metadata (an {@code iTXtEntry}), which puts text
   * chunks after the header and before the image data, so before {@code IEND}. Blocking (CPU).
   */
  public static byte[] bakePng(java.awt.image.RenderedImage image, String credential) {
    String text = credential.strip();
    if (!text.startsWith("{") && !COMPACT_JWS.matcher(text).matches()) {
      throw new IllegalArgumentException("Only a compact JWS or a credential's JSON bakes into a PNG.");
    }
    javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
    try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.stream.ImageOutputStream stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
      javax.imageio.metadata.IIOMetadata metadata = writer.getDefaultImageMetadata(
          javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image), null);
      javax.imageio.metadata.IIOMetadataNode entry = new javax.imageio.metadata.IIOMetadataNode("iTXtEntry");
      entry.setAttribute("keyword", PNG_KEYWORD);
      entry.setAttribute("compressionFlag", "FALSE");
      entry.setAttribute("compressionMethod", "0");
      entry.setAttribute("languageTag", "");
      entry.setAttribute("translatedKeyword", "");
      entry.setAttribute("text", text);
      javax.imageio.metadata.IIOMetadataNode iTxt = new javax.imageio.metadata.IIOMetadataNode("iTXt");
      iTxt.appendChild(entry);
      javax.imageio.metadata.IIOMetadataNode root = new javax.imageio.metadata.IIOMetadataNode("javax_imageio_png_1.0");
      root.appendChild(iTxt);
      metadata.mergeTree("javax_imageio_png_1.0", root);
      writer.setOutput(stream);
      writer.write(new javax.imageio.IIOImage(image, null, metadata));
      stream.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /**
   * The credential baked into an image, if {@code bytes} is a baked PNG or SVG: the VC-JWT, or the JSON
   * of a credential with an embedded proof. Empty for anything else (a plain image, a JWT, JSON).
   */
  public static Optional<String> unbake(byte[] bytes) {
    if (bytes.length >= PNG_SIGNATURE.length
        && Arrays.equals(Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
      return fromPng(bytes);
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.startsWith("<") && text.contains("<svg")) {
      return fromSvg(bytes);
    }
    return Optional.empty();
  }

  private static Optional<String> fromPng(byte[] png) {
    ByteBuffer in = ByteBuffer.wrap(png, PNG_SIGNATURE.length, png.length - PNG_SIGNATURE.length);
    while (in.remaining() >= 12) {
      int length = in.getInt();
      byte[] type = new byte[4];
      in.get(type);
      if (length < 0 || length > in.remaining() - 4) {
        return Optional.empty();
      }
      byte[] data = new byte[length];
      in.get(data);
      in.getInt(); // CRC
      if (new String(type, StandardCharsets.US_ASCII).equals("iTXt")) {
        Optional<String> text = iTxt(data);
        if (text.isPresent()) {
          return text;
        }
      }
    }
    return Optional.empty();
  }

  /** An iTXt chunk's text when its keyword is ours and it is not compressed (PNG §11.3.4.5). */
  private static Optional<String> iTxt(byte[] data) {
    int keywordEnd = indexOf(data, 0);
    if (keywordEnd < 0 || !new String(data, 0, keywordEnd, StandardCharsets.ISO_8859_1).equals(PNG_KEYWORD)
        || keywordEnd + 2 >= data.length || data[keywordEnd + 1] != 0) {
      return Optional.empty();
    }
    int languageEnd = indexOf(data, keywordEnd + 3);
    int translatedEnd = languageEnd < 0 ? -1 : indexOf(data, languageEnd + 1);
    if (translatedEnd < 0) {
      return Optional.empty();
    }
    return Optional.of(new String(data, translatedEnd + 1, data.length - translatedEnd - 1, StandardCharsets.UTF_8).strip());
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<String> fromSvg(byte[] svg) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      NodeList found = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg))
          .getElementsByTagNameNS(NAMESPACE, "credential");
      if (found.getLength() == 0) {
        return Optional.empty();
      }
      Element credential = (Element) found.item(0);
      String verify = credential.getAttribute("verify").strip();
      String body = credential.getTextContent().strip();
      return Optional.ofNullable(!verify.isEmpty() ? verify : !body.isEmpty() ? body : null);
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return Optional.empty();
    }
  }
}
