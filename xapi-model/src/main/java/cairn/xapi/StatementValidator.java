package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Checks a statement against every structural rule of xAPI 1.0.3 Part Two §2 and IEEE
 * 9274.1.1-2023 §4.2 for the given version. Throws {@link InvalidStatementException} naming the
 * first broken rule and its JSON path.
 *
 * <p>The statement is checked as a client sends it (POST or PUT): {@code id}, {@code stored},
 * {@code authority} and {@code version} may be present and must then be well formed, though the
 * LRS replaces the last three. Agents and Groups are in {@link ActorRules}, Activities in
 * {@link ActivityRules}, context in {@link ContextRules}.
 */
public final class StatementValidator {
  private StatementValidator() {}

  /** The reserved voiding verb (1.0.3 Part Two §2.3.2). */
  public static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  private static final Set<String> STATEMENT_KEYS = Set.of("id", "actor", "verb", "object",
      "result", "context", "timestamp", "stored", "authority", "version", "attachments");
  /** §2.4.4.3: a SubStatement has no id, stored, version or authority. */
  private static final Set<String> SUBSTATEMENT_KEYS = Set.of("objectType", "actor", "verb",
      "object", "result", "context", "timestamp", "attachments");
  private static final Set<String> VERB_KEYS = Set.of("id", "display");
  private static final Set<String> STATEMENT_REF_KEYS = Set.of("objectType", "id");
  private static final Set<String> RESULT_KEYS =
      Set.of("score", "success", "completion", "response", "duration", "extensions");
  private static final Set<String> SCORE_KEYS = Set.of("scaled", "raw", "min", "max");
  private static final Set<String> ATTACHMENT_KEYS = Set.of("usageType", "display",
      "description", "contentType", "length", "sha2", "fileUrl");

  public static void validate(JsonNode statement, XapiVersion version) {
    JsonPath root = JsonPath.ROOT;
    ObjectNode s = Checks.object(statement, root, "a statement");
    Checks.onlyKeys(s, root, STATEMENT_KEYS, "a statement");
    JsonNode id = s.get("id");
    if (id != null) {
      Checks.uuid(id, root.field("id"), "statement id");
    }
    body(s, root, version, false);
    JsonNode stored = s.get("stored");
    if (stored != null) {
      Checks.timestamp(stored, root.field("stored"), "stored");
    }
    JsonNode authority = s.get("authority");
    if (authority != null) {
      ActorRules.authority(authority, root.field("authority"));
    }
    JsonNode v = s.get("version");
    if (v != null) {
      version(v, root.field("version"), version);
    }
  }

  /** What a statement and a SubStatement share (§2.4.4.3: "follows the rules of a Statement"). */
  private static void body(ObjectNode s, JsonPath path, XapiVersion version, boolean sub) {
    String what = sub ? "a SubStatement" : "a statement";
    ActorRules.agentOrGroup(Checks.required(s, "actor", path, what), path.field("actor"),
        "actor", false);
    String verbId = verb(Checks.required(s, "verb", path, what), path.field("verb"));
    String objectType = object(Checks.required(s, "object", path, what), path.field("object"),
        version, sub);
    if (VOIDED.equals(verbId) && !"StatementRef".equals(objectType)) {
      throw Checks.fail(path.field("object").field("objectType"),
          "a voiding statement (verb " + VOIDED + ") must have a StatementRef object");
    }
    JsonNode result = s.get("result");
    if (result != null) {
      result(result, path.field("result"));
    }
    JsonNode context = s.get("context");
    if (context != null) {
      ContextRules.context(context, path.field("context"), version, "Activity".equals(objectType));
    }
    JsonNode timestamp = s.get("timestamp");
    if (timestamp != null) {
      Checks.timestamp(timestamp, path.field("timestamp"), "timestamp");
    }
    JsonNode attachments = s.get("attachments");
    if (attachments != null) {
      attachments(attachments, path.field("attachments"));
    }
  }

