package cairn.progression.dashboards;

import cairn.progression.dashboards.DashboardPage.Cell;
import cairn.progression.dashboards.DashboardPage.Figure;
import cairn.progression.dashboards.DashboardPage.Row;
import cairn.progression.dashboards.DashboardPage.Table;
import cairn.web.Json;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The figures of a dashboard from a cohort answer ({@code Cohorts.answer}): each a table whose rows
 * are the groups — a suppressed group as a row that says so, never as zeros — and the chart of the
 * same numbers. Only what the answer holds is shown: a measure it does not carry (missing next,
 * mentoring) makes no figure.
 */
final class Figures {
  private Figures() {}

  /**
   * A group as the dashboard lists it: its name and its numbers from the answer, or no numbers
   * (suppressed).
   */
  record Group(String label, JsonNode numbers) {}

  /**
   * The groups of an answer in its order: each shown group, "the rest" when the answer gives one,
   * then the suppressed ones — by name when the viewer knows them ({@code known}: a manager's teams),
   * else one row counting them.
   */
  static List<Group> groups(JsonNode answer, List<String> known) {
    Map<String, JsonNode> shown = new LinkedHashMap<>();
    List<JsonNode> rest = new ArrayList<>();
    for (JsonNode g : answer.path("groups")) {
      if (g.path("notShownSeparately").asBoolean(false) || g.path("group").isNull()) {
        rest.add(g);
      } else {
        shown.put(g.path("group").asText(), g);
      }
    }
    List<Group> groups = new ArrayList<>();
    if (known != null) {
      for (String team : known) {
        groups.add(new Group(label(team), shown.get(team)));
      }
    } else {
      shown.forEach((name, g) -> groups.add(new Group(label(name), g)));
    }
    rest.forEach(g -> groups.add(new Group(Text.get("dashboard.rest"), g)));
    int hidden = answer.path("suppressed").path("groups").asInt(0);
    if (known == null && hidden > 0) {
      groups.add(new Group(Text.get("dashboard.otherGroups", hidden), null));
    }
    return groups;
  }

  static String label(String group) {
    return "(none)".equals(group) ? Text.get("dashboard.notRecorded") : group;
  }

  /** People, those taking part, and participation per group; the chart: participation. */
  static Figure participation(String id, String caption, String groupHeading, List<Group> groups, int minSize) {
    List<String> columns = List.of(groupHeading, Text.get("dashboard.people"), Text.get("dashboard.participants"),
        Text.get("dashboard.participation"));
    Table table = new Table(caption, columns, rows(groups, minSize, g -> List.of(count(g.path("members")),
        count(g.path("participants")), percent(g.path("participation")))));
    return new Figure(id, table, chart("bar", table, List.of(3), false, true));
  }

  /** Average level per competency (columns) per group; the chart: competencies, a bar per group. */
  static Figure progress(String id, String caption, String groupHeading, List<Group> groups, JsonNode answer,
      int minSize) {
    Map<String, String> competencies = names(answer.path("competencies"), groups, "averageLevel");
    List<String> columns = new ArrayList<>(List.of(groupHeading));
    columns.addAll(competencies.values());
    Table table = new Table(caption, columns, rows(groups, minSize, g -> competencies.keySet().stream()
        .map(c -> decimal(g.path("averageLevel").path(c).asDouble(0))).toList()));
    return new Figure(id, table, chart("bar", table, null, true, false));
  }

  /** People per group who reached each milestone; the chart: milestones, a bar per group. */
  static Figure milestones(String id, String caption, String groupHeading, List<Group> groups, JsonNode answer,
      int minSize) {
    Map<String, String> milestones = names(answer.path("milestones"), groups, "milestonesReached");
    List<String> columns = new ArrayList<>(List.of(groupHeading));
    columns.addAll(milestones.values());
    Table table = new Table(caption, columns, rows(groups, minSize, g -> milestones.keySet().stream()
        .map(m -> count(g.path("milestonesReached").path(m))).toList()));
    return new Figure(id, table, chart("bar", table, null, true, false));
  }

