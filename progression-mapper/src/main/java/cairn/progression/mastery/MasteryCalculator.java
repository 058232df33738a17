package cairn.progression.mastery;

import cairn.progression.Canonical;
import cairn.progression.frameworks.Framework;
import cairn.progression.rules.Rollup;
import cairn.progression.rules.RuleSet;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Levels per competency as a pure function of a person's evidence (docs/progression.md "Mastery"):
 *
 * <ul>
 *   <li>self-asserted evidence counts at most at the rule set's {@code selfAssertedMaxLevel};
 *   <li>evidence older than its rule's {@code validForDays} (at {@code asOf}) does not count;
 *   <li>negative evidence at level L cancels earlier positive evidence at level L or above;
 *   <li>the direct level is the highest L with at least {@code minEvidence} surviving positives at
 *       L or above;
 *   <li>a parent's level is the larger of its direct level and its children's rollup.
 * </ul>
 *
 * <p>A statement counts once per competency: when it matches several rules of the same competency,
 * {@link #attribute} picks one, so explanations name the same rule however statements arrive.
 */
public final class MasteryCalculator {
  static final int LISTED = 10;

  private MasteryCalculator() {}

  public static Map<String, Mastery> compute(Framework framework, RuleSet rules, List<Evidence> evidence, Instant asOf) {
    return compute(framework, rules, evidence, asOf, Map.of(), null);
  }

  /**
   * Only the items in {@code recompute} are computed from {@code evidence} (which must hold all of
   * their evidence); every other item is taken from {@code kept}, what it was computed as before.
   * That equals a full computation when the others' evidence has not changed since and none of it
   * has expired ({@link Mastery#refreshAt}), and {@code recompute} holds the ancestors of its items
   * (see {@link #withAncestors}). {@code recompute} null: every item.
   */
  public static Map<String, Mastery> compute(Framework framework, RuleSet rules, List<Evidence> evidence, Instant asOf,
      Map<String, Mastery> kept, Set<String> recompute) {
    return compute(framework, rules, evidence, asOf, kept, recompute, true);
  }

  /**
   * As {@link #compute(Framework, RuleSet, List, Instant, Map, Set)}, without building explanations
   * (every {@link Mastery#explanation} null): the levels in statement time, at every moment of a
   * person's history, need only levels, times and statements — building and dropping an explanation
   * per moment was about a tenth of the mapper's Java on long histories.
   */
  public static Map<String, Mastery> levels(Framework framework, RuleSet rules, List<Evidence> evidence, Instant asOf,
      Map<String, Mastery> kept, Set<String> recompute) {
    return compute(framework, rules, evidence, asOf, kept, recompute, false);
  }

  private static Map<String, Mastery> compute(Framework framework, RuleSet rules, List<Evidence> evidence, Instant asOf,
      Map<String, Mastery> kept, Set<String> recompute, boolean explain) {
    Map<String, List<Evidence>> byCompetency = new HashMap<>();
    for (Evidence e : evidence) {
      if (e.frameworkId().equals(framework.id()) && framework.items().containsKey(e.competency())) {
        byCompetency.computeIfAbsent(e.competency(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, Mastery> result = new LinkedHashMap<>();
    Map<String, List<String>> children = framework.children();
    for (String item : framework.bottomUp()) {
      if (recompute != null && !recompute.contains(item)) {
        Mastery m = kept.get(item);
        if (m != null) {
          result.put(item, m);
        }
        continue;
      }
      Mastery direct = direct(framework, rules, item, byCompetency.getOrDefault(item, List.of()), asOf, explain);
      List<String> kids = children.getOrDefault(item, List.of());
      Rollup rollup = rules.rollupOf(item);
      if (kids.isEmpty() || rollup.mode().equals("none")) {
        if (direct != null) {
          result.put(item, direct);
        }
        continue;
      }
      Mastery rolled = rollup(framework, item, kids, rollup, result, direct, explain);
      if (rolled != null) {
        result.put(item, rolled);
      }
    }
    return result;
  }

  /** These items of the framework with every item they roll up into. */
  public static Set<String> withAncestors(Framework framework, Set<String> items) {
    Map<String, List<String>> parents = framework.parents();
    Set<String> all = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(items);
    while (!todo.isEmpty()) {
      String item = todo.pop();
      if (all.add(item)) {
        todo.addAll(parents.getOrDefault(item, List.of()));
      }
    }
    return all;
  }

  private static Mastery direct(Framework framework, RuleSet rules, String item, List<Evidence> evidence, Instant asOf,
      boolean explain) {
    if (evidence.isEmpty()) {
      return null;
    }
    List<Evidence> sorted = attribute(evidence);
    boolean[] cancels = cancelledByLater(sorted, rules);
    List<Evidence> surviving = new ArrayList<>();
    List<Evidence> cancelled = new ArrayList<>();
    int expired = 0;
    Instant refreshAt = null;
    for (int i = 0; i < sorted.size(); i++) {
      Evidence e = sorted.get(i);
      if (!e.positive()) {
        continue;
      }
      if (e.expiresAt() != null && !e.expiresAt().isAfter(asOf)) {
        expired++;
        continue;
      }
      refreshAt = min(refreshAt, e.expiresAt());
      if (effective(e, rules) <= 0) {
        continue;
      }
      if (cancels[i]) {
        if (explain && cancelled.size() < LISTED) {
          cancelled.add(e);
        }
        continue;
      }
      surviving.add(e);
    }
    // the highest level with minEvidence surviving positives at or above it
    int max = framework.maxLevel(item);
    int[] atLevel = new int[max + 2];
    for (Evidence e : surviving) {
      atLevel[Math.min(effective(e, rules), max + 1)]++;
    }
    int level = 0;
    for (int l = max, atOrAbove = atLevel[max + 1]; l >= 1; l--) {
      atOrAbove += atLevel[l];
      if (atOrAbove >= rules.minEvidence()) {
        level = l;
        break;
      }
    }
    int supported = level;
    // in time order, as sorted: the newest are its last, the level holds from its minEvidence-th
    List<Evidence> supporters = level == 0 ? List.of()
        : surviving.stream().filter(e -> effective(e, rules) >= supported).toList();
    List<Evidence> newest = new ArrayList<>(supporters.subList(Math.max(0, supporters.size() - LISTED), supporters.size()));
    Collections.reverse(newest);
    List<UUID> ids = new ArrayList<>();
    newest.forEach(e -> ids.add(e.statementId()));
    Instant since = null;
    Instant validUntil = null;
    if (level > 0) {
      since = supporters.get(rules.minEvidence() - 1).at();
      List<Instant> expiries = supporters.stream().map(Evidence::expiresAt).filter(Objects::nonNull).sorted().toList();
      int mustLose = supporters.size() - rules.minEvidence() + 1;
      if (expiries.size() >= mustLose) {
        validUntil = expiries.get(mustLose - 1);
      }
    }
    ObjectNode explanation = explain
        ? explanation(framework, rules, item, level, supporters.size(), newest, cancelled, sorted, expired, validUntil)
        : null;
    return new Mastery(rules.frameworkId(), item, level, level, since, validUntil, ids, refreshAt, explanation);
  }

  /** Why a competency's direct level is what it is: the newest supporting evidence, what was cancelled, expired. */
  private static ObjectNode explanation(Framework framework, RuleSet rules, String item, int level, int supporting,
      List<Evidence> newest, List<Evidence> cancelled, List<Evidence> sorted, int expired, Instant validUntil) {
    ObjectNode explanation = Canonical.object();
    explanation.put("level", level);
    quality(framework, item, level, explanation);
    explanation.put("source", "evidence");
    explanation.put("minEvidence", rules.minEvidence());
    explanation.put("supporting", supporting);
    ArrayNode listed = explanation.putArray("evidence");
    for (Evidence e : newest) {
      ObjectNode json = listed.addObject().put("statementId", e.statementId().toString())
          .put("rule", "rules/" + rules.frameworkId() + "/v" + rules.version() + "#" + e.ruleId())
          .put("level", e.level()).put("at", e.at().toString());
      if (e.selfAsserted()) {
        json.put("selfAsserted", true).put("countedAtLevel", effective(e, rules));
      }
    }
    List<Evidence> negatives = sorted.stream().filter(e -> !e.positive()).toList();
    if (!cancelled.isEmpty()) {
      ArrayNode list = explanation.putArray("cancelled");
      for (Evidence e : cancelled) {
        int at = effective(e, rules);
        Evidence by = negatives.stream().filter(n -> n.at().isAfter(e.at()) && n.level() <= at).findFirst().orElseThrow();
        list.addObject().put("statementId", e.statementId().toString()).put("rule", e.ruleId())
            .put("cancelledBy", by.statementId().toString()).put("cancelledByRule", by.ruleId());
      }
    }
    explanation.put("negative", negatives.size());
    if (expired > 0) {
      explanation.put("expired", expired);
    }
    if (validUntil != null) {
      explanation.put("validUntil", validUntil.toString());
    }
    return explanation;
  }

  /**
   * For each positive of {@code sorted} (in time order), whether negative evidence strictly later in
   * time at or below its effective level cancels it: one backward pass keeping the lowest level of
   * the negatives after the current moment, instead of a search of the negatives per positive.
   */
  private static boolean[] cancelledByLater(List<Evidence> sorted, RuleSet rules) {
    boolean[] cancels = new boolean[sorted.size()];
    int lowestLater = Integer.MAX_VALUE;
    int i = sorted.size() - 1;
    while (i >= 0) {
      Instant t = sorted.get(i).at();
      int first = i;
      while (first > 0 && sorted.get(first - 1).at().equals(t)) {
        first--;
      }
      // negatives at the same moment do not cancel each other's positives: judge the moment first
      for (int k = first; k <= i; k++) {
        Evidence e = sorted.get(k);
        cancels[k] = e.positive() && lowestLater <= effective(e, rules);
      }
      for (int k = first; k <= i; k++) {
        if (!sorted.get(k).positive()) {
          lowestLater = Math.min(lowestLater, sorted.get(k).level());
        }
      }
      i = first - 1;
    }
    return cancels;
  }

  /**
   * One piece of evidence per statement and polarity in a competency: of the rules a statement
   * matches there, a positive counts under the rule giving the highest level, a negative under the
   * one naming the lowest level (it cancels the most); ties go to the smallest rule id. A function
   * of the evidence set alone, never of the order its rows were read in (docs/progression.md,
   * "Attribution"). In time order ({@link Evidence#IN_TIME}), where a statement's pieces of one
   * polarity are neighbours; sorting is linear when the evidence came in time order.
   */
  static List<Evidence> attribute(List<Evidence> evidence) {
    List<Evidence> sorted = new ArrayList<>(evidence);
    sorted.sort(Evidence.IN_TIME);
    List<Evidence> chosen = new ArrayList<>(sorted.size());
    for (Evidence e : sorted) {
      int last = chosen.size() - 1;
      Evidence previous = last < 0 ? null : chosen.get(last);
      if (previous != null && previous.positive() == e.positive() && previous.statementId().equals(e.statementId())) {
        chosen.set(last, preferred(previous, e));
      } else {
        chosen.add(e);
      }
    }
    return chosen;
  }

  private static Evidence preferred(Evidence a, Evidence b) {
    if (a.level() != b.level()) {
      return (a.level() > b.level()) == a.positive() ? a : b;
    }
    return a.ruleId().compareTo(b.ruleId()) <= 0 ? a : b;
  }

  private static int effective(Evidence e, RuleSet rules) {
    return e.selfAsserted() ? Math.min(e.level(), rules.selfAssertedMaxLevel()) : e.level();
  }

  private static Mastery rollup(Framework framework, String item, List<String> kids, Rollup rollup,
      Map<String, Mastery> done, Mastery direct, boolean explain) {
    List<int[]> levels = new ArrayList<>();
    for (int i = 0; i < kids.size(); i++) {
      Mastery m = done.get(kids.get(i));
      levels.add(new int[] {m == null ? 0 : m.level(), i});
    }
    int rolled = switch (rollup.mode()) {
      case "any" -> levels.stream().mapToInt(l -> l[0]).max().orElse(0);
      case "atLeast" -> {
        List<Integer> desc = levels.stream().map(l -> l[0]).sorted(Comparator.reverseOrder()).toList();
        yield rollup.n() <= desc.size() ? desc.get(rollup.n() - 1) : 0;
      }
      case "weighted" -> {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < kids.size(); i++) {
          double w = rollup.weights().getOrDefault(kids.get(i), 1.0);
          sum += w * levels.get(i)[0];
          weights += w;
        }
        yield weights == 0 ? 0 : (int) Math.floor(sum / weights + 1e-9);
      }
      default -> levels.stream().mapToInt(l -> l[0]).min().orElse(0);
    };
    rolled = Math.min(rolled, framework.maxLevel(item));
    int directLevel = direct == null ? 0 : direct.level();
    if (rolled == 0 && direct == null) {
      return null;
    }
    int level = Math.max(directLevel, rolled);
    ObjectNode explanation = null;
    if (explain) {
      explanation = direct == null ? Canonical.object() : direct.explanation().deepCopy();
      explanation.put("level", level);
      quality(framework, item, level, explanation);
      explanation.put("source", rolled > directLevel ? "rollup" : "evidence");
      ObjectNode r = explanation.putObject("rollup").put("mode", rollup.mode()).put("level", rolled);
      if (rollup.mode().equals("atLeast")) {
        r.put("n", rollup.n());
      }
      ArrayNode children = r.putArray("children");
      for (int i = 0; i < kids.size(); i++) {
        children.addObject().put("item", kids.get(i)).put("level", levels.get(i)[0]);
      }
    }
    Instant since = direct == null ? null : direct.since();
    Instant validUntil = direct == null ? null : direct.validUntil();
    List<UUID> statements = new ArrayList<>(direct == null ? List.of() : direct.statements());
    if (rolled > directLevel) {
      since = null;
      validUntil = null;
      statements.clear();
      List<Instant> times = new ArrayList<>();
      for (String kid : kids) {
        Mastery m = done.get(kid);
        if (m != null && m.level() >= rolled) {
          if (m.since() != null) {
            times.add(m.since());
          }
          validUntil = min(validUntil, m.validUntil());
          for (UUID id : m.statements()) {
            if (statements.size() < LISTED && !statements.contains(id)) {
              statements.add(id);
            }
          }
        }
      }
      // when the rollup first held: the last child for "all", the first for "any", the n-th for "atLeast"
      times.sort(null);
      if (!times.isEmpty()) {
        since = switch (rollup.mode()) {
          case "any" -> times.get(0);
          case "atLeast" -> times.get(Math.min(rollup.n(), times.size()) - 1);
          default -> times.get(times.size() - 1);
        };
      }
    }
    return new Mastery(framework.id(), item, level, directLevel, since, validUntil, statements,
        direct == null ? null : direct.refreshAt(), explanation);
  }

  private static void quality(Framework framework, String item, int level, ObjectNode explanation) {
    framework.level(item, level).ifPresent(l -> {
      if (l.quality() != null) {
        explanation.put("quality", l.quality());
      }
    });
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
