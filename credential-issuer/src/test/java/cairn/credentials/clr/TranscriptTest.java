package cairn.credentials.clr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cairn.credentials.IssuerServer;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.profiles.Profiles;
import cairn.web.ApiException;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person's transcript, a CLR 2.0 ClrCredential, signed through the real issuer on the shared
 * PostgreSQL in both forms and verified by the real {@code POST /verify}: its own proof and each embedded
 * credential on its own; a revoked or tampered one fails by name; both forms validate against 1EdTech's
 * CLR 2.0 JSON schema (an unmodified copy in {@code src/test/resources/clr-v2p0}, nothing fetched).
 */
class TranscriptTest {
  static final String SCHEMA_BASE = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/";
  static Schema schema;
  static IssuerServer server;
  static Transcripts transcripts;

  @BeforeAll
  static void start() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09, builder -> builder
        .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:clr-v2p0/"))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    schema = registry.getSchema(SchemaLocation.of(SCHEMA_BASE + "clr_v2p0_clrcredential_schema.json"));
    server = new IssuerServer();
    transcripts = new Transcripts(server.lrs.pool, new KeyRing(server.lrs.pool, server.options),
        new Profiles(server.lrs.pool, server.options), server.options);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> errors(JsonNode credential) {
    return schema.validate(credential).stream().map(Error::toString).toList();
  }

