package cairn.progression.ladders;

import cairn.progression.frameworks.Framework;
import cairn.progression.mastery.Evidence;
import cairn.progression.mastery.Mastery;
import cairn.progression.mastery.MasteryCalculator;
import cairn.progression.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
    for (Evidence e : evidence) {
      if (e.frameworkId().equals(framework.id()) && framework.items().containsKey(e.competency())) {
        mine.add(e);
      }
    }
    mine.sort(Comparator.comparing(Evidence::at).thenComparing(Evidence::statementId));
    TreeSet<Instant> moments = new TreeSet<>();
    mine.stream().filter(Evidence::positive).forEach(e -> moments.add(e.at()));
    for (Credit.Session s : sessions) {
      if (s.outcomeAt() != null) {
        moments.add(s.outcomeAt());
      }
      if (s.recorded()) {
        moments.add(s.at());
      }
    }
    endorsements.forEach(e -> moments.add(e.at()));
    Set<String> left = new HashSet<>(wanted);
    Map<String, Mastery> levels = null;
    int upTo = 0;
    for (Instant t : from == null ? moments : moments.tailSet(from, true)) {
      // the evidence up to t, and the competencies whose evidence or expiry changed since the last moment
      int end = upTo;
      while (end < mine.size() && !mine.get(end).at().isAfter(t)) {
        end++;
      }
      Set<String> changed = null;
      if (levels != null) {
        changed = new HashSet<>();
        for (int i = upTo; i < end; i++) {
          changed.add(mine.get(i).competency());
        }
        for (Mastery m : levels.values()) {
          if (m.refreshAt() != null && !m.refreshAt().isAfter(t) || m.validUntil() != null && !m.validUntil().isAfter(t)) {
            changed.add(m.competency());
          }
        }
        changed = MasteryCalculator.withAncestors(framework, changed);
      }
      upTo = end;
      levels = rules == null ? Map.of() : MasteryCalculator.compute(framework, rules, mine.subList(0, end), t,
          levels == null ? Map.of() : levels, changed);
      if (!competenciesMet(ladder, left, levels)) {
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

  /** Whether some milestone still sought has all its competency requirements met: a cheap necessary condition. */
  private static boolean competenciesMet(Ladder ladder, Set<String> left, Map<String, Mastery> levels) {
    for (Ladder.Milestone m : ladder.milestones()) {
      if (!left.contains(m.id())) {
        continue;
      }
      boolean met = true;
      for (Ladder.CompetencyRequirement req : m.competencies()) {
        Mastery level = levels.get(req.item());
        if (level == null || level.level() < req.level()) {
          met = false;
          break;
        }
      }
      if (met) {
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
