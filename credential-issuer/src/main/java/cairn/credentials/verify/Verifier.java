package cairn.credentials.verify;

import cairn.credentials.IssuerOptions;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.credentials.dataintegrity.Ed25519;
import cairn.credentials.dataintegrity.EddsaRdfc2022;
import cairn.credentials.dataintegrity.ProofException;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.issuing.Contexts;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.status.Bitstring;
import cairn.credentials.status.Purpose;
import cairn.credentials.status.Slot;
import cairn.credentials.status.StatusLists;
import cairn.web.Json;
import cairn.web.Offload;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies an Open Badges 3.0 credential in VC-JWT form, from this issuer or any other, the way
 * OB 3.0 §8.2.4 "Verify a Credential" and §8.2.5 describe it, and answers each check with pass or
 * fail and a reason: {@code format} (compact JWS, {@code typ} JWT or vc+jwt, a supported alg),
 * {@code key} (the kid dereferenced — this issuer's keys from its own store, retired ones included;
 * others over HTTP where the {@link OutboundPolicy} allows — or an embedded public {@code jwk}),
 * {@code signature}, {@code structure} (contexts, types, issuer, subject, achievement), {@code claims}
 * (iss/jti/sub/nbf/exp against the credential), {@code issuer} (the key is published by the issuer),
 * {@code dates} (validFrom and validUntil within the clock tolerance), {@code status} (every Bitstring
 * Status List entry; for this issuer's own credentials also the suspension in its records).
 * Credentials made for VC 1.1 (a {@code vc} claim, issuanceDate/expirationDate) are accepted too. A CLR
 * 2.0 transcript (ClrCredential) in either form gets its own checks and one more per credential it embeds
 * ({@code embedded N}), each verified on its own.
 *
 * <p>Each verification is counted in {@code cairn.credentials.verified}, tagged {@code result}
 * {@code valid} or {@code invalid} (Micrometer's global registry).
 */
public final class Verifier {
  private static final Counter VALID = verified("valid");
  private static final Counter INVALID = verified("invalid");
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
  private static final JOSEObjectType VC_JWT = new JOSEObjectType("vc+jwt");
  private static final int MAX_CACHED_HEADERS = 1_000;
  private static final java.util.regex.Pattern PROFILE_LIST =
      java.util.regex.Pattern.compile("/issuers/[a-z0-9][a-z0-9-]{0,62}/status-lists/([0-9]{1,9}/[a-z]{1,20})");
  private static final int MAX_CACHED_HEADER_CHARS = 1_024;
  /** The most credentials a transcript may embed for this verifier to check them all. */
  static final int MAX_EMBEDDED = 500;
  private static final String CLR_TYPE = "ClrCredential";
  private static final String CLR_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/clr/v2p0/context";
  /** An enveloped VC-JWT's id prefix (VC Data Model 2.0 §4.13). */
  private static final String ENVELOPED_JWT = "data:application/vc+jwt,";

  private final KeyRing keys;
  private final StatusLists status;
  private final IssuerOptions options;
  private final RemoteKeys remote;
  private final DataIntegrity dataIntegrity;
  private final ConcurrentHashMap<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, JWSHeader> headers = new ConcurrentHashMap<>();

  public Verifier(KeyRing keys, StatusLists status, IssuerOptions options) {
    this.keys = keys;
    this.status = status;
    this.options = options;
    this.remote = new RemoteKeys(new OutboundPolicy(options));
    this.dataIntegrity = new DataIntegrity(new IssuerDids(options, keys));
  }

  private static Counter verified(String result) {
    return Counter.builder("cairn.credentials.verified").description("Credentials verified, by result")
        .tag("result", result).register(Metrics.globalRegistry);
  }

  public Future<Report> verify(Vertx vertx, String compact) {
    return check(vertx, compact).onSuccess(report -> (report.valid() ? VALID : INVALID).increment());
  }

  /**
   * Verifies a credential secured with an embedded Data Integrity proof ({@code eddsa-rdfc-2022}),
   * with the same checks as a VC-JWT: {@code format} (the proof's type, cryptosuite and purpose),
   * {@code key} (the verification method resolved: this issuer's DIDs from its store, retired keys
   * included; did:key from the identifier; other did:web documents where the outbound policy allows),
   * {@code signature} (RDFC-1.0 canonical form, Ed25519), {@code structure}, {@code claims} (none to
   * compare), {@code issuer} (the verification method's DID is the issuer), {@code dates}, {@code status}.
   */
  public Future<Report> verifyDataIntegrity(Vertx vertx, JsonNode credential) {
    return checkDataIntegrity(vertx, credential).onSuccess(report -> (report.valid() ? VALID : INVALID).increment());
  }

  /**
   * Verifies what a person pasted or uploaded: a credential with an embedded proof (JSON, as it is or as
   * {@code {"credential": …}}), else a VC-JWT.
   */
  public Future<Report> verifyText(Vertx vertx, String text) {
    String s = text == null ? "" : text.strip();
    if (s.startsWith("{")) {
      try {
        JsonNode json = Json.readLimited(s.getBytes(StandardCharsets.UTF_8));
        JsonNode credential = json.path("credential").isObject() ? json.get("credential") : json;
        if (credential.has("proof")) {
          return verifyDataIntegrity(vertx, credential);
        }
      } catch (IOException e) {
        // not JSON: checked as a VC-JWT below, whose format check says what is wrong
      }
    }
    return verify(vertx, s);
  }

  private Future<Report> checkDataIntegrity(Vertx vertx, JsonNode credential) {
    return proofChecks(vertx, credential).compose(proven -> {
      List<Check> checks = new ArrayList<>(proven.checks());
      if (checks.size() == 1) {
        return Future.succeededFuture(Report.of(checks, credential));
      }
      checks.add(structure(credential));
      checks.add(Check.pass("claims", "No JWT claims: the proof covers the credential itself."));
      checks.add(dataIntegrityIssuer(credential, proven.key()));
      checks.add(dates(Json.MAPPER.createObjectNode(), credential));
      return status(vertx, credential, proven.key() != null && proven.key().ours()).compose(s -> {
        checks.add(s);
        return withEmbedded(vertx, checks, credential);
      });
    });
  }

  /** The proof's checks — format, key, signature (only format when the proof is unusable) — and the key. */
  private record Proven(List<Check> checks, IssuerDids.Resolved key) {}

  private Future<Proven> proofChecks(Vertx vertx, JsonNode credential) {
    JsonNode proof;
    try {
      proof = EddsaRdfc2022.proof(credential);
    } catch (ProofException e) {
      return Future.succeededFuture(new Proven(List.of(Check.fail("format", e.getMessage())), null));
    }
    Check format = Check.pass("format", "Data Integrity proof, cryptosuite " + EddsaRdfc2022.CRYPTOSUITE
        + ", proofPurpose " + EddsaRdfc2022.ASSERTION_METHOD + ".");
    String method = proof.get("verificationMethod").asText();
    return dataIntegrity.dids().resolve(method, url -> remote.document(vertx, url))
        .compose(resolved -> Offload.offEventLoop(vertx, () -> new Proven(List.of(format,
            Check.pass("key", "Verification method " + method + " resolved through " + resolved.how() + "."),
            proofSignature(credential, resolved)), resolved)))
        .recover(e -> Future.succeededFuture(new Proven(List.of(format,
            Check.fail("key", "Could not resolve the verification method " + method + ": " + e.getMessage()),
            Check.fail("signature", "Not checked: no public key.")), null)));
  }

  private Check proofSignature(JsonNode credential, IssuerDids.Resolved key) {
    try {
      return dataIntegrity.suite().verify(credential, Ed25519.publicKey(key.publicKey()))
          ? Check.pass("signature", "The eddsa-rdfc-2022 proof matches the credential (RDFC-1.0, Ed25519).")
          : Check.fail("signature", "The proof does not match: the credential was altered or signed by another key.");
    } catch (ProofException e) {
      return Check.fail("signature", e.getMessage());
    }
  }

  private static Check dataIntegrityIssuer(JsonNode vc, IssuerDids.Resolved key) {
    String issuer = issuerId(vc).orElse(null);
    if (issuer == null) {
      return Check.fail("issuer", "The credential names no issuer.");
    }
    if (key == null) {
      return Check.fail("issuer", "Not checked: the verification method could not be resolved.");
    }
    return issuer.equals(key.controller())
        ? Check.pass("issuer", "Issued by " + issuer + ", whose verification method signed the proof.")
        : Check.fail("issuer", "The proof was made by a key of " + key.controller() + ", but the credential claims to be from "
            + issuer + ".");
  }

  private Future<Report> check(Vertx vertx, String compact) {
    List<Check> checks = new ArrayList<>();
    Jws jws;
    try {
      jws = parse(compact == null ? "" : compact.trim());
    } catch (ParseException e) {
      checks.add(Check.fail("format", "Not a compact JWS (three base64url parts): " + e.getMessage()));
      return Future.succeededFuture(Report.of(checks, null));
    }
    JWSHeader header = jws.header();
    JsonNode payload;
    try {
      // java.util.Base64 and Jackson on the bytes: Nimbus' own payload decoding is the slow part of verifying
      payload = Json.readLimited(java.util.Base64.getUrlDecoder().decode(jws.payload()));
    } catch (IOException | IllegalArgumentException e) {
      payload = null;
    }
    if (payload == null || !payload.isObject()) {
      checks.add(Check.fail("format", "The JWT payload is not a JSON object."));
      return Future.succeededFuture(Report.of(checks, null));
    }
    checks.add(format(header));
    JsonNode claims = payload;
    // VC 1.1 JWTs carry the credential in the vc claim; VC 2.0 / OB 3.0 put its members at the top level
    JsonNode credential = payload.path("vc").isObject() ? payload.get("vc") : payload;
    return key(vertx, header).compose(found -> {
      checks.add(found.check);
      checks.add(signature(jws, found));
      checks.add(structure(credential));
      checks.add(claims(claims, credential));
      checks.add(issuer(header, found, credential));
      checks.add(dates(claims, credential));
      return status(vertx, credential, found.ours).compose(s -> {
        checks.add(s);
        return withEmbedded(vertx, checks, credential);
      });
    });
  }

  /**
   * The report of a credential whose own checks are done: for a CLR 2.0 ClrCredential, also one check per
   * credential embedded in its subject's {@code verifiableCredential} — each verified on its own (an
   * embedded Data Integrity proof, or an enveloped VC-JWT, VC 2.0 §4.13), named {@code embedded N} with
   * what failed — and their reports; for any other credential, the report of its own checks.
   */
  private Future<Report> withEmbedded(Vertx vertx, List<Check> checks, JsonNode credential) {
    if (!isClr(credential)) {
      return Future.succeededFuture(Report.of(checks, credential));
    }
    JsonNode list = credential.path("credentialSubject").path("verifiableCredential");
    List<JsonNode> items = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(items::add);
    } else if (!list.isMissingNode()) {
      items.add(list);
    }
    if (items.size() > MAX_EMBEDDED) {
      checks.add(Check.fail("embedded", "The transcript embeds " + items.size() + " credentials; this verifier checks at "
          + "most " + MAX_EMBEDDED + "."));
      return Future.succeededFuture(Report.of(checks, credential));
    }
    List<Future<Report>> reports = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      reports.add(embedded(vertx, item));
    }
    return Future.all(reports).map(all -> {
      List<Report> done = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        Report report = reports.get(i).result();
        done.add(report);
        checks.add(embeddedCheck(i + 1, items.get(i), report));
      }
      return Report.of(checks, credential, done);
    });
  }

  /** An embedded credential verified on its own (never a transcript inside a transcript). */
  private Future<Report> embedded(Vertx vertx, JsonNode item) {
    if (!item.isObject()) {
      return Future.succeededFuture(Report.of(List.of(Check.fail("format", "not a credential (a JSON object)")), null));
    }
    if (isClr(item)) {
      return Future.succeededFuture(Report.of(List.of(Check.fail("format",
          "a transcript (ClrCredential) inside a transcript is not verified")), item));
    }
    if (item.has("proof")) {
      return checkDataIntegrity(vertx, item);
    }
    String id = item.path("id").asText("");
    if (contains(item.path("type"), "EnvelopedVerifiableCredential") && id.startsWith(ENVELOPED_JWT)) {
      return check(vertx, id.substring(ENVELOPED_JWT.length()));
    }
    return Future.succeededFuture(Report.of(List.of(Check.fail("format", "it has no proof of its own (neither an "
        + "embedded proof nor an enveloped VC-JWT, " + ENVELOPED_JWT + "…)")), item));
  }

  private static Check embeddedCheck(int n, JsonNode item, Report report) {
    JsonNode vc = report.credential() != null ? report.credential() : item;
    String name = vc.path("name").asText(vc.path("credentialSubject").path("achievement").path("name").asText("?"));
    String what = "“" + name + "” (" + vc.path("id").asText("no id") + ")";
    if (report.valid()) {
      return Check.pass("embedded " + n, what + ": valid, every check passed.");
    }
    List<String> failed = new ArrayList<>();
    for (Check c : report.checks()) {
      if (!c.pass()) {
        failed.add(c.name() + ": " + c.reason());
      }
    }
    return Check.fail("embedded " + n, what + ": " + String.join(" ", failed));
  }

  /** Whether a credential is a CLR 2.0 transcript. */
  static boolean isClr(JsonNode vc) {
    return contains(vc.path("type"), CLR_TYPE);
  }

  /**
   * A compact JWS (RFC 7515 §7.1) taken apart: the header, the signing input (the first two parts as
   * they were sent), the payload part and the signature.
   */
  private record Jws(JWSHeader header, byte[] signingInput, String payload, Base64URL signature) {}

  private Jws parse(String compact) throws ParseException {
    int first = compact.indexOf('.');
    int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
    if (second < 0 || compact.indexOf('.', second + 1) >= 0) {
      throw new ParseException("expected three parts separated by two dots", 0);
    }
    return new Jws(header(compact.substring(0, first)), compact.substring(0, second).getBytes(StandardCharsets.UTF_8),
        compact.substring(first + 1, second), new Base64URL(compact.substring(second + 1)));
  }

  /**
   * The parsed header, once per distinct header text: every credential signed with one key carries the
   * same header, and parsing it (JSON, then Nimbus' header model) was a large part of verifying one.
   * The cache is keyed by the exact base64url text, so a cached header is what parsing would give.
   */
  private JWSHeader header(String part) throws ParseException {
    JWSHeader header = headers.get(part);
    if (header == null) {
      header = JWSHeader.parse(new Base64URL(part));
      // a key's header is a few hundred bytes; larger ones (an embedded jwk, x5c) are not worth keeping
      if (part.length() <= MAX_CACHED_HEADER_CHARS && headers.size() < MAX_CACHED_HEADERS) {
        headers.put(part, header);
      }
    }
    return header;
  }

  private static Check format(JWSHeader header) {
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      return Check.fail("format", "Signature algorithm " + header.getAlgorithm() + " is not accepted (RS256, ES256 and "
          + "other RSA/ECDSA algorithms are).");
    }
    JOSEObjectType typ = header.getType();
    if (typ != null && !JOSEObjectType.JWT.equals(typ) && !VC_JWT.equals(typ)) {
      return Check.fail("format", "typ is '" + typ + "'; an OB 3.0 VC-JWT has typ JWT (or vc+jwt).");
    }
    return Check.pass("format", "Compact JWS, alg " + header.getAlgorithm() + ", typ " + (typ == null ? "absent" : typ) + ".");
  }

  private record Found(JWK key, Check check, boolean ours) {}

  private Future<Found> key(Vertx vertx, JWSHeader header) {
    String kid = header.getKeyID();
    if (header.getJWK() != null) {
      JWK jwk = header.getJWK();
      if (jwk.isPrivate()) {
        return Future.succeededFuture(new Found(null, Check.fail("key",
            "The header's jwk contains private key material; such a credential must not be trusted."), false));
      }
      if (kid == null) {
        return Future.succeededFuture(new Found(jwk, Check.pass("key",
            "Public key embedded in the header (jwk): it proves integrity, not who the issuer is."), false));
      }
    }
    if (kid == null) {
      return Future.succeededFuture(new Found(null, Check.fail("key", "The header has neither kid nor jwk."), false));
    }
    Optional<String> ours = keys.idOf(kid);
    if (ours.isPresent()) {
      return keys.publicKey(ours.get()).map(k -> k
          .map(jwk -> new Found(jwk, Check.pass("key", "kid " + kid + " is a key this issuer publishes in its JWKS."), true))
          .orElse(new Found(null, Check.fail("key", "kid " + kid + " names no key this issuer ever had."), true)));
    }
    return remote.key(vertx, kid)
        .map(k -> k.map(jwk -> new Found(jwk, Check.pass("key", "Public key dereferenced from kid " + kid + "."), false))
            .orElse(new Found(null, Check.fail("key", "kid " + kid + " did not answer a usable public JWK."), false)))
        .recover(e -> Future.succeededFuture(new Found(null,
            Check.fail("key", "Could not fetch the public key at kid " + kid + ": " + e.getMessage()), false)));
  }

  private Check signature(Jws jws, Found found) {
    JWSAlgorithm alg = jws.header().getAlgorithm();
    JWK key = found.key;
    if (key == null) {
      return Check.fail("signature", "Not checked: no public key.");
    }
    try {
      return verifier(key, found.ours ? jws.header().getKeyID() : null, alg).verify(jws.header(), jws.signingInput(), jws.signature())
          ? Check.pass("signature", "The signature matches the header and payload (" + alg + ").")
          : Check.fail("signature", "The signature does not match: the credential was altered or signed by another key.");
    } catch (JOSEException | IllegalArgumentException e) {
      return Check.fail("signature", "The key cannot check a " + alg + " signature: " + e.getMessage());
    }
  }

  /**
   * A verifier per public key, cached by the key's RFC 7638 thumbprint — never by a {@code kid} whoever
   * sends a credential chooses — or, for this issuer's own keys ({@code ownKid} not null), by the kid
   * that named the key in this issuer's store: a stored key never changes, and computing the thumbprint
   * (JSON and SHA-256) for each credential was a visible part of verifying one.
   */
  private JWSVerifier verifier(JWK key, String ownKid, JWSAlgorithm alg) throws JOSEException {
    String cacheKey = (ownKid != null ? "own " + ownKid : key.computeThumbprint()) + " " + alg;
    JWSVerifier cached = verifiers.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    JWSVerifier made;
    if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey rsa) {
      made = new RSASSAVerifier(rsa);
    } else if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey ec) {
      made = new ECDSAVerifier(ec);
    } else {
      throw new IllegalArgumentException("a " + key.getKeyType() + " key does not fit " + alg);
    }
    if (verifiers.size() < 10_000) {
      verifiers.put(cacheKey, made);
    }
    return made;
  }

  /**
   * A ClrCredential's structure (CLR 2.0 §B.1.2): the VC 2.0 context first and the CLR 2.0 context, its
   * types, id, name, issuer, validFrom, and a ClrSubject with at least one embedded credential.
   */
  private static Check clrStructure(JsonNode vc) {
    List<String> problems = new ArrayList<>();
    JsonNode context = vc.path("@context");
    if (!(context.isArray() && context.size() > 0 && Contexts.VC_V2.equals(context.get(0).asText()))) {
      problems.add("@context must start with " + Contexts.VC_V2);
    }
    boolean clrContext = false;
    for (JsonNode c : context) {
      clrContext |= c.isTextual() && c.asText().startsWith(CLR_CONTEXT_PREFIX);
    }
    if (!clrContext) {
      problems.add("@context lacks the CLR 2.0 context");
    }
    if (!contains(vc.path("type"), "VerifiableCredential")) {
      problems.add("type must include VerifiableCredential and ClrCredential");
    }
    for (String field : new String[] {"id", "name", "validFrom"}) {
      if (!vc.path(field).isTextual()) {
        problems.add(field + " is missing");
      }
    }
    if (!issuerId(vc).isPresent()) {
      problems.add("issuer.id is missing");
    }
    JsonNode subject = vc.path("credentialSubject");
    if (!subject.isObject() || !contains(subject.path("type"), "ClrSubject")) {
      problems.add("credentialSubject must be a ClrSubject");
    } else if (subject.path("verifiableCredential").isEmpty()) {
      problems.add("credentialSubject.verifiableCredential is empty");
    }
    return problems.isEmpty()
        ? Check.pass("structure", "A ClrCredential (CLR 2.0) with issuer and a ClrSubject embedding "
            + subject.path("verifiableCredential").size() + " credential(s).")
        : Check.fail("structure", String.join("; ", problems) + ".");
  }

  private static Check structure(JsonNode vc) {
    if (isClr(vc)) {
      return clrStructure(vc);
    }
    List<String> problems = new ArrayList<>();
    JsonNode context = vc.path("@context");
    boolean v2 = context.isArray() && context.size() > 0 && Contexts.VC_V2.equals(context.get(0).asText());
    boolean v1 = context.isArray() && context.size() > 0 && Contexts.VC_V1.equals(context.get(0).asText());
    if (!v1 && !v2) {
      problems.add("@context must start with " + Contexts.VC_V2);
    }
    boolean obContext = false;
    for (JsonNode c : context) {
      obContext |= c.isTextual() && c.asText().startsWith(Contexts.OB_V3_PREFIX);
    }
    if (!obContext) {
      problems.add("@context lacks the Open Badges 3.0 context");
    }
    if (!contains(vc.path("type"), "VerifiableCredential")
        || !(contains(vc.path("type"), "OpenBadgeCredential") || contains(vc.path("type"), "AchievementCredential"))) {
      problems.add("type must include VerifiableCredential and OpenBadgeCredential");
    }
    if (!vc.path("id").isTextual()) {
      problems.add("id is missing");
    }
    if (!issuerId(vc).isPresent()) {
      problems.add("issuer.id is missing");
    }
    JsonNode subject = vc.path("credentialSubject");
    JsonNode achievement = subject.path("achievement");
    if (!subject.isObject()) {
      problems.add("credentialSubject is missing");
    } else if (!achievement.isObject()) {
      problems.add("credentialSubject.achievement is missing");
    } else {
      for (String field : new String[] {"id", "name", "description"}) {
        if (!achievement.path(field).isTextual()) {
          problems.add("credentialSubject.achievement." + field + " is missing");
        }
      }
      if (!achievement.path("criteria").isObject()) {
        problems.add("credentialSubject.achievement.criteria is missing");
      }
    }
    if (!(v2 ? vc.path("validFrom") : vc.path("issuanceDate")).isTextual()) {
      problems.add(v2 ? "validFrom is missing" : "issuanceDate is missing");
    }
    return problems.isEmpty()
        ? Check.pass("structure", "An OpenBadgeCredential (" + (v2 ? "VC 2.0" : "VC 1.1") + ") with issuer, subject and achievement.")
        : Check.fail("structure", String.join("; ", problems) + ".");
  }

  /** OB 3.0 §8.2.4: iss = issuer.id, jti = id, sub = credentialSubject.id, nbf = validFrom, exp = validUntil. */
  private static Check claims(JsonNode claims, JsonNode vc) {
    List<String> problems = new ArrayList<>();
    String iss = claims.path("iss").asText(null);
    if (iss == null || !iss.equals(issuerId(vc).orElse(null))) {
      problems.add("iss (" + iss + ") does not equal issuer.id");
    }
    if (claims.path("jti").isTextual() ? !claims.get("jti").asText().equals(vc.path("id").asText(null)) : true) {
      problems.add("jti does not equal the credential id");
    }
    JsonNode subjectId = vc.path("credentialSubject").path("id");
    if (subjectId.isTextual() && !subjectId.asText().equals(claims.path("sub").asText(null))) {
      problems.add("sub does not equal credentialSubject.id");
    }
    if (!claims.path("nbf").canConvertToLong()) {
      problems.add("nbf is missing");
    } else {
      Optional<Instant> from = instant(vc, vc.has("validFrom") ? "validFrom" : "issuanceDate");
      if (from.isEmpty() || from.get().getEpochSecond() != claims.get("nbf").asLong()) {
        problems.add("nbf does not equal validFrom");
      }
    }
    if (claims.has("exp")) {
      Optional<Instant> until = instant(vc, vc.has("validUntil") ? "validUntil" : "expirationDate");
      if (until.isPresent() && until.get().getEpochSecond() != claims.path("exp").asLong()) {
        problems.add("exp does not equal validUntil");
      }
    }
    return problems.isEmpty()
        ? Check.pass("claims", "iss, jti, sub, nbf" + (claims.has("exp") ? ", exp" : "") + " match the credential.")
        : Check.fail("claims", String.join("; ", problems) + ".");
  }

  private Check issuer(JWSHeader header, Found found, JsonNode vc) {
    String issuer = issuerId(vc).orElse(null);
    if (issuer == null) {
      return Check.fail("issuer", "The credential names no issuer.");
    }
    if (found.ours) {
      return issuer.startsWith(options.publicUrl() + "/issuers/")
          ? Check.pass("issuer", "Issued by " + issuer + ", whose keys this issuer publishes.")
          : Check.fail("issuer", "Signed with this issuer's key but claims to be from " + issuer + ".");
    }
    String kid = header.getKeyID();
    if (kid == null) {
      return Check.fail("issuer", "The key is embedded in the credential, so nothing ties it to " + issuer + ".");
    }
    if (issuer.startsWith("did:") && kid.startsWith(issuer)) {
      return Check.pass("issuer", "The key " + kid + " belongs to the issuer's DID.");
    }
    return sameOrigin(kid, issuer)
        ? Check.pass("issuer", "The key is published on the issuer's own site (" + origin(issuer) + ").")
        : Check.fail("issuer", "The key " + kid + " is not published under the issuer's origin " + origin(issuer) + ".");
  }

  private Check dates(JsonNode claims, JsonNode vc) {
    Instant now = Instant.now();
    long skew = options.clockSkew().toSeconds();
    Optional<Instant> from = instant(vc, vc.has("validFrom") ? "validFrom" : "issuanceDate");
    if (from.isEmpty() && claims.path("nbf").canConvertToLong()) {
      from = Optional.of(Instant.ofEpochSecond(claims.get("nbf").asLong()));
    }
    if (from.isEmpty()) {
      return Check.fail("dates", "validFrom is missing or not a date-time.");
    }
    if (from.get().isAfter(now.plusSeconds(skew))) {
      return Check.fail("dates", "Not valid yet: validFrom is " + from.get() + " (clock tolerance " + skew + " s).");
    }
    Optional<Instant> until = instant(vc, vc.has("validUntil") ? "validUntil" : "expirationDate");
    if (until.isEmpty() && claims.path("exp").canConvertToLong()) {
      until = Optional.of(Instant.ofEpochSecond(claims.get("exp").asLong()));
    }
    if (until.isPresent() && until.get().isBefore(now.minusSeconds(skew))) {
      return Check.fail("dates", "Expired: validUntil was " + until.get() + ".");
    }
    return Check.pass("dates", "Valid from " + from.get() + (until.map(u -> " until " + u).orElse(", no expiry")) + ".");
  }

  /**
   * Every BitstringStatusListEntry, whether {@code credentialStatus} is one object (OB 3.0) or an array
   * (VC 2.0 allows several). This issuer's own credentials carry only a revocation entry; their
   * suspension is read from this issuer's records for the slot that entry names.
   */
  private Future<Check> status(Vertx vertx, JsonNode vc, boolean ours) {
    JsonNode status = vc.path("credentialStatus");
    if (status.isMissingNode() || status.isNull()) {
      return Future.succeededFuture(Check.pass("status", "The credential has no status entry: it cannot be revoked."));
    }
    List<JsonNode> entries = new ArrayList<>();
    if (status.isArray()) {
      status.forEach(entries::add);
    } else {
      entries.add(status);
    }
    List<Future<String>> problems = new ArrayList<>();
    for (JsonNode entry : entries) {
      problems.add(entry(vertx, entry, ours));
    }
    return Future.all(problems).map(all -> {
      // a credential issued before the suspension entry was dropped names its suspension twice: say it once
      Set<String> bad = new LinkedHashSet<>();
      for (Future<String> problem : problems) {
        if (problem.result() != null) {
          bad.add(problem.result());
        }
      }
      String checked = entries.size() + " status list entr" + (entries.size() == 1 ? "y" : "ies") + " checked"
          + (ours ? ", suspension from this issuer's records" : "");
      return bad.isEmpty()
          ? Check.pass("status", "Not revoked and not suspended (" + checked + ").")
          : Check.fail("status", String.join("; ", bad) + ".");
    });
  }

  /** null when the entry's bit is clear; otherwise why the credential fails. */
  private Future<String> entry(Vertx vertx, JsonNode entry, boolean ours) {
    if (!"BitstringStatusListEntry".equals(entry.path("type").asText())) {
      return Future.succeededFuture("unsupported status type '" + entry.path("type").asText() + "'");
    }
    String purpose = entry.path("statusPurpose").asText();
    String url = entry.path("statusListCredential").asText("");
    int index;
    try {
      index = Integer.parseInt(entry.path("statusListIndex").asText());
    } catch (NumberFormatException e) {
      return Future.succeededFuture("statusListIndex is not a number");
    }
    if (index < 0) {
      return Future.succeededFuture("statusListIndex is negative");
    }
    String word = "suspension".equals(purpose) ? "suspended" : "revocation".equals(purpose) ? "revoked" : purpose + " bit set";
    String ownPrefix = options.publicUrl() + "/status-lists/";
    java.util.regex.Matcher profileList = PROFILE_LIST.matcher(url.startsWith(options.publicUrl())
        ? url.substring(options.publicUrl().length()) : "");
    if (profileList.matches()) {
      // a profile's Data Integrity list: the same bits as /status-lists/{n}/{purpose}
      return ownEntry(profileList.group(1), purpose, index, ours);
    }
    if (url.startsWith(ownPrefix)) {
      String path = url.substring(ownPrefix.length());
      // a Data Integrity credential names the same list in its Data Integrity form
      if (path.endsWith(StatusLists.DATA_INTEGRITY_SUFFIX)) {
        path = path.substring(0, path.length() - StatusLists.DATA_INTEGRITY_SUFFIX.length());
      }
      return ownEntry(path, purpose, index, ours);
    }
    return remote.document(vertx, url)
        .compose(doc -> remoteList(vertx, doc, url))
        .map(bits -> Bitstring.get(bits, index) ? word + " (" + purpose + " list bit " + index + ")" : (String) null)
        .recover(e -> Future.succeededFuture("status list " + url + " could not be checked: " + e.getMessage()));
  }

  /** An entry in one of this issuer's lists, {@code path} being {@code {list}/{purpose}}: read from its records. */
  private Future<String> ownEntry(String path, String purpose, int index, boolean ours) {
    String[] parts = path.split("/");
    Optional<Purpose> p = parts.length == 2 ? Purpose.of(parts[1]) : Optional.empty();
    int list = -1;
    try {
      list = p.isPresent() && p.get().wire().equals(purpose) ? Integer.parseInt(parts[0]) : -1;
    } catch (NumberFormatException e) {
      // not a list number: refused below
    }
    if (list < 0) {
      return Future.succeededFuture("status entry points at an unknown list " + options.publicUrl() + "/status-lists/" + path);
    }
    Slot slot = new Slot(list, index);
    Future<String> problem = p.get() == Purpose.REVOCATION
        ? status.isSet(slot, Purpose.REVOCATION).map(set -> set ? "revoked (revocation list bit " + index + ")" : null)
        : suspended(slot);
    if (ours && p.get() == Purpose.REVOCATION) {
      problem = problem.compose(revoked -> revoked != null ? Future.succeededFuture(revoked) : suspended(slot));
    }
    return problem.recover(e -> Future.succeededFuture("status list " + slot.list() + " could not be checked: "
        + e.getMessage()));
  }

  private Future<String> suspended(Slot slot) {
    return status.isSet(slot, Purpose.SUSPENSION)
        .map(set -> set ? "suspended (index " + slot.index() + " in this issuer's records)" : null);
  }

  /** Another issuer's status list: must itself be a VC-JWT, or a credential with a Data Integrity proof, that verifies. */
  private Future<byte[]> remoteList(Vertx vertx, String doc, String url) {
    if (doc.startsWith("{")) {
      JsonNode list;
      try {
        list = Json.readLimited(doc.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        return Future.failedFuture(new IllegalStateException("it is neither a VC-JWT nor JSON"));
      }
      return proofChecks(vertx, list).map(proven -> {
        for (Check check : proven.checks()) {
          if (!check.pass()) {
            throw new IllegalStateException("its Data Integrity proof does not verify: " + check.reason());
          }
        }
        return Bitstring.decode(list.path("credentialSubject").path("encodedList").asText(null));
      });
    }
    Jws jws;
    try {
      jws = parse(doc);
    } catch (ParseException e) {
      return Future.failedFuture(new IllegalStateException("it is not a JWS"));
    }
    return key(vertx, jws.header()).map(found -> {
      if (!signature(jws, found).pass()) {
        throw new IllegalStateException("its signature does not verify");
      }
      JsonNode payload;
      try {
        payload = Json.readLimited(java.util.Base64.getUrlDecoder().decode(jws.payload()));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("its payload is not JSON");
      }
      JsonNode vc = payload.path("vc").isObject() ? payload.get("vc") : payload;
      return Bitstring.decode(vc.path("credentialSubject").path("encodedList").asText(null));
    });
  }

  private static Optional<String> issuerId(JsonNode vc) {
    JsonNode issuer = vc.path("issuer");
    if (issuer.isTextual()) {
      return Optional.of(issuer.asText());
    }
    return issuer.path("id").isTextual() ? Optional.of(issuer.get("id").asText()) : Optional.empty();
  }

  private static Optional<Instant> instant(JsonNode vc, String field) {
    if (!vc.path(field).isTextual()) {
      return Optional.empty();
    }
    String text = vc.get(field).asText();
    Instant fast = utcSeconds(text);
    if (fast != null) {
      return Optional.of(fast);
    }
    try {
      // the common UTC form first: Instant.parse is several times cheaper than OffsetDateTime.parse
      return Optional.of(text.endsWith("Z") ? Instant.parse(text) : java.time.OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ssZ}, the form issuers (this one included) write, without java.time's
   * formatter machinery, which dominated the cost of checking dates. Anything else: null.
   */
  static Instant utcSeconds(String s) {
    if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
      return null;
    }
    int y = digits(s, 0, 4);
    int mo = digits(s, 5, 7);
    int d = digits(s, 8, 10);
    int h = digits(s, 11, 13);
    int mi = digits(s, 14, 16);
    int se = digits(s, 17, 19);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > java.time.YearMonth.of(y, mo).lengthOfMonth() || h < 0 || h > 23
        || mi < 0 || mi > 59 || se < 0 || se > 59) {
      return null;
    }
    return Instant.ofEpochSecond(java.time.LocalDate.of(y, mo, d).toEpochDay() * 86_400L + h * 3600L + mi * 60L + se);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean contains(JsonNode node, String value) {
    if (node.isTextual()) {
      return node.asText().equals(value);
    }
    for (JsonNode n : node) {
      if (value.equals(n.asText())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameOrigin(String a, String b) {
    String oa = origin(a);
    return oa != null && oa.equals(origin(b));
  }

  private static String origin(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return null;
      }
      int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
      return u.getScheme() + "://" + u.getHost() + ":" + port;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