  /** Three credentials of one person on one ladder (one with a second CASE alignment), and a revoked fourth. */
  private static List<JsonObject> credentials(String person) {
    List<JsonObject> issued = new ArrayList<>();
    for (String name : List.of("Foundations", "Practitioner", "Expert", "Withdrawn")) {
      JsonObject body = IssuerServer.manual(person, person + "@x.example", "https://cairn.example/achievements/" + person
          + "/" + name.toLowerCase());
      body.getJsonObject("achievement").put("name", name);
      if (name.equals("Practitioner")) {
        body.getJsonObject("achievement").getJsonArray("alignments").add(new JsonObject()
            .put("targetUrl", "https://case.example/uri/5b3c0a57-0002").put("targetName", "Incident response")
            .put("targetCode", "PE.5"));
      }
      issued.add(server.issue(body));
    }
    HttpResponse<Buffer> revoked = server.post("/api/v1/badges/" + issued.get(3).getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "Awarded in error"));
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
    return issued;
  }

  private static JsonObject verify(String contentType, String body) {
    HttpResponse<Buffer> r = server.lrs.client.post("/verify").putHeader("Content-Type", contentType)
        .sendBuffer(Buffer.buffer(body)).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return new JsonObject(r.bodyAsString());
  }

  private static JsonObject check(JsonObject report, String name) {
    for (Object c : report.getJsonArray("checks")) {
      if (((JsonObject) c).getString("check").equals(name)) {
        return (JsonObject) c;
      }
    }
    throw new AssertionError("no check " + name + " in " + report.encodePrettily());
  }

  private static ObjectNode payload(String jwt) {
    return (ObjectNode) Json.tree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
  }

  @Test
  void theVcJwtTranscriptHoldsTheActiveCredentialsTheirAchievementsAndAlignmentsAndVerifies() {
    String person = IssuerServer.unique("clr-jwt");
    List<JsonObject> issued = credentials(person);
    Transcripts.Signed signed = transcripts.issue(server.lrs.vertx, person, Transcripts.Form.VC_JWT).await();
    assertThat(signed.mediaType()).isEqualTo("application/vc+jwt");
    assertThat(signed.credentials()).as("the revoked one is left out").isEqualTo(3);
    ObjectNode clr = payload(signed.text());

    assertThat(clr.path("@context").toString()).isEqualTo("[\"https://www.w3.org/ns/credentials/v2\","
        + "\"https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json\","
        + "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"]");
    assertThat(clr.path("type").toString()).isEqualTo("[\"VerifiableCredential\",\"ClrCredential\"]");
    assertThat(clr.path("iss").asText()).isEqualTo(clr.path("issuer").path("id").asText()).endsWith("/issuers/default");
    assertThat(clr.path("jti").asText()).isEqualTo(clr.path("id").asText());
    JsonNode subject = clr.path("credentialSubject");
    assertThat(subject.path("type").get(0).asText()).isEqualTo("ClrSubject");
    assertThat(subject.path("id").asText()).isEqualTo(clr.path("sub").asText())
        .isEqualTo(payload(issued.get(0).getString("jwt")).path("credentialSubject").path("id").asText());
    JsonNode embedded = subject.path("verifiableCredential");
    assertThat(embedded).hasSize(3);
    // each embedded credential is the Data Integrity form, with its own proof
    assertThat(embedded.get(0).path("id").asText()).isEqualTo(issued.get(0).getString("id"));
    assertThat(embedded.get(0).path("proof").get(0).path("cryptosuite").asText()).isEqualTo("eddsa-rdfc-2022");
    JsonNode achievements = subject.path("achievement");
    assertThat(achievements).hasSize(3);
    JsonNode practitioner = achievements.get(1);
    assertThat(practitioner.path("name").asText()).isEqualTo("Practitioner");
    assertThat(practitioner.path("alignment")).hasSize(2);
    assertThat(practitioner.path("alignment").get(1).path("targetType").asText()).isEqualTo("CFItem");
    assertThat(practitioner.path("alignment").get(1).path("targetUrl").asText()).isEqualTo("https://case.example/uri/5b3c0a57-0002");
    assertThat(practitioner.path("alignment").get(1).path("targetCode").asText()).isEqualTo("PE.5");
    assertThat(practitioner.path("alignment").get(0).path("targetName").asText()).isEqualTo("Continuous delivery");
    // milestones of one ladder are associated
    assertThat(subject.path("association")).hasSize(2);
    assertThat(subject.path("association").get(0).path("associationType").asText()).isEqualTo("isRelatedTo");
    assertThat(subject.path("association").get(0).path("sourceId").asText()).isEqualTo(achievements.get(0).path("id").asText());

    JsonObject report = verify("application/jwt", signed.text());
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
    assertThat(check(report, "structure").getString("reason")).contains("ClrCredential");
    assertThat(check(report, "signature").getBoolean("pass")).isTrue();
    assertThat(check(report, "claims").getBoolean("pass")).isTrue();
    assertThat(check(report, "embedded 2").getString("reason")).contains("Practitioner", "valid");
    assertThat(report.getJsonArray("embedded")).hasSize(3);
  }

  @Test
  void theDataIntegrityTranscriptVerifiesAndARevokedOrAlteredEmbeddedCredentialFailsByName() {
    String person = IssuerServer.unique("clr-di");
    List<JsonObject> issued = credentials(person);
    Transcripts.Signed signed = transcripts.issue(server.lrs.vertx, person, Transcripts.Form.DATA_INTEGRITY).await();
    assertThat(signed.mediaType()).isEqualTo("application/vc");
    ObjectNode clr = (ObjectNode) Json.tree(signed.text());
    assertThat(clr.path("issuer").path("id").asText()).startsWith("did:web:");
    assertThat(clr.path("proof").get(0).path("cryptosuite").asText()).isEqualTo("eddsa-rdfc-2022");
    assertThat(clr.has("iss")).isFalse();

    JsonObject report = verify("application/vc", signed.text());
    assertThat(report.getBoolean("valid")).as(report.encodePrettily()).isTrue();
    assertThat(check(report, "signature").getString("reason")).contains("eddsa-rdfc-2022");
    String jwt = transcripts.issue(server.lrs.vertx, person, Transcripts.Form.VC_JWT).await().text();

    // an embedded credential revoked after the transcript was signed: the transcript's own proof holds, that one fails
    HttpResponse<Buffer> revoked = server.post("/api/v1/badges/" + issued.get(1).getString("id") + "/revoke", server.admin,
        new JsonObject().put("reason", "Evidence voided"));
    assertThat(revoked.statusCode()).isEqualTo(200);
    for (JsonObject again : List.of(verify("application/vc", signed.text()), verify("application/jwt", jwt))) {
      assertThat(again.getBoolean("valid")).isFalse();
      assertThat(check(again, "signature").getBoolean("pass")).isTrue();
      assertThat(check(again, "embedded 1").getBoolean("pass")).isTrue();
      assertThat(check(again, "embedded 2").getBoolean("pass")).isFalse();
      assertThat(check(again, "embedded 2").getString("reason")).contains("Practitioner", issued.get(1).getString("id"),
          "status: ", "revoked");
      assertThat(check(again, "embedded 3").getBoolean("pass")).isTrue();
    }

    // an embedded credential altered inside the transcript: both proofs catch it
    ObjectNode tampered = clr.deepCopy();
    ((ObjectNode) tampered.path("credentialSubject").path("verifiableCredential").get(2)).put("name", "Principal");
    JsonObject altered = verify("application/vc", tampered.toString());
    assertThat(altered.getBoolean("valid")).isFalse();
    assertThat(check(altered, "signature").getBoolean("pass")).isFalse();
    assertThat(check(altered, "embedded 3").getString("reason")).contains("signature: The proof does not match");

    // an embedded credential without a proof of its own
    ObjectNode bare = clr.deepCopy();
    ((ObjectNode) bare.path("credentialSubject").path("verifiableCredential").get(0)).remove("proof");
    assertThat(check(verify("application/vc", bare.toString()), "embedded 1").getString("reason"))
        .contains("no proof of its own");
  }

  @Test
  void bothFormsValidateAgainstTheClrSchemaAndTheSchemaHasTeeth() {
    String person = IssuerServer.unique("clr-schema");
    credentials(person);
    ObjectNode jwt = payload(transcripts.issue(server.lrs.vertx, person, Transcripts.Form.VC_JWT).await().text());
    assertThat(errors(jwt)).isEmpty();
    ObjectNode di = (ObjectNode) Json.tree(transcripts.issue(server.lrs.vertx, person, Transcripts.Form.DATA_INTEGRITY)
        .await().text());
    assertThat(errors(di)).isEmpty();

    ObjectNode noContext = jwt.deepCopy();
    noContext.set("@context", Json.MAPPER.createArrayNode().add("https://www.w3.org/ns/credentials/v2"));
    assertThat(errors(noContext)).anySatisfy(e -> assertThat(e).contains("@context"));
    ObjectNode empty = di.deepCopy();
    ((ObjectNode) empty.get("credentialSubject")).putArray("verifiableCredential");
    assertThat(errors(empty)).anySatisfy(e -> assertThat(e).contains("verifiableCredential"));
    ObjectNode badAssociation = jwt.deepCopy();
    ((ObjectNode) badAssociation.path("credentialSubject").path("association").get(0)).put("associationType", "follows");
    assertThat(errors(badAssociation)).anySatisfy(e -> assertThat(e).contains("associationType"));
  }

  @Test
  void someoneWithoutAnActiveCredentialGetsA404AndAnUnknownFormA400() {
    String person = IssuerServer.unique("clr-none");
    assertThatThrownBy(() -> transcripts.issue(server.lrs.vertx, person, Transcripts.Form.VC_JWT).await())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("no active credential");
        });
    assertThatThrownBy(() -> Transcripts.Form.of("pdf")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(400));
  }
}
