package cairn.lrs.rights;

import cairn.lrs.audit.Audit;
import cairn.web.Json;
import cairn.web.Offload;
import cairn.xapi.Agents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the LRS holds about one person, found by their IFIs ({@link Agents#ifiKey} form): for the
 * right of access (export) and the right to erasure (GDPR art. 15, 17).
 *
 * <p><b>A person's statements</b> are those whose actor is the person (an Agent with one of the
 * IFIs), or a Group with the person as a member, and those whose object is the person (an Agent
 * with one of the IFIs: "mentored Ada", "endorsed Ada"). Statements that name the person only in
 * other places — instructor, team, context agents, authority, inside a SubStatement — are other
 * people's records and stay. One exception among the person's own: a voiding statement whose
 * target is another person's statement that stays is kept (counted as {@code keptVoiding}); without
 * it that statement would come back to life, in the LRS's queries as in the progression mapper's
 * recompute. <b>A person's documents</b> are the State and Agent Profile documents keyed by one of
 * the IFIs (Activity Profile documents name no agent).
 */
public final class LrsPersonalData {
  /** Statements read and written per round trip. */
  static final int PAGE = 1000;
  /** Every statement that names one of the IFIs anywhere: the candidates, checked in Java. */
  private static final String CANDIDATES = """
      select s.seq, s.id, s.voided_target, (s.body->'actor')::text as actor, (s.body->'object')::text as object
      from lrs.statements s
      where s.seq in (select a.seq from lrs.statement_agents a where a.agent = any($1::text[]))
      order by s.seq""";
  private static final String EXISTING = "select id from lrs.statements where id = any($1::uuid[])";
  private static final String DOCUMENTS = """
      select resource, count(*) as n from lrs.documents
      where agent = any($1::text[]) and resource in ('state', 'agent_profile') group by resource""";
  private static final String DELETE_DOCUMENTS = """
      delete from lrs.documents where agent = any($1::text[]) and resource in ('state', 'agent_profile')""";
  private static final String PAGE_OF_BODIES = """
      select seq, body::text as body from lrs.statements where seq = any($1::bigint[]) order by stored, seq""";
  private static final String DOCUMENT_LIST = """
      select resource, activity_id, agent, registration, doc_id, content_type, content, etag, updated
      from lrs.documents where agent = any($1::text[]) and resource in ('state', 'agent_profile')
      order by resource, activity_id, registration, doc_id""";

  private final Pool pool;
  private final Vertx vertx;

  public LrsPersonalData(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * The person's statements and documents, found but not touched.
   *
   * @param statements the person's statements' ids (see the class comment), voiding statements kept aside
   * @param seqs their row numbers, in the same order
   * @param voidedTargets the statements that those of them that are voiding statements void
   * @param keptVoiding voiding statements of the person kept because their target is someone else's
   * @param stateDocuments State documents keyed by the IFIs
   * @param agentProfiles Agent Profile documents keyed by the IFIs
   */
  public record Found(List<UUID> statements, List<Long> seqs, List<UUID> voidedTargets, int keptVoiding,
      int stateDocuments, int agentProfiles) {
    public int documents() {
      return stateDocuments + agentProfiles;
    }
  }

  /** What {@link #erase} removed; {@code attachments}: attachment contents no other statement used. */
  public record Erased(Found found, int attachments) {}

  /** The person's statements and documents (see the class comment), found but not touched. */
  public Future<Found> find(SqlClient client, List<String> ifis) {
    String[] keys = ifis.toArray(String[]::new);
    Set<String> mine = Set.copyOf(ifis);
    return client.preparedQuery(CANDIDATES).execute(Tuple.of((Object) keys)).compose(rows -> {
      long size = 0;
      List<Row> list = new ArrayList<>();
      for (Row r : rows) {
        list.add(r);
        size += r.getString("actor").length() + (r.getString("object") == null ? 0 : r.getString("object").length());
      }
      // parsing the actors and objects of a busy learner's statements is worker work
      return Offload.bySize(vertx, size, () -> select(list, mine));
    }).compose(selected -> {
      Set<UUID> ids = new HashSet<>(selected.ids);
      List<UUID> targets = new ArrayList<>();
      for (int i = 0; i < selected.ids.size(); i++) {
        if (selected.targets.get(i) != null && !ids.contains(selected.targets.get(i))) {
          targets.add(selected.targets.get(i));
        }
      }
      // voiding statements whose target is someone else's statement that stays are kept
      Future<Set<UUID>> others = targets.isEmpty() ? Future.succeededFuture(Set.of())
          : client.preparedQuery(EXISTING).execute(Tuple.of((Object) targets.toArray(UUID[]::new))).map(r -> {
            Set<UUID> found = new HashSet<>();
            r.forEach(row -> found.add(row.getUUID("id")));
            return found;
          });
      return others.compose(kept -> client.preparedQuery(DOCUMENTS).execute(Tuple.of((Object) keys)).map(docs -> {
        List<UUID> statements = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<UUID> voided = new ArrayList<>();
        int keptVoiding = 0;
        for (int i = 0; i < selected.ids.size(); i++) {
          UUID target = selected.targets.get(i);
          if (target != null && kept.contains(target)) {
            keptVoiding++;
            continue;
          }
          statements.add(selected.ids.get(i));
          seqs.add(selected.seqs.get(i));
          if (target != null) {
            voided.add(target);
          }
        }
        int state = 0;
        int profiles = 0;
        for (Row d : docs) {
          if (d.getString("resource").equals("state")) {
            state = d.getLong("n").intValue();
          } else {
            profiles = d.getLong("n").intValue();
          }
        }
        return new Found(List.copyOf(statements), List.copyOf(seqs), List.copyOf(voided), keptVoiding, state, profiles);
      }));
    });
  }

  private record Selected(List<UUID> ids, List<Long> seqs, List<UUID> targets) {}

  /** The candidates whose actor (or a member of a Group actor) or object Agent is the person. */
  private static Selected select(List<Row> rows, Set<String> ifis) {
    Selected s = new Selected(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Row r : rows) {
      JsonNode actor = Json.tree(r.getString("actor"));
      JsonNode object = r.getString("object") == null ? null : Json.tree(r.getString("object"));
      if (names(actor, ifis, true) || object != null && "Agent".equals(object.path("objectType").asText())
          && names(object, ifis, false)) {
        s.ids.add(r.getUUID("id"));
        s.seqs.add(r.getLong("seq"));
        s.targets.add(r.getUUID("voided_target"));
      }
    }
    return s;
  }

  private static boolean names(JsonNode agent, Set<String> ifis, boolean members) {
    if (Agents.ifiKey(agent).filter(ifis::contains).isPresent()) {
      return true;
    }
    if (members) {
      for (JsonNode member : agent.path("member")) {
        if (Agents.ifiKey(member).filter(ifis::contains).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Erases the person's statements (with their index rows and the attachment contents no other
   * statement uses) and documents on {@code conn}, the caller's transaction, with an entry in the
   * LRS's audit trail naming only the erasure's id and the counts.
   */
  public Future<Erased> erase(SqlConnection conn, List<String> ifis, String actor, String erasureId) {
    return find(conn, ifis).compose(found -> {
      List<String> shas = new ArrayList<>();
      return StatementDeletion.statements(conn, found.seqs(), shas)
          .compose(v -> StatementDeletion.orphanedAttachments(conn, shas))
          .compose(attachments -> conn.preparedQuery(DELETE_DOCUMENTS).execute(Tuple.of((Object) ifis.toArray(String[]::new)))
              .map(r -> new Erased(found, attachments)))
          .compose(erased -> {
            ObjectNode detail = Json.MAPPER.createObjectNode().put("statements", found.statements().size())
                .put("keptVoiding", found.keptVoiding()).put("stateDocuments", found.stateDocuments())
                .put("agentProfiles", found.agentProfiles()).put("attachments", erased.attachments());
            return Audit.record(conn, actor, "person.erase", erasureId, detail).map(erased);
          });
    });
  }

  /**
   * The person's statements as stored (the LRS's exact form, with id, stored, authority and
   * version; voided ones too), oldest first, handed to {@code page} {@value #PAGE} at a time: the
   * next page is read once the future {@code page} answers has completed.
   */
  public Future<Integer> statements(List<String> ifis, Function<List<String>, Future<Void>> page) {
    return find(pool, ifis).compose(found -> statements(found.seqs(), 0, page).map(found.seqs().size()));
  }

  private Future<Void> statements(List<Long> seqs, int from, Function<List<String>, Future<Void>> page) {
    if (from >= seqs.size()) {
      return Future.succeededFuture();
    }
    Long[] chunk = seqs.subList(from, Math.min(seqs.size(), from + PAGE)).toArray(Long[]::new);
    return pool.preparedQuery(PAGE_OF_BODIES).execute(Tuple.of((Object) chunk))
        .compose(rows -> {
          List<String> bodies = new ArrayList<>();
          rows.forEach(r -> bodies.add(r.getString("body")));
          return page.apply(bodies);
        })
        .compose(v -> statements(seqs, from + PAGE, page));
  }

  /** A State or Agent Profile document keyed by one of the person's IFIs. */
  public record Document(String resource, String activityId, String agent, String registration, String id,
      String contentType, byte[] content, String etag, String updated) {}

  /** The person's State and Agent Profile documents. */
  public Future<List<Document>> documents(List<String> ifis) {
    return pool.preparedQuery(DOCUMENT_LIST).execute(Tuple.of((Object) ifis.toArray(String[]::new))).map(rows -> {
      List<Document> list = new ArrayList<>();
      for (Row r : rows) {
        list.add(new Document(r.getString("resource"), r.getString("activity_id"), r.getString("agent"),
            r.getString("registration"), r.getString("doc_id"), r.getString("content_type"),
            r.getBuffer("content").getBytes(), r.getString("etag"),
            r.getOffsetDateTime("updated").toInstant().toString()));
      }
      return list;
    });
  }
}
