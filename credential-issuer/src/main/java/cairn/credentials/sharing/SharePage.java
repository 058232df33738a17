package cairn.credentials.sharing;

import cairn.credentials.verify.Check;
import cairn.credentials.verify.Report;
import com.fasterxml.jackson.databind.JsonNode;

/** The human-readable page of a shared credential: what was achieved, by what evidence, and whether it verifies. */
final class SharePage {
  private SharePage() {}

  static String render(JsonNode vc, Report report, String jwtUrl, String verifyUrl) {
    JsonNode achievement = vc.path("credentialSubject").path("achievement");
    JsonNode issuer = vc.path("issuer");
    StringBuilder h = new StringBuilder(4096);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(achievement.path("name").asText())).append("</title>")
        .append("<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}")
        .append(".ok{color:#0a6b2d}.bad{color:#a11}table{border-collapse:collapse}td,th{padding:.3rem .6rem;")
        .append("border-bottom:1px solid #ddd;text-align:left;vertical-align:top}code{font-size:.85em}</style></head><body>");
    if (issuer.path("image").path("id").isTextual() && issuer.path("image").path("id").asText().startsWith("http")) {
      h.append("<img alt=\"\" style=\"max-height:4rem\" src=\"").append(esc(issuer.path("image").path("id").asText())).append("\">");
    }
    h.append("<h1>").append(esc(achievement.path("name").asText())).append("</h1>");
    h.append("<p class=\"").append(report.valid() ? "ok" : "bad").append("\"><strong>")
        .append(report.valid() ? "Verified." : "Does not verify.").append("</strong></p>");
    h.append("<p>").append(esc(achievement.path("description").asText())).append("</p>");
    h.append("<table>");
    row(h, "Issued by", link(issuer.path("url").asText(issuer.path("id").asText()), issuer.path("name").asText()));
    JsonNode name = null;
    for (JsonNode id : vc.path("credentialSubject").path("identifier")) {
      if ("name".equals(id.path("identityType").asText()) && !id.path("hashed").asBoolean()) {
        name = id.path("identityHash");
      }
    }
    if (name != null) {
      row(h, "Awarded to", esc(name.asText()));
    }
    row(h, "Awarded", esc(vc.path("awardedDate").asText(vc.path("validFrom").asText())));
    row(h, "Valid", esc(vc.path("validFrom").asText()) + (vc.has("validUntil") ? " to " + esc(vc.get("validUntil").asText()) : ""));
    row(h, "Type", esc(achievement.path("achievementType").asText()));
    row(h, "Criteria", esc(achievement.path("criteria").path("narrative").asText()));
    StringBuilder alignments = new StringBuilder();
    for (JsonNode a : achievement.path("alignment")) {
      alignments.append(link(a.path("targetUrl").asText(), a.path("targetName").asText()))
          .append(a.has("targetCode") ? " <code>" + esc(a.get("targetCode").asText()) + "</code>" : "").append("<br>");
    }
    if (alignments.length() > 0) {
      row(h, "Aligned to", alignments.toString());
    }
    StringBuilder evidence = new StringBuilder();
    for (JsonNode e : vc.path("evidence")) {
      evidence.append(link(e.path("id").asText(), e.path("name").asText()));
      if (e.has("description")) {
        evidence.append(" — ").append(esc(e.get("description").asText()));
      }
      evidence.append("<br>");
    }
    if (evidence.length() > 0) {
      row(h, "Evidence", evidence + "<small>The learning record store answers these links to holders of read access.</small>");
    }
    h.append("</table><h2>Verification</h2><table>");
    for (Check c : report.checks()) {
      h.append("<tr><td class=\"").append(c.pass() ? "ok\">pass" : "bad\">fail").append("</td><th>")
          .append(esc(c.name())).append("</th><td>").append(esc(c.reason())).append("</td></tr>");
    }
    h.append("</table><p>The signed credential (VC-JWT): <a href=\"").append(esc(jwtUrl)).append("\">")
        .append(esc(jwtUrl)).append("</a>. Verify it with any Open Badges 3.0 verifier, or POST it to <code>")
        .append(esc(verifyUrl)).append("</code>.</p><p><small>Credential ").append(esc(vc.path("id").asText()))
        .append("</small></p></body></html>");
    return h.toString();
  }

  private static void row(StringBuilder h, String label, String html) {
    h.append("<tr><th>").append(esc(label)).append("</th><td>").append(html).append("</td></tr>");
  }

  private static String link(String url, String text) {
    if (!(url.startsWith("https://") || url.startsWith("http://"))) {
      return esc(text);
    }
    return "<a rel=\"nofollow noopener\" href=\"" + esc(url) + "\">" + esc(text) + "</a>";
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
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
