package cairn.progression.frameworks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a capability framework, compiled from a CASE 1.1 CFPackage (1EdTech CASE 1.1
 * Information Model §4: CFDocument, CFItem, CFAssociation, CFRubric): its items by URI, the
 * parent/child tree from {@code isChildOf} associations (origin is the child, destination the
 * parent), and the rubric levels that apply to each item. {@code tree} is derived from the items
 * and associations once, when the framework is built: levels are computed against it at every
 * moment of every person's history.
 */
public record Framework(
    String id,
    int version,
    String uri,
    String title,
    Map<String, Item> items,
    List<Association> associations,
    Map<String, List<Level>> levelsByItem,
    List<Level> defaultLevels,
    Tree tree) {

  /** A CFItem: the competency. */
  public record Item(String identifier, String uri, String fullStatement, String humanCodingScheme, String type) {
    public String label() {
      return humanCodingScheme == null ? fullStatement : humanCodingScheme + " " + fullStatement;
    }
  }

  /** A CFAssociation, origin → destination. */
  public record Association(String type, String origin, String destination, Integer sequence) {}

  /** A CFRubricCriterionLevel, numbered from 1 in rubric order. */
  public record Level(int number, String quality, String description, Double score) {}

  /** The item tree: children by parent, parents by child, items children before parents. */
  public record Tree(Map<String, List<String>> children, Map<String, List<String>> parents, List<String> bottomUp) {
    static Tree of(Map<String, Item> items, List<Association> associations) {
      Map<String, List<String>> children = new LinkedHashMap<>();
      Map<String, List<String>> parents = new LinkedHashMap<>();
      for (Association a : associations) {
        if ("isChildOf".equals(a.type()) && items.containsKey(a.origin()) && items.containsKey(a.destination())) {
          children.computeIfAbsent(a.destination(), k -> new ArrayList<>()).add(a.origin());
          parents.computeIfAbsent(a.origin(), k -> new ArrayList<>()).add(a.destination());
        }
      }
      List<String> order = new ArrayList<>();
      java.util.Set<String> done = new java.util.HashSet<>();
      for (String uri : items.keySet()) {
        visit(uri, children, done, order);
      }
      return new Tree(frozen(children), frozen(parents), List.copyOf(order));
    }

    private static Map<String, List<String>> frozen(Map<String, List<String>> map) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return Collections.unmodifiableMap(copy);
    }
  }

  public Framework {
    items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    associations = List.copyOf(associations);
    levelsByItem = Map.copyOf(levelsByItem);
    defaultLevels = List.copyOf(defaultLevels);
  }

  public Framework(String id, int version, String uri, String title, Map<String, Item> items,
      List<Association> associations, Map<String, List<Level>> levelsByItem, List<Level> defaultLevels) {
    this(id, version, uri, title, items, associations, levelsByItem, defaultLevels, Tree.of(items, associations));
  }

  /** The same framework content under another version number. */
  public Framework withVersion(int newVersion) {
    return new Framework(id, newVersion, uri, title, items, associations, levelsByItem, defaultLevels, tree);
  }

  /** An item by URI, identifier or human coding scheme. */
  public Optional<Item> find(String reference) {
    Item byUri = items.get(reference);
    if (byUri != null) {
      return Optional.of(byUri);
    }
    return items.values().stream()
        .filter(i -> reference.equals(i.identifier()) || reference.equals(i.humanCodingScheme()))
        .findFirst();
  }

  /** The rubric levels of an item: its own criterion's, else the framework's default criterion's. */
  public List<Level> levels(String itemUri) {
    return levelsByItem.getOrDefault(itemUri, defaultLevels);
  }

  /** The highest level an item can reach (5 when the framework has no rubric for it). */
  public int maxLevel(String itemUri) {
    List<Level> levels = levels(itemUri);
    return levels.isEmpty() ? 5 : levels.size();
  }

  public Optional<Level> level(String itemUri, int number) {
    return levels(itemUri).stream().filter(l -> l.number() == number).findFirst();
  }

  /** Children by parent URI, from isChildOf associations between items of this framework. */
  public Map<String, List<String>> children() {
    return tree.children();
  }

  /** Parents by child URI (an item may have more than one). */
  public Map<String, List<String>> parents() {
    return tree.parents();
  }

  /** Items ordered children before parents (the tree is checked acyclic on import). */
  public List<String> bottomUp() {
    return tree.bottomUp();
  }

  private static void visit(String uri, Map<String, List<String>> children, java.util.Set<String> done, List<String> order) {
    if (!done.add(uri)) {
      return;
    }
    for (String child : children.getOrDefault(uri, List.of())) {
      visit(child, children, done, order);
    }
    order.add(uri);
  }
}
