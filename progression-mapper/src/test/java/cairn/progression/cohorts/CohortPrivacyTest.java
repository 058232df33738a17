package cairn.progression.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.ProgressionServer;
import cairn.progression.TestData;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The attacks on cohort views, run as an analyst would run them — every dimension's answer fetched
 * over HTTP, the numbers added and subtracted — against directories built to make them work, and
 * the guarantee checked directly: every shown group is a union of cells of at least k people, so no
 * combination of shown groups weights fewer than k people alike; over time, a group's numbers do not
 * move for one person's change, and do move once k people changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CohortPrivacyTest {
  private static final int K = 5;
  private static final List<String> DIMENSIONS = List.of("team", "function", "role", "level");
  private static ProgressionServer server;
  private static TestData data;
  private static String tag;
  private static String xapi;
  /** person id → the courses they passed (what their levels and milestones come from). */
  private static final Map<String, List<String>> PASSED = new TreeMap<>();

  @BeforeAll
  static void start() {
    server = new ProgressionServer("cohort-privacy-" + System.nanoTime());
    data = new TestData(TestData.domain("cohorts"), 5, 10, 2, 1);
    server.define(data);
    xapi = server.xapiCredential();
    tag = Long.toHexString(System.nanoTime());
    ArrayNode directory = Json.MAPPER.createArrayNode();
    // attack 1: a team of five support people and one operations person, and a team of support people
    for (int i = 0; i < 5; i++) {
      directory.add(person("mixed" + i, "Mixed", "SUP", "Agent", "L2", i % 2 == 0 ? List.of("code") : List.of()));
      directory.add(person("supa" + i, "SupA", "SUP", "Agent", "L2", i < 2 ? List.of("code") : List.of()));
    }
    directory.add(person("ops", "Mixed", "OPS", "Agent", "L2", List.of("secure", "code", "oncall")));
    for (int i = 0; i < 5; i++) {
      directory.add(person("opsb" + i, "OpsB", "OPS", "Operator", "L3", List.of()));
      directory.add(person("engx" + i, "EngX", "ENG", "Engineer", "L3", List.of("distributed")));
      directory.add(person("engy" + i, "EngY", "ENG", "Engineer", "L4", List.of("distributed", "secure")));
    }
    // attack 2: four teams covering everyone once (by team, role and function), levels L1 a group of four
    String[][] teams = {{"Data", "DAT", "Analyst"}, {"Help", "SUPF", "Support"}, {"Build", "ENG2", "Builder"},
        {"Run", "OPS2", "Operator2"}};
    for (String[] t : teams) {
      for (int i = 0; i < 6; i++) {
        String level = i == 0 ? "A2L1" : "A2L" + (2 + i % 3);
        directory.add(person("a2" + t[0] + i, t[0], t[1], t[2], level, i == 0 ? List.of("leading", "secure")
            : List.of("code")));
      }
    }
    // the temporal scenarios: team Steady (8 at L2), team Grow (8 at L2), team Small (4)
    for (int i = 0; i < 8; i++) {
      directory.add(person("steady" + i, "Steady", "ENG3", "Dev", "L2", List.of("code")));
      directory.add(person("grow" + i, "Grow", "ENG3", "Dev", "L2", List.of()));
    }
    for (int i = 0; i < 4; i++) {
      directory.add(person("small" + i, "Small", "ENG3", "Dev", "L2", List.of()));
    }
    server.send(HttpMethod.POST, "/api/v1/people", directory, 200);
    postPassed(PASSED.keySet());
    server.consumer().drain().await();
    server.send(HttpMethod.POST, "/api/v1/cohorts/snapshots", Json.MAPPER.createObjectNode(), 201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String id(String who) {
    return who + "-" + tag;
  }

  private static String v(String value) {
    return value + "-" + tag;
  }

  private static ObjectNode person(String who, String team, String function, String role, String level,
      List<String> courses) {
    PASSED.put(id(who), courses);
    ObjectNode p = Json.MAPPER.createObjectNode().put("id", id(who)).put("team", v(team)).put("function", v(function))
        .put("role", v(role)).put("level", v(level));
    p.putArray("agents").addObject().put("mbox", "mailto:" + id(who) + "@example.com");
    return p;
  }

  private static final Map<String, String> COURSES = Map.of("secure", "secure-coding-fundamentals",
      "code", "effective-code-review", "distributed", "designing-distributed-systems",
      "oncall", "incident-response-and-on-call", "leading", "leading-teams", "testing", "testing-strategies");

  private static ObjectNode passed(String personId, String course) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.putObject("actor").put("mbox", "mailto:" + personId + "@example.com");
    s.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/passed");
    s.putObject("object").put("id", "https://learn." + data.domain + "/courses/" + COURSES.get(course));
    s.putObject("result").put("success", true).putObject("score").put("scaled", 0.95);
    s.put("timestamp", Instant.parse("2026-01-05T10:00:00Z").plusSeconds(PASSED.size()).toString());
    s.put("id", UUID.randomUUID().toString());
    return s;
  }

  private static void postPassed(Iterable<String> people) {
    ArrayNode batch = Json.MAPPER.createArrayNode();
    for (String p : people) {
      for (String c : PASSED.get(p)) {
        batch.add(passed(p, c));
      }
    }
    if (!batch.isEmpty()) {
      server.postArray(xapi, batch);
    }
  }

  /** What an analyst sees: every dimension's answer, group name → the group's numbers. */
  private static Map<String, Map<String, JsonNode>> everything() {
    Map<String, Map<String, JsonNode>> all = new LinkedHashMap<>();
    for (String d : DIMENSIONS) {
      JsonNode answer = server.get("/api/v1/cohorts?by=" + d + "&framework=" + data.frameworkId + "&ladder="
          + data.ladderId());
      Map<String, JsonNode> groups = new TreeMap<>();
      for (JsonNode g : answer.path("groups")) {
        groups.put(g.path("notShownSeparately").asBoolean() ? "*" : g.path("group").asText(), g);
      }
      all.put(d, groups);
    }
    return all;
  }

  /** A ± combination of groups: its member count and its sums (levels, milestones); null when a group is not shown. */
  private record Combination(int members, Map<String, Long> sums) {}

  private static Combination combine(Map<String, Map<String, JsonNode>> seen, Object... terms) {
    int members = 0;
    Map<String, Long> sums = new TreeMap<>();
    for (int i = 0; i < terms.length; i += 3) {
      int sign = (Integer) terms[i];
      JsonNode g = seen.get((String) terms[i + 1]).get(v((String) terms[i + 2]));
      if (g == null) {
        return null;
      }
      int n = g.path("members").asInt();
      members += sign * n;
      g.path("averageLevel").fields().forEachRemaining(e -> sums.merge("level " + e.getKey(),
          sign * Math.round(e.getValue().asDouble() * n), Long::sum));
      g.path("milestonesReached").fields().forEachRemaining(e -> sums.merge("milestone " + e.getKey(),
          (long) sign * e.getValue().asInt(), Long::sum));
      sums.merge("participants", (long) sign * g.path("participants").asInt(), Long::sum);
    }
    sums.values().removeIf(x -> x == 0);
    return new Combination(members, sums);
  }

  /** One person's own numbers, as a group of one would show them. */
  private static Map<String, Long> alone(String who) {
    JsonNode progress = server.get("/api/v1/people/" + id(who) + "/progress");
    Map<String, Long> sums = new TreeMap<>();
    for (JsonNode c : progress.path("competencies")) {
      if (c.path("framework").asText().equals(data.frameworkId)) {
        sums.put("level " + c.path("competency").asText(), c.path("level").asLong());
      }
    }
    for (JsonNode m : progress.path("milestones")) {
      if (m.path("ladder").asText().equals(data.ladderId())) {
        sums.put("milestone " + m.path("milestone").asText(), 1L);
      }
    }
    if (!progress.path("competencies").isEmpty()) {
      sums.put("participants", 1L);
    }
    return sums;
  }

  /**
   * Fails when the combination gives exactly the person's own numbers (a member count can be 1 by
   * coincidence, between groups that are not nested: only the numbers tell).
   */
  private static void assertRevealsNobody(Combination c, String who, String attack) {
    assertRevealsNone(c, List.of(who), attack);
  }

  /** Fails when the combination gives exactly these people's numbers added up (a hidden group of them). */
  private static void assertRevealsNone(Combination c, List<String> who, String attack) {
    if (c == null) {
      return; // a group of the attack is not shown: the analyst cannot form it
    }
    Map<String, Long> together = new TreeMap<>();
    who.forEach(w -> alone(w).forEach((key, n) -> together.merge(key, n, Long::sum)));
    assertThat(c.members() == who.size() && c.sums().equals(together))
        .as(attack + " (" + c.members() + " people) gives exactly the numbers of " + who + ": " + c.sums()).isFalse();
  }

  @Test
  @Order(1)
  void mixedTeamPlusSupportTeamMinusSupportFunctionDoesNotRevealTheOperationsPerson() {
    assertThat(alone("ops")).as("the operations person has levels and a milestone to hide").containsKey("participants")
        .hasSizeGreaterThan(3);
    Map<String, Map<String, JsonNode>> seen = everything();
    assertThat(seen.get("team")).as("both teams are big enough to be shown").containsKeys(v("Mixed"), v("SupA"));
    Combination c = combine(seen, +1, "team", "Mixed", +1, "team", "SupA", -1, "function", "SUP");
    assertThat(c).as("the analyst can form the combination").isNotNull();
    assertThat(c.members()).as("it is Mixed's whole cell").isEqualTo(6);
    assertRevealsNobody(c, "ops", "team:Mixed + team:SupA − function:SUP");
    // and the operations function: shown only as whole cells, never as Mixed's operations person
    assertRevealsNobody(combine(seen, +1, "function", "OPS", -1, "team", "OpsB"), "ops", "function:OPS − team:OpsB");
    assertRevealsNobody(combine(seen, +1, "team", "Mixed", -1, "function", "SUP"), "ops", "team:Mixed − function:SUP");
  }

  @Test
  @Order(2)
  void hiddenLevelGroupIsNotRecoveredFromTheOtherDimensions() {
    Map<String, Map<String, JsonNode>> seen = everything();
    assertThat(seen.get("level")).as("the level group of four is not shown").doesNotContainKey(v("A2L1"));
    Combination c = combine(seen, +1, "team", "Data", +1, "role", "Support", +1, "function", "ENG2", +1,
        "function", "OPS2", -1, "level", "A2L2", -1, "level", "A2L3", -1, "level", "A2L4");
    List<String> levelOne = List.of("a2Data0", "a2Help0", "a2Build0", "a2Run0");
    assertRevealsNone(c, levelOne, "team:Data + role:Support + function:ENG2 + function:OPS2 − levels L2, L3, L4");
    // with the level groups that are shown, whatever they are
    List<Object> terms = new ArrayList<>(List.of(+1, "team", "Data", +1, "role", "Support", +1, "function", "ENG2", +1,
        "function", "OPS2"));
    for (String level : List.of("A2L2", "A2L3", "A2L4")) {
      if (seen.get("level").containsKey(v(level))) {
        terms.addAll(List.of(-1, "level", level));
      }
    }
    Combination shown = combine(seen, terms.toArray());
    assertThat(shown).isNotNull();
    assertThat(shown.members()).as("the four teams' cells less the shown level cells").isGreaterThanOrEqualTo(K);
    assertRevealsNone(shown, levelOne, "the shown groups' combination");
    for (String who : levelOne) {
      assertRevealsNobody(shown, who, "the shown groups' combination");
    }
  }

  /** The groups of every dimension with their numbers, without the period and as-of labels. */
  private static Map<String, Map<String, JsonNode>> numbers() {
    Map<String, Map<String, JsonNode>> all = everything();
    all.values().forEach(groups -> groups.values().forEach(g -> ((ObjectNode) g).remove("asOf")));
    return all;
  }

  private static void snapshot() {
    JsonNode taken = server.send(HttpMethod.POST, "/api/v1/cohorts/snapshots", Json.MAPPER.createObjectNode(), 201);
    assertThat(taken.path("period").asText()).matches("\\d{4}-W\\d{2}");
  }

  private static void reimport(ObjectNode... people) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (ObjectNode p : people) {
      list.add(p);
    }
    server.send(HttpMethod.POST, "/api/v1/people", list, 200);
  }

  @Test
  @Order(3)
  void onePersonJoiningBeingPromotedOrGainingALevelMovesNoNumber() {
    Map<String, Map<String, JsonNode>> before = numbers();
    // a new person joins team Grow, with a level
    ObjectNode joiner = person("joiner", "Grow", "ENG3", "Dev", "L2", List.of("secure"));
    reimport(joiner);
    postPassed(List.of(id("joiner")));
    server.consumer().drain().await();
    snapshot();
    assertThat(numbers()).as("after one person joined").isEqualTo(before);
    // someone of Steady is promoted
    reimport(person("steady0", "Steady", "ENG3", "Dev", "L3", List.of("code")));
    server.consumer().drain().await();
    snapshot();
    assertThat(numbers()).as("after one promotion").isEqualTo(before);
    // someone of Steady gains a level
    PASSED.put(id("steady1"), List.of("secure"));
    postPassed(List.of(id("steady1")));
    server.consumer().drain().await();
    snapshot();
    assertThat(numbers()).as("after one person gained a level").isEqualTo(before);
    // a fifth person joins Small (four people, not shown): the team would appear with one newcomer
    reimport(person("small4", "Small", "ENG3", "Dev", "L2", List.of("secure")));
    postPassed(List.of(id("small4")));
    server.consumer().drain().await();
    snapshot();
    assertThat(numbers()).as("after Small reached five with one newcomer").isEqualTo(before);
  }

  @Test
  @Order(4)
  void kPeopleChangingIsShownAtTheNextSnapshot() {
    Map<String, Map<String, JsonNode>> before = numbers();
    JsonNode grow = before.get("team").get(v("Grow"));
    assertThat(grow.path("members").asInt()).isEqualTo(8);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < K; i++) {
      PASSED.put(id("grow" + i), List.of("distributed"));
      changed.add(id("grow" + i));
    }
    postPassed(changed);
    server.consumer().drain().await();
    snapshot();
    Map<String, Map<String, JsonNode>> after = numbers();
    JsonNode grown = after.get("team").get(v("Grow"));
    assertThat(grown.path("participants").asInt()).as(grown.toString())
        .isGreaterThanOrEqualTo(grow.path("participants").asInt() + K);
    // the joiner held back before is published with them (their cell changed by at least five)
    assertThat(grown.path("members").asInt()).isEqualTo(9);
    // Steady (one promotion, one new level) has not moved
    assertThat(after.get("team").get(v("Steady"))).isEqualTo(before.get("team").get(v("Steady")));
    JsonNode history = server.get("/api/v1/cohorts/history?by=team&ladder=" + data.ladderId());
    List<Integer> growMembers = new ArrayList<>();
    for (JsonNode s : history.path("snapshots")) {
      for (JsonNode g : s.path("groups")) {
        if (g.path("group").asText().equals(v("Grow"))) {
          growMembers.add(g.path("members").asInt());
        }
      }
    }
    assertThat(growMembers).as("Grow over the snapshots").endsWith(8, 8, 8, 8, 9);
  }

  @Test
  @Order(5)
  void everyCombinationOfUpToFourShownGroupsWeightsZeroOrAtLeastKPeopleAlike() {
    // a random directory of ordinary shape: teams of 1 to 14, four functions, five roles, six levels
    Random random = new Random(20261205);
    ArrayNode directory = Json.MAPPER.createArrayNode();
    int teams = 14;
    for (int t = 0; t < teams; t++) {
      int size = 1 + random.nextInt(14);
      for (int i = 0; i < size; i++) {
        directory.add(person("r" + t + "x" + i, "rt" + t, "rf" + random.nextInt(4), "rr" + random.nextInt(5),
            "rl" + (random.nextInt(6) + random.nextInt(2)), List.of()));
      }
    }
    server.send(HttpMethod.POST, "/api/v1/people", directory, 200);
    server.consumer().drain().await();
    snapshot();
    Map<String, Map<String, JsonNode>> seen = everything();
    // who is in which group, as published: the snapshot's record of each person's cell (never served)
    Row latest = server.lrs.pool.preparedQuery("select people::text as people from progression.cohort_snapshots "
        + "where consumer = $1 order by seq desc limit 1").execute(Tuple.of(server.options.consumer())).await()
        .iterator().next();
    Map<String, Set<String>> members = new LinkedHashMap<>();
    Map<String, Integer> cellSizes = new HashMap<>();
    Json.tree(latest.getString("people")).fields().forEachRemaining(e -> {
      if (e.getValue().path("cell").isTextual()) {
        JsonNode key = Json.tree(e.getValue().path("cell").asText());
        cellSizes.merge(key.toString(), 1, Integer::sum);
        for (String d : DIMENSIONS) {
          String g = d + ":" + (key.has(d) ? key.path(d).asText() : "*");
          members.computeIfAbsent(g, x -> new TreeSet<>()).add(e.getKey());
        }
      }
    });
    assertThat(cellSizes.values()).allMatch(n -> n >= K);
    // the groups this directory's people are in, with the counts the answers show
    List<String> groups = new ArrayList<>();
    for (String d : DIMENSIONS) {
      for (var g : seen.get(d).entrySet()) {
        String name = d + ":" + g.getKey();
        assertThat(members.get(name)).as(name).hasSize(g.getValue().path("members").asInt());
        if (g.getKey().equals("*") || g.getKey().endsWith(tag) && (g.getKey().startsWith("r") || d.equals("level"))) {
          groups.add(name);
        }
      }
    }
    assertThat(groups.size()).as("enough shown groups to combine: " + groups).isGreaterThan(8);
    Set<String> people = new TreeSet<>();
    groups.forEach(g -> people.addAll(members.get(g)));
    List<String> everyone = new ArrayList<>(people);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < everyone.size(); i++) {
      index.put(everyone.get(i), i);
    }
    int[][] in = new int[groups.size()][];
    for (int g = 0; g < groups.size(); g++) {
      in[g] = members.get(groups.get(g)).stream().mapToInt(index::get).toArray();
    }
    int[] weight = new int[everyone.size()];
    int checked = 0;
    int n = groups.size();
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        for (int c = b; c < n; c++) {
          for (int d = c; d < n; d++) {
            int[] chosen = distinct(a, b, c, d);
            for (int signs = 0; signs < 1 << chosen.length; signs++) {
              java.util.Arrays.fill(weight, 0);
              for (int j = 0; j < chosen.length; j++) {
                int s = (signs >> j & 1) == 0 ? 1 : -1;
                for (int p : in[chosen[j]]) {
                  weight[p] += s;
                }
              }
              Map<Integer, Integer> classes = new HashMap<>();
              for (int w : weight) {
                if (w != 0) {
                  classes.merge(w, 1, Integer::sum);
                }
              }
              for (var e : classes.entrySet()) {
                if (e.getValue() < K) {
                  List<String> named = new ArrayList<>();
                  for (int j = 0; j < chosen.length; j++) {
                    named.add(((signs >> j & 1) == 0 ? "+" : "−") + groups.get(chosen[j]));
                  }
                  throw new AssertionError(named + " weights " + e.getValue() + " people by " + e.getKey());
                }
              }
              checked++;
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  private static int[] distinct(int a, int b, int c, int d) {
    return java.util.stream.IntStream.of(a, b, c, d).distinct().toArray();
  }
}
