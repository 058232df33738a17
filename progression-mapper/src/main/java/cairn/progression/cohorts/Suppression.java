package cairn.progression.cohorts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which groups an aggregate view may show so that no answer, and no difference of answers, singles
 * out fewer than {@code k} people. Decided over every dimension at once (the same decision answers
 * every query, so two queries cannot disagree):
 *
 * <ol>
 *   <li>a group smaller than k is suppressed;
 *   <li>within a dimension, the suppressed groups together hold 0 or at least k people (else the
 *       total minus the shown groups would reveal them): the smallest shown groups are added;
 *   <li>across dimensions, a shown group g minus the shown groups of another dimension that lie
 *       inside g must be empty or hold at least k people (teams inside a function, say): else g
 *       is suppressed.
 * </ol>
 *
 * Repeated until nothing changes; suppression only grows, so it ends.
 */
public final class Suppression {
  private Suppression() {}

  /** @param dimensions dimension → group → members; every dimension partitions the same population */
  public static Map<String, Set<String>> released(Map<String, Map<String, Set<String>>> dimensions, int k,
      int population) {
    Map<String, Set<String>> released = new LinkedHashMap<>();
    for (var d : dimensions.entrySet()) {
      Set<String> shown = new LinkedHashSet<>();
      if (population >= k) {
        d.getValue().forEach((group, members) -> {
          if (members.size() >= k) {
            shown.add(group);
          }
        });
      }
      released.put(d.getKey(), shown);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (var d : dimensions.entrySet()) {
        Set<String> shown = released.get(d.getKey());
        while (true) {
          int hidden = population - shown.stream().mapToInt(g -> d.getValue().get(g).size()).sum();
          if (hidden == 0 || hidden >= k || shown.isEmpty()) {
            break;
          }
          String smallest = shown.stream().min(Comparator.comparingInt((String g) -> d.getValue().get(g).size())
              .thenComparing(g -> g)).get();
          shown.remove(smallest);
          changed = true;
        }
      }
      for (var d : dimensions.entrySet()) {
        for (var e : dimensions.entrySet()) {
          if (d.getKey().equals(e.getKey())) {
            continue;
          }
          for (String g : new ArrayList<>(released.get(d.getKey()))) {
            Set<String> members = d.getValue().get(g);
            Set<String> covered = new HashSet<>();
            String smallest = null;
            for (String h : released.get(e.getKey())) {
              Set<String> inner = e.getValue().get(h);
              if (members.containsAll(inner)) {
                covered.addAll(inner);
                if (smallest == null || inner.size() < e.getValue().get(smallest).size()
                    || inner.size() == e.getValue().get(smallest).size() && h.compareTo(smallest) < 0) {
                  smallest = h;
                }
              }
            }
            int rest = members.size() - covered.size();
            if (!covered.isEmpty() && rest > 0 && rest < k) {
              // hide the smallest nested group (at least k people, so the difference grows to k or
              // more) rather than the large one, which keeps the broad aggregates visible
              released.get(e.getKey()).remove(smallest);
              changed = true;
            }
          }
        }
      }
    }
    return released;
  }

  static List<String> dimensions() {
    return List.of("team", "role", "function", "level");
  }
}
