package cairn.credentials.issuing;

import cairn.credentials.profiles.Profile;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Builds the JWT payload of an OpenBadgeCredential: the credential (OB 3.0 §B.1.1
 * AchievementCredential) with its members at the top level, plus the claims OB 3.0 §8.2.3 "JWT
 * Payload Format" maps from them: {@code iss} = issuer.id, {@code jti} = id, {@code sub} =
 * credentialSubject.id, {@code nbf} = validFrom, {@code exp} = validUntil.
 */
final class CredentialBuilder {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String STATEMENT_GENRE = "xAPI Statement";

  private final String publicUrl;

  CredentialBuilder(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  /** Everything decided before signing. {@code validFrom}/{@code validUntil} are whole seconds. */
  record Draft(IssueRequest request, UUID id, UUID subjectId, Profile issuer, Instant validFrom, Instant validUntil,
      cairn.credentials.status.Slot slot, ObjectNode credentialStatus) {}

  ObjectNode payload(Draft d) {
    IssueRequest r = d.request();
    ObjectNode vc = Json.MAPPER.createObjectNode();
    vc.set("@context", Contexts.credential());
    vc.put("id", "urn:uuid:" + d.id());
    vc.putArray("type").add("VerifiableCredential").add("OpenBadgeCredential");
    vc.put("name", r.achievement().get("name").asText());
    vc.set("issuer", d.issuer().json());
    vc.put("validFrom", d.validFrom().toString());
    if (d.validUntil() != null) {
      vc.put("validUntil", d.validUntil().toString());
    }
    vc.put("awardedDate", r.reachedAt().toString());
    ObjectNode subject = vc.putObject("credentialSubject");
    subject.put("id", "urn:uuid:" + d.subjectId());
    subject.putArray("type").add("AchievementSubject");
    subject.set("identifier", identifiers(r));
    subject.set("achievement", achievement(r));
    vc.set("evidence", evidence(r));
    vc.set("credentialStatus", d.credentialStatus());
    vc.put("iss", d.issuer().id());
    vc.put("jti", "urn:uuid:" + d.id());
    vc.put("sub", "urn:uuid:" + d.subjectId());
    vc.put("nbf", d.validFrom().getEpochSecond());
    if (d.validUntil() != null) {
      vc.put("exp", d.validUntil().getEpochSecond());
    }
    return vc;
  }

  /** OB 3.0 §B.1.3 Achievement, from the milestone; alignments point at the CASE items (targetType CFItem). */
  static ObjectNode achievement(IssueRequest r) {
    JsonNode a = r.achievement();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", r.achievementId());
    o.putArray("type").add("Achievement");
    o.put("achievementType", a.path("achievementType").isTextual() ? a.get("achievementType").asText() : "Badge");
    o.put("name", a.get("name").asText());
    o.put("description", a.get("description").asText());
    o.putObject("criteria").put("narrative", a.path("criteria").get("narrative").asText());
    JsonNode alignments = a.path("alignments");
    if (alignments.isArray() && !alignments.isEmpty()) {
      ArrayNode list = o.putArray("alignment");
      alignments.forEach(in -> {
        ObjectNode al = list.addObject();
        al.putArray("type").add("Alignment");
        al.put("targetName", in.get("targetName").asText());
        al.put("targetUrl", in.get("targetUrl").asText());
        copyText(in, al, "targetDescription");
        copyText(in, al, "targetFramework");
        copyText(in, al, "targetCode");
        al.put("targetType", in.path("targetType").isTextual() ? in.get("targetType").asText() : "CFItem");
      });
    }
    if (r.ladderId() != null) {
      o.put("version", r.ladderId() + " v" + r.ladderVersion());
    }
    return o;
  }

  /**
   * OB 3.0 §B.1.10 IdentityObject: the learner's IFI, hashed with a fresh salt so the credential
   * never carries their email; their name (if known) in clear, as {@code identityType: name}.
   */
  static ArrayNode identifiers(IssueRequest r) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    JsonNode agent = r.recipient();
    if (agent.has("mbox")) {
      hashed(list, "emailAddress", agent.get("mbox").asText().substring("mailto:".length()));
    } else if (agent.has("account")) {
      hashed(list, "ext:xapiAccount", agent.get("account").get("homePage").asText() + "|" + agent.get("account").get("name").asText());
    } else if (agent.has("openid")) {
      hashed(list, "ext:xapiOpenId", agent.get("openid").asText());
    } else {
      // already a one-way hash of the mailto: IRI (xAPI's mbox_sha1sum): carried as it is
      list.addObject().put("type", "IdentityObject").put("identityType", "ext:xapiMboxSha1sum")
          .put("hashed", false).put("identityHash", agent.get("mbox_sha1sum").asText());
    }
    if (r.recipientName() != null && !r.recipientName().isBlank()) {
      list.addObject().put("type", "IdentityObject").put("identityType", "name").put("hashed", false)
          .put("identityHash", r.recipientName());
    }
    return list;
  }

  private static void hashed(ArrayNode list, String type, String value) {
    byte[] saltBytes = new byte[16];
    RANDOM.nextBytes(saltBytes);
    String salt = HexFormat.of().formatHex(saltBytes);
    list.addObject().put("type", "IdentityObject").put("identityType", type).put("hashed", true)
        .put("identityHash", identityHash(value, salt)).put("salt", salt);
  }

  /** {@code sha256$} + hex(SHA-256(value + salt)), as OB 3.0 §B.2.4 IdentityHash describes. */
  public static String identityHash(String value, String salt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((value + salt).getBytes(StandardCharsets.UTF_8));
      return "sha256$" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** OB 3.0 §B.1.8 Evidence: one entry per statement, its id the LRS URL that returns it. */
  ArrayNode evidence(IssueRequest r) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    r.evidence().forEach(e -> {
      String statementId = e.get("statementId").asText();
      String url = publicUrl + "/xapi/statements?statementId=" + URLEncoder.encode(statementId, StandardCharsets.UTF_8);
      ObjectNode o = list.addObject();
      o.put("id", url);
      o.putArray("type").add("Evidence");
      o.put("name", "xAPI statement " + statementId);
      if (e.path("rule").isTextual()) {
        o.put("description", "Counted by rule: " + e.get("rule").asText());
      }
      o.put("narrative", "Learning record " + statementId + " behind this milestone. GET " + url
          + " with the header X-Experience-API-Version: 2.0.0 returns it; the LRS answers only with HTTP Basic "
          + "credentials of scope statements/read or all/read, so ask the issuer for read access.");
      o.put("genre", STATEMENT_GENRE);
    });
    return list;
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    if (from.path(field).isTextual()) {
      to.put(field, from.get(field).asText());
    }
  }
}