  /** Returns the verb id. 1.0.3 Part Two §2.4.3. */
  private static String verb(JsonNode node, JsonPath path) {
    ObjectNode verb = Checks.object(node, path, "verb");
    Checks.onlyKeys(verb, path, VERB_KEYS, "a verb");
    JsonNode id = Checks.required(verb, "id", path, "a verb");
    Checks.iri(id, path.field("id"), "verb id");
    JsonNode display = verb.get("display");
    if (display != null) {
      Checks.languageMap(display, path.field("display"), "verb display");
    }
    return id.textValue();
  }

  /** Returns the object's effective objectType. 1.0.3 Part Two §2.4.4. */
  private static String object(JsonNode node, JsonPath path, XapiVersion version, boolean sub) {
    ObjectNode object = Checks.object(node, path, "object");
    JsonNode typeNode = object.get("objectType");
    String type = typeNode == null ? "Activity"
        : Checks.string(typeNode, path.field("objectType"), "objectType");
    switch (type) {
      case "Activity" -> ActivityRules.activity(object, path, "object");
      case "Agent", "Group" -> ActorRules.agentOrGroup(object, path, "object", true);
      case "StatementRef" -> statementRef(object, path);
      case "SubStatement" -> {
        if (sub) {
          throw Checks.fail(path.field("objectType"), "a SubStatement cannot contain a SubStatement");
        }
        subStatement(object, path, version);
      }
      default -> throw Checks.fail(path.field("objectType"), "object objectType must be one of "
          + "Activity, Agent, Group, StatementRef, SubStatement (case-sensitive); got \""
          + type + "\"");
    }
    return type;
  }

  private static void subStatement(ObjectNode sub, JsonPath path, XapiVersion version) {
    for (String banned : new String[] {"id", "stored", "version", "authority"}) {
      if (sub.has(banned)) {
        throw Checks.fail(path.field(banned), "a SubStatement must not have \"" + banned + "\"");
      }
    }
    Checks.onlyKeys(sub, path, SUBSTATEMENT_KEYS, "a SubStatement");
    body(sub, path, version, true);
  }

  /** A Statement Reference: objectType "StatementRef" and a UUID id (§2.4.4.3). */
  static void statementRef(JsonNode node, JsonPath path) {
    ObjectNode ref = Checks.object(node, path, "a StatementRef");
    Checks.onlyKeys(ref, path, STATEMENT_REF_KEYS, "a StatementRef");
    JsonNode type = ref.get("objectType");
    if (type == null || !"StatementRef".equals(type.textValue())) {
      throw Checks.fail(path.field("objectType"), "a statement reference must have objectType "
          + "\"StatementRef\"");
    }
    Checks.uuid(Checks.required(ref, "id", path, "a StatementRef"), path.field("id"),
        "StatementRef id");
  }

  /** 1.0.3 Part Two §2.4.5. */
  private static void result(JsonNode node, JsonPath path) {
    ObjectNode result = Checks.object(node, path, "result");
    Checks.onlyKeys(result, path, RESULT_KEYS, "a result");
    JsonNode score = result.get("score");
    if (score != null) {
      score(score, path.field("score"));
    }
    JsonNode success = result.get("success");
    if (success != null) {
      Checks.bool(success, path.field("success"), "success");
    }
    JsonNode completion = result.get("completion");
    if (completion != null) {
      Checks.bool(completion, path.field("completion"), "completion");
    }
    JsonNode response = result.get("response");
    if (response != null) {
      Checks.string(response, path.field("response"), "response");
    }
    JsonNode duration = result.get("duration");
    if (duration != null) {
      String d = Checks.string(duration, path.field("duration"), "duration");
      if (!XapiFormats.isDuration(d)) {
        throw Checks.fail(path.field("duration"),
            "duration must be an ISO 8601 duration such as PT4H35M59.14S, got \"" + d + "\"");
      }
    }
    JsonNode extensions = result.get("extensions");
    if (extensions != null) {
      Checks.extensions(extensions, path.field("extensions"));
    }
  }

