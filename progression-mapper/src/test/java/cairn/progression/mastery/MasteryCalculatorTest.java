package cairn.progression.mastery;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.TestData;
import cairn.progression.frameworks.CasePackage;
import cairn.progression.frameworks.Framework;
import cairn.progression.rules.RuleSet;
import cairn.web.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MasteryCalculatorTest {
  private static final TestData DATA = new TestData("mastery.example", 1, 10, 2, 1);
  private static final Framework FRAMEWORK = CasePackage.parse(DATA.framework(), 1);
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private final List<Evidence> evidence = new ArrayList<>();

  private RuleSet rules(String extra) {
    return RuleSet.parse(Json.parse(("{" + extra + "'rules': [{'id': 'r', 'competency': 'T.1', 'level': 1}]}")
        .replace("'", "\"")), FRAMEWORK, 1);
  }

  private void add(String code, int level, boolean positive, int day, boolean self, Integer validDays) {
    evidence.add(new Evidence("mbox:mailto:a@x", FRAMEWORK.id(), "r", DATA.item(code), level, positive, self, validDays,
        UUID.nameUUIDFromBytes((code + level + positive + day).getBytes()), T0.plusSeconds(day * 86_400L)));
  }

  private Map<String, Mastery> compute(RuleSet rules) {
    return MasteryCalculator.compute(FRAMEWORK, rules, evidence, T0.plusSeconds(400 * 86_400L));
  }

  @Test
  void levelIsTheHighestSupportedAndNegativeEvidenceCancelsEarlierPositives() {
    add("T.1", 2, true, 1, false, null);
    add("T.1", 3, true, 2, false, null);
    add("T.1", 3, false, 3, false, null); // failed an Advanced assessment after passing it
    Mastery m = compute(rules("")).get(DATA.item("T.1"));
    assertThat(m.level()).isEqualTo(2);
    assertThat(m.explanation().path("cancelled")).hasSize(1);
    assertThat(m.explanation().path("quality").asText()).isEqualTo("Practitioner");
    add("T.1", 3, true, 4, false, null); // passed again later
    assertThat(compute(rules("")).get(DATA.item("T.1")).level()).isEqualTo(3);
  }

  @Test
  void aStatementMatchingSeveralRulesCountsOnceUnderTheSameRuleWhateverTheOrder() {
    UUID statement = UUID.nameUUIDFromBytes("both".getBytes());
    Evidence practitioner = new Evidence("mbox:mailto:a@x", FRAMEWORK.id(), "distributed-systems", DATA.item("T.1"), 2,
        true, false, null, statement, T0);
    Evidence advanced = new Evidence("mbox:mailto:a@x", FRAMEWORK.id(), "distributed-systems-distinction",
        DATA.item("T.1"), 3, true, false, null, statement, T0);
    Evidence tie = new Evidence("mbox:mailto:a@x", FRAMEWORK.id(), "another-advanced", DATA.item("T.1"), 3, true, false,
        null, statement, T0);
    RuleSet rules = RuleSet.parse(Json.parse("{\"minEvidence\": 2, \"rules\": [{\"id\": \"r\", \"competency\": \"T.1\", \"level\": 1}]}"),
        FRAMEWORK, 1);
    String first = null;
    for (List<Evidence> order : List.of(List.of(practitioner, advanced, tie), List.of(tie, advanced, practitioner),
        List.of(advanced, practitioner, tie))) {
      Mastery m = MasteryCalculator.compute(FRAMEWORK, rules, order, T0.plusSeconds(86_400)).get(DATA.item("T.1"));
      // one statement is one piece of evidence: minEvidence 2 is not met by it alone
      assertThat(m.level()).isZero();
      Mastery one = MasteryCalculator.compute(FRAMEWORK, rules("'minEvidence': 1,"), order, T0.plusSeconds(86_400))
          .get(DATA.item("T.1"));
      assertThat(one.level()).isEqualTo(3);
      assertThat(one.explanation().path("evidence").get(0).path("rule").asText())
          .endsWith("#another-advanced"); // the highest level, then the smallest rule id
      first = first == null ? one.explanation().toString() : first;
      assertThat(one.explanation().toString()).isEqualTo(first);
    }
  }

  @Test
  void selfAssertedEvidenceIsCapped() {
    add("T.1", 4, true, 1, true, null);
    assertThat(compute(rules("")).get(DATA.item("T.1")).level()).isEqualTo(1);
    assertThat(compute(rules("'selfAssertedMaxLevel': 0,")).get(DATA.item("T.1")).level()).isZero();
  }

  @Test
  void expiredEvidenceDoesNotCountAndMinEvidenceIsHonoured() {
    add("T.1", 2, true, 1, false, 30);
    assertThat(compute(rules("")).get(DATA.item("T.1")).level()).isZero();
    evidence.clear();
    add("T.1", 2, true, 1, false, null);
    assertThat(compute(rules("'minEvidence': 2,")).get(DATA.item("T.1")).level()).isZero();
    add("T.1", 3, true, 5, false, null);
    Mastery m = compute(rules("'minEvidence': 2,")).get(DATA.item("T.1"));
    assertThat(m.level()).isEqualTo(2);
    assertThat(m.since()).isEqualTo(T0.plusSeconds(5 * 86_400L));
  }

  @Test
  void parentsRollUpFromChildren() {
    add("T.1", 2, true, 1, false, null);
    add("T.2", 3, true, 1, false, null);
    add("T.3", 1, true, 1, false, null);
    String t = DATA.item("T");
    assertThat(compute(rules("'rollup': {'default': 'all'},"))).doesNotContainKey(t);
    assertThat(compute(rules("'rollup': {'default': 'any'},")).get(t).level()).isEqualTo(3);
    assertThat(compute(rules("'rollup': {'default': {'mode': 'atLeast', 'n': 2}},")).get(t).level()).isEqualTo(2);
    assertThat(compute(rules("'rollup': {'default': {'mode': 'atLeast', 'n': 3}},")).get(t).level()).isEqualTo(1);
    // weighted mean of 2, 3, 1, 0 with weights 1, 1, 1, 1 = 1.5 -> 1; with T.2 weighted 5: (2+15+1)/8 = 2.25 -> 2
    assertThat(compute(rules("'rollup': {'default': 'weighted'},")).get(t).level()).isEqualTo(1);
    assertThat(compute(rules("'rollup': {'default': {'mode': 'weighted', 'weights': {'T.2': 5}}},")).get(t).level())
        .isEqualTo(2);
    Mastery rolled = compute(rules("'rollup': {'default': 'any'},")).get(t);
    assertThat(rolled.explanation().path("source").asText()).isEqualTo("rollup");
    assertThat(rolled.explanation().path("rollup").path("children")).hasSize(4);
    assertThat(rolled.statements()).isNotEmpty();
  }

  @Test
  void aPositiveIsCancelledExactlyByALaterNegativeAtOrBelowItsLevel() {
    Random random = new Random(5);
    RuleSet rules = rules("'minEvidence': 2, 'selfAssertedMaxLevel': 2,");
    String item = DATA.item("T.1");
    for (int round = 0; round < 500; round++) {
      evidence.clear();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        // few distinct days: many pieces share a moment, where a negative does not cancel
        evidence.add(new Evidence("mbox:mailto:a@x", FRAMEWORK.id(), "r", item, 1 + random.nextInt(4),
            random.nextInt(3) > 0, random.nextInt(5) == 0, null, UUID.nameUUIDFromBytes(("c" + round + "-" + i).getBytes()),
            T0.plusSeconds(86_400L * random.nextInt(8))));
      }
      // the definition, one piece against every negative
      List<Integer> surviving = new ArrayList<>();
      int cancelled = 0;
      for (Evidence e : evidence) {
        int level = e.selfAsserted() ? Math.min(e.level(), 2) : e.level();
        if (!e.positive()) {
          continue;
        }
        boolean byLater = evidence.stream().anyMatch(x -> !x.positive() && x.at().isAfter(e.at()) && x.level() <= level);
        if (byLater) {
          cancelled++;
        } else {
          surviving.add(level);
        }
      }
      int expected = 0;
      for (int l = 4; l >= 1; l--) {
        int wanted = l;
        if (surviving.stream().filter(v -> v >= wanted).count() >= 2) {
          expected = l;
          break;
        }
      }
      Mastery m = MasteryCalculator.compute(FRAMEWORK, rules, evidence, T0.plusSeconds(400 * 86_400L)).get(item);
      assertThat(m.level()).as("round %d", round).isEqualTo(expected);
      assertThat(m.explanation().path("cancelled").size()).isEqualTo(Math.min(cancelled, MasteryCalculator.LISTED));
      for (var c : m.explanation().path("cancelled")) {
        Evidence by = evidence.stream().filter(x -> x.statementId().toString().equals(c.path("cancelledBy").asText()))
            .findFirst().orElseThrow();
        Evidence e = evidence.stream().filter(x -> x.statementId().toString().equals(c.path("statementId").asText()))
            .findFirst().orElseThrow();
        assertThat(by.positive()).isFalse();
        assertThat(by.at()).isAfter(e.at());
      }
    }
  }

  @Test
  void levelsWithoutExplanationsAreTheLevelsOfTheFullComputation() {
    Random random = new Random(11);
    List<String> codes = List.of("T", "T.1", "T.2", "T.3", "T.4");
    List<String> rollups = List.of("'all'", "'any'", "{'mode': 'atLeast', 'n': 2}", "'weighted'", "'none'");
    for (int round = 0; round < 300; round++) {
      evidence.clear();
      RuleSet rules = rules("'minEvidence': " + (1 + random.nextInt(2)) + ", 'selfAssertedMaxLevel': " + random.nextInt(3)
          + ", 'rollup': {'default': " + rollups.get(random.nextInt(rollups.size())) + "},");
      int n = random.nextInt(30);
      for (int i = 0; i < n; i++) {
        evidence.add(new Evidence("mbox:mailto:a@x", FRAMEWORK.id(), "r" + random.nextInt(2),
            DATA.item(codes.get(random.nextInt(codes.size()))), 1 + random.nextInt(4), random.nextInt(4) > 0,
            random.nextInt(5) == 0, random.nextInt(3) == 0 ? 1 + random.nextInt(200) : null,
            UUID.nameUUIDFromBytes(("l" + round + "-" + random.nextInt(n)).getBytes()),
            T0.plusSeconds(86_400L * random.nextInt(300))));
      }
      Instant asOf = T0.plusSeconds(86_400L * random.nextInt(400));
      Map<String, Mastery> full = MasteryCalculator.compute(FRAMEWORK, rules, evidence, asOf);
      Map<String, Mastery> levels = MasteryCalculator.levels(FRAMEWORK, rules, evidence, asOf, Map.of(), null);
      assertThat(levels.keySet()).as("round %d", round).isEqualTo(full.keySet());
      for (Mastery m : full.values()) {
        Mastery l = levels.get(m.competency());
        assertThat(l.explanation()).isNull();
        assertThat(new Mastery(l.frameworkId(), l.competency(), l.level(), l.directLevel(), l.since(), l.validUntil(),
            l.statements(), l.refreshAt(), m.explanation())).as("round %d, %s", round, m.competency()).isEqualTo(m);
      }
    }
  }
}
