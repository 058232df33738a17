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
    return firstReached(ladder, framework, rules, evidence, sessions, endorsements, from, wanted, null, null);
  }

  /**
   * As above, carrying on from {@code start}, the levels at {@code startAt} (before {@code from}),
   * rather than from nothing: {@code evidence} then needs to hold only the whole evidence of the
   * competencies with evidence after {@code startAt} or whose level in {@code start} (or after)
   * expires by the last moment looked at — the others keep their level. {@code start} null: from
   * nothing, and {@code evidence} must be all of it.
   */
  public static Map<String, First> firstReached(Ladder ladder, Framework framework, RuleSet rules,
      List<Evidence> evidence, List<Credit.Session> sessions, List<Credit.Endorsement> endorsements, Instant from,
      Set<String> wanted, Map<String, Mastery> start, Instant startAt) {
    Map<String, First> found = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return found;
    }
    Timeline line = new Timeline(framework, evidence);
    List<Instant> moments = new ArrayList<>();
    line.mine.stream().filter(Evidence::positive).forEach(e -> moments.add(e.at()));
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
    Map<String, Mastery> levels = start;
    int upTo = start == null ? 0 : line.upTo(startAt, 0);
    Instant previous = null;
    for (Instant t : moments) {
      if (t.equals(previous) || from != null && t.isBefore(from)) {
        continue;
      }
      previous = t;
      int end = line.upTo(t, upTo);
      levels = step(framework, rules, line, levels, upTo, end, t);
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
   * The levels at {@code t} by statement time: from {@code start}, the levels at {@code startAt}
   * (null: from nothing, and {@code evidence} must be all of it), computing again only the
   * competencies with evidence in between or whose level expires by {@code t} — whose whole evidence
   * {@code evidence} must hold (see {@link #firstReached} with a start).
   */
  public static Map<String, Mastery> levelsAt(Framework framework, RuleSet rules, List<Evidence> evidence,
      Map<String, Mastery> start, Instant startAt, Instant t) {
    Timeline line = new Timeline(framework, evidence);
    return step(framework, rules, line, start, start == null ? 0 : line.upTo(startAt, 0), line.upTo(t, 0), t);
  }

  /** The framework's evidence in time order, and the same by competency. */
  private static final class Timeline {
    final List<Evidence> mine = new ArrayList<>();
    final Map<String, List<Evidence>> byCompetency = new HashMap<>();

    Timeline(Framework framework, List<Evidence> evidence) {
      for (Evidence e : evidence) {
        if (e.frameworkId().equals(framework.id()) && framework.items().containsKey(e.competency())) {
          mine.add(e);
        }
      }
      mine.sort(Evidence.IN_TIME); // linear when the caller's evidence is in time order already
      mine.forEach(e -> byCompetency.computeIfAbsent(e.competency(), k -> new ArrayList<>()).add(e));
    }

    /** The index after the last evidence at or before {@code t}, looking from {@code from} on. */
    int upTo(Instant t, int from) {
      int end = from;
      while (end < mine.size() && !mine.get(end).at().isAfter(t)) {
        end++;
      }
      return end;
    }
  }

  /**
   * The levels at t from those of an earlier moment ({@code levels}, null: none): the competencies
   * with evidence {@code mine[upTo, end)} or whose level expires by t, with what they roll up into,
   * are computed again from their own evidence up to t; the others' levels carry on.
   */
  private static Map<String, Mastery> step(Framework framework, RuleSet rules, Timeline line,
      Map<String, Mastery> levels, int upTo, int end, Instant t) {
    if (rules == null) {
      return Map.of();
    }
    if (levels == null) {
      return MasteryCalculator.levels(framework, rules, line.mine.subList(0, end), t, Map.of(), null);
    }
    Set<String> changed = new HashSet<>();
    for (int i = upTo; i < end; i++) {
      changed.add(line.mine.get(i).competency());
    }
    for (Mastery m : levels.values()) {
      if (m.refreshAt() != null && !m.refreshAt().isAfter(t) || m.validUntil() != null && !m.validUntil().isAfter(t)) {
        changed.add(m.competency());
      }
    }
    changed = MasteryCalculator.withAncestors(framework, changed);
    List<Evidence> theirs = new ArrayList<>();
    for (String item : changed) {
      for (Evidence e : line.byCompetency.getOrDefault(item, List.of())) {
        if (e.at().isAfter(t)) {
          break;
        }
        theirs.add(e);
      }
    }
    return MasteryCalculator.levels(framework, rules, theirs, t, levels, changed);
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