  /** 1.0.3 Part Two §2.4.5.1: scaled in [-1, 1]; min &lt;= raw &lt;= max. */
  private static void score(JsonNode node, JsonPath path) {
    ObjectNode score = Checks.object(node, path, "score");
    Checks.onlyKeys(score, path, SCORE_KEYS, "a score");
    JsonNode scaled = score.get("scaled");
    if (scaled != null) {
      double v = Checks.number(scaled, path.field("scaled"), "scaled");
      if (v < -1 || v > 1) {
        throw Checks.fail(path.field("scaled"), "scaled must be between -1 and 1");
      }
    }
    JsonNode minNode = score.get("min");
    JsonNode maxNode = score.get("max");
    JsonNode rawNode = score.get("raw");
    double min = minNode == null ? Double.NEGATIVE_INFINITY
        : Checks.number(minNode, path.field("min"), "min");
    double max = maxNode == null ? Double.POSITIVE_INFINITY
        : Checks.number(maxNode, path.field("max"), "max");
    if (min > max) {
      throw Checks.fail(path.field("min"), "min must not be greater than max");
    }
    if (rawNode != null) {
      double raw = Checks.number(rawNode, path.field("raw"), "raw");
      if (raw < min || raw > max) {
        throw Checks.fail(path.field("raw"), "raw must be between min and max");
      }
    }
  }

  /** 1.0.3 Part Two §2.4.11. */
  private static void attachments(JsonNode node, JsonPath path) {
    ArrayNode list = Checks.array(node, path, "attachments");
    for (int i = 0; i < list.size(); i++) {
      JsonPath at = path.index(i);
      ObjectNode a = Checks.object(list.get(i), at, "an attachment");
      Checks.onlyKeys(a, at, ATTACHMENT_KEYS, "an attachment");
      Checks.iri(Checks.required(a, "usageType", at, "an attachment"), at.field("usageType"),
          "usageType");
      Checks.languageMap(Checks.required(a, "display", at, "an attachment"),
          at.field("display"), "display");
      JsonNode description = a.get("description");
      if (description != null) {
        Checks.languageMap(description, at.field("description"), "description");
      }
      String contentType = Checks.string(Checks.required(a, "contentType", at, "an attachment"),
          at.field("contentType"), "contentType");
      if (!XapiFormats.isMimeType(contentType)) {
        throw Checks.fail(at.field("contentType"),
            "contentType must be an Internet media type such as text/plain, got \""
                + contentType + "\"");
      }
      JsonNode length = Checks.required(a, "length", at, "an attachment");
      if (!length.isIntegralNumber() || length.longValue() < 0) {
        throw Checks.fail(at.field("length"), "length must be a non-negative integer");
      }
      String sha2 = Checks.string(Checks.required(a, "sha2", at, "an attachment"),
          at.field("sha2"), "sha2");
      if (!XapiFormats.isSha2Hex(sha2)) {
        throw Checks.fail(at.field("sha2"), "sha2 must be a hex SHA-2 digest");
      }
      JsonNode fileUrl = a.get("fileUrl");
      if (fileUrl != null) {
        Checks.iri(fileUrl, at.field("fileUrl"), "fileUrl (an IRL)");
      }
    }
  }

  /**
   * 1.0.3 Part Two §2.4.10: "1.0" or "1.0.x"; a 2.0 LRS also takes "2.0" and "2.0.x" (IEEE
   * 9274.1.1-2023 §4.2.4.3) and, as its suite shows, still accepts 1.0.x statements.
   */
  private static void version(JsonNode node, JsonPath path, XapiVersion lrsVersion) {
    String v = Checks.string(node, path, "version");
    boolean ok = isVersion(v, "1.0") || (lrsVersion == XapiVersion.V2_0_0 && isVersion(v, "2.0"));
    if (!ok) {
      throw Checks.fail(path, lrsVersion == XapiVersion.V2_0_0
          ? "version must be 1.0, 1.0.x, 2.0 or 2.0.x, got \"" + v + "\""
          : "version must be 1.0 or 1.0.x, got \"" + v + "\"");
    }
  }

  private static boolean isVersion(String v, String prefix) {
    if (!v.startsWith(prefix)) {
      return false;
    }
    if (v.length() == prefix.length()) {
      return true;
    }
    if (v.charAt(prefix.length()) != '.' || v.length() == prefix.length() + 1) {
      return false;
    }
    for (int i = prefix.length() + 1; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
