package cairn.credentials;

import cairn.lrs.LrsOptions;
import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.progression.ProgressionSchema;
import cairn.web.auth.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The real LRS server with the issuer's routes mounted, on the shared test PostgreSQL (both schemas
 * migrated), listening on a port chosen up front so the public URL — kid URLs, issuer ids, status
 * lists — is the URL the server really answers. One per test class.
 */
public final class IssuerServer implements AutoCloseable {
  /** All tests share one database, hence one key store: they must share the secret too. */
  public static final char[] SECRET = "test-secret-for-cairn-credentials".toCharArray();

  public final LrsServer lrs;
  public final IssuerOptions options;
  public final String admin;

  public IssuerServer() {
    this(Duration.ofMillis(50));
  }

  public IssuerServer(Duration poll) {
    this(poll, UnaryOperator.identity());
  }

  /** With options changed from the test defaults (the public URL is this server's). */
  public IssuerServer(UnaryOperator<IssuerOptions> configure) {
    this(Duration.ofMillis(50), configure);
  }

  public IssuerServer(Duration poll, UnaryOperator<IssuerOptions> configure) {
    migrate();
    int port = freePort();
    options = configure.apply(IssuerOptions.defaults("http://localhost:" + port, SECRET).withPollInterval(poll));
    lrs = new LrsServer(LrsOptions.defaults(port), List.of(pool -> new IssuerRoutes(pool, options)::mount));
    admin = lrs.basic(Scope.ALL);
  }

  public static synchronized void migrate() {
    TestPostgres db = TestPostgres.get();
    db.migrate(ProgressionSchema.NAME, ProgressionSchema.LOCATION);
    db.migrate(CredentialsSchema.NAME, CredentialsSchema.LOCATION);
  }

  /** Deploys an outbox worker on this server's Vert.x (several calls: several workers). */
  public String deployWorker() {
    return lrs.vertx.deployVerticle(new IssuerVerticle(lrs.pool, options)).await();
  }

  public String url(String path) {
    return options.publicUrl() + path;
  }

  public HttpResponse<Buffer> get(String path, String auth) {
    var request = lrs.client.get(path);
    if (auth != null) {
      request.putHeader("Authorization", auth);
    }
    return request.send().await();
  }

  public HttpResponse<Buffer> post(String path, String auth, Object json) {
    var request = lrs.client.post(path).putHeader("Content-Type", "application/json");
    if (auth != null) {
      request.putHeader("Authorization", auth);
    }
    return request.sendBuffer(Buffer.buffer(json.toString())).await();
  }

  /** A milestone as the progression mapper writes it to the outbox; returns the row id. */
  public long outbox(String personId, String email, String achievementId, int version, List<UUID> statements) {
    JsonObject achievement = achievement("Reliable deployer", "Ships changes safely.");
    var evidence = new io.vertx.core.json.JsonArray();
    statements.forEach(s -> evidence.add(new JsonObject().put("statementId", s.toString()).put("rule", "passed 3 of 3 modules")));
    return lrs.pool.preparedQuery("""
            insert into progression.issuance_requests (person_id, recipient, recipient_name, achievement_id, ladder_id,
              ladder_version, achievement, evidence, reached_at)
            values ($1, $2::text::jsonb, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9) returning id""")
        .execute(Tuple.of(personId, new JsonObject().put("mbox", "mailto:" + email).encode(), "Robin Example",
            achievementId, "https://cairn.example/ladders/platform", version, achievement.encode(), evidence.encode(),
            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5)))
        .await().iterator().next().getLong("id");
  }

  public static JsonObject achievement(String name, String description) {
    return new JsonObject()
        .put("name", name)
        .put("description", description)
        .put("criteria", new JsonObject().put("narrative", "Reach level 3 in every capability of the milestone."))
        .put("achievementType", "Competency")
        .put("alignments", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("targetUrl", "https://case.example/uri/5b3c0a57-0001")
            .put("targetName", "Continuous delivery")
            .put("targetFramework", "Platform Engineering Framework")
            .put("targetCode", "PE.3")));
  }

  /** A manual-issue body. */
  public static JsonObject manual(String personId, String email, String achievementId) {
    return new JsonObject()
        .put("personId", personId)
        .put("recipient", new JsonObject().put("mbox", "mailto:" + email))
        .put("recipientName", "Sam Manual")
        .put("achievementId", achievementId)
        .put("ladderId", "https://cairn.example/ladders/platform")
        .put("ladderVersion", 1)
        .put("achievement", achievement("Incident commander", "Leads incident response."))
        .put("evidence", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("statementId", UUID.randomUUID().toString()).put("rule", "mentor sign-off")))
        .put("reason", "Recognised by the platform guild");
  }

  /** Issues by hand through the API and returns the answer (201 expected). */
  public JsonObject issue(JsonObject body) {
    HttpResponse<Buffer> r = post("/api/v1/badges", admin, body);
    if (r.statusCode() != 201) {
      throw new AssertionError("issue failed: " + r.statusCode() + " " + r.bodyAsString());
    }
    return new JsonObject(r.bodyAsString());
  }

  public JsonObject verify(String jwt) {
    HttpResponse<Buffer> r = post("/verify", null, new JsonObject().put("jwt", jwt));
    if (r.statusCode() != 200) {
      throw new AssertionError("verify answered " + r.statusCode() + " " + r.bodyAsString());
    }
    return new JsonObject(r.bodyAsString());
  }

  /** Polls until {@code done} holds or the time is up. */
  public static void await(java.util.function.BooleanSupplier done, Duration limit) {
    Instant until = Instant.now().plus(limit);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("condition not met within " + limit);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    lrs.close();
  }
}
