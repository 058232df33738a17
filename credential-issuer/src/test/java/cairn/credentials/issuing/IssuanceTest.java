package cairn.credentials.issuing;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vertical slice: an outbox row becomes a signed OB 3.0 VC-JWT that verifies; and the manual issue API. */
class IssuanceTest {
  static IssuerServer server;

  @BeforeAll
  static void start() {
    server = new IssuerServer();
    server.deployWorker();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private JsonArray badges(String person) {
    return new JsonArray(server.get("/api/v1/badges?personId=" + person, server.admin).bodyAsString());
  }

  @Test
  void outboxRowBecomesAVerifiableOpenBadgeCredential() throws Exception {
    String person = IssuerServer.unique("person");
    String email = person + "@northwind.example";
    UUID s1 = UUID.randomUUID();
    UUID s2 = UUID.randomUUID();
    long requestId = server.outbox(person, email, "https://cairn.example/achievements/reliable-deployer", 1, List.of(s1, s2));

    IssuerServer.await(() -> badges(person).size() == 1, Duration.ofSeconds(20));
    JsonObject summary = badges(person).getJsonObject(0);
    assertThat(summary.getLong("requestId")).isEqualTo(requestId);
    assertThat(summary.getJsonObject("status").getString("status")).isEqualTo("active");
    JsonObject one = new JsonObject(server.get("/api/v1/badges/" + summary.getString("id").substring(9), server.admin).bodyAsString());
    String jwt = one.getString("jwt");

    // header: exactly alg, kid (a URL answering the bare public JWK), typ JWT
    JWSObject jws = JWSObject.parse(jwt);
    JsonObject header = new JsonObject(jws.getHeader().toString());
    assertThat(header.fieldNames()).containsExactlyInAnyOrder("alg", "kid", "typ");
    assertThat(header.getString("alg")).isEqualTo("RS256");
    assertThat(header.getString("typ")).isEqualTo("JWT");
    String kid = header.getString("kid");
    assertThat(kid).startsWith(server.url("/keys/"));
    var keyResponse = server.get(kid.substring(server.options.publicUrl().length()), null);
    assertThat(keyResponse.statusCode()).isEqualTo(200);
    JsonObject bareJwk = new JsonObject(keyResponse.bodyAsString());
    assertThat(bareJwk.getString("kty")).isEqualTo("RSA");
    assertThat(bareJwk.containsKey("d")).isFalse();
    assertThat(jws.verify(new RSASSAVerifier(JWK.parse(bareJwk.encode()).toRSAKey()))).isTrue();

    // body and claims: credential members at the top level, claims mapped from them
    JsonObject vc = new JsonObject(jws.getPayload().toString());
    assertThat(vc.getJsonArray("@context").getList())
        .containsExactly("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    assertThat(vc.getJsonArray("type").getList()).containsExactly("VerifiableCredential", "OpenBadgeCredential");
    assertThat(vc.containsKey("vc")).isFalse();
    assertThat(vc.getString("iss")).isEqualTo(vc.getJsonObject("issuer").getString("id"))
        .isEqualTo(server.url("/issuers/default"));
    assertThat(vc.getString("jti")).isEqualTo(vc.getString("id")).startsWith("urn:uuid:");
    assertThat(vc.getString("sub")).isEqualTo(vc.getJsonObject("credentialSubject").getString("id"));
    assertThat(java.time.Instant.parse(vc.getString("validFrom")).getEpochSecond()).isEqualTo(vc.getLong("nbf"));
    JsonObject issuer = vc.getJsonObject("issuer");
    assertThat(issuer.getJsonArray("type").getList()).containsExactly("Profile");
    assertThat(issuer.getString("name")).isEqualTo("Cairn");

    JsonObject subject = vc.getJsonObject("credentialSubject");
    assertThat(subject.getJsonArray("type").getList()).containsExactly("AchievementSubject");
    JsonObject achievement = subject.getJsonObject("achievement");
    assertThat(achievement.getString("id")).isEqualTo("https://cairn.example/achievements/reliable-deployer");
    assertThat(achievement.getString("achievementType")).isEqualTo("Competency");
    assertThat(achievement.getJsonObject("criteria").getString("narrative")).isNotBlank();
    JsonObject alignment = achievement.getJsonArray("alignment").getJsonObject(0);
    assertThat(alignment.getString("targetUrl")).isEqualTo("https://case.example/uri/5b3c0a57-0001");
    assertThat(alignment.getString("targetType")).isEqualTo("CFItem");

    // the recipient by a salted hash of their email; the email itself appears nowhere
    assertThat(jwt + jws.getPayload()).doesNotContain(email);
    JsonObject identity = subject.getJsonArray("identifier").getJsonObject(0);
    assertThat(identity.getString("identityType")).isEqualTo("emailAddress");
    assertThat(identity.getBoolean("hashed")).isTrue();
    assertThat(identity.getString("identityHash"))
        .isEqualTo(CredentialBuilder.identityHash(email, identity.getString("salt")));

    // evidence: the statements behind the milestone and the LRS URLs that return them
    JsonArray evidence = vc.getJsonArray("evidence");
    assertThat(evidence).hasSize(2);
    assertThat(evidence.getJsonObject(0).getString("id")).isEqualTo(server.url("/xapi/statements?statementId=" + s1));
    assertThat(evidence.getJsonObject(0).getString("name")).contains(s1.toString());
    assertThat(evidence.getJsonObject(0).getString("narrative")).contains("X-Experience-API-Version").contains("statements/read");

    // one status entry, an object (OB 3.0 credentialStatus [0..1]): the revocation list
    assertThat(vc.getValue("credentialStatus")).isInstanceOf(JsonObject.class);
    JsonObject status = vc.getJsonObject("credentialStatus");
    assertThat(status.fieldNames())
        .containsExactlyInAnyOrder("id", "type", "statusPurpose", "statusListIndex", "statusListCredential");
    assertThat(status.getString("type")).isEqualTo("BitstringStatusListEntry");
    assertThat(status.getString("statusPurpose")).isEqualTo("revocation");
    assertThat(status.getString("statusListCredential")).startsWith(server.url("/status-lists/")).endsWith("/revocation");
    assertThat(status.getString("id")).isEqualTo(status.getString("statusListCredential") + "#" + status.getString("statusListIndex"));

    // the verify API passes every check
    JsonObject report = server.verify(jwt);
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
    assertThat(report.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("check")).toList())
        .containsExactly("format", "key", "signature", "structure", "claims", "issuer", "dates", "status");

    // and an independent verification from the published JWKS alone
    JWKSet jwks = JWKSet.parse(server.get("/.well-known/jwks.json", null).bodyAsString());
    RSAKey fromJwks = (RSAKey) jwks.getKeyByKeyId(kid);
    assertThat(fromJwks.isPrivate()).isFalse();
    assertThat(jws.verify(new RSASSAVerifier(fromJwks))).isTrue();

    // the issuer profile is served at its id
    JsonObject profile = new JsonObject(server.get("/issuers/default", null).bodyAsString());
    assertThat(profile.getString("id")).isEqualTo(issuer.getString("id"));
    assertThat(profile.getString("name")).isEqualTo("Cairn");
  }

  @Test
  void aWithdrawnRequestRevokesItsCredentialAndIsNeverIssued() {
    String person = IssuerServer.unique("withdrawn");
    String email = person + "@northwind.example";
    UUID voided = UUID.randomUUID();
    long requestId = server.outbox(person, email, "https://cairn.example/achievements/platform/steady", 1, List.of(voided));
    IssuerServer.await(() -> badges(person).size() == 1, Duration.ofSeconds(20));
    String reason = "The milestone is no longer reached: statement " + voided + " of its evidence was voided.";
    // what the mapper does when voiding undoes the milestone (progression V3)
    server.lrs.pool.preparedQuery("update progression.issuance_requests set withdrawn = now(), withdrawn_reason = $2 where id = $1")
        .execute(Tuple.of(requestId, reason)).await();
    IssuerServer.await(() -> "revoked".equals(badges(person).getJsonObject(0).getJsonObject("status").getString("status")),
        Duration.ofSeconds(20));
    JsonObject status = badges(person).getJsonObject(0).getJsonObject("status");
    assertThat(status.getString("reason")).isEqualTo(reason);
    String id = badges(person).getJsonObject(0).getString("id").substring(9);
    JsonObject report = server.verify(new JsonObject(server.get("/api/v1/badges/" + id, server.admin).bodyAsString())
        .getString("jwt"));
    assertThat(report.getBoolean("valid")).isFalse();

    // withdrawn before the issuer got to it: never issued
    String other = IssuerServer.unique("withdrawn-early");
    long early = server.lrs.pool.preparedQuery("""
            insert into progression.issuance_requests (person_id, recipient, achievement_id, ladder_id, ladder_version,
              achievement, evidence, reached_at, withdrawn, withdrawn_reason)
            values ($1, $2::text::jsonb, 'https://cairn.example/achievements/platform/steady', 'platform', 1,
              $3::text::jsonb, '[]', now(), now(), 'withdrawn at once') returning id""")
        .execute(Tuple.of(other, new JsonObject().put("mbox", "mailto:" + other + "@northwind.example").encode(),
            IssuerServer.achievement("Steady", "Keeps it steady.").encode()))
        .await().iterator().next().getLong("id");
    String later = IssuerServer.unique("after");
    server.outbox(later, later + "@northwind.example", "https://cairn.example/achievements/platform/steady", 1, List.of());
    IssuerServer.await(() -> badges(later).size() == 1, Duration.ofSeconds(20));
    assertThat(server.lrs.pool.preparedQuery("select count(*) from credentials.credentials where request_id = $1")
        .execute(Tuple.of(early)).await().iterator().next().getLong(0)).isZero();
    assertThat(badges(other)).isEmpty();
  }

  @Test
  void aMilestoneReachedAgainAfterItsCredentialWasRevokedIsIssuedAnew() {
    String person = IssuerServer.unique("again");
    String email = person + "@northwind.example";
    String achievement = "https://cairn.example/achievements/platform/again";
    long first = server.outbox(person, email, achievement, 1, List.of(UUID.randomUUID()));
    IssuerServer.await(() -> badges(person).size() == 1, Duration.ofSeconds(20));
    server.lrs.pool.preparedQuery("update progression.issuance_requests set withdrawn = now(), withdrawn_reason = 'voided' where id = $1")
        .execute(Tuple.of(first)).await();
    // the mapper's new request for the same key once the milestone is reached again (progression V7)
    long second = server.outbox(person, email, achievement, 1, List.of(UUID.randomUUID()));
    IssuerServer.await(() -> badges(person).size() == 2, Duration.ofSeconds(20));
    JsonArray all = badges(person);
    JsonObject old = all.getJsonObject(0).getLong("requestId") == first ? all.getJsonObject(0) : all.getJsonObject(1);
    JsonObject anew = all.getJsonObject(0).getLong("requestId") == second ? all.getJsonObject(0) : all.getJsonObject(1);
    assertThat(old.getJsonObject("status").getString("status")).isEqualTo("revoked");
    assertThat(anew.getLong("requestId")).isEqualTo(second);
    assertThat(anew.getJsonObject("status").getString("status")).isEqualTo("active");
    JsonObject credential = new JsonObject(server.get("/api/v1/badges/" + anew.getString("id").substring(9), server.admin)
        .bodyAsString());
    assertThat(server.verify(credential.getString("jwt")).getBoolean("valid")).isTrue();
    // one credential not revoked per key: issuing it by hand now is refused
    var manual = server.post("/api/v1/badges", server.admin, IssuerServer.manual(person, email, achievement));
    assertThat(manual.statusCode()).isEqualTo(409);
    // revoked by hand while its request stands: the request is not issued again
    assertThat(server.post("/api/v1/badges/" + anew.getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "issued in error")).statusCode()).isEqualTo(200);
    try {
      Thread.sleep(500); // ten of the worker's 50 ms rounds
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(badges(person)).hasSize(2);
  }

  @Test
  void manualIssueIsAuditedAndIssuesOncePerKey() {
    String person = IssuerServer.unique("manual");
    JsonObject body = IssuerServer.manual(person, person + "@northwind.example", "https://cairn.example/achievements/ic");
    JsonObject issued = server.issue(body);
    assertThat(issued.getString("id")).startsWith("urn:uuid:");
    assertThat(server.verify(issued.getString("jwt")).getBoolean("valid")).isTrue();

    var again = server.post("/api/v1/badges", server.admin, body);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(again.bodyAsString()).contains(issued.getString("id"));

    JsonArray audit = new JsonArray(server.get("/api/v1/badges/" + issued.getString("id") + "/audit", server.admin).bodyAsString());
    assertThat(audit).hasSize(1);
    assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("issue");
    assertThat(audit.getJsonObject(0).getString("actor")).startsWith("api-key:");
    assertThat(audit.getJsonObject(0).getString("reason")).isEqualTo("Recognised by the platform guild");
  }

  @Test
  void es256CanBeChosen() throws Exception {
    String person = IssuerServer.unique("es");
    JsonObject issued = server.issue(IssuerServer.manual(person, person + "@x.example", "https://cairn.example/achievements/es")
        .put("alg", "ES256"));
    assertThat(JWSObject.parse(issued.getString("jwt")).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(server.verify(issued.getString("jwt")).getBoolean("valid")).isTrue();
  }

  @Test
  void badRequestsAreClear4xx() {
    JsonObject body = IssuerServer.manual(IssuerServer.unique("bad"), "b@x.example", "not a uri");
    var r = server.post("/api/v1/badges", server.admin, body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.bodyAsString()).getString("path")).isEqualTo("$.achievementId");

    var noAuth = server.post("/api/v1/badges", null, body);
    assertThat(noAuth.statusCode()).isEqualTo(401);
    var garbage = server.lrs.client.post("/api/v1/badges").putHeader("Authorization", server.admin)
        .putHeader("Content-Type", "application/json").sendBuffer(io.vertx.core.buffer.Buffer.buffer("{nope")).await();
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/badges", server.admin).statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/badges/" + UUID.randomUUID(), server.admin).statusCode()).isEqualTo(404);
  }
}
