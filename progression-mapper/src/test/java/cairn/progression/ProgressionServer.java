package cairn.progression;

import cairn.lrs.LrsOptions;
import cairn.lrs.testing.LrsServer;
import cairn.lrs.testing.TestPostgres;
import cairn.progression.feed.FeedConsumer;
import cairn.web.Json;
import cairn.web.auth.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Iterator;
import java.util.List;

/** The real LRS with the progression API on the shared test PostgreSQL, and helpers to drive both. */
public final class ProgressionServer implements AutoCloseable {
  public final LrsServer lrs;
  public final ProgressionOptions options;
  public final String auth;

  public ProgressionServer(String consumer) {
    TestPostgres.get().migrate(ProgressionSchema.NAME, ProgressionSchema.LOCATION);
    options = ProgressionOptions.defaults("http://localhost:8080").withConsumer(consumer, true);
    lrs = new LrsServer(LrsOptions.defaults(0), List.of(pool -> new ProgressionRoutes(pool, options)::mount));
    auth = lrs.basic(Scope.ALL);
  }

  public HttpResponse<Buffer> call(HttpMethod method, String uri, Object body) {
    var request = lrs.client.request(method, uri).putHeader("Authorization", auth);
    return body == null ? request.send().await()
        : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())).await();
  }

  public JsonNode get(String uri) {
    HttpResponse<Buffer> response = call(HttpMethod.GET, uri, null);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return Json.parse(response.bodyAsString());
  }

  public JsonNode send(HttpMethod method, String uri, Object body, int expected) {
    HttpResponse<Buffer> response = call(method, uri, body);
    if (response.statusCode() != expected) {
      throw new AssertionError(method + " " + uri + " answered " + response.statusCode() + ", expected " + expected
          + ": " + response.bodyAsString());
    }
    return Json.parse(response.bodyAsString());
  }

  /** Framework, rules and ladder of a test organisation. */
  public void define(TestData data) {
    send(HttpMethod.POST, "/api/v1/frameworks", data.framework(), 201);
    send(HttpMethod.PUT, "/api/v1/frameworks/" + data.frameworkId + "/rules", data.rules(), 201);
    send(HttpMethod.POST, "/api/v1/ladders", data.ladder(), 201);
  }

  public void importPeople(TestData data) {
    send(HttpMethod.POST, "/api/v1/people", data.people(), 200);
  }

  /** Posts statements in batches through the xAPI API. */
  public int post(Iterator<? extends JsonNode> statements, int batch, int max) {
    String xapi = lrs.basic(Scope.STATEMENTS_WRITE);
    int sent = 0;
    while (statements.hasNext() && sent < max) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      while (statements.hasNext() && array.size() < batch && sent < max) {
        array.add(statements.next());
        sent++;
      }
      postArray(xapi, array);
    }
    return sent;
  }

  public void postArray(String xapi, ArrayNode array) {
    HttpResponse<Buffer> response = lrs.post(xapi, array);
    if (response.statusCode() != 200) {
      throw new AssertionError("POST statements answered " + response.statusCode() + ": " + response.bodyAsString());
    }
  }

  public String xapiCredential() {
    return lrs.basic(Scope.STATEMENTS_WRITE);
  }

  public String xapiCredentialReader() {
    return lrs.basic(Scope.STATEMENTS_READ);
  }

  public FeedConsumer consumer(String name, int batch) {
    FeedConsumer consumer = new FeedConsumer(lrs.pool, options.withConsumer(name, false).withBatchSize(batch));
    consumer.init().await();
    return consumer;
  }

  public FeedConsumer consumer() {
    FeedConsumer consumer = new FeedConsumer(lrs.pool, options);
    consumer.init().await();
    return consumer;
  }

  public static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  @Override
  public void close() {
    lrs.close();
  }
}
