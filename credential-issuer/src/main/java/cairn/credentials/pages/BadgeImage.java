package cairn.credentials.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The badge Cairn draws when an achievement has no image of its own: an SVG with the achievement's
 * name, the issuer's name, and a mark of its ladder — a shape and a colour chosen by the ladder's id,
 * so that every milestone of one ladder looks alike and two ladders look different. Drawn by hand:
 * a few SVG elements, no library needed. Every text is escaped; the SVG has a title for screen
 * readers ({@code role="img"}).
 */
public final class BadgeImage {
  /** Colours with white text at a contrast of 4.5:1 or more (WCAG 1.4.3). */
  private static final String[] COLOURS = {"#00703c", "#1d70b8", "#4c2c92", "#912b88", "#d4351c", "#005a30",
      "#0b0c0c", "#6f3c00"};
  private static final int SHAPES = 4;

  private BadgeImage() {}

  /**
   * The SVG of a badge.
   *
   * @param name the achievement's name
   * @param issuer the issuer's name (or null)
   * @param ladder what marks the family of badges: the ladder's id, else the achievement's id
   * @param id a unique id for the SVG's title element on its page
   */
  public static String svg(String name, String issuer, String ladder, String id) {
    byte[] digest = sha256(ladder == null ? name : ladder);
    String colour = COLOURS[Byte.toUnsignedInt(digest[0]) % COLOURS.length];
    int shape = Byte.toUnsignedInt(digest[1]) % SHAPES;
    StringBuilder svg = new StringBuilder(1024);
    String titleId = "badge-title-" + esc(id);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\" role=\"img\" aria-labelledby=\"")
        .append(titleId).append("\"><title id=\"").append(titleId).append("\">")
        .append(esc(issuer == null ? name : name + " – " + issuer)).append("</title>");
    svg.append(switch (shape) {
      case 0 -> "<circle cx=\"100\" cy=\"100\" r=\"96\"";
      case 1 -> "<polygon points=\"100,4 183,52 183,148 100,196 17,148 17,52\"";
      case 2 -> "<path d=\"M100 4 L190 40 L190 110 C190 160 140 186 100 196 C60 186 10 160 10 110 L10 40 Z\"";
      default -> "<rect x=\"8\" y=\"8\" width=\"184\" height=\"184\" rx=\"28\"";
    }).append(" fill=\"").append(colour).append("\" stroke=\"#0b0c0c\" stroke-width=\"4\"/>");
    // the ladder's mark: three stacked stones (a cairn), the family's shape behind them
    svg.append("<g fill=\"#ffffff\" opacity=\"0.9\"><ellipse cx=\"100\" cy=\"58\" rx=\"14\" ry=\"8\"/>")
        .append("<ellipse cx=\"100\" cy=\"41\" rx=\"10\" ry=\"6\"/><ellipse cx=\"100\" cy=\"27\" rx=\"6\" ry=\"4\"/></g>");
    List<String> lines = wrap(name, 16, 3);
    int y = lines.size() == 1 ? 112 : lines.size() == 2 ? 102 : 92;
    svg.append("<g fill=\"#ffffff\" font-family=\"system-ui, Arial, sans-serif\" text-anchor=\"middle\">");
    for (String line : lines) {
      svg.append("<text x=\"100\" y=\"").append(y).append("\" font-size=\"17\" font-weight=\"700\">")
          .append(esc(line)).append("</text>");
      y += 21;
    }
    if (issuer != null && !issuer.isBlank()) {
      svg.append("<text x=\"100\" y=\"166\" font-size=\"12\">").append(esc(wrap(issuer, 24, 1).get(0))).append("</text>");
    }
    svg.append("</g></svg>");
    return svg.toString();
  }

  /**
   * The same badge as a raster image (400 × 400, twice the SVG's view box), for a baked PNG: drawn with
   * Java2D (headless), since the JDK has no SVG renderer and a plain badge needs none. Where the runtime has
   * no fonts, the badge is drawn without its texts (the PNG's credential still names the achievement).
   * Blocking (CPU).
   */
  public static java.awt.image.BufferedImage png(String name, String issuer, String ladder) {
    byte[] digest = sha256(ladder == null ? name : ladder);
    java.awt.Color colour = java.awt.Color.decode(COLOURS[Byte.toUnsignedInt(digest[0]) % COLOURS.length]);
    int shape = Byte.toUnsignedInt(digest[1]) % SHAPES;
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(400, 400,
        java.awt.image.BufferedImage.TYPE_INT_ARGB);
    java.awt.Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(2, 2);
      java.awt.Shape outline = switch (shape) {
        case 0 -> new java.awt.geom.Ellipse2D.Double(4, 4, 192, 192);
        case 1 -> new java.awt.Polygon(new int[] {100, 183, 183, 100, 17, 17}, new int[] {4, 52, 148, 196, 148, 52}, 6);
        case 2 -> {
          java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
          p.moveTo(100, 4);
          p.lineTo(190, 40);
          p.lineTo(190, 110);
          p.curveTo(190, 160, 140, 186, 100, 196);
          p.curveTo(60, 186, 10, 160, 10, 110);
          p.lineTo(10, 40);
          p.closePath();
          yield p;
        }
        default -> new java.awt.geom.RoundRectangle2D.Double(8, 8, 184, 184, 56, 56);
      };
      g.setColor(colour);
      g.fill(outline);
      g.setColor(new java.awt.Color(0x0b0c0c));
      g.setStroke(new java.awt.BasicStroke(4));
      g.draw(outline);
      // the ladder's mark: three stacked stones (a cairn)
      g.setColor(new java.awt.Color(255, 255, 255, 230));
      g.fill(new java.awt.geom.Ellipse2D.Double(86, 50, 28, 16));
      g.fill(new java.awt.geom.Ellipse2D.Double(90, 35, 20, 12));
      g.fill(new java.awt.geom.Ellipse2D.Double(94, 23, 12, 8));
      try {
        g.setColor(java.awt.Color.WHITE);
        List<String> lines = wrap(name, 16, 3);
        int y = lines.size() == 1 ? 112 : lines.size() == 2 ? 102 : 92;
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 17));
        for (String line : lines) {
          centred(g, line, y);
          y += 21;
        }
        if (issuer != null && !issuer.isBlank()) {
          g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
          centred(g, wrap(issuer, 24, 1).get(0), 166);
        }
      } catch (RuntimeException | LinkageError | InternalError e) {
        // no fonts in this runtime (a JRE image without fontconfig): the badge without its texts
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void centred(java.awt.Graphics2D g, String text, int y) {
    g.drawString(text, 100 - g.getFontMetrics().stringWidth(text) / 2f, y);
  }

  /** Words into at most {@code max} lines of about {@code width} characters; the last one cut with "…". */
  static List<String> wrap(String text, int width, int max) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    if (lines.isEmpty()) {
      lines.add("");
    }
    if (lines.size() > max) {
      List<String> cut = new ArrayList<>(lines.subList(0, max));
      cut.set(max - 1, cut.get(max - 1) + "…");
      lines = cut;
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).length() > width + 2) {
        lines.set(i, lines.get(i).substring(0, width) + "…");
      }
    }
    return lines;
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
