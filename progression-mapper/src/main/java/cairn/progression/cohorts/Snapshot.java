package cairn.progression.cohorts;

import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One published state of the cohort views, and how the next one is taken from it (pure; see
 * docs/progression.md, "The privacy guarantee").
 *
 * <p>A snapshot publishes, for every person, a <em>record</em> — their directory tuple and their
 * values (levels, milestones, what their next milestone misses, mentoring received) — as of some
 * period, and the {@link Partition} of those records into cells, with each cell's sums. Taking the
 * next snapshot starts from everyone whose current record differs from the published one (joined,
 * left, moved, promoted, any value changed) and publishes their new records unless a cell would
 * then change by 1 to k−1 people (moved in, moved out, or record changed): those people's changes
 * are held back (they stay as published) and the partition is taken again, until every cell
 * changes by 0 or at least k people. A cell that does not change is carried forward as it was,
 * with the period it is as of. With nobody's change published the partition is the previous one,
 * so this ends.
 *
 * @param cells the published cells: key, sums, {@code since} (the period its numbers are as of),
 *     {@code stale} (it holds changes not published yet), {@code hidden} (per dimension it does not
 *     split, its values: only counted, never served)
 * @param people person id → {@code {"cell": key, "r": record}}; never served
 */
public record Snapshot(List<ObjectNode> cells, Map<String, ObjectNode> people) {
  /** An empty history: the first snapshot publishes everyone. */
  public static final Snapshot NONE = new Snapshot(List.of(), Map.of());

  /** What taking a snapshot did: the snapshot, how many changes it published and held back, rounds. */
  public record Taken(Snapshot snapshot, int published, int heldBack, int rounds) {}

