package cairn.progression.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SuppressionTest {
  private static Set<String> people(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "p" + i).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void smallGroupsAreSuppressedAndTheirComplementToo() {
    // teams of 10, 8 and 3: hiding only the 3 would let total - 10 - 8 reveal them
    Map<String, Map<String, Set<String>>> dims = new LinkedHashMap<>();
    dims.put("team", Map.of("a", people(0, 10), "b", people(10, 18), "c", people(18, 21)));
    Map<String, Set<String>> released = Suppression.released(dims, 5, 21);
    assertThat(released.get("team")).containsExactly("a");
  }

  @Test
  void aGroupThatDiffersFromNestedGroupsByOnePersonIsSuppressed() {
    // function F = team a (6) + team b (6) + one person in team c (mostly another function)
    Map<String, Map<String, Set<String>>> dims = new LinkedHashMap<>();
    Set<String> f = people(0, 13);
    Set<String> g = people(13, 30);
    dims.put("function", Map.of("F", f, "G", g));
    Set<String> c = people(12, 20);
    dims.put("team", Map.of("a", people(0, 6), "b", people(6, 12), "c", c, "d", people(20, 30)));
    Map<String, Set<String>> released = Suppression.released(dims, 5, 30);
    // F minus (a ∪ b) is one person: F must not be shown with both a and b; the smaller nested
    // group goes, the broad one stays
    assertThat(released.get("function")).contains("F");
    assertThat(released.get("team")).doesNotContain("a").contains("b", "c", "d");
  }

  @Test
  void aPopulationBelowTheMinimumShowsNothing() {
    Map<String, Map<String, Set<String>>> dims = Map.of("team", Map.of("a", people(0, 4)));
    assertThat(Suppression.released(dims, 5, 4).get("team")).isEmpty();
  }

  @Test
  void largeGroupsAreShown() {
    Map<String, Map<String, Set<String>>> dims = new LinkedHashMap<>();
    dims.put("team", Map.of("a", people(0, 10), "b", people(10, 20)));
    dims.put("level", Map.of("1", people(0, 5), "2", people(5, 15), "3", people(15, 20)));
    Map<String, Set<String>> released = Suppression.released(dims, 5, 20);
    assertThat(released.get("team")).containsExactlyInAnyOrder("a", "b");
    assertThat(released.get("level")).containsExactlyInAnyOrder("1", "2", "3");
  }
}
