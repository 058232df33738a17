package cairn.progression.ladders;

import cairn.progression.Canonical;
import cairn.progression.frameworks.Framework;
import cairn.progression.mastery.Mastery;
import cairn.progression.rules.Rule;
import cairn.progression.rules.RuleSet;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which milestones of a ladder a person has reached, when, and why; and what is missing for the
 * next one. A pure function of their levels, mentoring sessions and endorsements.
 */
public final class MilestoneEvaluator {
  private MilestoneEvaluator() {}

  /** A reached milestone: when (the latest moment one of its requirements became true) and why. */
  public record Reached(Ladder.Milestone milestone, Instant at, ObjectNode explanation, ArrayNode evidence,
      ObjectNode achievement) {}

  public record Result(List<Reached> reached, ObjectNode status) {}

  public static Result evaluate(Ladder ladder, Framework framework, RuleSet rules, Map<String, Mastery> levels,
      List<Credit.Session> sessions, List<Credit.Endorsement> endorsements) {
    return evaluate(ladder, framework, rules, levels, sessions, endorsements, null);
  }

  /**
   * As above; {@code sessionsReceived}, when not null, is how many sessions (by key) the person
   * received, and {@code sessions} holds only those they gave — for ladders that ask for none received.
   */
  public static Result evaluate(Ladder ladder, Framework framework, RuleSet rules, Map<String, Mastery> levels,
      List<Credit.Session> sessions, List<Credit.Endorsement> endorsements, Long sessionsReceived) {
    List<Reached> reached = new ArrayList<>();
    ObjectNode status = Canonical.object();
    status.put("ladder", ladder.id()).put("version", ladder.version()).put("title", ladder.title());
    ArrayNode reachedJson = status.putArray("reached");
    ObjectNode next = null;
    // what every milestone reads of the sessions and endorsements, worked out once
    List<Credit.Session> givenInTime = sessions.stream().filter(Credit.Session::given)
        .sorted(Credit.Session.IN_TIME).toList();
    List<Credit.Session> receivedInTime = sessions.stream().filter(s -> !s.given())
        .sorted(Credit.Session.IN_TIME).toList();
    long givenKeys = givenInTime.stream().map(Credit.Session::sessionKey).distinct().count();
    long receivedKeys = sessionsReceived != null ? sessionsReceived
        : receivedInTime.stream().map(Credit.Session::sessionKey).distinct().count();
    Map<String, Credit.Endorsement> firstByEndorser = new LinkedHashMap<>();
    endorsements.stream()
        .sorted(Comparator.comparing(Credit.Endorsement::at).thenComparing(Credit.Endorsement::statementId))
        .forEach(e -> firstByEndorser.putIfAbsent(e.endorser(), e));
    for (Ladder.Milestone milestone : ladder.milestones()) {
      ObjectNode explanation = Canonical.object();
      explanation.put("ladder", ladder.id()).put("ladderVersion", ladder.version()).put("milestone", milestone.id())
          .put("name", milestone.name());
      ArrayNode met = explanation.putArray("met");
      ArrayNode missing = explanation.putArray("missing");
      ArrayNode evidence = Canonical.object().arrayNode();
      Instant at = null;
      for (Ladder.CompetencyRequirement req : milestone.competencies()) {
        Mastery m = levels.get(req.item());
        int level = m == null ? 0 : m.level();
        Framework.Item item = framework.items().get(req.item());
        ObjectNode json = Canonical.object().put("type", "competency").put("item", req.item())
            .put("name", item == null ? req.item() : item.fullStatement()).put("required", req.level())
            .put("level", level);
        framework.level(req.item(), req.level()).ifPresent(l -> {
          if (l.quality() != null) {
            json.put("requiredQuality", l.quality());
          }
        });
        if (level >= req.level()) {
          json.set("statements", ids(m.statements()));
          met.add(json);
          at = max(at, m.since());
          for (UUID id : m.statements()) {
            evidence.addObject().put("statementId", id.toString())
                .put("rule", rules == null ? "rules/" + ladder.frameworkId() : "rules/" + rules.frameworkId() + "/v"
                    + rules.version());
          }
        } else {
          json.set("ways", ways(rules, req));
          missing.add(json);
        }
      }
      if (milestone.mentoring() != null) {
        Ladder.MentoringRequirement req = milestone.mentoring();
        for (boolean given : new boolean[] {true, false}) {
          int needed = given ? req.given() : req.received();
          if (needed == 0) {
            continue;
          }
          Map<String, Instant> counted = new LinkedHashMap<>();
          Map<String, UUID> statementOf = new LinkedHashMap<>();
          List<Credit.Session> mine = given ? givenInTime : receivedInTime;
          for (Credit.Session s : mine) {
            Instant credited = req.outcome().equals("recorded") ? (s.recorded() ? s.at() : null) : s.outcomeAt();
            if (credited == null) {
              continue;
            }
            Instant previous = counted.get(s.sessionKey());
            if (previous == null || credited.isBefore(previous)) {
              counted.put(s.sessionKey(), credited);
              statementOf.put(s.sessionKey(), s.statementId());
            }
          }
          long pending = (given ? givenKeys : receivedKeys) - counted.size();
          ObjectNode json = Canonical.object().put("type", given ? "mentoring-given" : "mentoring-received")
              .put("required", needed).put("counted", counted.size()).put("withoutOutcomeYet", Math.max(0, pending))
              .put("outcome", req.outcome());
          if (counted.size() >= needed) {
            List<Instant> times = counted.values().stream().sorted().toList();
            at = max(at, times.get(needed - 1));
            ArrayNode ids = json.putArray("statements");
            statementOf.values().forEach(id -> {
              ids.add(id.toString());
              evidence.addObject().put("statementId", id.toString()).put("rule", "mentoring/" + req.outcome());
            });
            met.add(json);
          } else {
            json.put("hint", given
                ? "Mentor someone on a competency; a session counts once the mentee shows new evidence on it."
                : "Have mentoring sessions; each counts once you show new evidence on the coached competency.");
            missing.add(json);
          }
        }
      }
      if (milestone.endorsers() > 0) {
        ObjectNode json = Canonical.object().put("type", "endorsers").put("required", milestone.endorsers())
            .put("distinct", firstByEndorser.size());
        if (firstByEndorser.size() >= milestone.endorsers()) {
          List<Credit.Endorsement> inTime = new ArrayList<>(firstByEndorser.values());
          at = max(at, inTime.get(milestone.endorsers() - 1).at());
          ArrayNode ids = json.putArray("statements");
          inTime.forEach(e -> {
            ids.add(e.statementId().toString());
            evidence.addObject().put("statementId", e.statementId().toString()).put("rule", "endorsement");
          });
          met.add(json);
        } else {
          missing.add(json);
        }
      }
      if (missing.isEmpty()) {
        explanation.put("reachedAt", at == null ? null : at.toString());
        reached.add(new Reached(milestone, at, explanation, evidence, achievement(ladder, framework, milestone)));
        reachedJson.addObject().put("milestone", milestone.id()).put("name", milestone.name())
            .put("reachedAt", at == null ? null : at.toString());
      } else if (next == null) {
        next = explanation;
      }
    }
    status.set("next", next);
    status.putObject("mentoring").put("sessionsGiven", givenKeys).put("sessionsReceived", receivedKeys);
    status.put("endorsers", (long) firstByEndorser.size());
    return new Result(reached, status);
  }

