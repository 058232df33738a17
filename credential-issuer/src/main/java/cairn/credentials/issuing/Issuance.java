package cairn.credentials.issuing;

import cairn.credentials.IssuerOptions;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.keys.SigningKey;
import cairn.credentials.profiles.Profile;
import cairn.credentials.profiles.Profiles;
import cairn.credentials.status.Slot;
import cairn.credentials.status.StatusLists;
import cairn.web.ApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Issues a batch of requests inside the caller's transaction: subject ids, status slots, the
 * credentials built and signed (on worker threads, spread over the cores), then recorded under the
 * unique (person, achievement, ladder version) key together with their audit entries. Requests that
 * were already issued come back as not issued; nothing else changes for them.
 */
public final class Issuance {
  private final KeyRing keys;
  private final Profiles profiles;
  private final StatusLists status;
  private final IssuerOptions options;
  private final CredentialBuilder builder;
  private final int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final DataIntegrity dataIntegrity;

  /**
   * A credential this batch recorded: its VC-JWT and its Data Integrity form (JSON), each null when its
   * issuer profile does not issue that form.
   */
  public record Issued(IssueRequest request, UUID id, String jwt, String kid, String dataIntegrity) {}

  public Issuance(KeyRing keys, Profiles profiles, StatusLists status, IssuerOptions options) {
    this.dataIntegrity = new DataIntegrity(new IssuerDids(options, keys));
    this.keys = keys;
    this.profiles = profiles;
    this.status = status;
    this.options = options;
    this.builder = new CredentialBuilder(options.publicUrl());
  }

