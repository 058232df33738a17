package cairn.credentials.clr;

import cairn.credentials.IssuerOptions;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.credentials.dataintegrity.LocalContexts;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.issuing.Contexts;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.profiles.Profile;
import cairn.credentials.profiles.Profiles;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A person's transcript: a 1EdTech Comprehensive Learner Record 2.0 {@code ClrCredential} (CLR 2.0 §B.1.2
 * ClrCredential, §B.1.3 ClrSubject) of every credential of theirs that is active now — not revoked, not
 * suspended, not expired — made and signed on request, never stored (each request gives a new id and
 * {@code validFrom}). The subject's {@code verifiableCredential} embeds each OpenBadgeCredential in its
 * Data Integrity form, which carries its own proof, so every one verifies on its own inside the
 * transcript (a credential of a profile issuing VC-JWT only is embedded as a VC 2.0 §4.13
 * {@code EnvelopedVerifiableCredential}, a {@code data:application/vc+jwt,} URL); {@code achievement} lists
 * their achievements with their alignments to CASE items as issued; {@code association} says which
 * achievements are milestones of the same career ladder ({@code isRelatedTo}). The transcript is issued by
 * the default issuer profile, as a VC-JWT (its active RS256 key, claims as OB 3.0 §8.2.3) or with an
 * embedded {@code eddsa-rdfc-2022} proof (its DID's Ed25519 key), through the same signing code as the
 * credentials themselves.
 */
public final class Transcripts {
  /** The transcript's forms, as {@code ?form=} names them. */
  public enum Form {
    VC_JWT(Profile.VC_JWT), DATA_INTEGRITY(Profile.DATA_INTEGRITY);

    private final String wire;

    Form(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The form a query parameter names (absent: the VC-JWT), or a 400 saying which exist. */
    public static Form of(String value) {
      if (value == null || value.isBlank()) {
        return VC_JWT;
      }
      for (Form f : values()) {
        if (f.wire.equals(value.strip().toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      throw ApiException.badRequest("form must be vc-jwt or data-integrity.", "form");
    }
  }

  /** A signed transcript: the VC-JWT (compact JWS) or the JSON of the credential with its proof. */
  public record Signed(Form form, String text, String mediaType, int credentials) {}

  public static final String CLR_TYPE = "ClrCredential";
  /** How an enveloped VC-JWT's id starts (VC Data Model 2.0 §4.13). */
  public static final String ENVELOPE_PREFIX = "data:application/vc+jwt,";
  private static final String SUBJECT = "select subject_id from credentials.subjects where person_id = $1";

  private final Pool pool;
  private final KeyRing keys;
  private final Profiles profiles;
  private final DataIntegrity dataIntegrity;

  public Transcripts(Pool pool, KeyRing keys, Profiles profiles, IssuerOptions options) {
    this.pool = pool;
    this.keys = keys;
    this.profiles = profiles;
    this.dataIntegrity = new DataIntegrity(new IssuerDids(options, keys));
  }

  /** The person's transcript in {@code form}, signed; a 404 when they hold no active credential. */
  public Future<Signed> issue(Vertx vertx, String personId, Form form) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return profiles.get(IssuerOptions.DEFAULT_ISSUER)
        .map(p -> p.orElseThrow(() -> new IllegalStateException("the default issuer profile is missing")))
        .compose(issuer -> Future.all(BadgeRoutes.byPerson(pool, personId),
                pool.preparedQuery(SUBJECT).execute(Tuple.of(personId)))
            .compose(all -> {
              List<Row> active = new ArrayList<>();
              for (Row row : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) {
                if (active(row, now)) {
                  active.add(row);
                }
              }
              io.vertx.sqlclient.RowSet<Row> subjects = all.resultAt(1);
              if (active.isEmpty() || subjects.size() == 0) {
                return Future.failedFuture(ApiException.notFound("You hold no active credential yet, so there is no "
                    + "transcript to issue: revoked, suspended and expired credentials are left out."));
              }
              UUID subject = subjects.iterator().next().getUUID("subject_id");
              ObjectNode clr = build(issuer, subject, active, now);
              return sign(vertx, issuer, clr, form, now).map(text -> new Signed(form, text,
                  form == Form.VC_JWT ? "application/vc+jwt" : DataIntegrity.MEDIA_TYPE, active.size()));
            }));
  }

  private static boolean active(Row row, Instant now) {
    return row.getOffsetDateTime("revoked") == null && row.getOffsetDateTime("suspended") == null
        && (row.getOffsetDateTime("valid_until") == null || row.getOffsetDateTime("valid_until").toInstant().isAfter(now));
  }

  private Future<String> sign(Vertx vertx, Profile issuer, ObjectNode clr, Form form, Instant now) {
    if (!issuer.issues(form.wire())) {
      return Future.failedFuture(ApiException.conflict("The issuer does not issue the " + form.wire()
          + " form (its profile's forms are " + issuer.forms() + "): ask for form=" + (form == Form.VC_JWT
          ? Form.DATA_INTEGRITY.wire() : Form.VC_JWT.wire()) + ".", "form"));
    }
    if (form == Form.VC_JWT) {
      clr.put("iss", issuer.id());
      clr.put("jti", clr.get("id").asText());
      clr.put("sub", clr.path("credentialSubject").path("id").asText());
      clr.put("nbf", now.getEpochSecond());
      return keys.signingKey(vertx, JWSAlgorithm.RS256)
          .compose(key -> vertx.executeBlocking(() -> key.sign(clr.toString()), false));
    }
    return dataIntegrity.dids().signer(vertx, issuer.slug())
        .compose(signer -> vertx.executeBlocking(() -> dataIntegrity.secure(clr, signer, null, now).toString(), false));
  }

  /** The unsigned ClrCredential of {@code credentials} (rows of the person's credentials, oldest first). */
  static ObjectNode build(Profile issuer, UUID subjectId, List<Row> credentials, Instant now) {
    ObjectNode clr = Json.MAPPER.createObjectNode();
    clr.putArray("@context").add(Contexts.VC_V2).add(LocalContexts.CLR_V2).add(Contexts.OB_V3);
    clr.put("id", "urn:uuid:" + UUID.randomUUID());
    clr.putArray("type").add("VerifiableCredential").add(CLR_TYPE);
    clr.put("name", "Transcript from " + issuer.name());
    clr.put("description", "Every credential " + issuer.name() + " issued to this learner that was active on "
        + now.toString().substring(0, 10) + " (" + credentials.size() + "), each with its own proof.");
    clr.set("issuer", issuer.json());
    clr.put("validFrom", now.toString());
    clr.put("partial", false);
    ObjectNode subject = clr.putObject("credentialSubject");
    subject.put("id", "urn:uuid:" + subjectId);
    subject.putArray("type").add("ClrSubject");
    ArrayNode embedded = subject.putArray("verifiableCredential");
    Map<String, JsonNode> achievements = new LinkedHashMap<>();
    Map<String, List<String>> ladders = new LinkedHashMap<>();
    for (Row row : credentials) {
      embedded.add(embedded(row));
      JsonNode achievement = BadgeRoutes.credential(row).path("credentialSubject").path("achievement");
      String id = achievement.path("id").asText();
      if (achievements.putIfAbsent(id, achievement) == null && row.getString("ladder_id") != null) {
        ladders.computeIfAbsent(row.getString("ladder_id"), k -> new ArrayList<>()).add(id);
      }
    }
    ArrayNode list = subject.putArray("achievement");
    achievements.values().forEach(list::add);
    ArrayNode associations = Json.MAPPER.createArrayNode();
    ladders.values().forEach(ids -> {
      for (int i = 1; i < ids.size(); i++) {
        associations.addObject().put("type", "Association").put("associationType", "isRelatedTo")
            .put("sourceId", ids.get(i - 1)).put("targetId", ids.get(i));
      }
    });
    if (!associations.isEmpty()) {
      subject.set("association", associations);
    }
    return clr;
  }

  /** A credential as the transcript embeds it: its Data Integrity form, else its VC-JWT enveloped. */
  private static JsonNode embedded(Row row) {
    if (row.getString("data_integrity") != null) {
      return Json.tree(row.getString("data_integrity"));
    }
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.putArray("@context").add(Contexts.VC_V2);
    envelope.put("id", ENVELOPE_PREFIX + row.getString("jwt"));
    envelope.put("type", "EnvelopedVerifiableCredential");
    return envelope;
  }
}
