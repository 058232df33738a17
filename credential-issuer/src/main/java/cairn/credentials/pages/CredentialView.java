package cairn.credentials.pages;

import cairn.credentials.verify.Check;
import cairn.credentials.verify.Report;
import cairn.web.pages.Text;
import cairn.web.records.LearningRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An Open Badges 3.0 credential as a person reads it (OB 3.0 §B.1 AchievementCredential): what was
 * achieved, by whom, from which issuer, when, against what criteria and alignments, whether it verifies
 * (each check in words) and the evidence behind it. Built from the decoded credential, the verifier's
 * {@link Report}, what the issuer's records say of revocation, and the learning records the evidence
 * names; shown by the share page and the verify page ({@code credential.jte}).
 */
public record CredentialView(String id, String name, String description, String achievementType, String issuerName,
    String issuerUrl, String recipientName, String issued, String validFrom, String validUntil, String criteria,
    List<Alignment> alignments, String imageUrl, String badgeSvg, boolean valid, List<CheckLine> checks,
    Withdrawn revoked, Withdrawn suspended, List<EvidenceLine> evidence) {

  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);

  /** An alignment of the achievement, by name (OB 3.0 §B.1.2 Alignment). */
  public record Alignment(String name, String code, String url, String framework) {}

  /** One verification check: its name in words, pass or fail, and the verifier's reason. */
  public record CheckLine(String label, boolean pass, String reason) {}

  /** When and why the issuer revoked or suspended the credential (null: it did not). */
  public record Withdrawn(String at, String reason) {}

  /**
   * One piece of evidence: the learning record it names, in words when the LRS has it (record null:
   * only the evidence's own name and description are known).
   */
  public record EvidenceLine(String name, String description, String what, String activity, String score, String date,
      String rule) {}

  static CredentialView of(JsonNode vc, Report report, Withdrawn revoked, Withdrawn suspended,
      Map<UUID, LearningRecord> records) {
    JsonNode subject = vc.path("credentialSubject");
    JsonNode achievement = subject.path("achievement");
    JsonNode issuer = vc.path("issuer");
    String issuerName = issuer.isTextual() ? issuer.asText() : issuer.path("name").asText(issuer.path("id").asText(""));
    String issuerUrl = web(issuer.path("url").asText(null));
    String name = achievement.path("name").asText(vc.path("name").asText(Text.get("credential.unnamed")));
    String image = image(achievement.path("image"));
    String ladder = ladderOf(achievement.path("id").asText(null));
    String svg = image == null ? BadgeImage.svg(name, issuerName, ladder, vc.path("id").asText("credential")) : null;
    List<Alignment> alignments = new ArrayList<>();
    JsonNode aligned = achievement.has("alignment") ? achievement.path("alignment") : achievement.path("alignments");
    for (JsonNode a : aligned) {
      alignments.add(new Alignment(a.path("targetName").asText(a.path("targetCode").asText("")),
          a.path("targetCode").asText(null), web(a.path("targetUrl").asText(null)), a.path("targetFramework").asText(null)));
    }
    List<CheckLine> checks = new ArrayList<>();
    for (Check c : report.checks()) {
      checks.add(new CheckLine(label(c.name()), c.pass(), c.reason()));
    }
    List<EvidenceLine> evidence = new ArrayList<>();
    for (JsonNode e : vc.path("evidence")) {
      UUID statement = statementId(e.path("id").asText(""));
      LearningRecord record = statement == null ? null : records.get(statement);
      String rule = ruleOf(e.path("description").asText(""));
      if (record == null) {
        evidence.add(new EvidenceLine(e.path("name").asText(Text.get("credential.evidence.unnamed")),
            e.path("description").asText(null), null, null, null, null, rule));
      } else {
        evidence.add(line(record, rule));
      }
    }
    return new CredentialView(vc.path("id").asText(""), name,
        achievement.path("description").asText(vc.path("description").asText("")),
        achievement.path("achievementType").asText(null), issuerName, issuerUrl, recipientName(subject),
        date(vc.path("awardedDate").asText(vc.path("validFrom").asText(vc.path("issuanceDate").asText(null)))),
        date(vc.path("validFrom").asText(vc.path("issuanceDate").asText(null))),
        date(vc.path("validUntil").asText(vc.path("expirationDate").asText(null))),
        achievement.path("criteria").path("narrative").asText(null), alignments, image, svg, report.valid(), checks,
        revoked, suspended, evidence);
  }

  /** A learning record in words, for the evidence tables of this page and of the progress page alike. */
  static EvidenceLine line(LearningRecord record, String rule) {
    return new EvidenceLine(record.activity(), null, record.what(Text.get("evidence.success"),
        Text.get("evidence.failure")), record.activity(), record.score(), Text.date(record.timestamp()), rule);
  }

  /** Whether the page should say so loudly: revoked, suspended or failing a check. */
  public boolean withdrawn() {
    return revoked != null || suspended != null;
  }

  public String headline() {
    if (revoked != null) {
      return Text.get("credential.headline.revoked");
    }
    if (suspended != null) {
      return Text.get("credential.headline.suspended");
    }
    return valid ? Text.get("credential.headline.valid") : Text.get("credential.headline.invalid");
  }

  static String label(String check) {
    return switch (check) {
      case "format", "key", "signature", "structure", "claims", "issuer", "dates", "status" -> Text.get("check." + check);
      default -> check.startsWith("embedded ") ? Text.get("check.embedded", check.substring("embedded ".length())) : check;
    };
  }

  /** The statement id of an evidence URL of this issuer's LRS ({@code …/xapi/statements?statementId=}). */
  static UUID statementId(String url) {
    int at = url.indexOf("/xapi/statements?statementId=");
    if (at < 0) {
      return null;
    }
    try {
      return UUID.fromString(URLDecoder.decode(url.substring(at + "/xapi/statements?statementId=".length()),
          StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The rule an evidence's description names ("Counted by rule: rules/{framework}/v1#id" → id). */
  static String ruleOf(String description) {
    String prefix = "Counted by rule: ";
    if (!description.startsWith(prefix)) {
      return null;
    }
    String rule = description.substring(prefix.length());
    int hash = rule.lastIndexOf('#');
    return hash >= 0 ? rule.substring(hash + 1) : rule;
  }

  /** The ladder of an achievement id {@code …/achievements/{ladder}/{milestone}}, else null. */
  static String ladderOf(String achievementId) {
    if (achievementId == null) {
      return null;
    }
    int at = achievementId.indexOf("/achievements/");
    if (at < 0) {
      return null;
    }
    String rest = achievementId.substring(at + "/achievements/".length());
    int slash = rest.indexOf('/');
    return slash > 0 ? rest.substring(0, slash) : null;
  }

  private static String recipientName(JsonNode subject) {
    for (JsonNode id : subject.path("identifier")) {
      if ("name".equals(id.path("identityType").asText()) && !id.path("hashed").asBoolean()) {
        return id.path("identityHash").asText(null);
      }
    }
    return subject.path("name").asText(null);
  }

  /** An image the page may show: an https URL or a data: image (OB 3.0 §B.1.13 Image, or a bare URL). */
  private static String image(JsonNode image) {
    String url = image.isTextual() ? image.asText() : image.path("id").asText(null);
    if (url == null) {
      return null;
    }
    return url.startsWith("https://") || url.startsWith("data:image/") ? url : null;
  }

  /** A link the page may show: http(s) only. */
  static String web(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null ? url : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String date(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return DATE.format(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  static String date(Instant at) {
    return at == null ? null : DATE.format(at);
  }
}
