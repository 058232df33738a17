package cairn.credentials.issuing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What to issue: one reached milestone, as the progression mapper's outbox row
 * ({@code progression.issuance_requests}) or the manual issue API describes it. Validated here, so a
 * credential is never built from half a request.
 *
 * @param requestId the outbox row id; null when issued by hand
 * @param recipient the learner as an xAPI Agent: exactly one of mbox, mbox_sha1sum, openid, account
 * @param achievement OB 3.0 Achievement fields: name, description, criteria.narrative, achievementType,
 *     alignments [{targetUrl, targetName, targetFramework, targetCode}]
 * @param evidence the statements behind the milestone: [{statementId, rule}]
 * @param issuer the issuer profile id (slug) to issue as
 * @param validUntil when the evidence behind the milestone lapses by expiry (the credential's
 *     {@code validUntil}); null: it does not
 */
public record IssueRequest(Long requestId, String personId, JsonNode recipient, String recipientName,
    String achievementId, String ladderId, int ladderVersion, JsonNode achievement, JsonNode evidence,
    Instant reachedAt, String issuer, Instant validUntil) {

  /** A request without an expiry of its own. */
  public IssueRequest(Long requestId, String personId, JsonNode recipient, String recipientName, String achievementId,
      String ladderId, int ladderVersion, JsonNode achievement, JsonNode evidence, Instant reachedAt, String issuer) {
    this(requestId, personId, recipient, recipientName, achievementId, ladderId, ladderVersion, achievement, evidence,
        reachedAt, issuer, null);
  }

  /** OB 3.0 §B.3.1 AchievementType; other values must use the {@code ext:} prefix. */
  static final Set<String> ACHIEVEMENT_TYPES = Set.of("Achievement", "ApprenticeshipCertificate", "Assessment",
      "Assignment", "AssociateDegree", "Award", "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion",
      "Certification", "CommunityService", "Competency", "Course", "CoCurricular", "Degree", "Diploma",
      "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment", "JourneymanCertificate", "LearningProgram",
      "License", "Membership", "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate",
      "MasterDegree", "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma");

  /** A request that cannot become a credential; {@code path} names the offending member. */
  public static final class InvalidRequestException extends IllegalArgumentException {
    private final String path;

    InvalidRequestException(String message, String path) {
      super(message);
      this.path = path;
    }

    public String path() {
      return path;
    }
  }

  public IssueRequest {
    require(personId != null && !personId.isBlank() && personId.length() <= 500, "personId is required", "$.personId");
    require(recipient != null && recipient.isObject(), "recipient must be an xAPI Agent object", "$.recipient");
    int ifis = 0;
    for (String ifi : new String[] {"mbox", "mbox_sha1sum", "openid", "account"}) {
      ifis += recipient.has(ifi) ? 1 : 0;
    }
    require(ifis == 1, "recipient needs exactly one inverse functional identifier (mbox, mbox_sha1sum, openid, account)",
        "$.recipient");
    if (recipient.has("mbox")) {
      require(recipient.get("mbox").asText().startsWith("mailto:") && recipient.get("mbox").asText().length() > 8,
          "recipient.mbox must be a mailto: IRI", "$.recipient.mbox");
    }
    if (recipient.has("account")) {
      require(recipient.path("account").path("homePage").isTextual() && recipient.path("account").path("name").isTextual(),
          "recipient.account needs homePage and name", "$.recipient.account");
    }
    require(absoluteUri(achievementId), "achievementId must be an absolute URI", "$.achievementId");
    require(ladderVersion >= 0, "ladderVersion must be non-negative", "$.ladderVersion");
    require(achievement != null && achievement.isObject(), "achievement must be an object", "$.achievement");
    require(text(achievement, "name"), "achievement.name is required", "$.achievement.name");
    require(text(achievement, "description"), "achievement.description is required", "$.achievement.description");
    require(text(achievement.path("criteria"), "narrative"), "achievement.criteria.narrative is required",
        "$.achievement.criteria.narrative");
    JsonNode type = achievement.path("achievementType");
    require(type.isMissingNode() || type.isNull()
            || (type.isTextual() && (ACHIEVEMENT_TYPES.contains(type.asText()) || type.asText().startsWith("ext:"))),
        "achievement.achievementType must be an OB 3.0 AchievementType or start with ext:", "$.achievement.achievementType");
    JsonNode alignments = achievement.path("alignments");
    require(alignments.isMissingNode() || alignments.isArray(), "achievement.alignments must be an array",
        "$.achievement.alignments");
    for (int i = 0; i < alignments.size(); i++) {
      JsonNode a = alignments.get(i);
      require(text(a, "targetName") && absoluteUri(a.path("targetUrl").asText(null)),
          "each alignment needs targetName and an absolute targetUrl", "$.achievement.alignments[" + i + "]");
    }
    require(evidence != null && evidence.isArray(), "evidence must be an array of {statementId, rule}", "$.evidence");
    for (int i = 0; i < evidence.size(); i++) {
      String id = evidence.get(i).path("statementId").asText("");
      try {
        UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("evidence statementId must be a UUID", "$.evidence[" + i + "].statementId");
      }
    }
    require(reachedAt != null, "reachedAt is required", "$.reachedAt");
    require(issuer != null && !issuer.isBlank(), "issuer is required", "$.issuer");
  }

  private static void require(boolean condition, String message, String path) {
    if (!condition) {
      throw new InvalidRequestException(message, path);
    }
  }

  private static boolean text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() && v.asText().length() <= 10_000;
  }

  static boolean absoluteUri(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    try {
      return new URI(text).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
