package cairn.progression.people;

import cairn.progression.InvalidDefinitionException;
import cairn.progression.audit.Audit;
import cairn.progression.feed.FeedConsumer;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import cairn.xapi.Agents;
import cairn.xapi.XapiFormats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The people directory's SQL: persons with their role, function, level and team, and the IFIs
 * (xAPI 1.0.3 Part Two §2.4.2.4) by which statements name them. An import replaces each listed
 * person's attributes and IFIs, and marks them for re-evaluation by every feed consumer.
 */
public final class PeopleStore {
  /** People written per statement round trip of an import. */
  static final int CHUNK = 1000;
  /** Most people one import takes. */
  public static final int MAX_PEOPLE = 50_000;
  private static final String UPSERT = """
      insert into progression.people (person_id, name, role, function, level, team, manages, self_declared, updated)
      select t.id, t.name, t.role, t.function, t.level, t.team,
             array(select jsonb_array_elements_text(t.manages::jsonb)), t.declared::jsonb, now()
      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
        as t(id, name, role, function, level, team, manages, declared)
      on conflict (person_id) do update set name = excluded.name, role = excluded.role, function = excluded.function,
        level = excluded.level, team = excluded.team, manages = excluded.manages,
        self_declared = excluded.self_declared, updated = now()""";
  /** A self-declared attribute's name: what {@code by=declared.<name>} groups by. */
  public static final java.util.regex.Pattern ATTRIBUTE = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,39}");
  /**
   * Taken first: the feed consumers' cursors, so that no round derives from the directory while it
   * changes, and the sessions' outcomes the import brings up to date stay so (see
   * FeedConsumer#directoryChanged). In order, as every writer of all cursors takes them.
   */
  private static final String LOCK_CURSORS = "select consumer from progression.feed_cursors order by consumer for update";
  private static final String DROP_IFIS = "delete from progression.person_ifis where person_id = any($1::text[]) returning ifi";
  private static final String INSERT_IFIS = """
      insert into progression.person_ifis (ifi, person_id, agent)
      select t.ifi, t.person, t.agent::jsonb from unnest($1::text[], $2::text[], $3::text[]) as t(ifi, person, agent)
      on conflict (ifi) do nothing returning ifi""";
  private static final String OWNERS = "select ifi, person_id from progression.person_ifis where ifi = any($1::text[])";
  private static final String DIRTY = """
      insert into progression.dirty_persons (consumer, person_id)
      select c.consumer, p from progression.feed_cursors c cross join unnest($1::text[]) as p
      on conflict do nothing""";
  private static final String GET = """
      select p.person_id, p.name, p.role, p.function, p.level, p.team, p.manages, p.updated,
             coalesce(json_agg(i.agent order by i.ifi) filter (where i.ifi is not null), '[]')::text as agents
      from progression.people p left join progression.person_ifis i using (person_id)
      where p.person_id = $1 group by p.person_id""";
  private static final String SEARCH = """
      select p.person_id, p.name, p.role, p.function, p.level, p.team, p.manages,
             coalesce((select string_agg(i.agent->>'mbox', ' ' order by i.ifi) from progression.person_ifis i
                       where i.person_id = p.person_id and i.agent ? 'mbox'), '') as mboxes,
             count(*) over () as total
      from progression.people p
      where $1::text is null or p.name ilike $1 escape '\\' or p.team ilike $1 escape '\\'
         or p.person_id ilike $1 escape '\\'
      order by p.name nulls last, p.person_id limit $2 offset $3""";
  private static final String MANAGES = "select manages from progression.people where person_id = $1";
  private static final String PERSON_OF = """
      select distinct person_id from progression.person_ifis where ifi = any($1::text[]) order by person_id limit 2""";

  private final Pool pool;

  public PeopleStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * A directory entry as imported: attributes, the teams the person manages, the agents as given
   * (IFIs only) and their IFI keys, and what they declared of themselves ({@code selfDeclared}:
   * attribute → value, for the equity views; never served person by person).
   */
  public record Person(String id, String name, String role, String function, String level, String team,
      List<String> manages, List<JsonNode> agents, List<String> ifis, Map<String, String> selfDeclared) {
    public Person(String id, String name, String role, String function, String level, String team,
        List<String> manages, List<JsonNode> agents, List<String> ifis) {
      this(id, name, role, function, level, team, manages, agents, ifis, Map.of());
    }
  }

  /** An entry of a directory import that cannot be taken: its index in the list, the JSON path, and why. */
  public record Problem(int index, String path, String message) {}

  /** The people of an import that can be taken, and every entry's problem (not only the first). */
  public record Checked(List<Person> people, List<Problem> problems) {}

  /**
   * Reads a directory import: an array of people, or {@code {"people": [...]}}, each with an id, the
   * xAPI agents that name them, and optionally name, role, function, level, team, {@code manages}
   * (the teams the person manages: an array of up to 100 team names) and {@code selfDeclared} (an
   * object of up to 20 attributes, names of lowercase letters, digits and '_', values strings of up
   * to 100 characters). At most 50,000. The first problem is a 400 naming the entry's path.
   */
  public static List<Person> parse(JsonNode body) {
    Checked checked = check(body);
    if (!checked.problems().isEmpty()) {
      Problem first = checked.problems().get(0);
      throw new InvalidDefinitionException(first.message(), first.path());
    }
    return checked.people();
  }

  /**
   * {@link #parse}, collecting the problem of every entry instead of stopping at the first (the
   * console's import preview shows them all); a body that is no list of people still throws.
   */
  public static Checked check(JsonNode body) {
    JsonNode list = body.isArray() ? body : body.path("people");
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidDefinitionException("Send an array of people (or {\"people\": [...]}).", "$");
    }
    if (list.size() > MAX_PEOPLE) {
      throw ApiException.tooLarge("At most " + MAX_PEOPLE + " people per import.");
    }
    String prefix = body.isArray() ? "$" : "$.people";
    List<Person> people = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, String> seenIfis = new HashMap<>();
    Map<String, Integer> seenIds = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = prefix + "[" + i + "]";
      try {
        people.add(person(list.get(i), path, i, seenIds, seenIfis));
      } catch (InvalidDefinitionException e) {
        problems.add(new Problem(i, e.path(), e.getMessage()));
      }
    }
    return new Checked(people, problems);
  }

  private static Person person(JsonNode p, String path, int i, Map<String, Integer> seenIds,
      Map<String, String> seenIfis) {
    String id = p.path("id").asText("");
    if (id.isBlank() || id.length() > 200) {
      throw new InvalidDefinitionException("Each person needs an id (1-200 characters).", path + ".id");
    }
    if (seenIds.putIfAbsent(id, i) != null) {
      throw new InvalidDefinitionException("Person " + id + " is listed twice.", path + ".id");
    }
    JsonNode agents = p.path("agents");
    if (!agents.isArray() || agents.isEmpty()) {
      throw new InvalidDefinitionException("Person " + id + " needs \"agents\": xAPI agents with an IFI "
          + "(mbox, mbox_sha1sum, openid or account).", path + ".agents");
    }
    List<JsonNode> kept = new ArrayList<>();
    List<String> ifis = new ArrayList<>();
    for (int j = 0; j < agents.size(); j++) {
      JsonNode agent = agents.get(j);
      String ifi = Agents.ifiKey(agent).orElseThrow(() -> new InvalidDefinitionException("Person " + id
          + ": agent has no inverse functional identifier.", path));
      if (agent.path("mbox").isTextual() && !XapiFormats.isMailtoIri(agent.get("mbox").asText())) {
        throw new InvalidDefinitionException("Person " + id + ": \"" + agent.get("mbox").asText()
            + "\" is not an email address (an mbox is mailto:name@example.com).", path + ".agents[" + j + "].mbox");
      }
      String other = seenIfis.putIfAbsent(ifi, id);
      if (other != null) {
        throw new InvalidDefinitionException("Person " + id + ": " + ifi + " is also given for person " + other + ".",
            path + ".agents[" + j + "]");
      }
      ObjectNode copy = Json.MAPPER.createObjectNode();
      for (String field : List.of("mbox", "mbox_sha1sum", "openid", "account")) {
        if (agent.has(field)) {
          copy.set(field, agent.get(field));
        }
      }
      kept.add(copy);
      ifis.add(ifi);
    }
    return new Person(id, text(p, "name"), text(p, "role"), text(p, "function"), text(p, "level"),
        text(p, "team"), manages(p, id, path), kept, ifis, declared(p, id, path));
  }

  private static List<String> manages(JsonNode p, String id, String path) {
    JsonNode teams = p.get("manages");
    if (teams == null || teams.isNull()) {
      return List.of();
    }
    if (!teams.isArray() || teams.size() > 100) {
      throw new InvalidDefinitionException("Person " + id + ": \"manages\" is an array of at most 100 team names.",
          path + ".manages");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < teams.size(); i++) {
      JsonNode team = teams.get(i);
      if (!team.isTextual() || team.asText().isBlank() || team.asText().length() > 200) {
        throw new InvalidDefinitionException("Person " + id + ": each team in \"manages\" is a name of 1-200 "
            + "characters.", path + ".manages[" + i + "]");
      }
      names.add(team.asText());
    }
    return List.copyOf(names);
  }

  private static Map<String, String> declared(JsonNode p, String id, String path) {
    JsonNode declared = p.get("selfDeclared");
    if (declared == null || declared.isNull()) {
      return Map.of();
    }
    if (!declared.isObject() || declared.size() > 20) {
      throw new InvalidDefinitionException("Person " + id + ": \"selfDeclared\" is an object of at most 20 "
          + "attributes, e.g. {\"gender\": \"woman\"}.", path + ".selfDeclared");
    }
    Map<String, String> values = new java.util.TreeMap<>();
    var fields = declared.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (!ATTRIBUTE.matcher(e.getKey()).matches()) {
        throw new InvalidDefinitionException("Person " + id + ": a self-declared attribute's name is 1-40 lowercase "
            + "letters, digits or '_', starting with a letter, not '" + e.getKey() + "'.", path + ".selfDeclared");
      }
      JsonNode v = e.getValue();
      if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 100) {
        throw new InvalidDefinitionException("Person " + id + ": self-declared " + e.getKey() + " is a text of 1-100 "
            + "characters.", path + ".selfDeclared." + e.getKey());
      }
      values.put(e.getKey(), v.asText());
    }
    return Map.copyOf(values);
  }

  private static String text(JsonNode p, String field) {
    JsonNode v = p.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Imports people in one transaction; see {@link #importPeople(List, String, IntConsumer)}. */
  public Future<Integer> importPeople(List<Person> people, String actor) {
    return importPeople(people, actor, done -> { });
  }

  /**
   * Imports people in one transaction, {@value #CHUNK} at a time, calling {@code progress} with the
   * number written after each chunk (the import commits, or rolls back, as a whole). Every listed
   * person's IFIs are dropped before any are written, so IFIs can move between listed people.
   */
  public Future<Integer> importPeople(List<Person> people, String actor, IntConsumer progress) {
    String[] ids = people.stream().map(Person::id).toArray(String[]::new);
    Set<String> changed = new LinkedHashSet<>();
    int ifiCount = people.stream().mapToInt(p -> p.ifis().size()).sum();
    return pool.withTransaction(conn -> conn.query(LOCK_CURSORS).execute()
        .compose(locked -> conn.preparedQuery(DROP_IFIS).execute(Tuple.of((Object) ids)))
        .compose(dropped -> {
          dropped.forEach(row -> changed.add(row.getString("ifi")));
          Future<Void> chunks = Future.succeededFuture();
          for (int from = 0; from < people.size(); from += CHUNK) {
            List<Person> chunk = people.subList(from, Math.min(people.size(), from + CHUNK));
            int done = from + chunk.size();
            chunks = chunks.compose(v -> writeChunk(conn, chunk, changed)).onSuccess(v -> progress.accept(done));
          }
          return chunks;
        })
        .compose(r -> FeedConsumer.directoryChanged(conn, changed.toArray(String[]::new)))
        .compose(r -> Audit.record(conn, actor, "people.import", "people", null,
            Json.MAPPER.createObjectNode().put("people", people.size()).put("ifis", ifiCount)))
        .map(r -> people.size()));
  }

  /** Upserts a chunk of people, writes their IFIs (refusing ones another person holds), marks them dirty. */
  private static Future<Void> writeChunk(SqlConnection conn, List<Person> people, Set<String> changed) {
    String[] ids = people.stream().map(Person::id).toArray(String[]::new);
    List<String> ifis = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    List<String> agents = new ArrayList<>();
    for (Person p : people) {
      for (int i = 0; i < p.ifis().size(); i++) {
        ifis.add(p.ifis().get(i));
        owners.add(p.id());
        agents.add(p.agents().get(i).toString());
      }
    }
    changed.addAll(ifis);
    return conn.preparedQuery(UPSERT).execute(Tuple.of(ids,
            people.stream().map(Person::name).toArray(String[]::new),
            people.stream().map(Person::role).toArray(String[]::new),
            people.stream().map(Person::function).toArray(String[]::new),
            people.stream().map(Person::level).toArray(String[]::new),
            people.stream().map(Person::team).toArray(String[]::new),
            people.stream().map(p -> Json.MAPPER.valueToTree(p.manages()).toString()).toArray(String[]::new),
            people.stream().map(p -> Json.MAPPER.valueToTree(p.selfDeclared()).toString()).toArray(String[]::new)))
        .compose(r -> conn.preparedQuery(INSERT_IFIS).execute(Tuple.of(ifis.toArray(String[]::new),
            owners.toArray(String[]::new), agents.toArray(String[]::new))))
        .compose(inserted -> {
          if (inserted.rowCount() == ifis.size()) {
            return Future.succeededFuture();
          }
          return conn.preparedQuery(OWNERS).execute(Tuple.of((Object) ifis.toArray(String[]::new))).compose(rows -> {
            Map<String, String> mine = new HashMap<>();
            for (int i = 0; i < ifis.size(); i++) {
              mine.put(ifis.get(i), owners.get(i));
            }
            for (Row row : rows) {
              String ifi = row.getString("ifi");
              if (!row.getString("person_id").equals(mine.get(ifi))) {
                return Future.failedFuture(ApiException.conflict(ifi + " already belongs to person "
                    + row.getString("person_id") + "; it cannot also identify " + mine.get(ifi) + ".", "$"));
              }
            }
            return Future.succeededFuture();
          });
        })
        .compose(r -> conn.preparedQuery(DIRTY).execute(Tuple.of((Object) ids)))
        .mapEmpty();
  }

  /**
   * The person whose IFIs include one of {@code ifis} (a signed-in account's): empty when none, a
   * 409 when they name two people (the account's identifiers must be fixed by an administrator).
   */
  public Future<Optional<String>> personOf(List<String> ifis) {
    return pool.preparedQuery(PERSON_OF).execute(Tuple.of((Object) ifis.toArray(String[]::new))).compose(rows -> {
      if (rows.size() > 1) {
        return Future.failedFuture(ApiException.conflict("Your account's identifiers name more than one person "
            + "of the directory; ask an administrator to correct your account or the directory.", null));
      }
      return Future.succeededFuture(rows.size() == 0 ? Optional.empty()
          : Optional.of(rows.iterator().next().getString("person_id")));
    });
  }

  /**
   * The teams a signed-in manager manages (their directory entry's {@code manages}); a 404 when the
   * caller is nobody of the directory, a 403 when they manage no team.
   */
  public Future<List<String>> managedTeams(Caller caller) {
    return directory().personOf(caller)
        .compose(person -> pool.preparedQuery(MANAGES).execute(Tuple.of(person)))
        .compose(rows -> {
          List<String> teams = rows.size() == 0 ? List.of()
              : List.of(rows.iterator().next().getArrayOfStrings("manages"));
          return teams.isEmpty()
              ? Future.failedFuture(ApiException.forbidden("You manage no team in the people directory: an L&D "
                  + "administrator lists the teams you manage under \"manages\" in your directory entry."))
              : Future.succeededFuture(teams);
        });
  }

  /** Who holds each of these IFIs now (IFIs nobody holds are absent). */
  public Future<Map<String, String>> owners(List<String> ifis) {
    return pool.preparedQuery(OWNERS).execute(Tuple.of((Object) ifis.toArray(String[]::new))).map(rows -> {
      Map<String, String> owners = new HashMap<>();
      rows.forEach(row -> owners.put(row.getString("ifi"), row.getString("person_id")));
      return owners;
    });
  }

  /** A directory entry as a list shows it: attributes and email addresses. */
  public record Listed(String id, String name, String role, String function, String level, String team,
      List<String> manages, String emails) {}

  /** A page of the directory and how many entries match in all. */
  public record Found(List<Listed> people, long total) {}

  /**
   * People whose name, team or id contains {@code query} (case-insensitive; null or blank for all),
   * by name, {@code limit} from {@code offset}.
   */
  public Future<Found> search(String query, int offset, int limit) {
    String pattern = query == null || query.isBlank() ? null
        : "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return pool.preparedQuery(SEARCH).execute(Tuple.of(pattern, limit, offset)).map(rows -> {
      List<Listed> people = new ArrayList<>();
      long total = 0;
      for (Row row : rows) {
        total = row.getLong("total");
        people.add(new Listed(row.getString("person_id"), row.getString("name"), row.getString("role"),
            row.getString("function"), row.getString("level"), row.getString("team"),
            List.of(row.getArrayOfStrings("manages")), row.getString("mboxes").replace("mailto:", "")));
      }
      return new Found(people, total);
    });
  }

  /** The directory as the other features see it: who a signed-in caller is. */
  public Directory directory() {
    return this::personOf;
  }

  Future<RowSet<Row>> get(String id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id));
  }
}
