package cairn.credentials.issuing;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issued credentials against 1EdTech's JSON schema for the OB 3.0 AchievementCredential (an unmodified
 * copy in {@code src/test/resources/ob-v3p0}, see its README; nothing is fetched): the decoded VC-JWT
 * payload of each kind of credential Cairn issues must validate — from the outbox and by hand, RS256
 * and ES256, every recipient form, an issuer profile with every optional field, an expiry — and so must
 * its Data Integrity form (issuer a DID, an embedded eddsa-rdfc-2022 proof).
 */
class OpenBadgesSchemaTest {
  static final String SCHEMA_BASE = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/";
  static Schema schema;
  static IssuerServer server;

  @BeforeAll
  static void start() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09, builder -> builder
        .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:ob-v3p0/"))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    schema = registry.getSchema(SchemaLocation.of(SCHEMA_BASE + "ob_v3p0_achievementcredential-jsonschema1.json"));
    server = new IssuerServer(options -> options.withValidity(Duration.ofDays(365)));
    server.deployWorker();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ObjectNode payload(String jwt) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static List<String> errors(JsonNode credential) {
    return schema.validate(credential).stream().map(Error::toString).toList();
  }

  @Test
  void aCredentialFromTheOutboxIsValid() throws Exception {
    String person = IssuerServer.unique("schema");
    server.outbox(person, person + "@northwind.example", "https://cairn.example/achievements/schema", 1,
        List.of(UUID.randomUUID(), UUID.randomUUID()));
    IssuerServer.await(() -> new JsonArray(server.get("/api/v1/badges?personId=" + person, server.admin).bodyAsString())
        .size() == 1, Duration.ofSeconds(20));
    String id = new JsonArray(server.get("/api/v1/badges?personId=" + person, server.admin).bodyAsString())
        .getJsonObject(0).getString("id");
    String jwt = new JsonObject(server.get("/api/v1/badges/" + id, server.admin).bodyAsString()).getString("jwt");

    ObjectNode credential = payload(jwt);
    assertThat(credential.has("validUntil")).isTrue();
    assertThat(errors(credential)).isEmpty();
    // and its Data Integrity form: the issuer a DID, an embedded proof
    JsonNode secured = dataIntegrity(new JsonObject(server.get("/api/v1/badges/" + id, server.admin).bodyAsString()));
    assertThat(secured.path("validUntil").asText()).isEqualTo(credential.path("validUntil").asText());
    assertThat(errors(secured)).isEmpty();
  }

  /** The Data Integrity form of an issued credential, checked to be that form. */
  private static JsonNode dataIntegrity(JsonObject issued) {
    JsonNode secured = Json.tree(issued.getJsonObject("dataIntegrity").encode());
    assertThat(secured.path("issuer").path("id").asText()).startsWith("did:web:");
    assertThat(secured.path("proof").path(0).path("cryptosuite").asText()).isEqualTo("eddsa-rdfc-2022");
    return secured;
  }

  @Test
  void credentialsIssuedByHandAreValidForEveryRecipientForm() throws Exception {
    var profile = server.lrs.client.put("/api/v1/issuers/schema-guild").putHeader("Authorization", server.admin)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer(new JsonObject().put("name", "Platform Guild")
            .put("url", "https://guild.example").put("email", "guild@example.com")
            .put("image", "https://guild.example/logo.png").put("description", "Recognises platform engineers.").encode()))
        .await();
    assertThat(profile.statusCode()).as(profile.bodyAsString()).isEqualTo(200);

    List<JsonObject> recipients = List.of(
        new JsonObject().put("mbox", "mailto:ada@example.com"),
        new JsonObject().put("account", new JsonObject().put("homePage", "https://lms.example").put("name", "ada-42")),
        new JsonObject().put("openid", "https://id.example/ada"),
        new JsonObject().put("mbox_sha1sum", "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"));
    for (JsonObject recipient : recipients) {
      String person = IssuerServer.unique("schema-manual");
      JsonObject body = IssuerServer.manual(person, "unused@example.com", "https://cairn.example/achievements/" + person)
          .put("recipient", recipient).put("issuer", "schema-guild").put("alg", "ES256");
      body.getJsonObject("achievement").getJsonArray("alignments").getJsonObject(0)
          .put("targetDescription", "Ships changes safely and often.");
      JsonObject issued = server.issue(body);
      ObjectNode credential = payload(issued.getString("jwt"));
      assertThat(credential.path("issuer").path("image").path("type").asText()).isEqualTo("Image");
      assertThat(errors(credential)).as("recipient %s", recipient).isEmpty();
      assertThat(errors(dataIntegrity(issued))).as("Data Integrity form, recipient %s", recipient).isEmpty();
    }
  }

  /** The check has teeth: departures from the schema are reported, among them Cairn's former credentialStatus. */
  @Test
  void theSchemaRefusesDepartures() throws Exception {
    String person = IssuerServer.unique("schema-status");
    ObjectNode credential = payload(server.issue(IssuerServer.manual(person, person + "@x.example",
        "https://cairn.example/achievements/schema-status")).getString("jwt"));
    assertThat(errors(credential)).isEmpty();

    // what Cairn issued before: a revocation and a suspension entry, as an array
    ObjectNode twoEntries = credential.deepCopy();
    JsonNode revocation = credential.get("credentialStatus");
    ObjectNode suspension = ((ObjectNode) revocation.deepCopy()).put("statusPurpose", "suspension");
    twoEntries.putArray("credentialStatus").add(revocation).add(suspension);
    assertThat(errors(twoEntries)).anySatisfy(e -> assertThat(e).contains("credentialStatus"));

    ObjectNode badDate = credential.deepCopy().put("validFrom", "23 November 2026");
    assertThat(errors(badDate)).anySatisfy(e -> assertThat(e).contains("validFrom"));

    ObjectNode badIdentity = credential.deepCopy();
    ((ObjectNode) badIdentity.path("credentialSubject").path("identifier").get(0)).put("identityType", "email");
    assertThat(errors(badIdentity)).anySatisfy(e -> assertThat(e).contains("identityType"));

    // the Data Integrity form too: a proof without its required members is refused
    ObjectNode secured = (ObjectNode) dataIntegrity(server.issue(IssuerServer.manual(IssuerServer.unique("schema-di"),
        "di@x.example", "https://cairn.example/achievements/schema-di"))).deepCopy();
    assertThat(errors(secured)).isEmpty();
    ((ObjectNode) secured.get("proof").get(0)).remove("type");
    assertThat(errors(secured)).anySatisfy(e -> assertThat(e).contains("proof"));
  }
}
