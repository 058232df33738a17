package cairn.progression.rights;

import cairn.progression.ProgressionOptions;
import cairn.progression.audit.Audit;
import cairn.progression.feed.FeedConsumer;
import cairn.progression.feed.Retraction;
import cairn.progression.people.PeopleRoutes;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the progression mapper holds about one person of the directory, for the right of access
 * (export) and the right to erasure (GDPR art. 15, 17): the directory entry (person and IFIs), the
 * derived state of every feed consumer (levels, ladder standing, milestones with their
 * explanations), the issuance requests of their milestones — and, for erasure, the other people
 * whose derived state depended on the erased statements (a mentor's credit from the mentee's
 * evidence, a person endorsed by them), marked for the mapper to derive again from what remains.
 */
public final class ProgressionPersonalData {
  private static final String IFIS = "select ifi from progression.person_ifis where person_id = $1 order by ifi";
  private static final String EXISTS = "select 1 from progression.people where person_id = $1";
  private static final String LOCK_CURSORS = "select consumer from progression.feed_cursors order by consumer for update";
  /**
   * Other people ($4: not the person) whose derived state may depend on the person's statements ($2)
   * or on the person as a counterpart ($3, their IFIs) in consumer $1: the subjects and counterparts
   * of the facts those statements made, and of the sessions and endorsements naming the person.
   */
  private static final String AFFECTED = """
      with contents as (select content_hash from progression.fact_statements
                        where consumer = $1 and statement_id = any($2::uuid[])),
      ifis as (
        select f.subject as ifi from progression.facts f
        where f.consumer = $1 and f.content_hash in (select content_hash from contents)
        union select f.other from progression.facts f
        where f.consumer = $1 and f.content_hash in (select content_hash from contents) and f.other is not null
        union select f.subject from progression.facts f where f.consumer = $1 and f.other = any($3::text[])
        union select f.other from progression.facts f
        where f.consumer = $1 and f.subject = any($3::text[]) and f.other is not null)
      select distinct p.person_id from ifis join progression.person_ifis p on p.ifi = ifis.ifi
      where p.person_id <> $4""";
  private static final String DIRTY = """
      insert into progression.dirty_persons (consumer, person_id) select $1, unnest($2::text[])
      on conflict do nothing""";
  private static final String PERSONS_OF = "select distinct person_id from progression.person_ifis where ifi = any($1::text[])";
  private static final String COUNTS = """
      select (select count(*) from progression.mastery where consumer = $1 and person_id = $2) as mastery,
             (select count(*) from progression.ladder_status where consumer = $1 and person_id = $2) as ladders,
             (select count(*) from progression.milestones where consumer = $1 and person_id = $2) as milestones,
             (select count(*) from progression.issuance_requests where person_id = $2) as requests""";
  private static final String DELETE_IFIS = "delete from progression.person_ifis where person_id = $1";
  private static final String DELETE_PERSON = "delete from progression.people where person_id = $1";
  /** The person's published record in the cohort snapshots (the cells' sums, aggregates, stay). */
  private static final String DELETE_SNAPSHOT_RECORDS = """
      update progression.cohort_snapshots set people = people - $1 where people ? $1""";
  private static final String DELETE_MASTERY = "delete from progression.mastery where person_id = $1";
  private static final String DELETE_STATUS = "delete from progression.ladder_status where person_id = $1";
  private static final String DELETE_MILESTONES = "delete from progression.milestones where person_id = $1";
  private static final String DELETE_DIRTY = "delete from progression.dirty_persons where person_id = $1";
  private static final String DELETE_CHECKPOINT = "delete from progression.history_levels where person_id = $1";
  private static final String DELETE_REQUESTS = "delete from progression.issuance_requests where person_id = $1";
  private static final String REQUESTS = """
      select id, achievement_id, ladder_id, ladder_version, recipient::text as recipient, recipient_name,
             achievement::text as achievement, evidence::text as evidence, reached_at, created, withdrawn, withdrawn_reason
      from progression.issuance_requests where person_id = $1 order by id""";

  private final Pool pool;
  private final ProgressionOptions options;
  private final PeopleRoutes people;

  public ProgressionPersonalData(Pool pool, ProgressionOptions options) {
    this.pool = pool;
    this.options = options;
    this.people = new PeopleRoutes(pool, options);
  }

  /** The person's IFIs ({@code cairn.xapi.Agents.ifiKey} form); empty when the directory has no such person. */
  public Future<Optional<List<String>>> ifis(String personId) {
    return pool.preparedQuery(EXISTS).execute(Tuple.of(personId)).compose(found -> found.size() == 0
        ? Future.succeededFuture(Optional.empty())
        : pool.preparedQuery(IFIS).execute(Tuple.of(personId)).map(rows -> {
          List<String> ifis = new ArrayList<>();
          rows.forEach(r -> ifis.add(r.getString("ifi")));
          return Optional.of(List.copyOf(ifis));
        }));
  }

  /**
   * What an erasure would take, in the live consumer: the person's derived rows and issuance
   * requests, and how many other people it would have derived again.
   */
  public record Found(int ifis, int levels, int ladders, int milestones, int issuanceRequests, int othersAffected) {}

  /** {@code statements}: the person's statements in the LRS (those an erasure takes). */
  public Future<Found> find(SqlClient client, String personId, List<String> ifis, List<UUID> statements) {
    String live = options.consumer();
    return client.preparedQuery(COUNTS).execute(Tuple.of(live, personId))
        .compose(counts -> client.preparedQuery(AFFECTED).execute(Tuple.of(live,
                statements.toArray(UUID[]::new), ifis.toArray(String[]::new), personId))
            .map(affected -> {
              Row c = counts.iterator().next();
              return new Found(ifis.size(), c.getLong("mastery").intValue(), c.getLong("ladders").intValue(),
                  c.getLong("milestones").intValue(), c.getLong("requests").intValue(), affected.size());
            }));
  }

