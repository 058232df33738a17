package cairn.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A keep-alive HTTP/1.1 client of Cairn, as an LMS or an admin script would call it: version
 * 2.0.0, HTTP Basic with the bootstrap credential. Non-2xx answers are failures.
 */
final class LrsClient {
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private final String base;
  private final String authorization;

  LrsClient(int port, String key, String secret) {
    this("http://localhost:" + port, key, secret);
  }

  /** A client of a Cairn at {@code base} (scheme, host and port, no trailing slash). */
  LrsClient(String base, String key, String secret) {
    this.base = base;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** POSTs one statement or an array, already serialised. */
  void post(byte[] json) {
    post("/xapi/statements", json);
  }

  /** POSTs JSON to a path under the server root; returns the answer's body. */
  String post(String path, byte[] json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
  }

  /** A status code, whatever it is, and the body that came with it. */
  record Answer(int status, String body) {}

  /**
   * POSTs JSON and returns whatever Cairn answered; a server that cannot be reached (refused, reset,
   * timed out) is the IOException, for a caller that tries another node.
   */
  Answer tryPost(String path, byte[] json) throws IOException {
    HttpRequest request = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  /** PUTs JSON to a path under the server root; returns the answer's body. */
  String put(String path, byte[] json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(json)).build());
  }

  /** GETs a path under the server root (a query or a {@code more} link); returns the body. */
  String get(String pathAndQuery) {
    return send(request(pathAndQuery).GET().build());
  }

  /**
   * GETs a path and returns only the status code, whatever it is (a 404 is an answer here, not a
   * failure); an unreachable server is a {@link BenchException}.
   */
  int status(String pathAndQuery) {
    return status(pathAndQuery, Duration.ofMinutes(2));
  }

  /** {@link #status(String)} with a wait of its own: a probe that does not answer soon counts as no answer. */
  int status(String pathAndQuery, Duration timeout) {
    HttpRequest request = request(pathAndQuery).timeout(timeout).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new BenchException("GET " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  static String agentQuery(String agentJson, int limit) {
    return "/xapi/statements?agent=" + URLEncoder.encode(agentJson, StandardCharsets.UTF_8) + "&limit=" + limit;
  }

  static String activityQuery(String activity, int limit) {
    return "/xapi/statements?activity=" + URLEncoder.encode(activity, StandardCharsets.UTF_8) + "&limit=" + limit;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(2))
        .header("X-Experience-API-Version", "2.0.0")
        .header("Authorization", authorization);
  }

  private String send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new BenchException(request.method() + " " + request.uri().getPath() + " answered "
            + response.statusCode() + ": " + abbreviate(response.body()));
      }
      return response.body();
    } catch (IOException e) {
      throw new BenchException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /** Waits until the progression mapper has read every statement stored so far. */
  void awaitMapper(Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/v1/progression/status"))
            .path("behind").asLong() == 0) {
          return;
        }
      } catch (IOException e) {
        throw new BenchException("progression status: " + e.getMessage(), e);
      }
      if (System.nanoTime() > until) {
        throw new BenchException("the progression mapper did not catch up within " + timeout);
      }
      Out.sleep(100);
    }
  }
}
