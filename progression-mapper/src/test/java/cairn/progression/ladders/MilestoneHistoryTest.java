package cairn.progression.ladders;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.TestData;
import cairn.progression.frameworks.CasePackage;
import cairn.progression.frameworks.Framework;
import cairn.progression.mastery.Evidence;
import cairn.progression.mastery.Mastery;
import cairn.progression.mastery.MasteryCalculator;
import cairn.progression.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link MilestoneHistory#firstReached} carries levels from one moment to the next and skips the
 * moments at which nothing sought can hold; its answer must be the definition's: the first moment at
 * which the milestone holds, evaluated from scratch with the evidence, sessions and endorsements as
 * they stood then — also when it carries on from the levels at an earlier moment. Checked on random
 * histories (negative evidence, expiry, self-assertion, mentoring given and received with and without
 * outcomes, endorsements) against that definition.
 */
class MilestoneHistoryTest {
  private static final TestData DATA = new TestData("history.example", 1, 10, 2, 1);
  private static final Framework FRAMEWORK = CasePackage.parse(DATA.framework(), 1);
  private static final RuleSet RULES = RuleSet.parse(DATA.rules(), FRAMEWORK, 1);
  private static final Ladder LADDER = Ladder.parse(DATA.ladder(), FRAMEWORK, 1);
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final List<String> CODES = List.of("T", "T.1", "T.2", "T.3", "T.4", "L", "L.1", "L.2", "L.3");

  @Test
  void firstReachedEqualsTheFirstMomentAtWhichTheMilestoneHoldsEvaluatedFromScratch() {
    Random random = new Random(17);
    int reachedSomewhere = 0;
    for (int person = 0; person < 300; person++) {
      List<Evidence> evidence = new ArrayList<>();
      int n = random.nextInt(60);
      for (int i = 0; i < n; i++) {
        String code = CODES.get(random.nextInt(CODES.size()));
        boolean positive = random.nextInt(5) > 0;
        // a few statements share a moment, a few count in two competencies
        Instant at = T0.plusSeconds(3600L * random.nextInt(400));
        UUID id = UUID.nameUUIDFromBytes(("s" + person + "-" + (random.nextInt(8) == 0 ? i / 2 : i)).getBytes());
        evidence.add(new Evidence("mbox:mailto:p@x", FRAMEWORK.id(), "r" + random.nextInt(3), DATA.item(code),
            1 + random.nextInt(3), positive, random.nextInt(10) == 0, random.nextInt(6) == 0 ? 7 : null, id, at));
      }
      List<Credit.Session> sessions = new ArrayList<>();
      int s = random.nextInt(10);
      for (int i = 0; i < s; i++) {
        Instant at = T0.plusSeconds(3600L * random.nextInt(400));
        Instant outcome = random.nextBoolean() ? at.plusSeconds(3600L * random.nextInt(50)) : null;
        sessions.add(new Credit.Session("k" + random.nextInt(6), random.nextInt(4) > 0, "mbox:mailto:o@x",
            DATA.item("L.1"), at, UUID.nameUUIDFromBytes(("m" + person + "-" + i).getBytes()), outcome,
            random.nextBoolean()));
      }
      List<Credit.Endorsement> endorsements = new ArrayList<>();
      int e = random.nextInt(4);
      for (int i = 0; i < e; i++) {
        endorsements.add(new Credit.Endorsement("e" + random.nextInt(3), DATA.item("T.1"),
            T0.plusSeconds(3600L * random.nextInt(400)), UUID.nameUUIDFromBytes(("e" + person + "-" + i).getBytes())));
      }
      Collections.shuffle(evidence, random);
      Map<String, MilestoneHistory.First> ever = byDefinition(evidence, sessions, endorsements);
      // a round looks from a moment on for milestones not reached before it (firstReached's contract)
      Instant from = random.nextInt(3) == 0 ? null : T0.plusSeconds(3600L * random.nextInt(400));
      Set<String> wanted = new HashSet<>();
      for (Ladder.Milestone m : LADDER.milestones()) {
        boolean before = from != null && ever.containsKey(m.id()) && ever.get(m.id()).at().isBefore(from);
        if (!before && random.nextInt(4) > 0) {
          wanted.add(m.id());
        }
      }
      Map<String, MilestoneHistory.First> expected = new LinkedHashMap<>(ever);
      expected.keySet().retainAll(wanted);
      Map<String, MilestoneHistory.First> found = MilestoneHistory.firstReached(LADDER, FRAMEWORK, RULES,
          evidence, sessions, endorsements, from, wanted);
      if (from != null && random.nextBoolean()) {
        // carried on from the levels at an earlier moment, as a round does for statements in time order
        Instant startAt = from.minusSeconds(1 + 3600L * random.nextInt(100));
        Map<String, Mastery> start = MilestoneHistory.levelsAt(FRAMEWORK, RULES, evidence, null, null, startAt);
        found = MilestoneHistory.firstReached(LADDER, FRAMEWORK, RULES, evidence, sessions, endorsements, from, wanted,
            start, startAt);
      }
      assertThat(found.keySet()).as("person %d", person).isEqualTo(expected.keySet());
      for (String id : expected.keySet()) {
        assertThat(found.get(id).at()).as("person %d, %s", person, id).isEqualTo(expected.get(id).at());
        assertThat(found.get(id).validUntil()).isEqualTo(expected.get(id).validUntil());
        assertThat(found.get(id).reached().explanation()).isEqualTo(expected.get(id).reached().explanation());
        assertThat(found.get(id).reached().evidence()).isEqualTo(expected.get(id).reached().evidence());
      }
      reachedSomewhere += found.size();
    }
    assertThat(reachedSomewhere).as("milestones reached over all histories").isGreaterThan(50);
  }

