package cairn.progression.cohorts;

import cairn.progression.ProgressionOptions;
import cairn.progression.audit.Audit;
import cairn.progression.people.PeopleStore;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cohort views as a service: what {@code GET /api/v1/cohorts} and {@code GET /api/v1/cohorts/history}
 * answer, for the routes and the dashboards alike. Every number is a sum over whole cells of the
 * {@link Partition} of a {@link Snapshot} — taken at the start of each period (lazily, by the first
 * request after the boundary) or by an L&D administrator — so no number, and no sum or difference of
 * numbers across dimensions and queries, covers fewer than {@code minGroupSize} people; over time,
 * a cell changes only when at least that many of its people changed (docs/progression.md, "The
 * privacy guarantee"). A manager sees the cells of the teams they manage, never a partition of
 * their own.
 */
public final class Cohorts {
  private static final Logger LOG = LoggerFactory.getLogger(Cohorts.class);
  private static final String LATEST = """
      select seq, period, taken_at from progression.cohort_snapshots where consumer = $1 order by seq desc limit 1""";
  private static final String LATEST_FULL = """
      select seq, period, taken_at, cells::text as cells, people::text as people from progression.cohort_snapshots
      where consumer = $1 order by seq desc limit 1""";
  private static final String CELLS = """
      select seq, period, taken_at, cells::text as cells from progression.cohort_snapshots
      where consumer = $1 and seq = $2""";
  private static final String HISTORY = """
      select seq, period, taken_at, cells::text as cells from progression.cohort_snapshots
      where consumer = $1 order by seq desc limit $2""";
  private static final String INSERT = """
      insert into progression.cohort_snapshots (consumer, seq, period, taken_by, cells, people)
      values ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb) on conflict do nothing returning seq""";
  private static final String PEOPLE = """
      select person_id, coalesce(team, '(none)') as team, coalesce(function, '(none)') as function,
             coalesce(role, '(none)') as role, coalesce(level, '(none)') as level, self_declared::text as declared
      from progression.people""";
  private static final String LEVELS = """
      select person_id, framework_id, competency, level from progression.mastery where consumer = $1""";
  private static final String MILESTONES = """
      select person_id, ladder_id, milestone_id from progression.milestones where consumer = $1""";
  /** What each person's next milestone on each ladder misses, of competencies (ladder_status.status.next). */
  private static final String MISSING = """
      select s.person_id, s.ladder_id, m.value->>'item' as item from progression.ladder_status s
      cross join lateral jsonb_array_elements(case jsonb_typeof(s.status->'next'->'missing') when 'array'
        then s.status->'next'->'missing' else '[]'::jsonb end) m
      where s.consumer = $1 and m.value->>'type' = 'competency'""";
  /** Mentoring sessions each person received (one per session key), and those with a documented outcome. */
  private static final String SESSIONS = """
      select i.person_id, count(distinct f.session_key) as sessions,
             count(distinct f.session_key) filter (where f.positive or f.outcome_at is not null) as with_outcome
      from progression.facts f join progression.person_ifis i on i.ifi = f.other
      where f.consumer = $1 and f.kind = 'session' group by i.person_id""";
  private static final String COMPETENCIES = """
      select uri, human_coding_scheme, full_statement from progression.framework_items
      where framework_id = $1 and version = (select max(version) from progression.frameworks where framework_id = $1)
      order by human_coding_scheme nulls last, identifier""";
  private static final String LADDER = """
      select definition::text as definition from progression.ladders where ladder_id = $1 order by version desc limit 1""";

  /** A stored snapshot's served part. */
  record Stored(int seq, String period, String takenAt, List<ObjectNode> cells) {}

  private final Pool pool;
  private final ProgressionOptions options;
  private final PeopleStore people;
  private final Clock clock;
  private volatile Stored cached;

  public Cohorts(Pool pool, ProgressionOptions options, PeopleStore people) {
    this(pool, options, people, Clock.systemUTC());
  }

  Cohorts(Pool pool, ProgressionOptions options, PeopleStore people, Clock clock) {
    this.pool = pool;
    this.options = options;
    this.people = people;
    this.clock = clock;
  }

  /** The dimension names {@code by} takes: the fixed ones and {@code declared.<attribute>}. */
  static String checkBy(Optional<Caller> caller, String by) {
    if (by == null) {
      return "team";
    }
    if (Partition.BASE.contains(by)) {
      return by;
    }
    if (by.startsWith(Partition.DECLARED) && PeopleStore.ATTRIBUTE.matcher(by.substring(Partition.DECLARED.length()))
        .matches()) {
      if (caller.isEmpty() || !caller.get().has(Role.HR)) {
        throw ApiException.forbidden("Grouping by a self-declared attribute needs the role '" + Role.HR.wireName()
            + "'.");
      }
      return by;
    }
    throw ApiException.badRequest("by must be one of " + Partition.BASE + " or declared.<attribute> (role 'hr').", "by");
  }

  /** The JSON of {@code GET /api/v1/cohorts}: the groups of {@code by}, from the current snapshot. */
  public Future<ObjectNode> answer(Optional<Caller> caller, String by, String framework, String ladder) {
    String dimension;
    try {
      dimension = checkBy(caller, by);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return scope(caller).compose(teams -> current().compose(snapshot -> names(framework, ladder)
        .map(names -> render(snapshot, dimension, framework, ladder, teams, names))));
  }

  /**
   * The JSON of {@code GET /api/v1/cohorts/history}: per snapshot, oldest first (at most the last
   * 104), the groups of {@code by} with members, participants and (with a ladder) milestones reached.
   */
  public Future<ObjectNode> history(Optional<Caller> caller, String by, String ladder) {
    String dimension;
    try {
      dimension = checkBy(caller, by);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return scope(caller).compose(teams -> current().compose(latest -> pool.preparedQuery(HISTORY)
        .execute(Tuple.of(options.consumer(), 104))
        .compose(rows -> blocking(() -> {
          List<Stored> all = new ArrayList<>();
          rows.forEach(r -> all.add(stored(r)));
          ObjectNode body = Json.MAPPER.createObjectNode().put("by", dimension).put("minGroupSize",
              options.minGroupSize());
          if (ladder != null) {
            body.put("ladder", ladder);
          }
          if (teams != null) {
            teams.forEach(body.withArray("teams")::add);
          }
          ArrayNode snapshots = body.putArray("snapshots");
          for (int i = all.size() - 1; i >= 0; i--) {
            Stored s = all.get(i);
            ObjectNode json = snapshots.addObject().put("period", s.period()).put("takenAt", s.takenAt());
            ArrayNode groups = json.putArray("groups");
            for (Group g : groups(s, dimension, teams)) {
              ObjectNode group = groups.addObject();
              g.name(group);
              group.put("members", g.members).put("participants", g.participants);
              if (ladder != null) {
                group.set("milestonesReached", Json.MAPPER.valueToTree(g.milestones.getOrDefault(ladder, Map.of())));
              }
              g.asOf(group, s.period());
            }
          }
          return body;
        }))));
  }

  /**
   * Takes a snapshot now, whatever the period ({@code POST /api/v1/cohorts/snapshots}), audited
   * under {@code actor}; answers its period and when it was taken.
   */
  public Future<ObjectNode> snapshot(String actor) {
    return take(actor, true).map(s -> Json.MAPPER.createObjectNode().put("period", s.period())
        .put("takenAt", s.takenAt()).put("cells", s.cells().size()));
  }

  /** The managed teams of a manager who is neither L&D admin nor HR; null: the whole directory. */
  private Future<List<String>> scope(Optional<Caller> caller) {
    if (caller.isEmpty() || caller.get().has(Role.LD_ADMIN) || caller.get().has(Role.HR)) {
      return Future.succeededFuture(null);
    }
    return people.managedTeams(caller.get());
  }

  /** The current period's snapshot: the latest one, taken first if the latest is of an earlier period. */
  Future<Stored> current() {
    return pool.preparedQuery(LATEST).execute(Tuple.of(options.consumer())).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || !row.getString("period").equals(period())) {
        return take(null, false);
      }
      Stored seen = cached;
      if (seen != null && seen.seq() == row.getInteger("seq")) {
        return Future.succeededFuture(seen);
      }
      return load(row.getInteger("seq"));
    });
  }

  private Future<Stored> load(int seq) {
    return pool.preparedQuery(CELLS).execute(Tuple.of(options.consumer(), seq))
        .compose(rows -> blocking(() -> stored(rows.iterator().next())))
        .onSuccess(s -> cached = s);
  }

  private static Stored stored(Row r) {
    List<ObjectNode> cells = new ArrayList<>();
    Json.tree(r.getString("cells")).forEach(c -> cells.add((ObjectNode) c));
    return new Stored(r.getInteger("seq"), r.getString("period"), r.getOffsetDateTime("taken_at").toInstant().toString(),
        cells);
  }

  /**
   * Takes the next snapshot from the latest one (unless {@code always} is false and the latest is
   * of this period already). Concurrent takers compute the same next number; the first insert wins
   * and every taker answers the stored one.
   */
  private Future<Stored> take(String actor, boolean always) {
    String consumer = options.consumer();
    String period = period();
    return pool.preparedQuery(LATEST_FULL).execute(Tuple.of(consumer)).compose(latest -> {
      Row prev = latest.size() == 0 ? null : latest.iterator().next();
      if (!always && prev != null && prev.getString("period").equals(period)) {
        return load(prev.getInteger("seq"));
      }
      int seq = prev == null ? 1 : prev.getInteger("seq") + 1;
      String prevCells = prev == null ? null : prev.getString("cells");
      String prevPeople = prev == null ? null : prev.getString("people");
      return records().compose(current -> blocking(() -> {
        long start = System.nanoTime();
        Snapshot before = prevCells == null ? Snapshot.NONE : Snapshot.of(Json.tree(prevCells), Json.tree(prevPeople));
        Snapshot.Taken taken = before.next(current, options.minGroupSize(), period);
        String[] json = {taken.snapshot().cellsJson().toString(), taken.snapshot().peopleJson().toString()};
        LOG.info("Cohort snapshot {} ({}) of {} people: {} cells, {} changes published, {} held back, {} rounds, {} ms",
            seq, period, current.size(), taken.snapshot().cells().size(), taken.published(), taken.heldBack(),
            taken.rounds(), (System.nanoTime() - start) / 1_000_000);
        return json;
      })).compose(json -> pool.withTransaction(conn -> conn.preparedQuery(INSERT)
          .execute(Tuple.of(consumer, seq, period, actor, json[0], json[1]))
          .compose(inserted -> inserted.rowCount() == 0 || actor == null ? Future.succeededFuture()
              : Audit.record(conn, actor, "cohorts.snapshot", "cohorts", seq,
                  Json.MAPPER.createObjectNode().put("period", period).put("consumer", consumer)))))
          .compose(done -> pool.preparedQuery(LATEST).execute(Tuple.of(consumer)))
          .compose(rows -> load(rows.iterator().next().getInteger("seq")));
    });
  }

  /** Everyone's current record: directory tuple and values, from the consumer's derived state. */
  private Future<Map<String, ObjectNode>> records() {
    Tuple consumer = Tuple.of(options.consumer());
    return Future.all(pool.query(PEOPLE).execute(), pool.preparedQuery(LEVELS).execute(consumer),
            pool.preparedQuery(MILESTONES).execute(consumer), pool.preparedQuery(MISSING).execute(consumer),
            pool.preparedQuery(SESSIONS).execute(consumer))
        .compose(all -> blocking(() -> {
          Map<String, ObjectNode> values = new HashMap<>();
          Map<String, Map<String, String>> tuples = new TreeMap<>();
          for (Row r : all.<RowSet<Row>>resultAt(0)) {
            Map<String, String> tuple = new TreeMap<>();
            for (String d : Partition.BASE) {
              tuple.put(d, r.getString(d));
            }
            Json.tree(r.getString("declared")).fields().forEachRemaining(e ->
                tuple.put(Partition.DECLARED + e.getKey(), e.getValue().asText()));
            String id = r.getString("person_id");
            tuples.put(id, tuple);
            values.put(id, Json.MAPPER.createObjectNode().put("a", false));
          }
          Function<String, ObjectNode> of = values::get;
          for (Row r : all.<RowSet<Row>>resultAt(1)) {
            ObjectNode v = of.apply(r.getString("person_id"));
            if (v != null) {
              v.put("a", true);
              child(child(v, "l"), r.getString("framework_id")).put(r.getString("competency"), r.getInteger("level"));
            }
          }
          for (Row r : all.<RowSet<Row>>resultAt(2)) {
            ObjectNode v = of.apply(r.getString("person_id"));
            if (v != null) {
              array(child(v, "m"), r.getString("ladder_id")).add(r.getString("milestone_id"));
            }
          }
          for (Row r : all.<RowSet<Row>>resultAt(3)) {
            ObjectNode v = of.apply(r.getString("person_id"));
            if (v != null) {
              array(child(v, "x"), r.getString("ladder_id")).add(r.getString("item"));
            }
          }
          for (Row r : all.<RowSet<Row>>resultAt(4)) {
            ObjectNode v = of.apply(r.getString("person_id"));
            if (v != null) {
              v.put("s", r.getLong("sessions")).put("o", r.getLong("with_outcome"));
            }
          }
          Map<String, ObjectNode> records = new LinkedHashMap<>();
          tuples.forEach((id, tuple) -> records.put(id, Snapshot.record(tuple, canonical(values.get(id)))));
          return records;
        }));
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    JsonNode node = parent.get(name);
    return node instanceof ObjectNode o ? o : parent.putObject(name);
  }

  private static ArrayNode array(ObjectNode parent, String name) {
    JsonNode node = parent.get(name);
    return node instanceof ArrayNode a ? a : parent.putArray(name);
  }

  /** Values with sorted members and sorted lists, so equal values are equal records. */
  private static ObjectNode canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode sorted = Json.MAPPER.createObjectNode();
      iterable(node).forEach(f -> sorted.set(f, canonicalAny(node.get(f))));
      return sorted;
    }
    throw new IllegalArgumentException("not an object");
  }

  private static Set<String> iterable(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Canonical values: objects sorted by name, arrays of ids sorted. */
  private static JsonNode canonicalAny(JsonNode node) {
    if (node.isArray()) {
      TreeSet<String> ids = new TreeSet<>();
      node.forEach(x -> ids.add(x.asText()));
      ArrayNode array = Json.MAPPER.createArrayNode();
      ids.forEach(array::add);
      return array;
    }
    return node.isObject() ? canonical(node) : node;
  }

  /** The competencies' and milestones' names, for the answer. */
  private record Names(ArrayNode competencies, ArrayNode milestones) {}

  private Future<Names> names(String framework, String ladder) {
    Future<ArrayNode> competencies = framework == null ? Future.succeededFuture(null)
        : pool.preparedQuery(COMPETENCIES).execute(Tuple.of(framework)).map(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          rows.forEach(r -> list.addObject().put("id", r.getString("uri")).put("name",
              (r.getString("human_coding_scheme") == null ? "" : r.getString("human_coding_scheme") + " ")
                  + r.getString("full_statement")));
          return list;
        });
    Future<ArrayNode> milestones = ladder == null ? Future.succeededFuture(null)
        : pool.preparedQuery(LADDER).execute(Tuple.of(ladder)).map(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          rows.forEach(r -> Json.tree(r.getString("definition")).path("milestones").forEach(m ->
              list.addObject().put("id", m.path("id").asText()).put("name", m.path("name").asText())));
          return list;
        });
    return Future.all(competencies, milestones).map(all -> new Names(all.resultAt(0), all.resultAt(1)));
  }

  /** One shown group: the sums over its cells. */
  static final class Group {
    final String value;
    int members;
    int participants;
    int sessions;
    int withOutcome;
    String asOf;
    final Map<String, Map<String, Integer>> levels = new TreeMap<>();
    final Map<String, Map<String, Integer>> milestones = new TreeMap<>();
    final Map<String, Map<String, Integer>> missing = new TreeMap<>();
    final Set<String> hidden = new TreeSet<>();

    Group(String value) {
      this.value = value;
    }

    void add(ObjectNode cell, String dimension) {
      members += cell.path("members").asInt();
      participants += cell.path("participants").asInt();
      sessions += cell.path("sessions").asInt();
      withOutcome += cell.path("withOutcome").asInt();
      sum(cell.path("levels"), levels);
      sum(cell.path("milestones"), milestones);
      sum(cell.path("missing"), missing);
      cell.path("hidden").path(dimension).forEach(v -> hidden.add(v.asText()));
      if (cell.path("stale").asBoolean()) {
        String since = cell.path("since").asText();
        asOf = asOf == null || since.compareTo(asOf) < 0 ? since : asOf;
      }
    }

    private static void sum(JsonNode from, Map<String, Map<String, Integer>> into) {
      from.fields().forEachRemaining(f -> f.getValue().fields().forEachRemaining(e ->
          into.computeIfAbsent(f.getKey(), x -> new TreeMap<>()).merge(e.getKey(), e.getValue().asInt(), Integer::sum)));
    }

    void name(ObjectNode json) {
      if (value == null) {
        json.putNull("group").put("notShownSeparately", true);
      } else {
        json.put("group", value);
      }
    }

    void asOf(ObjectNode json, String period) {
      if (asOf != null && !asOf.equals(period)) {
        json.put("asOf", asOf);
      }
    }
  }

  /** The groups of {@code dimension} over the cells in scope, by value; "not shown separately" last. */
  static List<Group> groups(Stored snapshot, String dimension, List<String> teams) {
    Map<String, Group> byValue = new TreeMap<>();
    Group rest = new Group(null);
    for (ObjectNode cell : snapshot.cells()) {
      JsonNode key = cell.path("key");
      if (teams != null && !teams.contains(key.path("team").asText(Partition.ANY))) {
        continue;
      }
      String value = key.path(dimension).asText(Partition.ANY);
      if (!key.has(dimension)) {
        rest.add(cell, dimension);
      } else {
        byValue.computeIfAbsent(value, Group::new).add(cell, dimension);
      }
    }
    List<Group> groups = new ArrayList<>(byValue.values());
    if (rest.members > 0) {
      groups.add(rest);
    }
    return groups;
  }

  private ObjectNode render(Stored snapshot, String by, String framework, String ladder, List<String> teams,
      Names names) {
    int k = options.minGroupSize();
    List<Group> groups = groups(snapshot, by, teams);
    int population = groups.stream().mapToInt(g -> g.members).sum();
    ObjectNode body = Json.MAPPER.createObjectNode().put("by", by).put("minGroupSize", k);
    if (framework != null) {
      body.put("framework", framework);
    }
    if (ladder != null) {
      body.put("ladder", ladder);
    }
    body.put("period", snapshot.period()).put("takenAt", snapshot.takenAt());
    body.put("population", population > 0 ? population : null);
    if (names.competencies() != null) {
      body.set("competencies", names.competencies());
    }
    if (names.milestones() != null) {
      body.set("milestones", names.milestones());
    }
    ArrayNode list = body.putArray("groups");
    Group hidden = null;
    for (Group g : groups) {
      hidden = g.value == null ? g : hidden;
      ObjectNode json = list.addObject();
      g.name(json);
      json.put("members", g.members).put("participants", g.participants)
          .put("participation", Math.round(1000.0 * g.participants / g.members) / 1000.0);
      if (framework != null) {
        ObjectNode avg = json.putObject("averageLevel");
        g.levels.getOrDefault(framework, Map.of()).forEach((c, s) -> avg.put(c, Math.round(100.0 * s / g.members)
            / 100.0));
      }
      if (ladder != null) {
        json.set("milestonesReached", Json.MAPPER.valueToTree(g.milestones.getOrDefault(ladder, Map.of())));
        json.set("missingNext", Json.MAPPER.valueToTree(g.missing.getOrDefault(ladder, Map.of())));
      }
      json.putObject("mentoring").put("sessions", g.sessions).put("withOutcome", g.withOutcome);
      g.asOf(json, snapshot.period());
    }
    body.putObject("suppressed").put("groups", hidden == null ? 0 : hidden.hidden.size())
        .put("members", population > 0 ? (hidden == null ? 0 : hidden.members) : null)
        .put("rule", "People are published in cells of at least " + k + " (teams, then functions, roles, levels: a value "
            + "with fewer than " + k + " people is not shown separately); every number is a sum over whole cells, and a "
            + "cell's numbers change only when at least " + k + " of its people changed.");
    if (teams != null) {
      teams.forEach(body.withArray("teams")::add);
    }
    return body;
  }

  /** The label of the current period: 2026-12-05, 2026-W49 or 2026-12. */
  String period() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return switch (options.cohortPeriod()) {
      case "day" -> today.toString();
      case "month" -> today.toString().substring(0, 7);
      default -> String.format("%d-W%02d", today.get(IsoFields.WEEK_BASED_YEAR), today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    };
  }

  private static <T> Future<T> blocking(Callable<T> work) {
    Context context = Vertx.currentContext();
    if (context == null) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return context.owner().executeBlocking(work, false);
  }
}
