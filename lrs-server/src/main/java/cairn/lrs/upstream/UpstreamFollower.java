package cairn.lrs.upstream;

import cairn.lrs.statements.StatementMirror;
import cairn.web.Json;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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

  /** What a round did: statements copied (or found already copied), refused, and whether the cursor moved. */
  public record Round(int copied, int skipped, boolean moved) {}

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
          // at once while statements come and the cursor moves; an idle upstream (or one that serves
          // the same statements again) waits the poll interval
          schedule(r.moved() && r.copied() > 0 ? 0 : options.pollInterval().toMillis());
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
   * One round: from the cursor up to the first answer's Consistent-Through, following {@code more}
   * for at most {@value #PAGES_PER_ROUND} pages. After each page that copied something the cursor
   * moves to a millisecond before the last copied statement's stored time (the next page may hold
   * more statements stored in that millisecond; they are copied again, harmlessly); at the end of
   * the round to the Consistent-Through. Positions are sent with millisecond precision, rounded down,
   * which every LRS parses and which never skips a statement.
   */
  public Future<Round> round() {
    return pool.preparedQuery(CURSOR).execute(Tuple.of(options.name()))
        .compose(rows -> {
          String since = rows.size() == 0 ? BEGINNING : rows.iterator().next().getString("since");
          String first = options.endpoint().getRawPath() + "/statements?ascending=true&limit=" + options.pageSize()
              + "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
          return page(first, null, since, 1, new Round(0, 0, false));
        });
  }

  /** Pages per round: the rest follows in the next round, from the cursor. */
  static final int PAGES_PER_ROUND = 100;

  private Future<Round> page(String uri, Instant through, String since, int pages, Round sofar) {
    return get(uri).compose(answer -> {
      Instant end = through != null ? through : answer.consistentThrough();
      List<JsonNode> upToEnd = new ArrayList<>();
      Instant last = null;
      boolean beyond = false;
      int unreadable = 0;
      for (JsonNode s : answer.statements()) {
        Instant stored = instant(s.path("stored").asText());
        if (stored == null) {
          unreadable++;
          continue;
        }
        if (stored.isAfter(end)) {
          beyond = true;
          break;
        }
        upToEnd.add(s);
        last = stored;
      }
      boolean more = !beyond && answer.more() != null;
      // an empty page with more to come keeps the cursor where it is
      Instant checkpoint = !more ? end : last == null ? null : last.minusMillis(1);
      String cursor = checkpoint == null ? since : checkpoint.truncatedTo(ChronoUnit.MILLIS).toString();
      int refused = unreadable;
      return mirror.store(upToEnd, options.name())
          .compose(result -> {
            if (result.firstProblem() != null || refused > 0) {
              LOG.warn("Upstream {}: refused {} statements, e.g. {}", options.endpoint(), result.skipped() + refused,
                  result.firstProblem() != null ? result.firstProblem() : "a statement without a readable stored time");
            }
            return pool.preparedQuery(ADVANCE)
                .execute(Tuple.of(options.name(), cursor, result.stored(), result.skipped() + refused))
                .map(v -> new Round(sofar.copied() + result.stored(), sofar.skipped() + result.skipped() + refused,
                    sofar.moved() || !cursor.equals(since)));
          })
          .compose(round -> more && pages < PAGES_PER_ROUND
              ? page(answer.more(), end, cursor, pages + 1, round) : Future.succeededFuture(round));
    });
  }

  /** An xAPI timestamp (Z or an offset), or null when it is not one. */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
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
          Instant through = instant(header);
          if (through == null) {
            throw new IllegalStateException("GET " + uri + " answered an unreadable X-Experience-API-Consistent-Through: " + header);
          }
          return new Answer(statements, more.isEmpty() ? null : more, through);
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
