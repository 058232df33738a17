package cairn.lrs.upstream;

import cairn.lrs.http.Json;
import cairn.lrs.statements.StatementMirror;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows another LRS through its xAPI API and copies its statements into Cairn's store.
 *
 * <p>A round asks {@code GET statements?since=<cursor>&ascending=true} and follows {@code more}.
 * The first answer's {@code X-Experience-API-Consistent-Through} (xAPI 1.0.3 Part Three §2.1.3) is
 * the round's end: nothing stored up to then can still appear, so statements stored after it are
 * left for the next round and the cursor moves to it only once everything up to it is copied.
 * Copies are idempotent (same id, same content), so a crash between copying and moving the cursor
 * only copies a page again. Voided statements are not served by the upstream, their voiding
 * statements are, and void the copy here.
 */
public final class UpstreamFollower extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamFollower.class);
  private static final String CURSOR = "select since from lrs.upstream_cursors where upstream = $1";
  private static final String ADVANCE = """
      insert into lrs.upstream_cursors (upstream, since, copied, skipped) values ($1, $2, $3, $4)
      on conflict (upstream) do update set since = excluded.since, copied = upstream_cursors.copied + excluded.copied,
        skipped = upstream_cursors.skipped + excluded.skipped, updated = now()""";
  /** Before anything was copied: from the beginning of the upstream's store. */
  private static final String BEGINNING = "1970-01-01T00:00:00Z";

  private final Pool pool;
  private final UpstreamOptions options;
  private final StatementMirror mirror;
  private final String authorization;
  private HttpClient http;
  private volatile boolean stopped;
  private Future<?> running = Future.succeededFuture();

  public UpstreamFollower(Pool pool, UpstreamOptions options) {
    this.pool = pool;
    this.options = options;
    this.mirror = new StatementMirror(pool);
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((options.key() + ":" + options.secret()).getBytes(StandardCharsets.UTF_8));
  }

  /** What a round did: statements copied (or found already copied) and refused. */
  public record Round(int copied, int skipped) {}

  @Override
  public Future<?> start() {
    http = vertx.createHttpClient(new HttpClientOptions().setSsl("https".equals(options.endpoint().getScheme()))
        .setConnectTimeout(10_000).setIdleTimeout(60));
    LOG.info("Following the upstream LRS {}", options.endpoint());
    vertx.runOnContext(v -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return running.transform(ar -> http.close());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    running = round()
        .onSuccess(r -> {
          if (r.copied() + r.skipped() > 0) {
            LOG.info("Upstream {}: copied {} statements{}", options.endpoint(), r.copied(),
                r.skipped() > 0 ? ", refused " + r.skipped() : "");
          }
          schedule(r.copied() + r.skipped() > 0 ? 0 : options.pollInterval().toMillis());
        })
        .onFailure(e -> {
          LOG.warn("Upstream {}: round failed, retrying after the poll interval: {}", options.endpoint(), e.getMessage());
          schedule(options.pollInterval().toMillis());
        });
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    if (delayMs <= 0) {
      vertx.runOnContext(v -> tick());
    } else {
      vertx.setTimer(delayMs, id -> tick());
    }
  }

  /**
   * One round: from the cursor up to the first answer's Consistent-Through, following {@code more}.
   * After each page the cursor moves to just before the last copied statement's stored time (the
   * next page may hold more statements stored at that same instant; a restart copies them again);
   * at the end of the round to the Consistent-Through itself.
   */
  public Future<Round> round() {
    return pool.preparedQuery(CURSOR).execute(Tuple.of(options.name()))
        .compose(rows -> {
          String since = rows.size() == 0 ? BEGINNING : rows.iterator().next().getString("since");
          String first = options.endpoint().getRawPath() + "/statements?ascending=true&limit=" + options.pageSize()
              + "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
          return page(first, null, 0, 0);
        });
  }

  private Future<Round> page(String uri, Instant through, int copied, int skipped) {
    return get(uri).compose(answer -> {
      Instant end = through != null ? through : answer.consistentThrough();
      List<JsonNode> upToEnd = new ArrayList<>();
      Instant last = null;
      boolean beyond = false;
      for (JsonNode s : answer.statements()) {
        Instant stored = Instant.parse(s.path("stored").asText());
        if (stored.isAfter(end)) {
          beyond = true;
          break;
        }
        upToEnd.add(s);
        last = stored;
      }
      boolean more = !beyond && answer.more() != null;
      Instant checkpoint = more && last != null ? last.minusNanos(1000) : end;
      return mirror.store(upToEnd, options.name())
          .compose(result -> {
            if (result.firstProblem() != null) {
              LOG.warn("Upstream {}: refused {} statements, e.g. {}", options.endpoint(), result.skipped(),
                  result.firstProblem());
            }
            return pool.preparedQuery(ADVANCE)
                .execute(Tuple.of(options.name(), checkpoint.toString(), result.stored(), result.skipped()))
                .map(v -> result);
          })
          .compose(result -> {
            int c = copied + result.stored();
            int k = skipped + result.skipped();
            return more ? page(answer.more(), end, c, k) : Future.succeededFuture(new Round(c, k));
          });
    });
  }

  private record Answer(List<JsonNode> statements, String more, Instant consistentThrough) {}

  private Future<Answer> get(String uri) {
    URI endpoint = options.endpoint();
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(endpoint.getHost()).setPort(port)
        .setTimeout(30_000)
        .putHeader("Authorization", authorization)
        .putHeader("X-Experience-API-Version", options.version())
        .putHeader("Accept", "application/json");
    return http.request(request.setURI(relative(uri)))
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
          if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + resp.statusCode() + ": " + excerpt(body));
          }
          String header = resp.getHeader("X-Experience-API-Consistent-Through");
          if (header == null) {
            throw new IllegalStateException("GET " + uri + " answered without X-Experience-API-Consistent-Through;"
                + " without it no position in the upstream is final");
          }
          JsonNode result = Json.parse(body);
          List<JsonNode> statements = new ArrayList<>();
          result.path("statements").forEach(statements::add);
          String more = result.path("more").asText("");
          return new Answer(statements, more.isEmpty() ? null : more, Instant.parse(header));
        })));
  }

  /** A {@code more} link is a path on the upstream's host (1.0.3 Part Three §2.1.3); some LRSs send a full URL. */
  private static String relative(String uri) {
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      URI u = URI.create(uri);
      return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }
    return uri;
  }

  private static String excerpt(Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
