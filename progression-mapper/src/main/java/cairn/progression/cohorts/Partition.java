package cairn.progression.cohorts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cells every cohort number is a sum of: a k-anonymous partition of the people, computed
 * top-down and categorically (after Mondrian, LeFevre, DeWitt and Ramakrishnan, ICDE 2006), the same
 * for every query. Everyone starts in one cell with every dimension generalised ("*"); for each
 * dimension in a fixed order — team, function, role, level, then the self-declared attributes by
 * name — each cell is split by that dimension's values: a value whose part holds at least k people
 * becomes its own cell; the other parts stay together with the value "*", and when that remainder
 * holds 1 to k−1 people the smallest split part (ties by value) joins it. So every cell holds at
 * least k people, or the population is under k and there are no cells.
 *
 * <p>Written by hand: the rule is a dozen lines, must be exactly what docs/progression.md states, and
 * no maintained Java library offers categorical Mondrian with a fixed dimension order.
 */
public final class Partition {
  /** The value of a dimension a cell does not split on. */
  public static final String ANY = "*";
  /** The fixed dimensions, in the order they are split; self-declared attributes follow. */
  public static final List<String> BASE = List.of("team", "function", "role", "level");
  /** The prefix of a self-declared attribute's dimension ({@code declared.gender}). */
  public static final String DECLARED = "declared.";

  private Partition() {}

  /** A person as the partition sees them: an id and a value per dimension (absent: "(none)"). */
  public record Member(String id, Map<String, String> tuple) {
    public String value(String dimension) {
      return tuple.getOrDefault(dimension, "(none)");
    }
  }

  /**
   * A cell: its key (the dimensions it is split on, with their value; every other dimension is "*")
   * and its members, in id order.
   */
  public record Cell(SortedMap<String, String> key, List<Member> members) {
    /** The cell's value of {@code dimension}: a value, or "*" (not shown separately). */
    public String value(String dimension) {
      return key.getOrDefault(dimension, ANY);
    }
  }

  /** The dimensions of these people, in split order: the fixed ones, then every declared attribute by name. */
  public static List<String> dimensions(Iterable<Member> people) {
    TreeSet<String> declared = new TreeSet<>();
    for (Member m : people) {
      m.tuple().keySet().stream().filter(d -> d.startsWith(DECLARED)).forEach(declared::add);
    }
    List<String> all = new ArrayList<>(BASE);
    all.addAll(declared);
    return all;
  }

  /** The cells of {@code people}, each of at least {@code k}; none when there are fewer than k people. */
  public static List<Cell> of(List<Member> people, int k) {
    if (people.size() < k) {
      return List.of();
    }
    List<Member> sorted = new ArrayList<>(people);
    sorted.sort(Comparator.comparing(Member::id));
    List<Cell> cells = List.of(new Cell(new TreeMap<>(), sorted));
    for (String dimension : dimensions(people)) {
      List<Cell> next = new ArrayList<>();
      for (Cell cell : cells) {
        split(cell, dimension, k, next);
      }
      cells = next;
    }
    return cells;
  }

  private static void split(Cell cell, String dimension, int k, List<Cell> into) {
    TreeMap<String, List<Member>> parts = new TreeMap<>();
    for (Member m : cell.members()) {
      parts.computeIfAbsent(m.value(dimension), v -> new ArrayList<>()).add(m);
    }
    List<String> big = new ArrayList<>();
    List<Member> rest = new ArrayList<>();
    parts.forEach((value, members) -> {
      if (members.size() >= k) {
        big.add(value);
      } else {
        rest.addAll(members);
      }
    });
    if (!rest.isEmpty() && rest.size() < k) {
      // the smallest big part (the first by value among equals) joins the remainder; one suffices
      String smallest = big.stream().min(Comparator.comparingInt((String v) -> parts.get(v).size())
          .thenComparing(Comparator.naturalOrder())).orElseThrow();
      big.remove(smallest);
      rest.addAll(parts.get(smallest));
    }
    for (String value : big) {
      TreeMap<String, String> key = new TreeMap<>(cell.key());
      key.put(dimension, value);
      into.add(new Cell(key, parts.get(value)));
    }
    if (!rest.isEmpty()) {
      rest.sort(Comparator.comparing(Member::id));
      into.add(new Cell(cell.key(), rest));
    }
  }
}
