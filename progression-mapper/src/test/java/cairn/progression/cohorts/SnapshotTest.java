package cairn.progression.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Taking snapshots: a cell changes by 0 or at least k people, whatever changed in the directory. */
class SnapshotTest {
  private static ObjectNode record(String team, String level, int t1) {
    ObjectNode values = Json.MAPPER.createObjectNode().put("a", t1 > 0);
    if (t1 > 0) {
      values.putObject("l").putObject("fw").put("T.1", t1);
    }
    return Snapshot.record(Map.of("team", team, "function", "eng", "role", "dev", "level", level), values);
  }

  /** 12 people in team a, 7 in team b, 4 in team c; everyone at level L2 with T.1 at 1. */
  private static Map<String, ObjectNode> directory() {
    Map<String, ObjectNode> people = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      people.put("a" + i, record("a", "L2", 1));
    }
    for (int i = 0; i < 7; i++) {
      people.put("b" + i, record("b", "L2", 1));
    }
    for (int i = 0; i < 4; i++) {
      people.put("c" + i, record("c", "L2", 1));
    }
    return people;
  }

  private static Map<String, ObjectNode> cells(Snapshot s) {
    Map<String, ObjectNode> cells = new HashMap<>();
    s.cells().forEach(c -> cells.put(c.path("key").toString(), c.deepCopy()));
    cells.values().forEach(c -> {
      c.remove("stale");
    });
    return cells;
  }

  @Test
  void oneChangeIsHeldBackAndKChangesArePublished() {
    Map<String, ObjectNode> now = directory();
    Snapshot first = Snapshot.NONE.next(now, 5, "W1").snapshot();
    // one person gains a level: nothing published changes
    now.put("a0", record("a", "L2", 2));
    Snapshot.Taken second = first.next(now, 5, "W2");
    assertThat(second.heldBack()).isEqualTo(1);
    assertThat(cells(second.snapshot())).isEqualTo(cells(first));
    assertThat(second.snapshot().cells()).anyMatch(c -> c.path("stale").asBoolean());
    // four more: five changed, team a's cell shows them
    for (int i = 1; i < 5; i++) {
      now.put("a" + i, record("a", "L2", 2));
    }
    Snapshot third = second.snapshot().next(now, 5, "W3").snapshot();
    ObjectNode a = third.cells().stream().filter(c -> c.path("key").path("team").asText().equals("a")).findFirst()
        .orElseThrow();
    assertThat(a.path("levels").path("fw").path("T.1").asInt()).isEqualTo(12 + 5);
    assertThat(a.path("since").asText()).isEqualTo("W3");
  }

  @Test
  void aJoinerWhoMakesATeamBigEnoughIsHeldBackUntilTheChangeCoversK() {
    Map<String, ObjectNode> now = directory();
    Snapshot first = Snapshot.NONE.next(now, 5, "W1").snapshot();
    assertThat(first.cells()).noneMatch(c -> c.path("key").path("team").asText().equals("c"));
    now.put("c4", record("c", "L2", 3));
    Snapshot.Taken second = first.next(now, 5, "W2");
    assertThat(second.heldBack()).as("team c would appear, taken out of the remainder, by one joiner").isEqualTo(1);
    assertThat(cells(second.snapshot())).isEqualTo(cells(first));
    // meanwhile five of team a gain a level: that is published, the joiner still waits
    for (int i = 0; i < 5; i++) {
      now.put("a" + i, record("a", "L2", 2));
    }
    Snapshot.Taken third = second.snapshot().next(now, 5, "W3");
    assertThat(third.published()).isEqualTo(5);
    assertThat(third.heldBack()).isEqualTo(1);
  }

  @Test
  void aNewBigTeamIsPublishedWhileNewcomersToTheRemainderWait() {
    Map<String, ObjectNode> now = directory();
    Snapshot first = Snapshot.NONE.next(now, 5, "W1").snapshot();
    // the remainder is team c (4) with team b (7) moved in; a new team of 9 and a new team of 2 arrive
    for (int i = 0; i < 9; i++) {
      now.put("d" + i, record("d", "L2", 1));
    }
    now.put("e0", record("e", "L2", 1));
    now.put("e1", record("e", "L2", 1));
    Snapshot.Taken second = first.next(now, 5, "W2");
    assertThat(second.published()).as("team d").isEqualTo(9);
    assertThat(second.heldBack()).as("team e would take team b's place in the remainder").isEqualTo(2);
    assertThat(second.snapshot().cells()).anyMatch(c -> c.path("key").path("team").asText().equals("d"));
  }

  @Test
  void aMoveBetweenTeamsIsHeldBackInBothTeams() {
    Map<String, ObjectNode> now = directory();
    Snapshot first = Snapshot.NONE.next(now, 5, "W1").snapshot();
    now.put("a0", record("b", "L2", 1));
    Snapshot.Taken second = first.next(now, 5, "W2");
    assertThat(second.heldBack()).isEqualTo(1);
    assertThat(cells(second.snapshot())).isEqualTo(cells(first));
  }

  @Test
  void everyCellChangesByZeroOrAtLeastKPeopleOverRandomHistories() {
    java.util.Random random = new java.util.Random(42);
    Map<String, ObjectNode> now = new TreeMap<>();
    for (int i = 0; i < 150; i++) {
      now.put("p" + i, record("t" + random.nextInt(12), "L" + random.nextInt(4), random.nextInt(3)));
    }
    Snapshot s = Snapshot.NONE.next(now, 5, "W0").snapshot();
    int published = 0;
    for (int week = 1; week <= 30; week++) {
      // mostly people gaining levels, some moves, promotions, arrivals and departures
      int changes = random.nextInt(40);
      for (int j = 0; j < changes; j++) {
        String id = "p" + random.nextInt(170);
        ObjectNode was = now.get(id);
        int kind = random.nextInt(10);
        if (kind == 0) {
          now.remove(id);
        } else if (kind <= 2 || was == null) {
          now.put(id, record("t" + random.nextInt(12), "L" + random.nextInt(4), random.nextInt(3)));
        } else {
          now.put(id, record(was.path("t").path("team").asText(), was.path("t").path("level").asText(),
              was.path("v").path("l").path("fw").path("T.1").asInt() + 1));
        }
      }
      Snapshot.Taken taken = s.next(now, 5, "W" + week);
      Snapshot next = taken.snapshot();
      published += taken.published();
      Map<String, java.util.Set<String>> before = members(s);
      Map<String, java.util.Set<String>> after = members(next);
      java.util.Set<String> keys = new java.util.HashSet<>(before.keySet());
      keys.addAll(after.keySet());
      for (String key : keys) {
        java.util.Set<String> changed = new java.util.TreeSet<>();
        java.util.Set<String> was = before.getOrDefault(key, java.util.Set.of());
        java.util.Set<String> is = after.getOrDefault(key, java.util.Set.of());
        for (String id : was) {
          if (!is.contains(id) || !s.people().get(id).get("r").equals(next.people().get(id).get("r"))) {
            changed.add(id);
          }
        }
        for (String id : is) {
          if (!was.contains(id)) {
            changed.add(id);
          }
        }
        // people who joined or left the population or whose values changed: moves alone do not count
        Snapshot was0 = s;
        long real = changed.stream().filter(id -> !was0.people().containsKey(id) || !next.people().containsKey(id)
            || !was0.people().get(id).path("r").path("v").equals(next.people().get(id).path("r").path("v"))).count();
        // or only people whose records did not change, moved by the partition's new shape, five or more
        long recordsChanged = changed.stream().filter(id -> !was0.people().containsKey(id)
            || !next.people().containsKey(id)
            || !was0.people().get(id).path("r").equals(next.people().get(id).path("r"))).count();
        assertThat(changed.isEmpty() || real >= 5 || recordsChanged == 0 && changed.size() >= 5)
            .as("week " + week + " cell " + key + ": " + changed).isTrue();
      }
      for (ObjectNode c : next.cells()) {
        assertThat(c.path("members").asInt()).isGreaterThanOrEqualTo(5);
      }
      s = next;
    }
    assertThat(published).as("changes do get published").isGreaterThan(200);
  }

  @Test
  void tenThousandPeople() {
    java.util.Random random = new java.util.Random(10_000);
    Map<String, ObjectNode> now = new TreeMap<>();
    for (int i = 0; i < 10_000; i++) {
      // teams of about 8 (some of 1 to 4), 6 functions, 12 roles, 6 levels, a level in three competencies
      now.put("p" + i, Snapshot.record(Map.of("team", "t" + random.nextInt(1250), "function", "f" + random.nextInt(6),
          "role", "r" + random.nextInt(12), "level", "L" + random.nextInt(6)), values(random)));
    }
    // each measured once warm (the second of two runs): a server takes snapshots in a warm JVM
    List<Partition.Cell> cells = Partition.of(members(now), 5);
    long start = System.nanoTime();
    cells = Partition.of(members(now), 5);
    long partition = System.nanoTime() - start;
    Snapshot.NONE.next(now, 5, "W1");
    start = System.nanoTime();
    Snapshot.Taken first = Snapshot.NONE.next(now, 5, "W1");
    long firstMs = System.nanoTime() - start;
    for (int i = 0; i < 300; i++) {
      String id = "p" + random.nextInt(10_000);
      ObjectNode was = now.get(id);
      now.put(id, Snapshot.record(Map.of("team", was.path("t").path("team").asText(), "function", "f0", "role", "r0",
          "level", "L" + random.nextInt(6)), values(random)));
    }
    start = System.nanoTime();
    Snapshot.Taken second = first.snapshot().next(now, 5, "W2");
    long secondMs = System.nanoTime() - start;
    System.out.printf("10,000 people: partition %d ms (%d cells); first snapshot %d ms; second snapshot (300 changed: "
        + "%d published, %d held back, %d rounds) %d ms; stored cells %d KB, records %d KB%n", partition / 1_000_000,
        cells.size(), firstMs / 1_000_000, second.published(), second.heldBack(), second.rounds(), secondMs / 1_000_000,
        second.snapshot().cellsJson().toString().length() / 1024, second.snapshot().peopleJson().toString().length() / 1024);
    assertThat(cells).allMatch(c -> c.members().size() >= 5);
    assertThat(second.snapshot().cells()).allMatch(c -> c.path("members").asInt() >= 5);
  }

  private static ObjectNode values(java.util.Random random) {
    ObjectNode v = Json.MAPPER.createObjectNode().put("a", true);
    ObjectNode l = v.putObject("l").putObject("fw");
    for (int c = 1; c <= 3; c++) {
      l.put("T." + c, random.nextInt(4));
    }
    v.putObject("m").putArray("ladder").add("m" + random.nextInt(3));
    return v;
  }

  private static List<Partition.Member> members(Map<String, ObjectNode> records) {
    List<Partition.Member> list = new java.util.ArrayList<>();
    records.forEach((id, r) -> {
      Map<String, String> tuple = new HashMap<>();
      r.path("t").fields().forEachRemaining(e -> tuple.put(e.getKey(), e.getValue().asText()));
      list.add(new Partition.Member(id, tuple));
    });
    return list;
  }

  private static Map<String, java.util.Set<String>> members(Snapshot s) {
    Map<String, java.util.Set<String>> cells = new HashMap<>();
    s.people().forEach((id, p) -> {
      if (p.path("cell").isTextual()) {
        cells.computeIfAbsent(p.path("cell").asText(), x -> new java.util.TreeSet<>()).add(id);
      }
    });
    return cells;
  }

  @Test
  void aCellWithoutChangesIsCarriedForwardAsItWas() {
    Map<String, ObjectNode> now = directory();
    Snapshot first = Snapshot.NONE.next(now, 5, "W1").snapshot();
    Snapshot second = first.next(now, 5, "W2").snapshot();
    assertThat(second.cells()).isEqualTo(first.cells());
    assertThat(List.copyOf(second.people().keySet())).containsExactlyInAnyOrderElementsOf(first.people().keySet());
  }
}
