package cairn.progression.cohorts;

import cairn.progression.ProgressionOptions;
import cairn.progression.frameworks.Framework;
import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.ladders.Ladder;
import cairn.progression.ladders.LadderStore;
import cairn.progression.people.PeopleStore;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Team and cohort views: progress and participation by team, role, function or level, over the
 * whole directory — or, for a signed-in manager (without the L&D admin role), over the people of the
 * teams their directory entry says they manage. Groups are shown only as {@link Suppression} allows;
 * there are deliberately no free filters, since a filtered answer minus an unfiltered one is a
 * classic way to single one out: a manager's population is fixed by the directory, not by the request.
 * Answers {@code GET /api/v1/cohorts} ({@link CohortRoutes}) and the dashboards' pages alike.
 */
public final class Cohorts {
  private static final String PEOPLE = """
      select p.person_id, coalesce(p.team, '(none)') as team, coalesce(p.role, '(none)') as role,
             coalesce(p.function, '(none)') as function, coalesce(p.level, '(none)') as level,
             exists (select 1 from progression.mastery m where m.consumer = $1 and m.person_id = p.person_id) as active
      from progression.people p where $2::text[] is null or p.team = any($2::text[])""";
  private static final String LEVELS = """
      select person_id, competency, level from progression.mastery where consumer = $1 and framework_id = $2""";
  private static final String MILESTONES = """
      select person_id, milestone_id from progression.milestones where consumer = $1 and ladder_id = $2""";

  private final Pool pool;
  private final ProgressionOptions options;
  private final PeopleStore people;

  public Cohorts(Pool pool, ProgressionOptions options, PeopleStore people) {
    this.pool = pool;
    this.options = options;
    this.people = people;
  }

  /**
   * The cohort view grouped {@code by} a dimension (team, role, function, level), with each group's
   * average level per competency of {@code framework} and milestones reached of {@code ladder} (each
   * optional), the framework's competencies and the ladder's milestones by name. Over the whole
   * directory for API credentials ({@code caller} empty), L&amp;D admins and HR; else over the teams
   * the caller manages (a 403 when none).
   */
  public Future<ObjectNode> answer(Optional<Caller> caller, String by, String framework, String ladder) {
    if (!Suppression.dimensions().contains(by)) {
      return Future.failedFuture(ApiException.badRequest("by must be one of " + Suppression.dimensions() + ".", "by"));
    }
    String consumer = options.consumer();
    Future<List<String>> teams = caller.isEmpty() || caller.get().has(Role.LD_ADMIN) || caller.get().has(Role.HR)
        ? Future.succeededFuture(null) : people.managedTeams(caller.get());
    return teams.compose(scope -> pool.preparedQuery(PEOPLE).execute(Tuple.tuple().addString(consumer)
                .addArrayOfString(scope == null ? null : scope.toArray(String[]::new)))
            .compose(members -> pool.preparedQuery(LEVELS).execute(Tuple.of(consumer, framework == null ? "" : framework))
                .compose(levels -> pool.preparedQuery(MILESTONES).execute(Tuple.of(consumer, ladder == null ? "" : ladder))
                    .map(milestones -> render(by, framework, ladder, members, levels, milestones))))
            .compose(body -> names(body, framework, ladder))
            .map(body -> {
              if (scope != null) {
                ArrayNode managed = body.putArray("teams");
                scope.forEach(managed::add);
              }
              return body;
            }));
  }

  /**
   * The view over time: one snapshot per ISO week. Until snapshots are kept, the one snapshot is
   * this week's, taken now from {@link #answer}.
   */
  public Future<ObjectNode> history(Optional<Caller> caller, String by, String ladder) {
    return answer(caller, by, null, ladder).map(now -> {
      ObjectNode body = Json.MAPPER.createObjectNode().put("by", by);
      ObjectNode snapshot = body.putArray("snapshots").addObject().put("period", week(LocalDate.now(ZoneOffset.UTC)))
          .put("takenAt", Instant.now().toString());
      snapshot.set("groups", now.get("groups"));
      return body;
    });
  }

