package cairn.credentials.status;

import cairn.credentials.IssuerOptions;
import cairn.credentials.audit.Audit;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.profiles.Profiles;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Revocation and suspension with W3C Bitstring Status List v1.0: slots for new credentials, the
 * {@code credentialStatus} entry (§2.1 BitstringStatusListEntry, revocation), the signed status list
 * credentials (§2.2 BitstringStatusListCredential), and the audited status changes. The suspension
 * lists are still served, for credentials issued before their entry was dropped; new credentials
 * reference only the revocation list.
 *
 * <p>The bits are not stored twice: a list is computed from the credentials' {@code revoked} /
 * {@code suspended} columns, and cached per list version (bumped in the transaction of every change).
 * A cached list is trusted for {@link #CACHE_MILLIS} before its version is checked again, so a change
 * is visible at once on the node that made it and within that time elsewhere — as for API keys.
 */
public final class StatusLists {
  static final long CACHE_MILLIS = 5_000;
  private final Pool pool;
  private final IssuerOptions options;
  private final KeyRing keys;
  private final Profiles profiles;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private final DataIntegrity dataIntegrity;

  /** A list's bits at a version, and its signed forms (VC-JWT, Data Integrity), made once per version. */
  private record Cached(long version, byte[] bits, long checkedAt, AtomicReference<Future<String>> signed,
      ConcurrentHashMap<String, Future<String>> secured) {
    Cached(long version, byte[] bits, long checkedAt) {
      this(version, bits, checkedAt, new AtomicReference<>(), new ConcurrentHashMap<>());
    }
  }

  public StatusLists(Pool pool, IssuerOptions options, KeyRing keys, Profiles profiles) {
    this.pool = pool;
    this.options = options;
    this.keys = keys;
    this.profiles = profiles;
    this.dataIntegrity = new DataIntegrity(new IssuerDids(options, keys));
  }

  public String listUrl(int list, Purpose purpose) {
    return options.publicUrl() + "/status-lists/" + list + "/" + purpose.wire();
  }

  /**
   * The same list as a credential with a Data Integrity proof, issued by the DID of the issuer profile
   * {@code slug}: a verifier wants a credential's status list from the credential's own issuer.
   */
  public String dataIntegrityListUrl(int list, Purpose purpose, String slug) {
    return IssuerOptions.DEFAULT_ISSUER.equals(slug) ? listUrl(list, purpose) + DATA_INTEGRITY_SUFFIX
        : options.publicUrl() + "/issuers/" + slug + "/status-lists/" + list + "/" + purpose.wire();
  }

  /** What ends the URL of a status list's Data Integrity form. */
  public static final String DATA_INTEGRITY_SUFFIX = "/data-integrity";

  /**
   * Hands out {@code n} fresh slots. Slot numbers come from a sequence (no lock shared by concurrent
   * issuers; a number lost to a rolled-back transaction is never used): number s is the
   * {@code s % size}-th slot of list {@code s / size}, and its index is that position put through the
   * list's {@link IndexPermutation} — unique, and in random order.
   */
  public Future<List<Slot>> allocate(SqlClient client, int n) {
    int size = options.statusListSize();
    return client.preparedQuery(StatusSql.NEXT_SLOTS).execute(Tuple.of(n)).compose(rows -> {
      List<Long> numbers = new ArrayList<>(n);
      rows.forEach(row -> numbers.add(row.getLong("slot") - 1));
      Integer[] lists = numbers.stream().map(s -> Math.toIntExact(s / size)).distinct().toArray(Integer[]::new);
      return client.preparedQuery(StatusSql.ENSURE_LISTS).execute(Tuple.of(lists, size))
          .compose(v -> client.preparedQuery(StatusSql.INDEX_KEYS).execute(Tuple.of((Object) lists)))
          .map(keys -> {
            Map<Integer, IndexPermutation> permutations = new HashMap<>();
            keys.forEach(row -> {
              Buffer key = row.getBuffer("index_key");
              if (key == null) {
                // V2 moved the sequence past every list made before random indexes: none is handed out again
                throw new IllegalStateException("status list " + row.getInteger("id") + " predates random indexes");
              }
              permutations.put(row.getInteger("id"), new IndexPermutation(key.getBytes(), size));
            });
            List<Slot> slots = new ArrayList<>(n);
            for (long number : numbers) {
              int list = Math.toIntExact(number / size);
              slots.add(new Slot(list, permutations.get(list).apply((int) (number % size))));
            }
            return slots;
          });
    });
  }

  /**
   * The credential's {@code credentialStatus}: one BitstringStatusListEntry in the revocation list, an
   * object rather than an array because OB 3.0 AchievementCredential has credentialStatus [0..1] (and
   * the 1EdTech JSON schema a single object). Suspension is not published in the credential: Cairn's
   * verifier reads it from its own records ({@link #isSet} with {@link Purpose#SUSPENSION}).
   */
  public ObjectNode entry(Slot slot) {
    return entry(slot, listUrl(slot.list(), Purpose.REVOCATION));
  }

  /**
   * The entry of a credential's Data Integrity form, issued by profile {@code slug}: the same slot, in
   * the list's form signed the same way by the same issuer (verifiers refuse or warn when a list's issuer
   * differs from the credential's).
   */
  public ObjectNode dataIntegrityEntry(Slot slot, String slug) {
    return entry(slot, dataIntegrityListUrl(slot.list(), Purpose.REVOCATION, slug));
  }

  private ObjectNode entry(Slot slot, String url) {
    return Json.MAPPER.createObjectNode()
        .put("id", url + "#" + slot.index())
        .put("type", "BitstringStatusListEntry")
        .put("statusPurpose", Purpose.REVOCATION.wire())
        .put("statusListIndex", String.valueOf(slot.index()))
        .put("statusListCredential", url);
  }

  /** Whether the bit of {@code slot} is set in the {@code purpose} list. */
  public Future<Boolean> isSet(Slot slot, Purpose purpose) {
    return current(slot.list(), purpose).map(c -> c.bits != null && Bitstring.get(c.bits, slot.index()));
  }

  /** The signed status list credential (a VC-JWT), or empty when the list does not exist. */
  public Future<java.util.Optional<String>> signedList(Vertx vertx, int list, Purpose purpose) {
    return current(list, purpose).compose(c -> {
      if (c.bits == null) {
        return Future.succeededFuture(java.util.Optional.empty());
      }
      return c.signed.updateAndGet(f -> f == null || f.failed() ? sign(vertx, list, purpose, c.bits) : f)
          .map(java.util.Optional::of);
    });
  }

  /**
   * The status list credential with an eddsa-rdfc-2022 proof, issued by profile {@code slug}'s DID
   * (JSON), or empty when the list does not exist. Signed once per list version, on a worker thread.
   */
  public Future<java.util.Optional<String>> dataIntegrityList(Vertx vertx, int list, Purpose purpose, String slug) {
    return current(list, purpose).compose(c -> {
      if (c.bits == null) {
        return Future.succeededFuture(java.util.Optional.empty());
      }
      return c.secured.compute(slug, (k, f) -> f == null || f.failed() ? secure(vertx, list, purpose, slug, c.bits) : f)
          .map(java.util.Optional::of);
    });
  }

  private Future<String> secure(Vertx vertx, int list, Purpose purpose, String slug, byte[] bits) {
    return dataIntegrity.dids().signer(vertx, slug)
        .compose(signer -> vertx.executeBlocking(() -> {
          ObjectNode vc = statusListPayload(list, purpose, bits);
          String url = dataIntegrityListUrl(list, purpose, slug);
          vc.put("id", url);
          ((ObjectNode) vc.get("credentialSubject")).put("id", url + "#list");
          return dataIntegrity.secure(vc, signer, null, Instant.now()).toString();
        }, false));
  }

  private Future<Cached> current(int list, Purpose purpose) {
    String key = list + "/" + purpose.wire();
    Cached cached = cache.get(key);
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.checkedAt < CACHE_MILLIS) {
      return Future.succeededFuture(cached);
    }
    return pool.preparedQuery(StatusSql.VERSION).execute(Tuple.of(list)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new Cached(-1, null, now));
      }
      Row row = rows.iterator().next();
      long version = row.getLong("version");
      int size = row.getInteger("size");
      if (cached != null && cached.version == version && cached.bits != null) {
        Cached fresh = new Cached(version, cached.bits, now, cached.signed, cached.secured);
        cache.put(key, fresh);
        return Future.succeededFuture(fresh);
      }
      return pool.preparedQuery(purpose == Purpose.REVOCATION ? StatusSql.REVOKED : StatusSql.SUSPENDED)
          .execute(Tuple.of(list)).map(indexes -> {
            byte[] bits = new byte[size / 8];
            indexes.forEach(r -> Bitstring.set(bits, r.getInteger("status_index")));
            Cached loaded = new Cached(version, bits, now);
            cache.put(key, loaded);
            return loaded;
          });
    });
  }

  /** Signed once per list version, on a worker thread. */
  private Future<String> sign(Vertx vertx, int list, Purpose purpose, byte[] bits) {
    return profiles.ensureDefault()
        .compose(v -> keys.signingKey(vertx, JWSAlgorithm.RS256))
        .compose(key -> vertx.executeBlocking(() -> key.sign(statusListPayload(list, purpose, bits).toString()), false));
  }

  /** The BitstringStatusListCredential with the VC-JWT claims beside its members (VC-JOSE-COSE). */
  ObjectNode statusListPayload(int list, Purpose purpose, byte[] bits) {
    String url = listUrl(list, purpose);
    String issuer = profiles.idUrl(IssuerOptions.DEFAULT_ISSUER);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode vc = Json.MAPPER.createObjectNode();
    vc.putArray("@context").add("https://www.w3.org/ns/credentials/v2");
    vc.put("id", url);
    vc.putArray("type").add("VerifiableCredential").add("BitstringStatusListCredential");
    vc.put("issuer", issuer);
    vc.put("validFrom", now.toString());
    vc.putObject("credentialSubject")
        .put("id", url + "#list")
        .put("type", "BitstringStatusList")
        .put("statusPurpose", purpose.wire())
        .put("encodedList", Bitstring.encode(bits));
    vc.put("iss", issuer).put("jti", url).put("sub", url + "#list").put("nbf", now.getEpochSecond());
    return vc;
  }

  /** A status change, audited, in one transaction. */
  public enum Change { REVOKE, SUSPEND, REINSTATE }

  public Future<ObjectNode> change(UUID credentialId, Change change, String actor, String reason) {
    String sql = switch (change) {
      case REVOKE -> StatusSql.REVOKE;
      case SUSPEND -> StatusSql.SUSPEND;
      case REINSTATE -> StatusSql.REINSTATE;
    };
    Tuple args = change == Change.REINSTATE ? Tuple.of(credentialId) : Tuple.of(credentialId, reason);
    return pool.withTransaction(conn -> conn.preparedQuery(sql).execute(args)
        .compose(rows -> {
          if (rows.size() == 0) {
            return conn.preparedQuery(StatusSql.STATE).execute(Tuple.of(credentialId))
                .compose(state -> Future.failedFuture(refusal(change, state.size() == 0 ? null : state.iterator().next())));
          }
          int list = rows.iterator().next().getInteger("status_list");
          cache.keySet().removeIf(k -> k.startsWith(list + "/"));
          return conn.preparedQuery(StatusSql.BUMP).execute(Tuple.of(list))
              .compose(v -> Audit.record(conn, actor, change.name().toLowerCase(java.util.Locale.ROOT), credentialId, reason, null));
        })
        .compose(v -> conn.preparedQuery(StatusSql.STATE).execute(Tuple.of(credentialId)))
        .map(state -> state(state.iterator().next())));
  }

  /**
   * Revokes a credential on {@code conn}, the caller's transaction, audited like {@link #change};
   * answers its status list when it was not revoked yet (a revoked credential stays as it is), for
   * {@link #changed} once the transaction has committed.
   */
  public static Future<java.util.Optional<Integer>> revoke(io.vertx.sqlclient.SqlConnection conn, UUID credentialId,
      String actor, String reason) {
    return conn.preparedQuery(StatusSql.REVOKE).execute(Tuple.of(credentialId, reason)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(java.util.Optional.empty());
      }
      int list = rows.iterator().next().getInteger("status_list");
      return conn.preparedQuery(StatusSql.BUMP).execute(Tuple.of(list))
          .compose(v -> Audit.record(conn, actor, "revoke", credentialId, reason, null))
          .map(v -> java.util.Optional.of(list));
    });
  }

  /** A status list changed by a committed transaction: this node serves the change at once. */
  public void changed(int list) {
    cache.keySet().removeIf(k -> k.startsWith(list + "/"));
  }

  public static ObjectNode state(Row row) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    if (row.getOffsetDateTime("revoked") != null) {
      o.put("status", "revoked").put("revoked", row.getOffsetDateTime("revoked").toInstant().toString())
          .put("reason", row.getString("revoked_reason"));
    } else if (row.getOffsetDateTime("suspended") != null) {
      o.put("status", "suspended").put("suspended", row.getOffsetDateTime("suspended").toInstant().toString())
          .put("reason", row.getString("suspended_reason"));
    } else {
      o.put("status", "active");
    }
    return o;
  }

  private static StatusChangeRefused refusal(Change change, Row state) {
    if (state == null) {
      return new StatusChangeRefused(StatusChangeRefused.Why.NO_SUCH_CREDENTIAL);
    }
    if (state.getOffsetDateTime("revoked") != null) {
      return new StatusChangeRefused(StatusChangeRefused.Why.REVOKED);
    }
    return new StatusChangeRefused(change == Change.SUSPEND
        ? StatusChangeRefused.Why.ALREADY_SUSPENDED : StatusChangeRefused.Why.NOT_SUSPENDED);
  }
}