  public Future<List<Issued>> issue(Vertx vertx, SqlConnection conn, List<IssueRequest> requests, JWSAlgorithm alg,
      String actor, String reason) {
    if (requests.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Set<String> issuerIds = new HashSet<>();
    requests.forEach(r -> issuerIds.add(r.issuer()));
    Map<String, Profile> issuers = new HashMap<>();
    Future<Void> loaded = Future.succeededFuture();
    for (String slug : issuerIds) {
      loaded = loaded.compose(v -> profiles.get(slug).map(p -> {
        issuers.put(slug, p.orElseThrow(() -> ApiException.badRequest("No issuer profile '" + slug + "'.", "$.issuer")));
        return null;
      }));
    }
    String[] people = requests.stream().map(IssueRequest::personId).toArray(String[]::new);
    Map<String, IssuerDids.Signer> signers = new HashMap<>();
    return loaded
        .compose(v -> didSigners(vertx, issuers, signers))
        .compose(v -> keys.signingKey(vertx, alg))
        .compose(key -> conn.preparedQuery(IssuingSql.SUBJECTS).execute(Tuple.of((Object) people))
            .compose(rows -> {
              Map<String, UUID> subjects = new HashMap<>();
              rows.forEach(row -> subjects.put(row.getString("person_id"), row.getUUID("subject_id")));
              return status.allocate(conn, requests.size()).map(slots -> drafts(requests, issuers, subjects, slots));
            })
            .compose(drafts -> sign(vertx, key, signers, drafts)
                .compose(forms -> record(conn, drafts, forms, key, signers, actor, reason))));
  }

  /** The Ed25519 key and DID of each profile that issues the Data Integrity form. */
  private Future<Void> didSigners(Vertx vertx, Map<String, Profile> issuers, Map<String, IssuerDids.Signer> signers) {
    Future<Void> chain = Future.succeededFuture();
    for (Profile p : issuers.values()) {
      if (p.issues(Profile.DATA_INTEGRITY)) {
        chain = chain.compose(v -> dataIntegrity.dids().signer(vertx, p.slug()).map(s -> {
          signers.put(p.slug(), s);
          return null;
        }));
      }
    }
    return chain;
  }

  private List<CredentialBuilder.Draft> drafts(List<IssueRequest> requests, Map<String, Profile> issuers,
      Map<String, UUID> subjects, List<Slot> slots) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant validity = options.validity().map(now::plus).orElse(null);
    List<CredentialBuilder.Draft> drafts = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      IssueRequest r = requests.get(i);
      // the earlier of the issuer's own validity and the request's (its evidence expiring)
      Instant until = validity;
      if (r.validUntil() != null) {
        Instant evidence = r.validUntil().truncatedTo(ChronoUnit.SECONDS);
        until = until == null || evidence.isBefore(until) ? evidence : until;
      }
      drafts.add(new CredentialBuilder.Draft(r, UUID.randomUUID(), subjects.get(r.personId()), issuers.get(r.issuer()),
          now, until, slots.get(i), status.entry(slots.get(i))));
    }
    return drafts;
  }

  /** Each credential's VC-JWT ({@code [0]}) and Data Integrity form ({@code [1]}), either null if not issued. */
  private record Forms(String[] jwts, String[] dataIntegrity) {}

  /**
   * Builds and signs on worker threads, one chunk per core: RSA signing and RDF canonicalization are
   * the expensive parts.
   */
  private Future<Forms> sign(Vertx vertx, SigningKey key, Map<String, IssuerDids.Signer> signers,
      List<CredentialBuilder.Draft> drafts) {
    String[] jwts = new String[drafts.size()];
    String[] dis = new String[drafts.size()];
    int chunks = Math.min(parallelism, drafts.size());
    List<Future<Void>> parts = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = c * drafts.size() / chunks;
      int to = (c + 1) * drafts.size() / chunks;
      parts.add(vertx.executeBlocking(() -> {
        for (int i = from; i < to; i++) {
          CredentialBuilder.Draft d = drafts.get(i);
          ObjectNode payload = builder.payload(d);
          if (d.issuer().issues(Profile.VC_JWT)) {
            jwts[i] = key.sign(payload.toString());
          }
          IssuerDids.Signer signer = signers.get(d.issuer().slug());
          if (signer != null) {
            dis[i] = dataIntegrity.secure(payload, signer, status.dataIntegrityEntry(d.slot(), d.issuer().slug()), d.validFrom()).toString();
          }
        }
        return null;
      }, false));
    }
    return Future.all(parts).map(v -> new Forms(jwts, dis));
  }

  private Future<List<Issued>> record(SqlConnection conn, List<CredentialBuilder.Draft> drafts, Forms forms,
      SigningKey key, Map<String, IssuerDids.Signer> signers, String actor, String reason) {
    String[] jwts = forms.jwts();
    int n = drafts.size();
    UUID[] ids = new UUID[n];
    String[] people = new String[n];
    String[] achievements = new String[n];
    String[] ladders = new String[n];
    Integer[] versions = new Integer[n];
    String[] issuerIds = new String[n];
    Long[] requestIds = new Long[n];
    String[] kids = new String[n];
    Integer[] lists = new Integer[n];
    Integer[] indexes = new Integer[n];
    OffsetDateTime[] from = new OffsetDateTime[n];
    OffsetDateTime[] until = new OffsetDateTime[n];
    String[] recipientNames = new String[n];
    String[] achievementNames = new String[n];
    for (int i = 0; i < n; i++) {
      CredentialBuilder.Draft d = drafts.get(i);
      ids[i] = d.id();
      people[i] = d.request().personId();
      achievements[i] = d.request().achievementId();
      ladders[i] = d.request().ladderId();
      versions[i] = d.request().ladderVersion();
      issuerIds[i] = d.request().issuer();
      requestIds[i] = d.request().requestId();
      // the key that signed the VC-JWT, or the Ed25519 key for a profile that issues Data Integrity only
      kids[i] = jwts[i] != null ? key.id() : signers.get(d.request().issuer()).key().id();
      lists[i] = d.slot().list();
      indexes[i] = d.slot().index();
      from[i] = d.validFrom().atOffset(ZoneOffset.UTC);
      until[i] = d.validUntil() == null ? null : d.validUntil().atOffset(ZoneOffset.UTC);
      recipientNames[i] = d.request().recipientName();
      achievementNames[i] = d.request().achievement().path("name").asText(null);
    }
    Tuple args = Tuple.tuple()
        .addArrayOfUUID(ids).addArrayOfString(people).addArrayOfString(achievements).addArrayOfString(ladders)
        .addArrayOfInteger(versions).addArrayOfString(issuerIds).addArrayOfLong(requestIds).addArrayOfString(kids)
        .addArrayOfInteger(lists).addArrayOfInteger(indexes).addArrayOfString(jwts)
        .addArrayOfOffsetDateTime(from).addArrayOfOffsetDateTime(until)
        .addString(actor).addString(reason).addArrayOfString(forms.dataIntegrity())
        .addArrayOfString(recipientNames).addArrayOfString(achievementNames);
    return conn.preparedQuery(IssuingSql.INSERT).execute(args).map(rows -> {
      Set<UUID> made = new HashSet<>();
      rows.forEach(row -> made.add(row.getUUID("credential_id")));
      List<Issued> issued = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (made.contains(ids[i])) {
          issued.add(new Issued(drafts.get(i).request(), ids[i], jwts[i],
              jwts[i] != null ? key.kid() : keys.kid(kids[i]), forms.dataIntegrity()[i]));
        }
      }
      return issued;
    });
  }

  /** The id of the credential already issued for a request's key and not revoked, if any. */
  public Future<java.util.Optional<UUID>> existing(SqlConnection conn, IssueRequest r) {
    return conn.preparedQuery(IssuingSql.EXISTING).execute(Tuple.of(r.personId(), r.achievementId(), r.ladderVersion()))
        .map(rows -> rows.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(rows.iterator().next().getUUID("id")));
  }
}
