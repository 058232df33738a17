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
