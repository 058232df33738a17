package cairn.progression.ladders;

import cairn.progression.InvalidDefinitionException;
import cairn.progression.frameworks.Framework;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A career ladder: milestones in order, each a set of requirements — competencies at levels,
 * mentoring given or received (counted only with a documented outcome), distinct endorsers.
 */
public record Ladder(String id, int version, String title, String description, String frameworkId,
    List<Milestone> milestones) {

  public Ladder {
    milestones = List.copyOf(milestones);
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
    return new Ladder(id, version, title, json.path("description").asText(""), framework.id(), milestones);
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
