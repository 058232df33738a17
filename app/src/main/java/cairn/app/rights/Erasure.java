package cairn.app.rights;

import cairn.accounts.rights.AccountPersonalData;
import cairn.credentials.rights.IssuerPersonalData;
import cairn.lrs.rights.LrsPersonalData;
import cairn.progression.rights.ProgressionPersonalData;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Erases a person of the directory at their request (GDPR art. 17), across every feature, each of
 * which erases what it holds: the accounts (sign-in, sessions — the person is signed out at once),
 * the LRS (their statements and documents), the progression mapper (directory entry, derived state,
 * issuance requests; the statements' facts retracted and the other people who depended on them
 * derived again), the credential issuer (credentials revoked, share links deleted). No feature
 * knows another; this class runs them in that order and keeps the record, {@code rights.erasures}.
 *
 * <p>Safe against a crash midway: the request is recorded first (with the person's id and IFIs),
 * each step marks itself done (the LRS's and the mapper's in the transaction of their change, so the
 * ids of the statements erased are never lost between them), and the same request again — by id of
 * the person, whose record is still under way — resumes and finishes. Once done, the record keeps no
 * personal data: an opaque erasure id, who asked, the reason, when, and counts.
 *
 * <p>A dry run finds the same things and changes nothing.
 */
public final class Erasure {
  private static final String UNDER_WAY = """
      select id, person_id, ifis, statements, voided_targets, steps, requested, requested_by, reason, counts::text as counts
      from rights.erasures where person_id = $1 and completed is null""";
  private static final String BY_ID = """
      select id, person_id, ifis, statements, voided_targets, steps, requested, requested_by, reason, counts::text as counts,
             completed
      from rights.erasures where id = $1""";
  private static final String INSERT = """
      insert into rights.erasures (id, requested_by, reason, person_id, ifis) values ($1, $2, $3, $4, $5::text[])""";
  private static final String STEP_DONE = """
      update rights.erasures set steps = steps || $2::text, counts = counts || $3::text::jsonb
      where id = $1 and not ($2 = any(steps))""";
  private static final String LRS_DONE = """
      update rights.erasures set steps = steps || 'lrs'::text, counts = counts || $2::text::jsonb,
        statements = $3::uuid[], voided_targets = $4::uuid[]
      where id = $1 and not ('lrs' = any(steps))""";
  private static final String COMPLETE = """
      update rights.erasures set completed = now(), person_id = null, ifis = null, statements = null,
        voided_targets = null
      where id = $1 and completed is null""";
  /** The order of the steps: sign-in first, the issuer last (after the mapper can request no more credentials). */
  static final List<String> STEPS = List.of("accounts", "lrs", "progression", "credentials");

  private final Pool pool;
  private final AccountPersonalData accounts;
  private final LrsPersonalData lrs;
  private final ProgressionPersonalData progression;
  private final IssuerPersonalData issuer;

  public Erasure(Pool pool, AccountPersonalData accounts, LrsPersonalData lrs, ProgressionPersonalData progression,
      IssuerPersonalData issuer) {
    this.pool = pool;
    this.accounts = accounts;
    this.lrs = lrs;
    this.progression = progression;
    this.issuer = issuer;
  }

  /**
   * What erasing the person would take (counts per kind and the number of other people whose
   * progress would be derived again); changes nothing. A 404 when the directory has no such person
   * and no erasure of them is under way.
   */
  public Future<ObjectNode> dryRun(String personId) {
    return pool.preparedQuery(UNDER_WAY).execute(Tuple.of(personId)).compose(rows -> {
      if (rows.size() > 0) {
        Row r = rows.iterator().next();
        return find(personId, List.of(r.getArrayOfStrings("ifis"))).map(o -> o.put("underWay", r.getUUID("id").toString()));
      }
      return ifis(personId).compose(ifis -> find(personId, ifis));
    }).map(o -> o.put("dryRun", true));
  }

  private Future<List<String>> ifis(String personId) {
    return progression.ifis(personId).map(found -> found.orElseThrow(() -> ApiException.notFound("No person "
        + personId + " in the directory: never imported, or erased already (an erasure's record keeps no "
        + "person id, so a second erasure has nothing to find).")));
  }

  private Future<ObjectNode> find(String personId, List<String> ifis) {
    return lrs.find(pool, ifis).compose(statements -> Future.all(accounts.find(pool, ifis),
            progression.find(pool, personId, ifis, statements.statements()), issuer.find(pool, personId))
        .map(all -> {
          AccountPersonalData.Found a = all.resultAt(0);
          ProgressionPersonalData.Found p = all.resultAt(1);
          IssuerPersonalData.Found c = all.resultAt(2);
          ObjectNode counts = Json.MAPPER.createObjectNode();
          counts.set("accounts", accountCounts(a));
          counts.set("lrs", lrsCounts(statements, null));
          counts.set("progression", progressionCounts(p));
          counts.set("credentials", credentialCounts(c));
          ObjectNode out = Json.MAPPER.createObjectNode().put("person", personId);
          out.set("counts", counts);
          return out.put("othersAffected", p.othersAffected());
        }));
  }

  /**
   * Erases the person (see the class comment), or finishes an erasure of them under way; answers the
   * erasure's record. {@code actor}: who asked ({@code credential:<key>}, {@code cli:<user>}).
   */
  public Future<ObjectNode> erase(String personId, String reason, String actor) {
    return pool.preparedQuery(UNDER_WAY).execute(Tuple.of(personId)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(rows.iterator().next().getUUID("id"));
      }
      return ifis(personId).compose(ifis -> {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery(INSERT).execute(Tuple.of(id, actor, reason, personId, ifis.toArray(String[]::new)))
            .map(id)
            // a second request raced this one: finish the same erasure
            .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? pool.preparedQuery(UNDER_WAY).execute(Tuple.of(personId)).map(r -> r.iterator().next().getUUID("id"))
                : Future.failedFuture(e));
      });
    }).compose(this::resume);
  }

  /** Runs the steps the record does not show done, in order, then completes it. */
  private Future<ObjectNode> resume(UUID id) {
    return record(id).compose(r -> {
      if (r.getOffsetDateTime("completed") != null) {
        return Future.succeededFuture();
      }
      List<String> done = Arrays.asList(r.getArrayOfStrings("steps"));
      String step = STEPS.stream().filter(s -> !done.contains(s)).findFirst().orElse(null);
      if (step == null) {
        return pool.preparedQuery(COMPLETE).execute(Tuple.of(id)).mapEmpty();
      }
      return step(id, step, r).compose(v -> resume(id)).mapEmpty();
    }).compose(v -> record(id)).map(Erasure::render);
  }

  private Future<Row> record(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> rows.iterator().next());
  }

  private Future<Void> step(UUID id, String step, Row r) {
    String erasure = id.toString();
    String personId = r.getString("person_id");
    List<String> ifis = List.of(r.getArrayOfStrings("ifis"));
    String actor = r.getString("requested_by");
    return switch (step) {
      case "accounts" -> accounts.erase(ifis, actor, erasure)
          .compose(a -> done(id, step, accountCounts(a)));
      case "lrs" -> pool.withTransaction(conn -> lrs.erase(conn, ifis, actor, erasure).compose(erased -> {
        ObjectNode counts = Json.MAPPER.createObjectNode();
        counts.set("lrs", lrsCounts(erased.found(), erased.attachments()));
        return conn.preparedQuery(LRS_DONE).execute(Tuple.of(id, counts.toString(),
            erased.found().statements().toArray(UUID[]::new), erased.found().voidedTargets().toArray(UUID[]::new)));
      })).mapEmpty();
      case "progression" -> pool.withTransaction(conn -> progression.erase(conn, personId, ifis,
              uuids(r, "statements"), uuids(r, "voided_targets"), actor, erasure)
          .compose(p -> {
            ObjectNode counts = Json.MAPPER.createObjectNode();
            counts.set("progression", progressionCounts(p));
            counts.put("othersAffected", p.othersAffected());
            return conn.preparedQuery(STEP_DONE).execute(Tuple.of(id, step, counts.toString()));
          })).mapEmpty();
      case "credentials" -> issuer.erase(personId, actor, erasure).compose(c -> done(id, step, credentialCounts(c)));
      default -> throw new IllegalStateException("unknown step " + step);
    };
  }

  private static List<UUID> uuids(Row r, String column) {
    UUID[] ids = r.getArrayOfUUIDs(column);
    return ids == null ? List.of() : List.of(ids);
  }

  private Future<Void> done(UUID id, String step, ObjectNode counts) {
    ObjectNode wrapped = Json.MAPPER.createObjectNode();
    wrapped.set(step, counts);
    return pool.preparedQuery(STEP_DONE).execute(Tuple.of(id, step, wrapped.toString())).mapEmpty();
  }

  /** An erasure's record as the API answers it: no personal data once completed. */
  static ObjectNode render(Row r) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("erasure", r.getUUID("id").toString()).put("dryRun", false)
        .put("requested", r.getOffsetDateTime("requested").toInstant().toString())
        .put("requestedBy", r.getString("requested_by")).put("reason", r.getString("reason"));
    ObjectNode counts = (ObjectNode) Json.tree(r.getString("counts"));
    if (counts.has("othersAffected")) {
      o.set("othersAffected", counts.remove("othersAffected"));
    }
    o.set("counts", counts);
    if (r.getOffsetDateTime("completed") != null) {
      o.put("completed", r.getOffsetDateTime("completed").toInstant().toString());
    }
    return o;
  }

  private static ObjectNode accountCounts(AccountPersonalData.Found a) {
    return Json.MAPPER.createObjectNode().put("accounts", a.accounts().size()).put("sessions", a.sessions())
        .put("providerLogins", a.logins());
  }

  private static ObjectNode lrsCounts(LrsPersonalData.Found f, Integer attachments) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("statements", f.statements().size())
        .put("keptVoidingStatements", f.keptVoiding()).put("stateDocuments", f.stateDocuments())
        .put("agentProfiles", f.agentProfiles());
    if (attachments != null) {
      o.put("attachments", attachments);
    }
    return o;
  }

  private static ObjectNode progressionCounts(ProgressionPersonalData.Found p) {
    return Json.MAPPER.createObjectNode().put("directoryEntries", 1).put("ifis", p.ifis()).put("levels", p.levels())
        .put("ladders", p.ladders()).put("milestones", p.milestones()).put("issuanceRequests", p.issuanceRequests());
  }

  private static ObjectNode credentialCounts(IssuerPersonalData.Found c) {
    return Json.MAPPER.createObjectNode().put("credentials", c.credentials()).put("revoked", c.live())
        .put("shareLinks", c.shares());
  }
}