  /**
   * People per group whose next milestone misses each competency, the competencies most missed
   * first; null when the answer does not say.
   */
  static Figure missingNext(String id, String caption, String groupHeading, List<Group> groups, JsonNode answer,
      int minSize) {
    if (groups.stream().noneMatch(g -> g.numbers() != null && g.numbers().has("missingNext"))) {
      return null;
    }
    Map<String, String> all = names(answer.path("competencies"), groups, "missingNext");
    Map<String, Integer> totals = new LinkedHashMap<>();
    for (Group g : groups) {
      if (g.numbers() != null) {
        g.numbers().path("missingNext").fields().forEachRemaining(e -> totals.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
      }
    }
    List<String> order = totals.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
    List<String> columns = new ArrayList<>(List.of(groupHeading));
    order.forEach(c -> columns.add(all.getOrDefault(c, shortName(c))));
    Table table = new Table(caption, columns, rows(groups, minSize, g -> order.stream()
        .map(c -> count(g.path("missingNext").path(c))).toList()));
    return new Figure(id, table, chart("bar", table, null, true, false));
  }

  /** Mentoring sessions per group and how many have a documented outcome; null when the answer does not say. */
  static Figure mentoring(String id, String caption, String groupHeading, List<Group> groups, int minSize) {
    if (groups.stream().noneMatch(g -> g.numbers() != null && g.numbers().has("mentoring"))) {
      return null;
    }
    List<String> columns = List.of(groupHeading, Text.get("dashboard.sessions"), Text.get("dashboard.withOutcome"));
    Table table = new Table(caption, columns, rows(groups, minSize, g -> List.of(
        count(g.path("mentoring").path("sessions")), count(g.path("mentoring").path("withOutcome")))));
    return new Figure(id, table, chart("bar", table, List.of(1, 2), false, false));
  }

  /**
   * Milestones reached over time: per period, how many people of the groups shown had reached each
   * milestone (suppressed groups count nowhere); the chart: a line per milestone.
   */
  static Figure overTime(String id, String caption, JsonNode history, JsonNode answer, List<String> only) {
    Map<String, String> milestones = new LinkedHashMap<>();
    answer.path("milestones").forEach(m -> milestones.put(m.path("id").asText(), m.path("name").asText()));
    List<JsonNode> snapshots = new ArrayList<>();
    history.path("snapshots").forEach(snapshots::add);
    snapshots.sort(Comparator.comparing(s -> s.path("period").asText()));
    for (JsonNode s : snapshots) {
      for (JsonNode g : s.path("groups")) {
        g.path("milestonesReached").fieldNames().forEachRemaining(m -> milestones.putIfAbsent(m, shortName(m)));
      }
    }
    List<String> columns = new ArrayList<>(List.of(Text.get("dashboard.week")));
    columns.addAll(milestones.values());
    List<Row> rows = new ArrayList<>();
    for (JsonNode s : snapshots) {
      List<Cell> cells = new ArrayList<>();
      for (String m : milestones.keySet()) {
        int sum = 0;
        for (JsonNode g : s.path("groups")) {
          boolean rest = g.path("group").isNull() || g.path("notShownSeparately").asBoolean(false);
          if (only == null || !rest && only.contains(g.path("group").asText())) {
            sum += g.path("milestonesReached").path(m).asInt(0);
          }
        }
        cells.add(new Cell(Integer.toString(sum), (double) sum));
      }
      rows.add(new Row(s.path("period").asText(), cells, null));
    }
    Table table = new Table(caption, columns, rows);
    return new Figure(id, table, chart("line", table, IntStream.range(1, columns.size()).boxed().toList(), false,
        false));
  }

  /**
   * Equity: per group of a dimension, people, those taking part, participation, the mean of the
   * average levels over the framework's competencies, milestones reached per person; the chart:
   * participation.
   */
  static Figure equity(String id, String caption, String groupHeading, List<Group> groups, int minSize,
      boolean levels, boolean milestones) {
    List<String> columns = new ArrayList<>(List.of(groupHeading, Text.get("dashboard.people"),
        Text.get("dashboard.participants"), Text.get("dashboard.participation")));
    if (levels) {
      columns.add(Text.get("dashboard.meanLevel"));
    }
    if (milestones) {
      columns.add(Text.get("dashboard.milestonesPerPerson"));
    }
    Table table = new Table(caption, columns, rows(groups, minSize, g -> {
      List<Cell> cells = new ArrayList<>(List.of(count(g.path("members")), count(g.path("participants")),
          percent(g.path("participation"))));
      if (levels) {
        double sum = 0;
        int n = 0;
        for (JsonNode v : g.path("averageLevel")) {
          sum += v.asDouble();
          n++;
        }
        cells.add(decimal(n == 0 ? 0 : sum / n));
      }
      if (milestones) {
        int reached = 0;
        for (JsonNode v : g.path("milestonesReached")) {
          reached += v.asInt();
        }
        int members = g.path("members").asInt(0);
        cells.add(decimal(members == 0 ? 0 : (double) reached / members));
      }
      return cells;
    }));
    return new Figure(id, table, chart("bar", table, List.of(3), false, true));
  }

  private static List<Row> rows(List<Group> groups, int minSize, Function<JsonNode, List<Cell>> cells) {
    List<Row> rows = new ArrayList<>();
    for (Group g : groups) {
      rows.add(g.numbers() == null ? new Row(g.label(), List.of(), Text.get("dashboard.suppressed", minSize))
          : new Row(g.label(), cells.apply(g.numbers()), null));
    }
    return rows;
  }

  /** Ids to names: the answer's list ({id, name}), then any id a group uses that the list lacks. */
  private static Map<String, String> names(JsonNode list, List<Group> groups, String field) {
    Map<String, String> names = new LinkedHashMap<>();
    list.forEach(n -> names.put(n.path("id").asText(), n.path("name").asText()));
    for (Group g : groups) {
      if (g.numbers() != null) {
        g.numbers().path(field).fieldNames().forEachRemaining(id -> names.putIfAbsent(id, shortName(id)));
      }
    }
    return names;
  }

  /** An id without its name: its last path segment, never a whole URL. */
  static String shortName(String id) {
    String trimmed = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static Cell count(JsonNode n) {
    int v = n.asInt(0);
    return new Cell(Integer.toString(v), (double) v);
  }

  private static Cell percent(JsonNode n) {
    double v = Math.round(n.asDouble(0) * 1000) / 10.0;
    return new Cell(number(v) + "%", v);
  }

  private static Cell decimal(double v) {
    double rounded = Math.round(v * 100) / 100.0;
    return new Cell(number(rounded), rounded);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  /**
   * The chart of a table's numbers, for the page's script: {@code columns} (indexes into the
   * columns, 1 the first after the row headers) as series over the shown rows; or, when null, each
   * shown row as a series over all columns ({@code byColumn}). Suppressed rows are left out: they
   * have no numbers. Null when nothing is left to draw.
   */
  private static String chart(String type, Table table, List<Integer> columns, boolean byColumn, boolean percent) {
    List<Row> shown = table.rows().stream().filter(r -> !r.suppressed()).toList();
    if (shown.isEmpty() || table.columns().size() < 2) {
      return null;
    }
    ObjectNode spec = Json.MAPPER.createObjectNode().put("type", type).put("percent", percent);
    ArrayNode categories = spec.putArray("categories");
    ArrayNode series = spec.putArray("series");
    if (byColumn && columns == null) {
      table.columns().subList(1, table.columns().size()).forEach(categories::add);
      for (Row r : shown) {
        ArrayNode data = series.addObject().put("name", r.header()).putArray("data");
        r.cells().forEach(c -> data.add(c.value()));
      }
    } else {
      shown.forEach(r -> categories.add(r.header()));
      for (int c : columns) {
        ArrayNode data = series.addObject().put("name", table.columns().get(c)).putArray("data");
        shown.forEach(r -> data.add(r.cells().get(c - 1).value()));
      }
    }
    return spec.toString();
  }
}
