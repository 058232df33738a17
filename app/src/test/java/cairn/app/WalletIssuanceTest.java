package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.dataintegrity.Ed25519;
import cairn.credentials.dataintegrity.Multikey;
import cairn.lrs.testing.TestPostgres;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow, end to end against the whole
 * of Cairn on the shared PostgreSQL, with a wallet written here: the employee makes an offer on
 * My credentials; the wallet resolves the offer URI, reads the issuer's and the authorization server's
 * metadata, trades the code and the transaction code for a token, takes a nonce, proves its key (a
 * P-256 JWK with Nimbus; an Ed25519 did:key with the JDK) and receives the credential; Cairn's verify
 * API and plain Nimbus against the JWKS verify it, its subject being the holder. Then what a hostile or
 * clumsy wallet meets: used, expired and wrong codes, bad proofs, wrong audience, replayed and unknown
 * nonces, used and expired tokens, malformed requests — each a 4xx with the spec's error code.
 */
class WalletIssuanceTest {
  private static final String PASSWORD = "a password long enough for the wallet";
  private static final String GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
  private static final Pattern OFFER_URI = Pattern.compile("id=\"wallet-offer-uri\" type=\"text\" readonly value=\"([^\"]+)\"");
  private static final Pattern TX_CODE = Pattern.compile("id=\"wallet-offer-tx-code\">(\\d{6})<");
  private static final Pattern LINK = Pattern.compile("href=\"(openid-credential-offer://\\?credential_offer_uri=[^\"]+)\"");
  private static CairnServer server;
  private static String tag;
  private static String email;
  private static String person;
  private static WebClientSession ada;
  private static JsonObject credential;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    email = "wallet-" + tag + "@example.com";
    person = "wallet-" + tag;
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", person)
        .put("name", "Wanda Wallet").put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + email)))),
        200);
    String invitation = server.admin(HttpMethod.POST, "/api/v1/accounts/invitations", new JsonObject().put("email", email)
        .put("roles", new JsonArray().add("employee")), 201).bodyAsJsonObject().getString("invitation");
    ada = Browser.signUpAndIn(server, invitation, email, PASSWORD);
    credential = issue(person, email, "Wallet Foundations");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ------------------------------------------------------------------ the happy paths

  @Test
  void aWalletWithAP256KeyReceivesTheVcJwtBoundToItsKeyAndItVerifies() throws Exception {
    Offer offer = offerFromPage(id(credential));
    assertThat(offer.link()).startsWith("openid-credential-offer://?credential_offer_uri=");
    assertThat(URLDecoder.decode(offer.link().substring(offer.link().indexOf('=') + 1), StandardCharsets.UTF_8))
        .isEqualTo(offer.uri());

    // the wallet resolves the offer by reference
    HttpResponse<Buffer> resolved = server.client.get(URI.create(offer.uri()).getPath()).send().await();
    assertThat(resolved.statusCode()).as(resolved.bodyAsString()).isEqualTo(200);
    assertThat(resolved.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject credentialOffer = resolved.bodyAsJsonObject();
    JsonObject metadata = get("/.well-known/openid-credential-issuer");
    String issuer = metadata.getString("credential_issuer");
    assertThat(credentialOffer.getString("credential_issuer")).isEqualTo(issuer);
    assertThat(credentialOffer.getJsonArray("credential_configuration_ids"))
        .containsExactly("OpenBadgeCredential_jwt_vc_json", "OpenBadgeCredential_ldp_vc");
    JsonObject grant = credentialOffer.getJsonObject("grants").getJsonObject(GRANT);
    String code = grant.getString("pre-authorized_code");
    assertThat(grant.getJsonObject("tx_code").getString("input_mode")).isEqualTo("numeric");
    assertThat(grant.getJsonObject("tx_code").getInteger("length")).isEqualTo(6);

    // the metadata: endpoints, the two configurations, Cairn its own authorization server
    assertThat(metadata.getString("credential_endpoint")).isEqualTo(issuer + "/oid4vci/credential");
    assertThat(metadata.getString("nonce_endpoint")).isEqualTo(issuer + "/oid4vci/nonce");
    assertThat(metadata.containsKey("authorization_servers")).isFalse();
    JsonObject jwtConfig = metadata.getJsonObject("credential_configurations_supported")
        .getJsonObject("OpenBadgeCredential_jwt_vc_json");
    assertThat(jwtConfig.getString("format")).isEqualTo("jwt_vc_json");
    assertThat(jwtConfig.getJsonObject("credential_definition").getJsonArray("type"))
        .containsExactly("VerifiableCredential", "OpenBadgeCredential");
    assertThat(jwtConfig.getJsonObject("proof_types_supported").getJsonObject("jwt")
        .getJsonArray("proof_signing_alg_values_supported")).contains("ES256", "EdDSA");
    assertThat(jwtConfig.getJsonObject("credential_metadata").getJsonArray("display").getJsonObject(0)
        .getString("name")).isEqualTo("Open Badge (VC-JWT)");
    JsonObject ldpConfig = metadata.getJsonObject("credential_configurations_supported")
        .getJsonObject("OpenBadgeCredential_ldp_vc");
    assertThat(ldpConfig.getString("format")).isEqualTo("ldp_vc");
    assertThat(ldpConfig.getJsonArray("credential_signing_alg_values_supported")).containsExactly("eddsa-rdfc-2022");
    assertThat(ldpConfig.getJsonObject("credential_definition").getJsonArray("@context").getString(0))
        .isEqualTo("https://www.w3.org/ns/credentials/v2");
    JsonObject as = get("/.well-known/oauth-authorization-server");
    assertThat(as.getString("issuer")).isEqualTo(issuer);
    assertThat(as.getString("token_endpoint")).isEqualTo(issuer + "/oid4vci/token");
    assertThat(as.getBoolean("pre-authorized_grant_anonymous_access_supported")).isTrue();

    // token, nonce, proof, credential
    HttpResponse<Buffer> tokenResponse = token(code, offer.txCode());
    assertThat(tokenResponse.statusCode()).as(tokenResponse.bodyAsString()).isEqualTo(200);
    assertThat(tokenResponse.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject token = tokenResponse.bodyAsJsonObject();
    assertThat(token.getString("token_type")).isEqualTo("Bearer");
    assertThat(token.getInteger("expires_in")).isEqualTo(300);
    String accessToken = token.getString("access_token");
    ECKey holder = new ECKeyGenerator(Curve.P_256).generate();
    String proof = p256Proof(holder, holder.toPublicJWK(), issuer, nonce(), new Date());
    HttpResponse<Buffer> delivered = credentialRequest(accessToken, "OpenBadgeCredential_jwt_vc_json", proof);
    assertThat(delivered.statusCode()).as(delivered.bodyAsString()).isEqualTo(200);
    String jwt = delivered.bodyAsJsonObject().getJsonArray("credentials").getJsonObject(0).getString("credential");

    // bound to the holder: the subject is the did:jwk of the proof's key
    SignedJWT signed = SignedJWT.parse(jwt);
    JWTClaimsSet claims = signed.getJWTClaimsSet();
    String didJwk = "did:jwk:" + Base64URL.encode(holder.toPublicJWK().toJSONString());
    assertThat(claims.getJSONObjectClaim("credentialSubject").get("id")).isEqualTo(didJwk);
    assertThat(claims.getSubject()).isEqualTo(didJwk);
    assertThat(claims.getJWTID()).isEqualTo(claims.getStringClaim("id")).isNotEqualTo(credential.getString("id"));
    assertThat(claims.getStringClaim("name")).isEqualTo("Wallet Foundations");

    // Cairn's verify API
    HttpResponse<Buffer> verified = server.client.post("/verify").putHeader("Content-Type", "application/jwt")
        .sendBuffer(Buffer.buffer(jwt)).await();
    assertThat(verified.bodyAsJsonObject().getBoolean("valid")).as(verified.bodyAsString()).isTrue();
    // plain Nimbus against the published JWKS
    JWKSet jwks = JWKSet.parse(server.client.get("/.well-known/jwks.json").send().await().bodyAsString());
    JWK key = jwks.getKeys().stream().filter(k -> signed.getHeader().getKeyID().equals(k.getKeyID())).findFirst()
        .orElseThrow();
    Key publicKey = key instanceof ECKey ec ? ec.toECPublicKey() : key.toRSAKey().toRSAPublicKey();
    assertThat(signed.verify(new DefaultJWSVerifierFactory().createJWSVerifier(signed.getHeader(), publicKey))).isTrue();

    // one credential per token, one token per code, and the offer is gone
    HttpResponse<Buffer> again = credentialRequest(accessToken, "OpenBadgeCredential_jwt_vc_json",
        p256Proof(holder, holder.toPublicJWK(), issuer, nonce(), new Date()));
    assertError(again, 401, "invalid_token");
    assertThat(again.getHeader("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    assertError(token(code, offer.txCode()), 400, "invalid_grant");
    assertThat(server.client.get(URI.create(offer.uri()).getPath()).send().await().statusCode()).isEqualTo(404);

    // recorded and audited
    JsonArray audit = server.admin(HttpMethod.GET, "/api/v1/badges/" + id(credential) + "/audit", null, 200).bodyAsJsonArray();
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("action")))
        .contains("credential.offer", "credential.delivered");
    JsonObject offered = audit.stream().map(e -> (JsonObject) e).filter(e -> e.getString("action").equals("credential.offer"))
        .findFirst().orElseThrow();
    assertThat(offered.getString("actor")).startsWith("account:");
    try (Connection c = db(); PreparedStatement q = c.prepareStatement(
        "select holder, format from credentials.deliveries where id = ?")) {
      q.setObject(1, UUID.fromString(claims.getJWTID().substring("urn:uuid:".length())));
      var rows = q.executeQuery();
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("holder")).isEqualTo(didJwk);
      assertThat(rows.getString("format")).isEqualTo("jwt_vc_json");
    }
  }

  @Test
  void aWalletWithAnEd25519DidKeyReceivesTheDataIntegrityCredentialAndRevocationReachesIt() throws Exception {
    JsonObject mine = issue(person, email, "Wallet Data Integrity");
    Offer offer = offerFromPage(id(mine));
    String code = server.client.get(URI.create(offer.uri()).getPath()).send().await().bodyAsJsonObject()
        .getJsonObject("grants").getJsonObject(GRANT).getString("pre-authorized_code");
    String accessToken = token(code, offer.txCode()).bodyAsJsonObject().getString("access_token");
    String issuer = get("/.well-known/openid-credential-issuer").getString("credential_issuer");

    Ed25519.RawKeys keys = Ed25519.generate();
    String did = "did:key:" + Multikey.publicKey(keys.publicKey());
    String proof = ed25519Proof(keys, did + "#" + Multikey.publicKey(keys.publicKey()), issuer, nonce());
    HttpResponse<Buffer> delivered = credentialRequest(accessToken, "OpenBadgeCredential_ldp_vc", proof);
    assertThat(delivered.statusCode()).as(delivered.bodyAsString()).isEqualTo(200);
    JsonObject vc = delivered.bodyAsJsonObject().getJsonArray("credentials").getJsonObject(0).getJsonObject("credential");
    assertThat(vc.getJsonObject("credentialSubject").getString("id")).isEqualTo(did);
    assertThat(vc.getJsonArray("proof").getJsonObject(0).getString("cryptosuite")).isEqualTo("eddsa-rdfc-2022");
    assertThat(vc.getJsonObject("issuer").getString("id")).startsWith("did:");

    HttpResponse<Buffer> verified = server.client.post("/verify").putHeader("Content-Type", "application/vc")
        .sendBuffer(Buffer.buffer(vc.encode())).await();
    assertThat(verified.bodyAsJsonObject().getBoolean("valid")).as(verified.bodyAsString()).isTrue();

    // the copy shares the issued credential's status entry: revoking that revokes it
    server.admin(HttpMethod.POST, "/api/v1/badges/" + id(mine) + "/revoke", new JsonObject().put("reason", "Awarded in error"), 200);
    HttpResponse<Buffer> revoked = server.client.post("/verify").putHeader("Content-Type", "application/vc")
        .sendBuffer(Buffer.buffer(vc.encode())).await();
    assertThat(revoked.bodyAsJsonObject().getBoolean("valid")).as(revoked.bodyAsString()).isFalse();
    assertThat(revoked.bodyAsString()).contains("revoked");
  }

  // ------------------------------------------------------------------ hostile and clumsy wallets

  @Test
  void codesAreOneTimeExpireAndNeedTheirTransactionCode() throws Exception {
    Offer offer = offerFromPage(id(credential));
    String code = code(offer);
    assertError(token(code, null), 400, "invalid_request");
    assertError(token(code, "000000".equals(offer.txCode()) ? "111111" : "000000"), 400, "invalid_grant");
    assertError(token("not-a-code", offer.txCode()), 400, "invalid_grant");
    assertError(server.client.post("/oid4vci/token").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")).await(), 400, "unsupported_grant_type");
    assertError(server.client.post("/oid4vci/token").sendJsonObject(new JsonObject().put("grant_type", GRANT)).await(),
        400, "invalid_request");
    HttpResponse<Buffer> first = token(code, offer.txCode());
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    // a code used twice: refused, and the token it gave is withdrawn
    assertError(token(code, offer.txCode()), 400, "invalid_grant");
    String issuer = get("/.well-known/openid-credential-issuer").getString("credential_issuer");
    ECKey holder = new ECKeyGenerator(Curve.P_256).generate();
    assertError(credentialRequest(first.bodyAsJsonObject().getString("access_token"), "OpenBadgeCredential_jwt_vc_json",
        p256Proof(holder, holder.toPublicJWK(), issuer, nonce(), new Date())), 401, "invalid_token");

    // an expired code
    Offer late = offerFromPage(id(credential));
    String lateCode = code(late);
    sql("update credentials.oid4vci_offers set expires = now() - interval '1 second' where created > now() - interval '1 minute'"
        + " and redeemed is null and credential_id = '" + id(credential) + "'");
    HttpResponse<Buffer> expired = token(lateCode, late.txCode());
    assertError(expired, 400, "invalid_grant");
    assertThat(expired.bodyAsJsonObject().getString("error_description")).contains("expired");
    assertThat(server.client.get(URI.create(late.uri()).getPath()).send().await().statusCode()).isEqualTo(404);

    // five wrong transaction codes spend the code
    Offer guessed = offerFromPage(id(credential));
    String guessedCode = code(guessed);
    String wrong = "000000".equals(guessed.txCode()) ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      assertError(token(guessedCode, wrong), 400, "invalid_grant");
    }
    assertError(token(guessedCode, guessed.txCode()), 400, "invalid_grant");
  }

  @Test
  void proofsAndNoncesAreCheckedAndEveryMistakeIsAFourHundred() throws Exception {
    Offer offer = offerFromPage(id(credential));
    String accessToken = token(code(offer), offer.txCode()).bodyAsJsonObject().getString("access_token");
    String issuer = get("/.well-known/openid-credential-issuer").getString("credential_issuer");
    ECKey holder = new ECKeyGenerator(Curve.P_256).generate();
    ECKey other = new ECKeyGenerator(Curve.P_256).generate();
    String jwtConfig = "OpenBadgeCredential_jwt_vc_json";

    // signed by one key, naming another
    assertError(credentialRequest(accessToken, jwtConfig, p256Proof(holder, other.toPublicJWK(), issuer, nonce(),
        new Date())), 400, "invalid_proof");
    // another audience
    assertError(credentialRequest(accessToken, jwtConfig, p256Proof(holder, holder.toPublicJWK(), "https://elsewhere.example",
        nonce(), new Date())), 400, "invalid_proof");
    // an old proof
    assertError(credentialRequest(accessToken, jwtConfig, p256Proof(holder, holder.toPublicJWK(), issuer, nonce(),
        new Date(System.currentTimeMillis() - 3_600_000))), 400, "invalid_proof");
    // a nonce Cairn never gave
    assertError(credentialRequest(accessToken, jwtConfig, p256Proof(holder, holder.toPublicJWK(), issuer, "made-up-nonce",
        new Date())), 400, "invalid_nonce");
    // the private key in the header (Nimbus will not build such a header: written by hand)
    Base64URL privateHeader = Base64URL.encode(new JsonObject().put("alg", "ES256").put("typ", "openid4vci-proof+jwt")
        .put("jwk", new JsonObject(holder.toJSONObject())).encode());
    Base64URL body = claims(issuer, nonce(), new Date()).toPayload().toBase64URL();
    Base64URL signature = new ECDSASigner(holder).sign(new JWSHeader(JWSAlgorithm.ES256),
        (privateHeader + "." + body).getBytes(StandardCharsets.US_ASCII));
    assertError(credentialRequest(accessToken, jwtConfig, privateHeader + "." + body + "." + signature), 400,
        "invalid_proof");
    // a DID method Cairn does not resolve
    SignedJWT didWeb = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("openid4vci-proof+jwt")).keyID("did:web:wallet.example#key-1").build(),
        claims(issuer, nonce(), new Date()));
    didWeb.sign(new ECDSASigner(holder));
    assertError(credentialRequest(accessToken, jwtConfig, didWeb.serialize()), 400, "invalid_proof");
    // not the proof type
    SignedJWT untyped = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
        .jwk(holder.toPublicJWK()).build(), claims(issuer, nonce(), new Date()));
    untyped.sign(new ECDSASigner(holder));
    assertError(credentialRequest(accessToken, jwtConfig, untyped.serialize()), 400, "invalid_proof");
    // garbage
    for (String garbage : new String[] {"", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(20_000),
        Base64URL.encode("[".repeat(5000)) + ".e30.c2ln"}) {
      assertError(credentialRequest(accessToken, jwtConfig, garbage), 400, "invalid_proof");
    }
    // malformed requests
    assertError(post(accessToken, "{"), 400, "invalid_credential_request");
    assertError(post(accessToken, "[]"), 400, "invalid_credential_request");
    assertError(post(accessToken, new JsonObject().put("proofs", new JsonObject()).encode()), 400,
        "invalid_credential_request");
    assertError(post(accessToken, new JsonObject().put("credential_configuration_id", jwtConfig).encode()), 400,
        "invalid_proof");
    assertError(credentialRequest(accessToken, "UniversityDegree", "a.b.c"), 400, "unknown_credential_configuration");
    assertError(credentialRequest("not-a-token", jwtConfig, "a.b.c"), 401, "invalid_token");
    assertError(server.client.post("/oid4vci/credential").sendJsonObject(new JsonObject()).await(), 401, "invalid_token");

    // a nonce serves once; the key named by a did:jwk kid this time
    String nonce = nonce();
    String didJwk = "did:jwk:" + Base64URL.encode(holder.toPublicJWK().toJSONString());
    SignedJWT byKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("openid4vci-proof+jwt")).keyID(didJwk + "#0").build(), claims(issuer, nonce, new Date()));
    byKid.sign(new ECDSASigner(holder));
    HttpResponse<Buffer> delivered = credentialRequest(accessToken, jwtConfig, byKid.serialize());
    assertThat(delivered.statusCode()).as(delivered.bodyAsString()).isEqualTo(200);
    assertThat(SignedJWT.parse(delivered.bodyAsJsonObject().getJsonArray("credentials").getJsonObject(0)
        .getString("credential")).getJWTClaimsSet().getSubject()).isEqualTo(didJwk);
    Offer second = offerFromPage(id(credential));
    String secondToken = token(code(second), second.txCode()).bodyAsJsonObject().getString("access_token");
    assertError(credentialRequest(secondToken, jwtConfig, p256Proof(holder, holder.toPublicJWK(), issuer, nonce,
        new Date())), 400, "invalid_nonce");
    // an expired token
    sql("update credentials.oid4vci_tokens set expires = now() - interval '1 second' where used is null"
        + " and offer_id in (select id from credentials.oid4vci_offers where credential_id = '" + id(credential) + "')");
    assertError(credentialRequest(secondToken, jwtConfig, p256Proof(holder, holder.toPublicJWK(), issuer, nonce(),
        new Date())), 401, "invalid_token");
  }

  @Test
  void onlyTheOwnerOffersACredentialAndOnlyWithTheFormsToken() {
    String other = "other-" + tag;
    server.admin(HttpMethod.POST, "/api/v1/people", new JsonArray().add(new JsonObject().put("id", other).put("name", "Other")
        .put("agents", new JsonArray().add(new JsonObject().put("mbox", "mailto:" + other + "@example.com")))), 200);
    JsonObject theirs = issue(other, other + "@example.com", "Not Wanda's");
    String csrf = Browser.formToken(ada.get("/my/credentials").send().await());
    HttpResponse<Buffer> notMine = ada.post("/my/credentials/" + id(theirs) + "/offers")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add(Browser.CSRF_FIELD, csrf)).await();
    assertThat(notMine.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> forged = ada.post("/my/credentials/" + id(credential) + "/offers")
        .sendForm(MultiMap.caseInsensitiveMultiMap()).await();
    assertThat(forged.statusCode()).as("a form without the CSRF token").isEqualTo(403);
    HttpResponse<Buffer> signedOut = server.client.post("/my/credentials/" + id(credential) + "/offers")
        .sendForm(MultiMap.caseInsensitiveMultiMap()).await();
    assertThat(signedOut.statusCode()).isIn(303, 401, 403);
    assertThat(server.client.get("/oid4vci/offers/" + "A".repeat(43)).send().await().statusCode()).isEqualTo(404);
    assertThat(server.client.get("/oid4vci/offers/short").send().await().statusCode()).isEqualTo(404);
  }

  @Test
  void theOfferOnMyCredentialsPageIsAQrCodeALinkAndATransactionCode() {
    try (Chromium me = new Chromium(server)) {
      me.open("/my/credentials");
      me.signIn(email, PASSWORD);
      me.open("/my/credentials");
      String card = "section[aria-labelledby='credential-" + id(credential) + "'] ";
      assertThat(me.find(card).getText()).contains("Add to a wallet");
      me.click(card + "form[action$='/offers'] button[type=submit]");
      assertThat(me.path()).isEqualTo("/my/credentials");
      assertThat(me.find("#wallet-offer h2").getText()).isEqualTo("Add Wallet Foundations to your wallet");
      assertThat(me.find("#wallet-offer .qr svg").getAttribute("aria-label")).contains("Wallet Foundations");
      assertThat(me.find("#wallet-offer-tx-code").getText()).matches("\\d{6}");
      assertThat(me.find("#wallet-offer a.button").getAttribute("href"))
          .startsWith("openid-credential-offer://?credential_offer_uri=");
      assertThat(me.find("#wallet-offer-uri").getAttribute("value")).contains("/oid4vci/offers/");
      me.accessible().screenshot("my-credentials-wallet-offer");
      me.open("/my/credentials");
      assertThat(me.all("#wallet-offer")).as("shown once").isEmpty();
    }
  }

  // ------------------------------------------------------------------ the wallet written here

  private record Offer(String uri, String link, String txCode) {}

  /** The form of My credentials, then the page that shows the offer once. */
  private static Offer offerFromPage(String credentialId) {
    String csrf = Browser.formToken(ada.get("/my/credentials").send().await());
    HttpResponse<Buffer> made = ada.post("/my/credentials/" + credentialId + "/offers")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add(Browser.CSRF_FIELD, csrf)).await();
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(303);
    assertThat(made.getHeader("Location")).isEqualTo("/my/credentials#wallet-offer");
    String page = ada.get("/my/credentials").send().await().bodyAsString();
    return new Offer(group(OFFER_URI, page), group(LINK, page), group(TX_CODE, page));
  }

  private static String code(Offer offer) {
    return server.client.get(URI.create(offer.uri()).getPath()).send().await().bodyAsJsonObject()
        .getJsonObject("grants").getJsonObject(GRANT).getString("pre-authorized_code");
  }

  private static String group(Pattern pattern, String page) {
    Matcher m = pattern.matcher(page);
    assertThat(m.find()).as(pattern + " in " + page).isTrue();
    return m.group(1);
  }

  private static HttpResponse<Buffer> token(String code, String txCode) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", GRANT).add("pre-authorized_code", code);
    if (txCode != null) {
      form.add("tx_code", txCode);
    }
    return server.client.post("/oid4vci/token").sendForm(form).await();
  }

  private static String nonce() {
    HttpResponse<Buffer> answer = server.client.post("/oid4vci/nonce").send().await();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
    return answer.bodyAsJsonObject().getString("c_nonce");
  }

  private static JWTClaimsSet claims(String audience, String nonce, Date iat) {
    return new JWTClaimsSet.Builder().audience(audience).issueTime(iat).claim("nonce", nonce).build();
  }

  /** A key proof (OpenID4VCI 1.0 Appendix F.1) signed by {@code signer}, naming {@code named} as its jwk. */
  private static String p256Proof(ECKey signer, JWK named, String audience, String nonce, Date iat) throws Exception {
    SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("openid4vci-proof+jwt")).jwk(named).build(), claims(audience, nonce, iat));
    proof.sign(new ECDSASigner(signer));
    return proof.serialize();
  }

  /** A key proof by an Ed25519 did:key, signed with the JDK (Nimbus' Ed25519 signer needs Google Tink). */
  private static String ed25519Proof(Ed25519.RawKeys keys, String kid, String audience, String nonce) {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(new JOSEObjectType("openid4vci-proof+jwt"))
        .keyID(kid).build();
    JWSObject jws = new JWSObject(header, claims(audience, nonce, new Date()).toPayload());
    byte[] signature = Ed25519.sign(Ed25519.privateKey(keys.secretKey()), jws.getSigningInput());
    return header.toBase64URL() + "." + jws.getPayload().toBase64URL() + "." + Base64URL.encode(signature);
  }

  private static HttpResponse<Buffer> credentialRequest(String accessToken, String configuration, String proof) {
    return post(accessToken, new JsonObject().put("credential_configuration_id", configuration)
        .put("proofs", new JsonObject().put("jwt", new JsonArray().add(proof))).encode());
  }

  private static HttpResponse<Buffer> post(String accessToken, String body) {
    return server.client.post("/oid4vci/credential").putHeader("Authorization", "Bearer " + accessToken)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String error) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("error")).as(response.bodyAsString()).isEqualTo(error);
    assertThat(response.bodyAsJsonObject().getString("error_description")).isNotBlank();
  }

  private static JsonObject get(String path) {
    HttpResponse<Buffer> answer = server.client.get(path).send().await();
    assertThat(answer.statusCode()).as(path + ": " + answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/json");
    return answer.bodyAsJsonObject();
  }

  private static JsonObject issue(String personId, String address, String name) {
    return server.admin(HttpMethod.POST, "/api/v1/badges", new JsonObject()
        .put("personId", personId)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + address))
        .put("recipientName", "Wanda Wallet")
        .put("achievementId", "https://cairn.example/achievements/wallet-" + tag + "/" + UUID.randomUUID())
        .put("ladderVersion", 1)
        .put("achievement", new JsonObject().put("name", name).put("description", "Keeps credentials in a wallet.")
            .put("criteria", new JsonObject().put("narrative", "Took the credential into a wallet.")))
        .put("evidence", new JsonArray()), 201).bodyAsJsonObject();
  }

  private static String id(JsonObject issued) {
    return issued.getString("id").substring("urn:uuid:".length());
  }

  private static Connection db() throws Exception {
    TestPostgres pg = TestPostgres.get();
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  /** Moves an expiry into the past: no test waits five minutes. */
  private static void sql(String statement) throws Exception {
    try (Connection c = db(); PreparedStatement s = c.prepareStatement(statement)) {
      assertThat(s.executeUpdate()).isPositive();
    }
  }
}
