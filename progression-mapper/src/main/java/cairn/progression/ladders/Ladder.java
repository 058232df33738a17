package cairn.progression.ladders;

import cairn.progression.InvalidDefinitionException;
import cairn.progression.frameworks.Framework;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A career ladder: milestones in order, each a set of requirements — competencies at levels,
 * mentoring given or received (counted only with a documented outcome), distinct endorsers.
 */
public record Ladder(String id, int version, String title, String description, String frameworkId,
    List<Milestone> milestones, Policy policy) {

  public Ladder {
    milestones = List.copyOf(milestones);
  }

  /**
   * What happens after a milestone is reached (docs/progression.md, "After a milestone"). Fixed for
   * every ladder: a milestone is reached at the statement time its evidence first satisfies it; a
   * credential attests that, and later failed evidence does not revoke it (progress shows it no
   * longer holds); voided evidence, or late statements showing it was never reached, revoke it; late
   * statements showing it was reached at another moment or with other evidence replace it. The one
   * choice organisations make differently: {@code credentialExpiry} — {@code evidence} (default):
   * evidence that expires ({@code validForDays}) gives the credential a {@code validUntil};
   * {@code none}: credentials do not expire, they attest a moment.
   */
  public record Policy(String credentialExpiry) {
    public static final Policy DEFAULT = new Policy("evidence");

    /** The ladder definition's {@code policy} member; absent: the default. */
    public static Policy parse(JsonNode json) {
      if (json == null || json.isMissingNode() || json.isNull()) {
        return DEFAULT;
      }
      if (!json.isObject()) {
        throw new InvalidDefinitionException("policy is an object: {\"credentialExpiry\": \"evidence\" | \"none\"}.",
            "$.policy");
      }
      var names = json.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!name.equals("credentialExpiry")) {
          throw new InvalidDefinitionException("policy." + name + " is not a choice a ladder makes; only credentialExpiry"
              + " is (the rest of the policy is fixed, see docs/progression.md \"After a milestone\").", "$.policy." + name);
        }
      }
      String expiry = json.path("credentialExpiry").asText("evidence");
      if (!expiry.equals("evidence") && !expiry.equals("none")) {
        throw new InvalidDefinitionException("policy.credentialExpiry is evidence (expiring evidence gives the credential"
            + " a validUntil) or none (credentials do not expire).", "$.policy.credentialExpiry");
      }
      return new Policy(expiry);
    }

    /** The whole policy as the ladder API shows it: the fixed rules and this ladder's choice. */
    public ObjectNode json() {
      ObjectNode json = cairn.progression.Canonical.object();
      json.put("reachedAt", "the statement time at which the evidence first satisfied the milestone, whatever the"
          + " order statements arrived in");
      json.put("laterFailedEvidence", "keeps the credential: it attests the milestone was reached then; the person's"
          + " progress shows the milestone no longer holds");
      json.put("credentialExpiry", credentialExpiry);
      json.put("expiringEvidence", credentialExpiry.equals("evidence")
          ? "the credential's validUntil is when the levels the milestone rested on would lapse by expiry"
          : "ignored for the credential: it does not expire");
      json.put("voidedEvidence", "revokes the credential, naming the voided statement");
      json.put("neverReached", "revokes the credential when statements that arrived late show the milestone was never"
          + " reached");
      json.put("reachedOtherwise", "a new credential replaces it (the old one revoked as superseded) when statements"
          + " that arrived late show the milestone reached at another moment or with other evidence");
      return json;
    }
  }

  /** One required competency level. */
  public record CompetencyRequirement(String item, int level) {}

  /**
   * Mentoring sessions a person must have given and received. A session counts when its outcome
   * is documented: {@code menteeEvidence} — the mentee later has positive evidence on the coached
   * competency; {@code recorded} — the session statement records an outcome.
   */
  public record MentoringRequirement(int given, int received, String outcome) {}

  public record Milestone(String id, String name, String description, List<CompetencyRequirement> competencies,
      MentoringRequirement mentoring, int endorsers) {
    public Milestone {
      competencies = List.copyOf(competencies);
    }
  }

  public static Ladder parse(JsonNode json, Framework framework, int version) {
    if (json == null || !json.isObject()) {
      throw new InvalidDefinitionException("A ladder is a JSON object with id, framework and milestones.", "$");
    }
    String id = json.path("id").asText("");
    if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new InvalidDefinitionException("id must be 1-100 letters, digits, '.', '_' or '-'.", "$.id");
    }
    String title = json.path("title").asText("");
    if (title.isBlank()) {
      throw new InvalidDefinitionException("title is required.", "$.title");
    }
    JsonNode list = json.path("milestones");
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidDefinitionException("milestones must be a non-empty array.", "$.milestones");
    }
    List<Milestone> milestones = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "$.milestones[" + i + "]";
      JsonNode m = list.get(i);
      String mid = m.path("id").asText("");
      if (!mid.matches("[A-Za-z0-9._-]{1,100}") || !ids.add(mid)) {
        throw new InvalidDefinitionException("Each milestone needs a unique id of 1-100 letters, digits, '.', '_' or '-'"
            + (mid.isEmpty() ? "" : " ('" + mid + "' is taken or malformed)") + ".", path + ".id");
      }
      String named = path + " (milestone " + mid + ")";
      String name = m.path("name").asText("");
      if (name.isBlank()) {
        throw new InvalidDefinitionException(named + " needs a name.", path + ".name");
      }
      List<CompetencyRequirement> competencies = new ArrayList<>();
      JsonNode reqs = m.path("competencies");
      for (int j = 0; j < reqs.size(); j++) {
        String rpath = path + ".competencies[" + j + "]";
        String ref = reqs.get(j).path("item").asText("");
        Framework.Item item = framework.find(ref).orElseThrow(() -> new InvalidDefinitionException(named
            + " requires '" + ref + "', which is not a CFItem of framework " + framework.id() + " version "
            + framework.version() + ".", rpath + ".item"));
        JsonNode levelNode = reqs.get(j).path("level");
        int level;
        if (levelNode.isInt()) {
          level = levelNode.asInt();
        } else {
          level = framework.levels(item.uri()).stream().filter(l -> levelNode.asText().equalsIgnoreCase(l.quality()))
              .findFirst().map(Framework.Level::number).orElse(-1);
        }
        if (level < 1 || level > framework.maxLevel(item.uri())) {
          throw new InvalidDefinitionException(named + ": level " + levelNode + " is not a level of " + item.label()
              + " (1.." + framework.maxLevel(item.uri()) + ").", rpath + ".level");
        }
        competencies.add(new CompetencyRequirement(item.uri(), level));
      }
      JsonNode mentoring = m.path("mentoring");
      MentoringRequirement mr = null;
      if (mentoring.isObject()) {
        int given = nonNegative(mentoring, "given", path + ".mentoring");
        int received = nonNegative(mentoring, "received", path + ".mentoring");
        String outcome = mentoring.path("outcome").asText("menteeEvidence");
        if (!outcome.equals("menteeEvidence") && !outcome.equals("recorded")) {
          throw new InvalidDefinitionException(named + ": mentoring.outcome is menteeEvidence or recorded.",
              path + ".mentoring.outcome");
        }
        mr = given + received == 0 ? null : new MentoringRequirement(given, received, outcome);
      }
      int endorsers = nonNegative(m, "endorsers", path);
      if (competencies.isEmpty() && mr == null && endorsers == 0) {
        throw new InvalidDefinitionException(named + " has no requirement.", path);
      }
      milestones.add(new Milestone(mid, name, m.path("description").asText(""), competencies, mr, endorsers));
    }
    Policy policy = Policy.parse(json.get("policy"));
    return new Ladder(id, version, title, json.path("description").asText(""), framework.id(), milestones, policy);
  }

  private static int nonNegative(JsonNode json, String field, String path) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isInt() || v.asInt() < 0 || v.asInt() > 10_000) {
      throw new InvalidDefinitionException(field + " must be a non-negative integer.", path + "." + field);
    }
    return v.asInt();
  }
}
