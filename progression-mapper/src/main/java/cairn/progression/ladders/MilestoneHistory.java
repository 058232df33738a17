package cairn.progression.ladders;

import cairn.progression.frameworks.Framework;
import cairn.progression.mastery.Evidence;
import cairn.progression.mastery.Mastery;
import cairn.progression.mastery.MasteryCalculator;
import cairn.progression.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each milestone of a ladder was first reached, by statement time: the person's state at a
 * moment t is what their evidence with timestamps up to t supports (expiry counted at t, sessions
 * credited once their outcome is at or before t, endorsements up to t), and a milestone is reached
 * at the first t at which it holds, with the evidence that made it hold then. A pure function of the
 * evidence, sessions and endorsements — not of the order they arrived in or the rounds that saw them
 * (docs/progression.md, "Milestones in statement time").
 *
 * <p>The state gains something only at a positive event (evidence, a session's credited outcome, an
 * endorsement), and only loses between them (negative evidence, expiry), so the candidate moments
 * are the positive events' times; levels are carried from one moment to the next and only the
 * competencies with new evidence or expiring evidence are computed again.
 */
public final class MilestoneHistory {
  private MilestoneHistory() {}

  /** A milestone first reached at {@code at}; {@code validUntil}: when the levels it rested on then would lapse by expiry. */
  public record First(MilestoneEvaluator.Reached reached, Instant at, Instant validUntil) {}

