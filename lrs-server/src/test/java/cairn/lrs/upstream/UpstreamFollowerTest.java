package cairn.lrs.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.lrs.LrsOptions;
import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.web.auth.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cairn following another LRS (a second Cairn LRS on its own database) through its xAPI API. */
class UpstreamFollowerTest {
  private static LrsServer upstream;
  private static LrsServer local;
  private static String upstreamWriter;
  private static String localReader;
  private static UpstreamOptions options;

  @BeforeAll
  static void start() {
    upstream = new LrsServer(LrsOptions.defaults(0), List.of(),
        TestPostgres.get().database("upstream_" + System.nanoTime()));
    local = new LrsServer();
    upstreamWriter = upstream.basic(Scope.STATEMENTS_WRITE);
    localReader = local.basic(Scope.ALL_READ);
    String[] reader = new String(Base64.getDecoder().decode(upstream.basic(Scope.ALL_READ).substring(6)),
        StandardCharsets.UTF_8).split(":", 2);
    options = new UpstreamOptions(URI.create("http://localhost:" + upstream.options.port() + "/xapi/"), reader[0],
        reader[1], "2.0.0", Duration.ofMillis(50), 1);
  }

  @AfterAll
  static void stop() {
    upstream.close();
    local.close();
  }

  private static JsonObject statement(String verb) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", "mailto:follower-" + UUID.randomUUID() + "@example.org"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/" + verb))
        .put("object", new JsonObject().put("id", "https://example.org/courses/upstream"));
  }

  private static List<JsonObject> postUpstream(int n) {
    List<JsonObject> all = new ArrayList<>();
    for (int from = 0; from < n; from += 40) {
      JsonArray batch = new JsonArray();
      for (int i = from; i < Math.min(n, from + 40); i++) {
        JsonObject s = statement("completed");
        batch.add(s);
        all.add(s);
      }
      assertThat(upstream.post(upstreamWriter, batch).statusCode()).isEqualTo(200);
    }
    return all;
  }

  private static long copies() {
    return local.pool.preparedQuery("select count(*) as n from lrs.statements where authority_key = $1")
        .execute(Tuple.of(options.name())).await().iterator().next().getLong("n");
  }

  private static void awaitCopies(long n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (copies() < n) {
      assertThat(System.nanoTime()).as("copies within 30 s: " + copies() + " of " + n).isLessThan(until);
      Thread.sleep(50);
    }
    Thread.sleep(300); // anything beyond n would show up now
    assertThat(copies()).isEqualTo(n);
  }

  /**
   * Pages of one statement: the first 130 take two rounds of {@value UpstreamFollower#PAGES_PER_ROUND}
   * pages, and every page boundary falls inside a batch whose statements share one stored time.
   */
  @Test
  void copiesEveryStatementOnceWithItsAuthorityAcrossRestarts() throws InterruptedException {
    List<JsonObject> first = postUpstream(130);
    String deployment = local.vertx.deployVerticle(new UpstreamFollower(local.pool, options)).await();
    awaitCopies(130);

    // voiding upstream voids the copy; an id Cairn already holds with other content is refused
    JsonObject voided = first.get(7);
    JsonObject voiding = statement("voided").put("object",
        new JsonObject().put("objectType", "StatementRef").put("id", voided.getString("id")));
    JsonObject clash = statement("completed");
    JsonObject mine = clash.copy().put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/failed"));
    assertThat(local.post(local.basic(Scope.STATEMENTS_WRITE), new JsonArray().add(mine)).statusCode()).isEqualTo(200);
    assertThat(upstream.post(upstreamWriter, new JsonArray().add(voiding).add(clash)).statusCode()).isEqualTo(200);
    awaitCopies(131);
    local.vertx.undeploy(deployment).await();

    // a restart resumes at the cursor: later statements arrive, nothing twice
    List<JsonObject> second = postUpstream(30);
    deployment = local.vertx.deployVerticle(new UpstreamFollower(local.pool, options)).await();
    awaitCopies(161);
    local.vertx.undeploy(deployment).await();

    String id = second.get(3).getString("id");
    JsonObject copy = new JsonObject(local.get(localReader, "/xapi/statements?statementId=" + id).bodyAsString());
    JsonObject original = new JsonObject(upstream.get(upstream.basic(Scope.ALL_READ), "/xapi/statements?statementId=" + id)
        .bodyAsString());
    assertThat(copy.getJsonObject("authority")).isEqualTo(original.getJsonObject("authority"));
    assertThat(copy.getJsonObject("verb")).isEqualTo(original.getJsonObject("verb"));
    assertThat(local.get(localReader, "/xapi/statements?statementId=" + voided.getString("id")).statusCode())
        .isEqualTo(404);
    assertThat(local.get(localReader, "/xapi/statements?voidedStatementId=" + voided.getString("id")).statusCode())
        .isEqualTo(200);
    JsonObject kept = new JsonObject(local.get(localReader, "/xapi/statements?statementId=" + clash.getString("id"))
        .bodyAsString());
    assertThat(kept.getJsonObject("verb").getString("id")).endsWith("/failed");
    var cursor = local.pool.preparedQuery("select since, copied, skipped from lrs.upstream_cursors where upstream = $1")
        .execute(Tuple.of(options.name())).await().iterator().next();
    // taken from the upstream, counting again what a page boundary in a same-millisecond batch repeats
    assertThat(cursor.getLong("copied")).isGreaterThanOrEqualTo(161);
    assertThat(cursor.getLong("skipped")).isEqualTo(1);
  }

  @Test
  void optionsRefuseWhatCannotWork() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UpstreamOptions(URI.create("ftp://lrs.example/xapi"),
        "k", "s", "2.0.0", Duration.ofSeconds(1), 100)).hasMessageContaining("http(s)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UpstreamOptions(URI.create("https://lrs.example/xapi"),
        "k", "s", "1.0.2", Duration.ofSeconds(1), 100)).hasMessageContaining("1.0.3 or 2.0.0");
    assertThat(new UpstreamOptions(URI.create("https://lrs.example/xapi/"), "k", "s", "1.0.3", Duration.ofSeconds(1), 100)
        .name()).isEqualTo("upstream:https://lrs.example/xapi");
  }
}