  /** An ISO week as ISO 8601 writes it: {@code 2026-W49}. */
  static String week(LocalDate date) {
    return String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** The framework's competencies (its CASE items) and the ladder's milestones, by name. */
  private Future<ObjectNode> names(ObjectNode body, String framework, String ladder) {
    Future<Framework> items = framework == null ? Future.succeededFuture() : FrameworkStore.load(pool, framework, null);
    Future<List<Ladder>> ladders = ladder == null ? Future.succeededFuture(List.of()) : LadderStore.active(pool);
    return Future.all(items, ladders).map(all -> {
      Framework f = items.result();
      if (f != null) {
        ArrayNode list = body.putArray("competencies");
        f.items().values().forEach(i -> list.addObject().put("id", i.uri()).put("name", i.label()));
      }
      ladders.result().stream().filter(l -> l.id().equals(ladder)).findFirst().ifPresent(l -> {
        ArrayNode list = body.putArray("milestones");
        l.milestones().forEach(m -> list.addObject().put("id", m.id()).put("name", m.name()));
      });
      return body;
    });
  }

  private ObjectNode render(String by, String framework, String ladder, Iterable<Row> people, Iterable<Row> levels,
      Iterable<Row> milestones) {
    int k = options.minGroupSize();
    Map<String, Map<String, Set<String>>> dims = new LinkedHashMap<>();
    Suppression.dimensions().forEach(d -> dims.put(d, new TreeMap<>()));
    Set<String> active = new java.util.HashSet<>();
    int population = 0;
    for (Row p : people) {
      population++;
      String id = p.getString("person_id");
      for (String d : Suppression.dimensions()) {
        dims.get(d).computeIfAbsent(p.getString(d), g -> new java.util.HashSet<>()).add(id);
      }
      if (p.getBoolean("active")) {
        active.add(id);
      }
    }
    Map<String, Map<String, Integer>> levelOf = new HashMap<>();
    for (Row r : levels) {
      levelOf.computeIfAbsent(r.getString("person_id"), x -> new HashMap<>()).put(r.getString("competency"), r.getInteger("level"));
    }
    Map<String, Set<String>> reached = new HashMap<>();
    for (Row r : milestones) {
      reached.computeIfAbsent(r.getString("person_id"), x -> new java.util.HashSet<>()).add(r.getString("milestone_id"));
    }
    Map<String, Set<String>> released = Suppression.released(dims, k, population);
    ObjectNode body = Json.MAPPER.createObjectNode().put("by", by).put("minGroupSize", k);
    if (framework != null) {
      body.put("framework", framework);
    }
    if (ladder != null) {
      body.put("ladder", ladder);
    }
    body.put("population", population >= k ? population : null);
    ArrayNode groups = body.putArray("groups");
    int hiddenGroups = 0;
    int hiddenMembers = 0;
    for (var g : dims.get(by).entrySet()) {
      if (!released.get(by).contains(g.getKey())) {
        hiddenGroups++;
        hiddenMembers += g.getValue().size();
        continue;
      }
      Set<String> members = g.getValue();
      long participants = members.stream().filter(active::contains).count();
      ObjectNode json = groups.addObject().put("group", g.getKey()).put("members", members.size())
          .put("participants", participants)
          .put("participation", Math.round(1000.0 * participants / members.size()) / 1000.0);
      if (framework != null) {
        Map<String, int[]> sums = new TreeMap<>();
        for (String m : members) {
          levelOf.getOrDefault(m, Map.of()).forEach((c, l) -> {
            int[] s = sums.computeIfAbsent(c, x -> new int[1]);
            s[0] += l;
          });
        }
        ObjectNode avg = json.putObject("averageLevel");
        sums.forEach((c, s) -> avg.put(c, Math.round(100.0 * s[0] / members.size()) / 100.0));
      }
      if (ladder != null) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String m : members) {
          reached.getOrDefault(m, Set.of()).forEach(ms -> counts.merge(ms, 1, Integer::sum));
        }
        ObjectNode ms = json.putObject("milestonesReached");
        counts.forEach(ms::put);
      }
    }
    body.putObject("suppressed").put("groups", hiddenGroups).put("members", population >= k ? hiddenMembers : null)
        .put("rule", "Groups under " + k + " people, and groups whose difference with other shown groups would "
            + "single out fewer than " + k + " people, are not shown.");
    return body;
  }
}
