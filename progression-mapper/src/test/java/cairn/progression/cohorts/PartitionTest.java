package cairn.progression.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionTest {
  static Partition.Member person(String id, String team, String function, String role, String level) {
    return new Partition.Member(id, Map.of("team", team, "function", function, "role", role, "level", level));
  }

  static List<Partition.Member> random(long seed, int n) {
    Random random = new Random(seed);
    List<Partition.Member> people = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      people.add(person("p" + i, "t" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 20), "f" + random.nextInt(4),
          "r" + random.nextInt(6), "l" + random.nextInt(5)));
    }
    return people;
  }

  @Test
  void everyCellHoldsAtLeastKAndEveryoneIsInExactlyOne() {
    for (long seed = 1; seed <= 50; seed++) {
      List<Partition.Member> people = random(seed, 20 + (int) seed * 7);
      List<Partition.Cell> cells = Partition.of(people, 5);
      Set<String> seen = new HashSet<>();
      for (Partition.Cell c : cells) {
        assertThat(c.members()).as("seed " + seed + " cell " + c.key()).hasSizeGreaterThanOrEqualTo(5);
        for (Partition.Member m : c.members()) {
          assertThat(seen.add(m.id())).isTrue();
          // a cell's key names values its members really have
          c.key().forEach((d, v) -> assertThat(m.value(d)).isEqualTo(v));
        }
      }
      assertThat(seen).hasSize(people.size());
    }
  }

  @Test
  void theCellsDoNotDependOnTheOrderPeopleComeIn() {
    List<Partition.Member> people = random(7, 300);
    List<Partition.Cell> first = Partition.of(people, 5);
    List<Partition.Member> shuffled = new ArrayList<>(people);
    Collections.shuffle(shuffled, new Random(3));
    assertThat(Partition.of(shuffled, 5)).isEqualTo(first);
  }

  @Test
  void aTeamWithOneOutsiderIsOneCellSoTheOutsiderCannotBeSubtracted() {
    List<Partition.Member> people = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      people.add(person("mixed" + i, "Mixed", "SUP", "agent", "L2"));
      people.add(person("supa" + i, "SupA", "SUP", "agent", "L2"));
    }
    people.add(person("ops", "Mixed", "OPS", "agent", "L2"));
    List<Partition.Cell> cells = Partition.of(people, 5);
    assertThat(cells).hasSize(2);
    Partition.Cell mixed = cells.stream().filter(c -> c.value("team").equals("Mixed")).findFirst().orElseThrow();
    assertThat(mixed.members()).hasSize(6);
    assertThat(mixed.value("function")).as("Mixed's support people are not shown as support").isEqualTo(Partition.ANY);
    assertThat(cells.stream().filter(c -> c.value("function").equals("SUP")).mapToInt(c -> c.members().size()).sum())
        .isEqualTo(5);
  }

  @Test
  void aRemainderUnderKTakesTheSmallestSplitPart() {
    List<Partition.Member> people = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      people.add(person("a" + i, "T", "A", "r", "l"));
    }
    for (int i = 0; i < 6; i++) {
      people.add(person("b" + i, "T", "B", "r", "l"));
    }
    people.add(person("c0", "T", "C", "r", "l"));
    List<Partition.Cell> cells = Partition.of(people, 5);
    assertThat(cells).extracting(c -> c.value("function") + ":" + c.members().size())
        .containsExactlyInAnyOrder("A:8", "*:7");
  }

  @Test
  void fewerThanKPeopleHaveNoCells() {
    assertThat(Partition.of(random(1, 4), 5)).isEmpty();
    assertThat(Partition.of(random(1, 5), 5)).hasSize(1);
  }

  @Test
  void declaredAttributesAreSplitLastSoTheOtherGroupsDoNotDependOnThem() {
    List<Partition.Member> plain = random(11, 400);
    List<Partition.Member> declared = new ArrayList<>();
    Random random = new Random(5);
    for (Partition.Member m : plain) {
      Map<String, String> tuple = new java.util.HashMap<>(m.tuple());
      tuple.put("declared.gender", random.nextBoolean() ? "woman" : "man");
      declared.add(new Partition.Member(m.id(), tuple));
    }
    List<Partition.Cell> without = Partition.of(plain, 5);
    List<Partition.Cell> with = Partition.of(declared, 5);
    assertThat(Partition.dimensions(declared)).containsExactly("team", "function", "role", "level", "declared.gender");
    // every cell with the attribute lies inside one cell without it: the same union for every other group
    for (Partition.Cell c : with) {
      Map<String, String> key = new java.util.TreeMap<>(c.key());
      key.remove("declared.gender");
      assertThat(without.stream().filter(w -> w.key().equals(key)).count()).as(c.key().toString()).isEqualTo(1);
    }
  }
}