  /**
   * Erases the person on {@code conn} (the caller's transaction), which holds every feed consumer's
   * cursor while it works, so no round derives meanwhile: the directory entry, every consumer's
   * derived state of the person, their issuance requests; the erased {@code statements} (the LRS
   * no longer has them; {@code voidedTargets}: what those of them that voided something voided) are
   * retracted from every consumer's facts, and the other people whose state depended on them or
   * on the person are marked dirty, for the mapper's next round to derive again in full. Audited
   * with the erasure's id and the counts. Answers what the live consumer held.
   */
  public Future<Found> erase(SqlConnection conn, String personId, List<String> ifis, List<UUID> statements,
      List<UUID> voidedTargets, String actor, String erasureId) {
    String[] ifiArray = ifis.toArray(String[]::new);
    List<String> consumers = new ArrayList<>();
    Set<String> liveAffected = new LinkedHashSet<>();
    return conn.query(LOCK_CURSORS).execute()
        .compose(rows -> {
          rows.forEach(r -> consumers.add(r.getString("consumer")));
          return find(conn, personId, ifis, statements);
        })
        .compose(found -> eachConsumer(consumers, 0, consumer -> conn.preparedQuery(AFFECTED)
                .execute(Tuple.of(consumer, statements.toArray(UUID[]::new), ifiArray, personId))
                .compose(rows -> {
                  List<String> ids = new ArrayList<>();
                  rows.forEach(r -> ids.add(r.getString("person_id")));
                  if (consumer.equals(options.consumer())) {
                    liveAffected.addAll(ids);
                  }
                  return dirty(conn, consumer, ids);
                }))
            .compose(v -> conn.preparedQuery(DELETE_IFIS).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_PERSON).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_SNAPSHOT_RECORDS).execute(Tuple.of(personId)))
            .compose(v -> eachConsumer(consumers, 0, consumer ->
                Retraction.statementsErased(conn, consumer, statements, voidedTargets).compose(touched ->
                    conn.preparedQuery(PERSONS_OF).execute(Tuple.of((Object) touched.ifis().toArray(String[]::new)))
                        .compose(rows -> {
                          Set<String> ids = new LinkedHashSet<>(touched.persons());
                          rows.forEach(r -> ids.add(r.getString("person_id")));
                          ids.remove(personId);
                          return dirty(conn, consumer, new ArrayList<>(ids));
                        }))))
            // sessions in which the person was the mentee no longer count their other IFIs' evidence
            .compose(v -> FeedConsumer.directoryChanged(conn, ifiArray))
            .compose(v -> conn.preparedQuery(DELETE_MASTERY).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_STATUS).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_MILESTONES).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_DIRTY).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_CHECKPOINT).execute(Tuple.of(personId)))
            .compose(v -> conn.preparedQuery(DELETE_REQUESTS).execute(Tuple.of(personId)))
            .compose(v -> Audit.record(conn, actor, "people.erase", "people", null, Json.MAPPER.createObjectNode()
                .put("erasure", erasureId).put("ifis", found.ifis()).put("levels", found.levels())
                .put("milestones", found.milestones()).put("issuanceRequests", found.issuanceRequests())
                .put("statementsRetracted", statements.size()).put("othersAffected", liveAffected.size())))
            .map(v -> new Found(found.ifis(), found.levels(), found.ladders(), found.milestones(),
                found.issuanceRequests(), liveAffected.size())));
  }

  private static Future<Void> dirty(SqlConnection conn, String consumer, List<String> persons) {
    return persons.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(DIRTY).execute(Tuple.of(consumer, (Object) persons.toArray(String[]::new))).mapEmpty();
  }

  private static Future<Void> eachConsumer(List<String> consumers, int i,
      java.util.function.Function<String, Future<Void>> work) {
    return i >= consumers.size() ? Future.succeededFuture()
        : work.apply(consumers.get(i)).compose(v -> eachConsumer(consumers, i + 1, work));
  }

  /** The person's progress with its explanations, as {@code GET /api/v1/people/{id}/progress} answers it. */
  public Future<ObjectNode> progress(String personId) {
    return people.progressOf(personId);
  }

  /** The issuance requests written for the person's milestones (the outbox rows, with their evidence). */
  public Future<ArrayNode> issuanceRequests(String personId) {
    return pool.preparedQuery(REQUESTS).execute(Tuple.of(personId)).map(rows -> {
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (Row r : rows) {
        ObjectNode o = list.addObject().put("id", r.getLong("id")).put("achievementId", r.getString("achievement_id"))
            .put("ladder", r.getString("ladder_id")).put("ladderVersion", r.getInteger("ladder_version"))
            .put("recipientName", r.getString("recipient_name"))
            .put("reachedAt", r.getOffsetDateTime("reached_at").toInstant().toString())
            .put("created", r.getOffsetDateTime("created").toInstant().toString());
        o.set("recipient", Json.tree(r.getString("recipient")));
        o.set("achievement", Json.tree(r.getString("achievement")));
        o.set("evidence", Json.tree(r.getString("evidence")));
        if (r.getOffsetDateTime("withdrawn") != null) {
          o.put("withdrawn", r.getOffsetDateTime("withdrawn").toInstant().toString())
              .put("withdrawnReason", r.getString("withdrawn_reason"));
        }
      }
      return list;
    });
  }
}
