package cairn.credentials.pages;

import io.nayuki.qrcodegen.QrCode.Ecc;

/**
 * A QR code of a share link as an SVG drawn on the server (Nayuki's qrcodegen makes the modules;
 * one path of squares draws them), with a quiet zone of four modules and a title naming the link.
 */
final class QrCode {
  private QrCode() {}

  static String svg(String text, String title) {
    io.nayuki.qrcodegen.QrCode qr = io.nayuki.qrcodegen.QrCode.encodeText(text, Ecc.MEDIUM);
    int border = 4;
    int size = qr.size + border * 2;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
        + "\" role=\"img\" aria-label=\"" + BadgeImage.esc(title) + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path d=\"" + path + "\" fill=\"#0b0c0c\"/></svg>";
  }
}