  /** A record: {@code {"t": {dimension: value}, "v": {...values}}}. */
  public static ObjectNode record(Map<String, String> tuple, ObjectNode values) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    ObjectNode t = r.putObject("t");
    new TreeMap<>(tuple).forEach(t::put);
    r.set("v", values);
    return r;
  }

  /** The next snapshot, labelled {@code period}, from the current records (person id → record). */
  public Taken next(Map<String, ObjectNode> current, int k, String period) {
    Map<String, ObjectNode> before = new HashMap<>();
    Map<String, String> cellBefore = new HashMap<>();
    people.forEach((id, p) -> {
      before.put(id, (ObjectNode) p.get("r"));
      if (p.path("cell").isTextual()) {
        cellBefore.put(id, p.path("cell").asText());
      }
    });
    Set<String> ids = new TreeSet<>(before.keySet());
    ids.addAll(current.keySet());
    Set<String> wanting = new TreeSet<>();
    for (String id : ids) {
      if (!Objects.equals(before.get(id), current.get(id))) {
        wanting.add(id);
      }
    }
    // who really changed: joined or left the population, or any value changed (the tuple aside)
    Set<String> real = new TreeSet<>();
    for (String id : wanting) {
      ObjectNode was = before.get(id);
      ObjectNode is = current.get(id);
      if (was == null || is == null || !was.get("v").equals(is.get("v"))) {
        real.add(id);
      }
    }
    Set<String> publish = new TreeSet<>(wanting);
    Map<String, ObjectNode> everyone = new HashMap<>(before);
    current.forEach(everyone::put);
    List<String> dimensions = Partition.dimensions(members(everyone));
    Map<String, JsonNode> keys = new HashMap<>();
    int rounds = 0;
    while (true) {
      rounds++;
      Map<String, ObjectNode> shown = published(ids, publish, before, current);
      List<Partition.Cell> cells = Partition.of(members(shown), k);
      Map<String, String> cellAfter = new HashMap<>();
      for (Partition.Cell c : cells) {
        String key = key(c);
        c.members().forEach(m -> cellAfter.put(m.id(), key));
      }
      Map<String, Set<String>> changes = changes(ids, publish, cellBefore, cellAfter);
      Set<String> hold = new TreeSet<>();
      Map<List<String>, Set<String>> movers = new HashMap<>();
      boolean violated = false;
      for (Set<String> changed : changes.values()) {
        long really = changed.stream().filter(id -> publish.contains(id) && real.contains(id)).count();
        Set<String> own = new TreeSet<>(changed);
        own.retainAll(publish);
        // enough real changes; or none at all and at least k people moved by the partition's new
        // shape (their records unchanged: the cell's difference is a sum over them, at least k)
        if (really >= k || own.isEmpty() && changed.size() >= k) {
          continue;
        }
        violated = true;
        if (!own.isEmpty()) {
          hold.addAll(own);
        } else {
          // only people whose own record did not change moved (below)
          for (String mover : changed) {
            movers.computeIfAbsent(node(keys, dimensions, cellBefore.get(mover), cellAfter.get(mover)),
                x -> new TreeSet<>()).add(mover);
          }
        }
      }
      // only people whose own record did not change moved: the partition's shape changed at the
      // node of the partition's tree where their old and new cells part. That node's split
      // depends only on the sizes of its parts (its people by their value of the dimension split
      // there): a mover moved because their own part changed size (crossed k), or else because
      // the remainder of small parts changed size. Hold back the changes, under that node, of
      // the people of those parts; if there are none, of everyone under it.
      for (var e : movers.entrySet()) {
        List<String> node = e.getKey();
        if (node.size() >= dimensions.size()) {
          continue;
        }
        String d = dimensions.get(node.size());
        Map<String, Integer> was = new HashMap<>();
        Map<String, Integer> is = new HashMap<>();
        for (String id : ids) {
          if (under(keys, dimensions, node, cellBefore.get(id))) {
            was.merge(value(before.get(id), d), 1, Integer::sum);
          }
          if (under(keys, dimensions, node, cellAfter.get(id))) {
            is.merge(value(shown.get(id), d), 1, Integer::sum);
          }
        }
        Set<String> resized = new HashSet<>();
        for (String mover : e.getValue()) {
          String v = value(shown.get(mover), d);
          if (!was.getOrDefault(v, 0).equals(is.getOrDefault(v, 0))) {
            resized.add(v);
          } else {
            Set<String> values = new HashSet<>(was.keySet());
            values.addAll(is.keySet());
            for (String other : values) {
              int a = was.getOrDefault(other, 0);
              int b = is.getOrDefault(other, 0);
              if ((a < k ? a : 0) != (b < k ? b : 0)) {
                resized.add(other); // its part is in the remainder, with another size
              }
            }
          }
        }
        Set<String> under = new TreeSet<>();
        Set<String> caused = new TreeSet<>();
        for (String id : publish) {
          if (under(keys, dimensions, node, cellBefore.get(id)) || under(keys, dimensions, node, cellAfter.get(id))) {
            under.add(id);
            if (resized.contains(value(before.get(id), d)) || resized.contains(value(current.get(id), d))) {
              caused.add(id);
            }
          }
        }
        hold.addAll(caused.isEmpty() ? under : caused);
      }
      if (!violated || publish.isEmpty()) {
        // publish empty and still violated: only when k or the partition rule changed since the
        // previous snapshot; the new partition is then published as it is
        Set<String> held = new TreeSet<>(wanting);
        held.removeAll(publish);
        return new Taken(build(cells, shown, cellBefore, changes, held, current, k, period), publish.size(),
            held.size(), rounds);
      }
      publish.removeAll(hold.isEmpty() ? Set.copyOf(publish) : hold);
    }
  }

  private static String value(ObjectNode record, String dimension) {
    return record == null ? "" : record.path("t").path(dimension).asText("(none)");
  }

  /** The values, in split order, that two cells' keys share from the first dimension on: their common node. */
  private static List<String> node(Map<String, JsonNode> keys, List<String> dimensions, String a, String b) {
    List<String> node = new ArrayList<>();
    if (a == null || b == null) {
      return node;
    }
    JsonNode x = keys.computeIfAbsent(a, Json::tree);
    JsonNode y = keys.computeIfAbsent(b, Json::tree);
    for (String d : dimensions) {
      String v = x.path(d).asText(Partition.ANY);
      if (!v.equals(y.path(d).asText(Partition.ANY))) {
        break;
      }
      node.add(v);
    }
    return node;
  }

  private static boolean under(Map<String, JsonNode> keys, List<String> dimensions, List<String> node, String cell) {
    if (cell == null) {
      return false;
    }
    JsonNode key = keys.computeIfAbsent(cell, Json::tree);
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).equals(key.path(dimensions.get(i)).asText(Partition.ANY))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, ObjectNode> published(Set<String> ids, Set<String> publish, Map<String, ObjectNode> before,
      Map<String, ObjectNode> current) {
    Map<String, ObjectNode> shown = new LinkedHashMap<>();
    for (String id : ids) {
      ObjectNode r = publish.contains(id) ? current.get(id) : before.get(id);
      if (r != null) {
        shown.put(id, r);
      }
    }
    return shown;
  }

  private static List<Partition.Member> members(Map<String, ObjectNode> records) {
    List<Partition.Member> members = new ArrayList<>(records.size());
    records.forEach((id, r) -> {
      Map<String, String> tuple = new HashMap<>();
      r.path("t").fields().forEachRemaining(e -> tuple.put(e.getKey(), e.getValue().asText()));
      members.add(new Partition.Member(id, tuple));
    });
    return members;
  }

  /** Per cell key (before or after), the people whose contribution to it changes. */
  private static Map<String, Set<String>> changes(Set<String> ids, Set<String> publish, Map<String, String> cellBefore,
      Map<String, String> cellAfter) {
    Map<String, Set<String>> changes = new HashMap<>();
    for (String id : ids) {
      String was = cellBefore.get(id);
      String is = cellAfter.get(id);
      if (Objects.equals(was, is) && !publish.contains(id)) {
        continue;
      }
      if (was != null) {
        changes.computeIfAbsent(was, x -> new TreeSet<>()).add(id);
      }
      if (is != null) {
        changes.computeIfAbsent(is, x -> new TreeSet<>()).add(id);
      }
    }
    return changes;
  }

  private Snapshot build(List<Partition.Cell> cells, Map<String, ObjectNode> shown, Map<String, String> cellBefore,
      Map<String, Set<String>> changes, Set<String> held, Map<String, ObjectNode> current, int k, String period) {
    Map<String, ObjectNode> previous = new HashMap<>();
    for (ObjectNode c : this.cells) {
      previous.put(c.path("key").toString(), c);
    }
    // the cells that hold a held-back change: where the person is shown, and where they would be
    Set<String> stale = new HashSet<>();
    if (!held.isEmpty()) {
      held.forEach(id -> {
        if (cellBefore.containsKey(id)) {
          stale.add(cellBefore.get(id));
        }
      });
      Map<String, ObjectNode> wanted = new LinkedHashMap<>(shown);
      held.forEach(id -> {
        if (current.get(id) == null) {
          wanted.remove(id);
        } else {
          wanted.put(id, current.get(id));
        }
      });
      for (Partition.Cell c : Partition.of(members(wanted), k)) {
        if (c.members().stream().anyMatch(m -> held.contains(m.id()))) {
          stale.add(key(c));
        }
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    Map<String, ObjectNode> people = new TreeMap<>();
    for (Partition.Cell c : cells) {
      String key = key(c);
      ObjectNode cell = previous.get(key);
      if (cell == null || changes.containsKey(key)) {
        cell = sums(c, shown, period);
      } else {
        cell = cell.deepCopy();
      }
      if (stale.contains(key)) {
        cell.put("stale", true);
      } else {
        cell.remove("stale");
      }
      out.add(cell);
      for (Partition.Member m : c.members()) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("cell", key);
        p.set("r", shown.get(m.id()));
        people.put(m.id(), p);
      }
    }
    // people of a population under k are in no cell, yet their records are what was published
    shown.forEach((id, r) -> {
      if (!people.containsKey(id)) {
        ObjectNode p = Json.MAPPER.createObjectNode().putNull("cell");
        p.set("r", r);
        people.put(id, p);
      }
    });
    return new Snapshot(out, people);
  }

  static String key(Partition.Cell c) {
    return keyNode(c).toString();
  }

  private static ObjectNode keyNode(Partition.Cell c) {
    ObjectNode key = Json.MAPPER.createObjectNode();
    c.key().forEach(key::put);
    return key;
  }

  /** A cell's numbers: the sums of its members' records. */
  private static ObjectNode sums(Partition.Cell c, Map<String, ObjectNode> records, String period) {
    ObjectNode cell = Json.MAPPER.createObjectNode();
    cell.set("key", keyNode(c));
    cell.put("since", period).put("members", c.members().size());
    int participants = 0;
    int sessions = 0;
    int withOutcome = 0;
    Map<String, Map<String, Integer>> levels = new TreeMap<>();
    Map<String, Map<String, Integer>> milestones = new TreeMap<>();
    Map<String, Map<String, Integer>> missing = new TreeMap<>();
    Map<String, Set<String>> hidden = new TreeMap<>();
    for (Partition.Member m : c.members()) {
      JsonNode v = records.get(m.id()).path("v");
      participants += v.path("a").asBoolean() ? 1 : 0;
      sessions += v.path("s").asInt();
      withOutcome += v.path("o").asInt();
      v.path("l").fields().forEachRemaining(f -> f.getValue().fields().forEachRemaining(l -> levels
          .computeIfAbsent(f.getKey(), x -> new TreeMap<>()).merge(l.getKey(), l.getValue().asInt(), Integer::sum)));
      count(v.path("m"), milestones);
      count(v.path("x"), missing);
      m.tuple().forEach((d, value) -> {
        if (!c.key().containsKey(d)) {
          hidden.computeIfAbsent(d, x -> new TreeSet<>()).add(value);
        }
      });
    }
    cell.put("participants", participants).put("sessions", sessions).put("withOutcome", withOutcome);
    cell.set("levels", Json.MAPPER.valueToTree(levels));
    cell.set("milestones", Json.MAPPER.valueToTree(milestones));
    cell.set("missing", Json.MAPPER.valueToTree(missing));
    cell.set("hidden", Json.MAPPER.valueToTree(hidden));
    return cell;
  }

  private static void count(JsonNode byLadder, Map<String, Map<String, Integer>> into) {
    byLadder.fields().forEachRemaining(f -> {
      for (JsonNode id : f.getValue()) {
        into.computeIfAbsent(f.getKey(), x -> new TreeMap<>()).merge(id.asText(), 1, Integer::sum);
      }
    });
  }

  /** The snapshot as stored: {@code cells} and {@code people} columns. */
  public ArrayNode cellsJson() {
    ArrayNode array = Json.MAPPER.createArrayNode();
    cells.forEach(array::add);
    return array;
  }

  public ObjectNode peopleJson() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    people.forEach(json::set);
    return json;
  }

  /** A stored snapshot read back. */
  public static Snapshot of(JsonNode cells, JsonNode people) {
    List<ObjectNode> list = new ArrayList<>();
    cells.forEach(c -> list.add((ObjectNode) c));
    Map<String, ObjectNode> map = new HashMap<>();
    people.fields().forEachRemaining(e -> map.put(e.getKey(), (ObjectNode) e.getValue()));
    return new Snapshot(list, map);
  }
}
