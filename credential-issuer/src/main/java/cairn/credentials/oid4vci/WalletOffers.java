package cairn.credentials.oid4vci;

import cairn.credentials.IssuerOptions;
import cairn.credentials.audit.Audit;
import cairn.credentials.dataintegrity.DataIntegrity;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.keys.KeyRing;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.auth.OAuthException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Credential offers to wallets, OpenID for Verifiable Credential Issuance 1.0 with the pre-authorized
 * code flow (§3.5): the holder makes an offer of one of their credentials ({@link #create}); the wallet
 * reads it by reference ({@link #offer}, §4.1.3), trades its pre-authorized code and the transaction
 * code shown to the holder for an access token ({@link #token}, §6), takes a nonce ({@link #nonce},
 * §7) and receives the credential with its subject bound to the key it proved ({@link #deliver}, §8):
 * a copy of the issued credential with its own id, signed afresh by the issuer's keys, sharing the
 * issued credential's status list entry (so revoking that credential revokes the copy).
 *
 * <p>Each secret is 256 random bits (the transaction code: six digits, five tries), kept only as its
 * SHA-256, single-use and valid for {@link #LIFETIME}. The pre-authorized code is derived from the
 * offer's token (SHA-256 of a label and the token), so the offer can answer it without its being stored.
 */
public final class WalletOffers {
  public static final String PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
  /** How long an offer's code, an access token and a nonce live. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);
  static final int TX_CODE_LENGTH = 6;
  static final int MAX_TX_FAILURES = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final IssuerOptions options;
  private final KeyRing keys;
  private final DataIntegrity dataIntegrity;

  /** An offer just made, for its holder's page to show once: the wallet link, its URI and the transaction code. */
  public record Offer(UUID id, String link, String offerUri, String txCode, Instant expires) {}

  /** An access token for the credential endpoint (RFC 6749 §5.1). */
  record Token(String accessToken, long expiresIn) {}

  /** A credential request (§8.2): which configuration, and the one proof JWT. */
  record CredentialRequest(CredentialConfiguration configuration, String proof) {}

  public WalletOffers(Pool pool, IssuerOptions options, KeyRing keys) {
    this.pool = pool;
    this.options = options;
    this.keys = keys;
    this.dataIntegrity = new DataIntegrity(new IssuerDids(options, keys));
  }

  /** The Credential Issuer Identifier (§12.2.1): Cairn's public URL. */
  public String issuer() {
    return options.publicUrl();
  }

  public IssuerOptions options() {
    return options;
  }

  /**
   * Offers the credential {@code credentialId} of {@code personId} to a wallet, in the forms it was
   * issued in; audited as {@code credential.offer} by {@code actor}. Another person's credential is a
   * 404; a revoked or suspended one a 409.
   */
  public Future<Offer> create(UUID credentialId, String personId, String actor) {
    return pool.withTransaction(conn -> conn.preparedQuery(Oid4vciSql.CREDENTIAL).execute(Tuple.of(credentialId))
        .compose(rows -> {
          if (rows.size() == 0 || !personId.equals(rows.iterator().next().getString("person_id"))) {
            throw ApiException.notFound("You have no credential with that id.");
          }
          Row row = rows.iterator().next();
          if (row.getValue("revoked") != null || row.getValue("suspended") != null) {
            throw ApiException.conflict("This credential is revoked or suspended: it cannot go into a wallet.", "id");
          }
          List<String> configurations = new ArrayList<>();
          if (row.getString("jwt") != null) {
            configurations.add(CredentialConfiguration.JWT_VC_JSON.id);
          }
          if (row.getString("data_integrity") != null) {
            configurations.add(CredentialConfiguration.LDP_VC.id);
          }
          UUID id = UUID.randomUUID();
          String token = random();
          byte[] code = sha256(code(token));
          String txCode = txCode();
          return conn.preparedQuery(Oid4vciSql.INSERT_OFFER).execute(Tuple.of(id, credentialId,
                  Buffer.buffer(sha256(token)), Buffer.buffer(code), Buffer.buffer(txDigest(code, txCode)),
                  configurations.toArray(String[]::new), (int) LIFETIME.toSeconds()))
              .compose(inserted -> {
                Instant expires = inserted.iterator().next().getOffsetDateTime("expires").toInstant();
                ObjectNode detail = Json.MAPPER.createObjectNode().put("offer", id.toString())
                    .put("expires", expires.toString());
                configurations.forEach(detail.putArray("configurations")::add);
                String uri = offerUri(token);
                return Audit.record(conn, actor, "credential.offer", credentialId, null, detail)
                    .map(v -> new Offer(id, "openid-credential-offer://?credential_offer_uri="
                        + URLEncoder.encode(uri, StandardCharsets.UTF_8), uri, txCode, expires));
              });
        }));
  }

  /** Where the wallet reads the offer (§4.1.3 credential_offer_uri). */
  String offerUri(String token) {
    return options.publicUrl() + "/oid4vci/offers/" + token;
  }

  /** The Credential Offer (§4.1.1) behind an offer URI's token, while its code is neither used nor expired. */
  Future<ObjectNode> offer(String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      return Future.failedFuture(unknownOffer());
    }
    return pool.preparedQuery(Oid4vciSql.OPEN_OFFER).execute(Tuple.of(Buffer.buffer(sha256(token)))).map(rows -> {
      if (rows.size() == 0) {
        throw unknownOffer();
      }
      Row row = rows.iterator().next();
      ObjectNode offer = Json.MAPPER.createObjectNode().put("credential_issuer", issuer());
      Arrays.stream(row.getArrayOfStrings("configurations")).forEach(offer.putArray("credential_configuration_ids")::add);
      ObjectNode grant = offer.putObject("grants").putObject(PRE_AUTHORIZED_GRANT).put("pre-authorized_code", code(token));
      if (row.getBoolean("tx_code")) {
        grant.putObject("tx_code").put("input_mode", "numeric").put("length", TX_CODE_LENGTH)
            .put("description", "The " + TX_CODE_LENGTH + "-digit code shown beside the QR code on your Cairn credentials page.");
      }
      return offer;
    });
  }

  private static ApiException unknownOffer() {
    return ApiException.notFound("This credential offer is unknown, used or expired: make a new one on your "
        + "credentials page (My credentials, Add to a wallet).");
  }

  /**
   * Trades a pre-authorized code (and the transaction code) for an access token (§6.1, RFC 6749 §5.2
   * errors): an unknown, used or expired code is {@code invalid_grant}, and a code used twice withdraws
   * the token it gave; a wrong transaction code is {@code invalid_grant}, the fifth spends the code.
   */
  Future<Token> token(String code, String txCode) {
    byte[] digest = sha256(code);
    // decided in the transaction, answered after it commits: a refusal may have written (a failure counted)
    return pool.withTransaction(conn -> conn.preparedQuery(Oid4vciSql.OFFER_BY_CODE).execute(Tuple.of(Buffer.buffer(digest)))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(refusal("invalid_grant", "The pre-authorized code is unknown."));
              }
              Row offer = rows.iterator().next();
              UUID id = offer.getUUID("id");
              if (offer.getValue("redeemed") != null) {
                return conn.preparedQuery(Oid4vciSql.WITHDRAW_TOKENS).execute(Tuple.of(id)).map(v -> refusal("invalid_grant",
                    "The pre-authorized code was used already (its access token is withdrawn): make a new offer."));
              }
              if (offer.getBoolean("expired")) {
                return Future.succeededFuture(refusal("invalid_grant", "The pre-authorized code expired ("
                    + LIFETIME.toMinutes() + " minutes): make a new offer."));
              }
              Buffer expected = offer.getBuffer("tx_code_sha256");
              if (expected != null) {
                if (txCode == null) {
                  return Future.succeededFuture(refusal("invalid_request",
                      "This offer asks for tx_code, the " + TX_CODE_LENGTH + "-digit code shown with it."));
                }
                if (!MessageDigest.isEqual(expected.getBytes(), txDigest(digest, txCode))) {
                  return conn.preparedQuery(Oid4vciSql.TX_FAILED).execute(Tuple.of(id, MAX_TX_FAILURES)).map(r ->
                      refusal("invalid_grant", r.iterator().next().getBoolean("spent")
                          ? "Wrong tx_code, " + MAX_TX_FAILURES + " times: the offer is spent; make a new one."
                          : "Wrong tx_code: enter the code shown beside the offer."));
                }
              }
              String token = random();
              return conn.preparedQuery(Oid4vciSql.REDEEM).execute(Tuple.of(id))
                  .compose(v -> conn.preparedQuery(Oid4vciSql.INSERT_TOKEN)
                      .execute(Tuple.of(Buffer.buffer(sha256(token)), id, (int) LIFETIME.toSeconds())))
                  .map(v -> (Object) new Token(token, LIFETIME.toSeconds()));
            }))
        .map(outcome -> {
          if (outcome instanceof OAuthException refused) {
            throw refused;
          }
          return (Token) outcome;
        });
  }

  private static Object refusal(String error, String message) {
    return OAuthException.of(400, error, message);
  }

  /** A fresh c_nonce (§7.2), single-use, valid for {@link #LIFETIME}. */
  Future<String> nonce() {
    String nonce = random();
    return pool.preparedQuery(Oid4vciSql.INSERT_NONCE).execute(Tuple.of(Buffer.buffer(sha256(nonce)),
        (int) LIFETIME.toSeconds())).map(nonce);
  }

  /**
   * The credential an access token was given for, bound to the holder of the request's proof
   * (§8.2, §8.3): the token must be live (else {@code invalid_token}), the configuration offered, the
   * proof valid ({@code invalid_proof}) and its nonce fresh ({@code invalid_nonce}, consumed). The
   * token is used up by the credential it delivers; the delivery is recorded and audited as
   * {@code credential.delivered}.
   */
  Future<JsonNode> deliver(Vertx vertx, String accessToken, JsonNode body) {
    Buffer tokenDigest = Buffer.buffer(sha256(accessToken));
    return pool.preparedQuery(Oid4vciSql.TOKEN).execute(Tuple.of(tokenDigest)).compose(rows -> {
      if (rows.size() == 0) {
        throw OAuthException.invalidToken("The access token is unknown, used or expired: redeem a new credential offer.");
      }
      Row token = rows.iterator().next();
      UUID offerId = token.getUUID("offer_id");
      UUID credentialId = token.getUUID("credential_id");
      CredentialRequest request = request(body, Arrays.asList(token.getArrayOfStrings("configurations")));
      HolderProof.Holder holder = HolderProof.verify(request.proof(), issuer(), LIFETIME, options.clockSkew());
      return pool.preparedQuery(Oid4vciSql.USE_NONCE).execute(Tuple.of(Buffer.buffer(sha256(holder.nonce()))))
          .compose(nonces -> {
            if (nonces.size() == 0) {
              throw OAuthException.of(400, "invalid_nonce", "The proof's nonce is unknown, used or expired: take a "
                  + "fresh c_nonce from the nonce endpoint and make a new proof.");
            }
            return pool.withTransaction(conn -> conn.preparedQuery(Oid4vciSql.USE_TOKEN).execute(Tuple.of(tokenDigest))
                .compose(used -> {
                  if (used.size() == 0) {
                    throw OAuthException.invalidToken("The access token was used meanwhile: redeem a new credential offer.");
                  }
                  return conn.preparedQuery(Oid4vciSql.CREDENTIAL).execute(Tuple.of(credentialId));
                })
                .compose(credentials -> {
                  Row credential = credentials.iterator().next();
                  if (credential.getValue("revoked") != null || credential.getValue("suspended") != null) {
                    throw OAuthException.of(400, "credential_request_denied",
                        "The credential was revoked or suspended since it was offered.");
                  }
                  UUID id = UUID.randomUUID();
                  return bind(vertx, request.configuration(), credential, holder.id(), id)
                      .compose(signed -> conn.preparedQuery(Oid4vciSql.INSERT_DELIVERY).execute(Tuple.of(id, credentialId,
                              offerId, holder.id(), request.configuration().format, signed.keyId(),
                              signed.credential().isTextual() ? signed.credential().asText() : signed.credential().toString()))
                          .compose(v -> Audit.record(conn, "oid4vci-wallet", "credential.delivered", credentialId, null,
                              Json.MAPPER.createObjectNode().put("delivery", "urn:uuid:" + id)
                                  .put("format", request.configuration().format).put("offer", offerId.toString())))
                          .map(v -> {
                            ObjectNode answer = Json.MAPPER.createObjectNode();
                            answer.putArray("credentials").addObject().set("credential", signed.credential());
                            return (JsonNode) answer;
                          }));
                }));
          });
    });
  }

  /** The request's members (§8.2), or the error code §8.3.1.2 gives for what is wrong with it. */
  static CredentialRequest request(JsonNode body, List<String> offered) {
    if (body == null || !body.isObject()) {
      throw invalidRequest("Send the credential request as a JSON object.");
    }
    if (body.has("credential_identifier")) {
      throw invalidRequest("This issuer hands out no credential identifiers: send credential_configuration_id.");
    }
    if (body.has("credential_response_encryption")) {
      throw OAuthException.of(400, "invalid_encryption_parameters",
          "This issuer does not encrypt credential responses (its metadata offers no credential_response_encryption).");
    }
    JsonNode id = body.path("credential_configuration_id");
    if (!id.isTextual()) {
      throw invalidRequest("credential_configuration_id is required: one of the offer's credential_configuration_ids.");
    }
    CredentialConfiguration configuration = CredentialConfiguration.of(id.asText())
        .filter(c -> offered.contains(c.id))
        .orElseThrow(() -> OAuthException.of(400, "unknown_credential_configuration",
            "credential_configuration_id '" + shorten(id.asText()) + "' is not one this offer names: " + offered + "."));
    if (body.has("proof")) {
      throw HolderProof.invalid("Send the key proof as proofs: {\"jwt\": [\"…\"]} (OpenID4VCI 1.0 §8.2); "
          + "the singular proof of the drafts is not read.");
    }
    JsonNode proofs = body.path("proofs");
    if (!proofs.isObject() || proofs.size() != 1 || !proofs.path("jwt").isArray()) {
      throw HolderProof.invalid("proofs is required, as {\"jwt\": [\"<proof JWT>\"]}: this issuer takes jwt proofs.");
    }
    JsonNode jwts = proofs.get("jwt");
    if (jwts.size() != 1 || !jwts.get(0).isTextual()) {
      throw HolderProof.invalid("proofs.jwt must hold exactly one proof JWT (a string): one credential per request.");
    }
    return new CredentialRequest(configuration, jwts.get(0).asText());
  }

  private static OAuthException invalidRequest(String message) {
    return OAuthException.of(400, "invalid_credential_request", message);
  }

  /** A credential signed for the holder: the key that signed it and the credential (a JWT string or a JSON object). */
  private record Signed(String keyId, JsonNode credential) {}

  /**
   * The issued credential with {@code credentialSubject.id} the holder and its own id, signed anew: the
   * VC-JWT by the active key of the algorithm that signed the issued one (its {@code sub} and
   * {@code jti} following), the Data Integrity form by the profile's DID and Ed25519 key.
   */
  private Future<Signed> bind(Vertx vertx, CredentialConfiguration configuration, Row credential, String holder,
      UUID id) {
    if (configuration == CredentialConfiguration.JWT_VC_JSON) {
      String issued = credential.getString("jwt");
      ObjectNode payload = (ObjectNode) BadgeRoutes.payload(issued);
      bind(payload, holder, id);
      payload.put("sub", holder).put("jti", "urn:uuid:" + id);
      JWSAlgorithm alg;
      try {
        alg = JWSObject.parse(issued).getHeader().getAlgorithm();
      } catch (java.text.ParseException e) {
        throw new IllegalStateException("A stored credential is not a JWS", e);
      }
      return keys.signingKey(vertx, alg).compose(key -> vertx.executeBlocking(
          () -> new Signed(key.id(), TextNode.valueOf(key.sign(payload.toString()))), false));
    }
    ObjectNode vc = (ObjectNode) Json.tree(credential.getString("data_integrity"));
    vc.remove("proof");
    bind(vc, holder, id);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return dataIntegrity.dids().signer(vertx, credential.getString("issuer_id")).compose(signer -> vertx.executeBlocking(
        () -> new Signed(signer.key().id(), dataIntegrity.secure(vc, signer, null, now)), false));
  }

  private static void bind(ObjectNode vc, String holder, UUID id) {
    vc.put("id", "urn:uuid:" + id);
    ((ObjectNode) vc.get("credentialSubject")).put("id", holder);
  }

  /** The pre-authorized code of an offer's token. */
  private static String code(String token) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("pre-authorized_code " + token));
  }

  private static byte[] txDigest(byte[] codeDigest, String txCode) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(codeDigest);
      return sha.digest(txCode.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String txCode() {
    return String.format("%06d", RANDOM.nextInt(1_000_000));
  }

  private static String random() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