  /** The rules that would lift a competency to the required level: what to do, concretely. */
  private static ArrayNode ways(RuleSet rules, Ladder.CompetencyRequirement req) {
    ArrayNode ways = Canonical.object().arrayNode();
    if (rules == null) {
      return ways;
    }
    for (Rule rule : rules.rules()) {
      if (rule.competency().equals(req.item()) && rule.level() >= req.level() && !rule.positiveVerbs().isEmpty()) {
        ObjectNode way = ways.addObject().put("rule", rule.id()).put("level", rule.level());
        ArrayNode verbs = way.putArray("verbs");
        rule.positiveVerbs().stream().sorted().forEach(verbs::add);
        ArrayNode activities = way.putArray("activities");
        rule.activities().forEach(activities::add);
        if (rule.minScaled() != null) {
          way.put("minScaled", rule.minScaled());
        }
      }
    }
    return ways;
  }

  /** The OB 3.0 Achievement fields of the issuance outbox contract (progression V1). */
  private static ObjectNode achievement(Ladder ladder, Framework framework, Ladder.Milestone milestone) {
    ObjectNode a = Canonical.object();
    a.put("name", milestone.name());
    a.put("description", milestone.description().isBlank()
        ? milestone.name() + ", a milestone of " + ladder.title() + "." : milestone.description());
    StringBuilder narrative = new StringBuilder("Reached ").append(milestone.name()).append(" on ")
        .append(ladder.title()).append(" (version ").append(ladder.version()).append("): ");
    List<String> parts = new ArrayList<>();
    for (Ladder.CompetencyRequirement req : milestone.competencies()) {
      Framework.Item item = framework.items().get(req.item());
      String quality = framework.level(req.item(), req.level()).map(Framework.Level::quality).orElse(null);
      parts.add((item == null ? req.item() : item.fullStatement()) + " at level " + req.level()
          + (quality == null ? "" : " (" + quality + ")"));
    }
    if (milestone.mentoring() != null) {
      if (milestone.mentoring().given() > 0) {
        parts.add(milestone.mentoring().given() + " mentoring sessions given with a documented outcome");
      }
      if (milestone.mentoring().received() > 0) {
        parts.add(milestone.mentoring().received() + " mentoring sessions received with a documented outcome");
      }
    }
    if (milestone.endorsers() > 0) {
      parts.add("endorsed by " + milestone.endorsers() + " distinct colleagues");
    }
    narrative.append(String.join("; ", parts)).append('.');
    a.putObject("criteria").put("narrative", narrative.toString());
    a.put("achievementType", "Achievement");
    ArrayNode alignments = a.putArray("alignments");
    for (Ladder.CompetencyRequirement req : milestone.competencies()) {
      Framework.Item item = framework.items().get(req.item());
      ObjectNode al = alignments.addObject().put("targetUrl", req.item())
          .put("targetName", item == null ? req.item() : item.fullStatement()).put("targetFramework", framework.title());
      if (item != null && item.humanCodingScheme() != null) {
        al.put("targetCode", item.humanCodingScheme());
      }
    }
    return a;
  }

  private static ArrayNode ids(List<UUID> ids) {
    ArrayNode array = Canonical.object().arrayNode();
    ids.forEach(id -> array.add(id.toString()));
    return array;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