  /**
   * The milestones in {@code wanted} (ids) first reached at or after {@code from} (null: ever), by
   * id. The caller knows the others were reached before {@code from}; a state before {@code from}
   * did not reach any of {@code wanted}.
   */
  public static Map<String, First> firstReached(Ladder ladder, Framework framework, RuleSet rules,
      List<Evidence> evidence, List<Credit.Session> sessions, List<Credit.Endorsement> endorsements, Instant from,
      Set<String> wanted) {
    Map<String, First> found = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return found;
    }
    List<Evidence> mine = new ArrayList<>();
    Map<String, List<Evidence>> byCompetency = new HashMap<>();
    for (Evidence e : evidence) {
      if (e.frameworkId().equals(framework.id()) && framework.items().containsKey(e.competency())) {
        mine.add(e);
      }
    }
    mine.sort(Evidence.IN_TIME); // linear when the caller's evidence is in time order already
    List<Instant> moments = new ArrayList<>();
    for (Evidence e : mine) {
      byCompetency.computeIfAbsent(e.competency(), k -> new ArrayList<>()).add(e);
      if (e.positive()) {
        moments.add(e.at());
      }
    }
    for (Credit.Session s : sessions) {
      if (s.outcomeAt() != null) {
        moments.add(s.outcomeAt());
      }
      if (s.recorded()) {
        moments.add(s.at());
      }
    }
    endorsements.forEach(e -> moments.add(e.at()));
    moments.sort(null);
    Set<String> left = new HashSet<>(wanted);
    Map<String, Mastery> levels = null;
    int upTo = 0;
    Instant previous = null;
    for (Instant t : moments) {
      if (t.equals(previous) || from != null && t.isBefore(from)) {
        continue;
      }
      previous = t;
      // the evidence up to t, and the competencies whose evidence or expiry changed since the last moment
      int end = upTo;
      while (end < mine.size() && !mine.get(end).at().isAfter(t)) {
        end++;
      }
      if (levels == null) {
        levels = rules == null ? Map.of() : MasteryCalculator.compute(framework, rules, mine.subList(0, end), t);
      } else {
        Set<String> changed = new HashSet<>();
        for (int i = upTo; i < end; i++) {
          changed.add(mine.get(i).competency());
        }
        for (Mastery m : levels.values()) {
          if (m.refreshAt() != null && !m.refreshAt().isAfter(t) || m.validUntil() != null && !m.validUntil().isAfter(t)) {
            changed.add(m.competency());
          }
        }
        changed = MasteryCalculator.withAncestors(framework, changed);
        if (rules != null) {
          // only the changed competencies' evidence up to t: the others' levels carry on
          List<Evidence> theirs = new ArrayList<>();
          for (String item : changed) {
            for (Evidence e : byCompetency.getOrDefault(item, List.of())) {
              if (e.at().isAfter(t)) {
                break;
              }
              theirs.add(e);
            }
          }
          levels = MasteryCalculator.compute(framework, rules, theirs, t, levels, changed);
        }
      }
      upTo = end;
      if (!anyHolds(ladder, left, levels, sessions, endorsements, t)) {
        continue;
      }
      Instant at = t;
      MilestoneEvaluator.Result result = MilestoneEvaluator.evaluate(ladder, framework, rules, levels,
          sessionsAt(sessions, at), endorsements.stream().filter(e -> !e.at().isAfter(at)).toList());
      for (MilestoneEvaluator.Reached r : result.reached()) {
        if (left.remove(r.milestone().id())) {
          Instant until = validUntil(r.milestone(), levels);
          r.explanation().put("reachedAt", t.toString());
          if (until != null) {
            r.explanation().put("validUntil", until.toString());
          }
          found.put(r.milestone().id(), new First(r, t, until));
        }
      }
      if (left.isEmpty()) {
        break;
      }
    }
    return found;
  }

  /**
   * Whether some milestone still sought holds at t — its competency levels, its mentoring sessions
   * credited by t (distinct sessions) and its distinct endorsers by t — exactly when
   * {@link MilestoneEvaluator#evaluate} would find it reached, without building its explanation: most
   * moments of a person who lacks a session or an endorsement reach nothing.
   */
  private static boolean anyHolds(Ladder ladder, Set<String> left, Map<String, Mastery> levels,
      List<Credit.Session> sessions, List<Credit.Endorsement> endorsements, Instant t) {
    for (Ladder.Milestone m : ladder.milestones()) {
      if (left.contains(m.id()) && competenciesMet(m, levels) && mentoringMet(m.mentoring(), sessions, t)
          && endorsersMet(m.endorsers(), endorsements, t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean competenciesMet(Ladder.Milestone m, Map<String, Mastery> levels) {
    for (Ladder.CompetencyRequirement req : m.competencies()) {
      Mastery level = levels.get(req.item());
      if ((level == null ? 0 : level.level()) < req.level()) {
        return false;
      }
    }
    return true;
  }

  private static boolean mentoringMet(Ladder.MentoringRequirement req, List<Credit.Session> sessions, Instant t) {
    if (req == null) {
      return true;
    }
    for (boolean given : new boolean[] {true, false}) {
      int needed = given ? req.given() : req.received();
      if (needed == 0) {
        continue;
      }
      Set<String> counted = new HashSet<>();
      for (Credit.Session s : sessions) {
        if (s.given() != given || s.at().isAfter(t)) {
          continue;
        }
        boolean credited = req.outcome().equals("recorded") ? s.recorded()
            : s.outcomeAt() != null && !s.outcomeAt().isAfter(t);
        if (credited && counted.add(s.sessionKey()) && counted.size() >= needed) {
          break;
        }
      }
      if (counted.size() < needed) {
        return false;
      }
    }
    return true;
  }

  private static boolean endorsersMet(int needed, List<Credit.Endorsement> endorsements, Instant t) {
    if (needed == 0) {
      return true;
    }
    Set<String> endorsers = new HashSet<>();
    for (Credit.Endorsement e : endorsements) {
      if (!e.at().isAfter(t) && endorsers.add(e.endorser()) && endorsers.size() >= needed) {
        return true;
      }
    }
    return false;
  }

  /** The sessions as they stood at t: held by then, an outcome only if it was documented by then. */
  private static List<Credit.Session> sessionsAt(List<Credit.Session> sessions, Instant t) {
    List<Credit.Session> at = new ArrayList<>();
    for (Credit.Session s : sessions) {
      if (s.at().isAfter(t)) {
        continue;
      }
      Instant outcomeAt = s.outcomeAt() != null && !s.outcomeAt().isAfter(t) ? s.outcomeAt() : null;
      at.add(new Credit.Session(s.sessionKey(), s.given(), s.counterpart(), s.competency(), s.at(), s.statementId(),
          outcomeAt, s.recorded()));
    }
    return at;
  }

  /** The earliest moment one of the milestone's competency levels would lapse by expiry, or null. */
  private static Instant validUntil(Ladder.Milestone milestone, Map<String, Mastery> levels) {
    Instant until = null;
    for (Ladder.CompetencyRequirement req : milestone.competencies()) {
      Instant v = levels.get(req.item()).validUntil();
      if (v != null && (until == null || v.isBefore(until))) {
        until = v;
      }
    }
    return until;
  }
}