  /**
   * The definition: every moment at which anything happened — not only the positive events
   * firstReached looks at, since the state gains nothing at the others —, each evaluated from scratch.
   */
  private static Map<String, MilestoneHistory.First> byDefinition(List<Evidence> evidence,
      List<Credit.Session> sessions, List<Credit.Endorsement> endorsements) {
    TreeSet<Instant> moments = new TreeSet<>();
    evidence.forEach(e -> moments.add(e.at()));
    sessions.forEach(s -> moments.add(s.at()));
    sessions.stream().map(Credit.Session::outcomeAt).filter(Objects::nonNull).forEach(moments::add);
    endorsements.forEach(e -> moments.add(e.at()));
    Map<String, MilestoneHistory.First> found = new LinkedHashMap<>();
    for (Instant t : moments) {
      Map<String, Mastery> levels = MasteryCalculator.compute(FRAMEWORK, RULES,
          evidence.stream().filter(e -> !e.at().isAfter(t)).toList(), t);
      List<Credit.Session> then = new ArrayList<>();
      for (Credit.Session s : sessions) {
        if (!s.at().isAfter(t)) {
          then.add(new Credit.Session(s.sessionKey(), s.given(), s.counterpart(), s.competency(), s.at(),
              s.statementId(), s.outcomeAt() != null && !s.outcomeAt().isAfter(t) ? s.outcomeAt() : null, s.recorded()));
        }
      }
      MilestoneEvaluator.Result result = MilestoneEvaluator.evaluate(LADDER, FRAMEWORK, RULES, levels, then,
          endorsements.stream().filter(e -> !e.at().isAfter(t)).toList());
      for (MilestoneEvaluator.Reached r : result.reached()) {
        String id = r.milestone().id();
        if (!found.containsKey(id)) {
          Instant until = null;
          for (Ladder.CompetencyRequirement req : r.milestone().competencies()) {
            Instant v = levels.get(req.item()).validUntil();
            until = v != null && (until == null || v.isBefore(until)) ? v : until;
          }
          r.explanation().put("reachedAt", t.toString());
          if (until != null) {
            r.explanation().put("validUntil", until.toString());
          }
          found.put(id, new MilestoneHistory.First(r, t, until));
        }
      }
    }
    return found;
  }
}
