package cairn.progression.people;

import cairn.progression.Http;
import cairn.progression.ProgressionOptions;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The people directory (import, read) and a person's progress: levels per competency with their
 * evidence, milestones reached with their explanation, and the gap to each ladder's next milestone.
 */
public final class PeopleRoutes {
  private final Pool pool;
  private final PeopleStore store;
  private final ProgressionOptions options;

  public PeopleRoutes(Pool pool, ProgressionOptions options) {
    this.pool = pool;
    this.store = new PeopleStore(pool);
    this.options = options;
  }

  public void mount(Router router) {
    router.post("/api/v1/people").handler(this::importPeople);
    router.get("/api/v1/people/:id").handler(this::get);
    router.get("/api/v1/people/:id/progress").handler(this::progress);
    router.get("/api/v1/people/:id/issuance-requests").handler(this::issuance);
  }

  /**
   * {@code GET /api/v1/me/progress}: the signed-in caller's own progress, the same answer as
   * {@code /api/v1/people/{id}/progress} for the person their IFIs name. Mounted behind the session
   * handlers, where no API credential is taken. And a mentor's {@code GET /api/v1/me/mentoring}
   * ({@link MentoringRoutes}).
   */
  public void mountSelfService(Router router) {
    router.get("/api/v1/me/progress").handler(ctx -> {
      Caller caller = Caller.require(ctx);
      directory().personOf(caller).onSuccess(id -> progress(ctx, id)).onFailure(ctx::fail);
    });
    new MentoringRoutes(pool, options, store).mount(router);
  }

  /** The directory as the other features see it: who a signed-in caller is. */
  public Directory directory() {
    return store.directory();
  }

  public PeopleStore store() {
    return store;
  }

  private void importPeople(RoutingContext ctx) {
    var people = PeopleStore.parse(Http.body(ctx));
    store.importPeople(people, Http.actor(ctx))
        .onSuccess(n -> Http.json(ctx, Json.MAPPER.createObjectNode().put("imported", n)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    store.get(id)
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("No person " + id + "."));
            return;
          }
          Http.json(ctx, person(rows.iterator().next()));
        })
        .onFailure(ctx::fail);
  }

  /** The issuance outbox rows (progression V1) written for this person's reached milestones. */
  private void issuance(RoutingContext ctx) {
    pool.preparedQuery(ProgressSql.ISSUANCE).execute(Tuple.of(ctx.pathParam("id")))
        .onSuccess(rows -> {
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Row r : rows) {
            ObjectNode json = list.addObject().put("id", r.getLong("id")).put("achievementId", r.getString("achievement_id"))
                .put("ladder", r.getString("ladder_id")).put("ladderVersion", r.getInteger("ladder_version"))
                .put("reachedAt", r.getOffsetDateTime("reached_at").toInstant().toString())
                .put("created", r.getOffsetDateTime("created").toInstant().toString());
            json.set("recipient", Json.tree(r.getString("recipient")));
            json.set("achievement", Json.tree(r.getString("achievement")));
            json.set("evidence", Json.tree(r.getString("evidence")));
            if (r.getOffsetDateTime("withdrawn") != null) {
              json.put("withdrawn", r.getOffsetDateTime("withdrawn").toInstant().toString())
                  .put("withdrawnReason", r.getString("withdrawn_reason"));
            }
          }
          Http.json(ctx, list);
        })
        .onFailure(ctx::fail);
  }

  private static ObjectNode person(Row row) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("id", row.getString("person_id"))
        .put("name", row.getString("name")).put("role", row.getString("role")).put("function", row.getString("function"))
        .put("level", row.getString("level")).put("team", row.getString("team"));
    ArrayNode manages = json.putArray("manages");
    for (String team : row.getArrayOfStrings("manages")) {
      manages.add(team);
    }
    json.set("agents", Json.tree(row.getString("agents")));
    return json;
  }

  private void progress(RoutingContext ctx) {
    progress(ctx, ctx.pathParam("id"));
  }

  private void progress(RoutingContext ctx, String id) {
    progressOf(id).onSuccess(body -> Http.json(ctx, body)).onFailure(ctx::fail);
  }

  /**
   * A person's progress as {@code GET /api/v1/people/{id}/progress} answers it (a failed future with
   * a 404 for no such person): what the JSON API and the progress page both show.
   */
  public Future<ObjectNode> progressOf(String id) {
    Tuple key = Tuple.of(options.consumer(), id);
    return Future.all(store.get(id), pool.preparedQuery(ProgressSql.MASTERY).execute(key),
            pool.preparedQuery(ProgressSql.STATUS).execute(key), pool.preparedQuery(ProgressSql.MILESTONES).execute(key))
        .compose(all -> {
          RowSet<Row> person = all.resultAt(0);
          if (person.size() == 0) {
            return Future.failedFuture(ApiException.notFound("No person " + id + "."));
          }
          RowSet<Row> mastery = all.resultAt(1);
          Set<String> uris = new LinkedHashSet<>();
          mastery.forEach(r -> uris.add(r.getString("competency")));
          return pool.preparedQuery(ProgressSql.NAMES).execute(Tuple.of((Object) uris.toArray(String[]::new)))
              .map(names -> render(person.iterator().next(), mastery, all.resultAt(2), all.resultAt(3), names));
        });
  }

  private static ObjectNode render(Row person, RowSet<Row> mastery, RowSet<Row> status, RowSet<Row> milestones,
      RowSet<Row> names) {
    Map<String, String> name = new HashMap<>();
    names.forEach(r -> name.put(r.getString("uri"), (r.getString("human_coding_scheme") == null ? ""
        : r.getString("human_coding_scheme") + " ") + r.getString("full_statement")));
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("person", person(person));
    ArrayNode levels = body.putArray("competencies");
    for (Row r : mastery) {
      ObjectNode l = levels.addObject().put("framework", r.getString("framework_id"))
          .put("competency", r.getString("competency")).put("name", name.get(r.getString("competency")))
          .put("level", r.getInteger("level")).put("directLevel", r.getInteger("direct_level"));
      if (r.getOffsetDateTime("since") != null) {
        l.put("since", r.getOffsetDateTime("since").toInstant().toString());
      }
      if (r.getOffsetDateTime("valid_until") != null) {
        l.put("validUntil", r.getOffsetDateTime("valid_until").toInstant().toString());
      }
      l.set("explanation", Json.tree(r.getString("explanation")));
    }
    ArrayNode reached = body.putArray("milestones");
    for (Row r : milestones) {
      ObjectNode m = reached.addObject().put("ladder", r.getString("ladder_id"))
          .put("ladderVersion", r.getInteger("ladder_version")).put("milestone", r.getString("milestone_id"))
          .put("reachedAt", r.getOffsetDateTime("reached_at").toInstant().toString());
      m.set("explanation", Json.tree(r.getString("explanation")));
    }
    ArrayNode ladders = body.putArray("ladders");
    status.forEach(r -> ladders.add(Json.tree(r.getString("status"))));
    return body;
  }
}
