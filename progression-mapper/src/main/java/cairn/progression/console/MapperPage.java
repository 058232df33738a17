package cairn.progression.console;

import cairn.progression.MapperStatus;
import cairn.web.auth.Role;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code /admin/mapper}: the progression mapper's position in the statement feed as a page — what
 * {@code GET /api/v1/progression/status} answers ({@link MapperStatus}: statements processed, waiting,
 * the lag, the last round), whether it is re-reading the log under new rules, and the rounds this
 * process ran and failed (the {@code cairn.mapper.round} timers; another node's are on its metrics).
 */
public final class MapperPage {
  /** A lag beyond this is shown as "behind". */
  static final Duration BEHIND = Duration.ofMinutes(1);
  private final Pool pool;
  private final String consumer;

  MapperPage(Pool pool, String consumer) {
    this.pool = pool;
    this.consumer = consumer;
  }

  /** The page's model, every value in words. */
  public record StatusPage(String consumer, String state, String tag, String summary, String processed, String behind,
      String lag, String oldestWaiting, String lastStored, String lastRound, String replaying, String rounds) {}

  void page(RoutingContext ctx) {
    if (Console.allowed(ctx, Role.LD_ADMIN, Role.LRS_ADMIN).isEmpty()) {
      return;
    }
    Future.all(MapperStatus.read(pool, consumer), MapperStatus.replaying(pool, consumer))
        .onSuccess(all -> Console.render(ctx, 200, Text.get("progressionConsole.mapper.title"), List.of(), "console/mapper.jte",
            page(all.resultAt(0), all.resultAt(1))))
        .onFailure(ctx::fail);
  }

  private StatusPage page(JsonNode status, boolean replaying) {
    boolean started = status.has("updated");
    long behind = status.path("behind").asLong(0);
    long lagMs = status.path("lagMs").asLong(0);
    String state;
    String tag;
    String summary;
    if (!started) {
      state = Text.get("progressionConsole.mapper.notStarted");
      tag = "tag-grey";
      summary = Text.get("progressionConsole.mapper.notStartedSummary");
    } else if (behind == 0) {
      state = Text.get("progressionConsole.mapper.upToDate");
      tag = "tag-green";
      summary = Text.get("progressionConsole.mapper.upToDateSummary");
    } else if (lagMs > BEHIND.toMillis()) {
      state = Text.get("progressionConsole.mapper.behindState");
      tag = "tag-red";
      summary = Text.get("progressionConsole.mapper.behindSummary", count(behind), duration(lagMs));
    } else {
      state = Text.get("progressionConsole.mapper.catchingUp");
      tag = "tag-blue";
      summary = Text.get("progressionConsole.mapper.behindSummary", count(behind), duration(lagMs));
    }
    Timer ok = Metrics.globalRegistry.find("cairn.mapper.round").tag("consumer", consumer).tag("outcome", "success")
        .timer();
    Timer failed = Metrics.globalRegistry.find("cairn.mapper.round").tag("consumer", consumer).tag("outcome", "failure")
        .timer();
    String rounds = ok == null && failed == null ? Text.get("progressionConsole.mapper.noRoundsHere")
        : Text.get("progressionConsole.mapper.roundsHere", ok == null ? 0 : ok.count(), failed == null ? 0 : failed.count());
    return new StatusPage(consumer, state, tag, summary, String.valueOf(status.path("processed").asLong(0)),
        count(behind), started ? duration(lagMs) : "–", time(status.path("oldestWaiting").asText(null)),
        time(status.path("lastStored").asText(null)), time(status.path("updated").asText(null)),
        replaying ? Text.get("progressionConsole.mapper.replayingYes") : Text.get("progressionConsole.mapper.replayingNo"), rounds);
  }

  private static String count(long behind) {
    return behind >= MapperStatus.COUNTED ? Text.get("progressionConsole.mapper.atLeast", behind) : String.valueOf(behind);
  }

  static String duration(long ms) {
    Duration d = Duration.ofMillis(ms);
    if (d.toSeconds() < 1) {
      return Text.get("progressionConsole.mapper.ms", ms);
    }
    if (d.toMinutes() < 1) {
      return Text.get("progressionConsole.mapper.seconds", d.toSeconds());
    }
    if (d.toHours() < 1) {
      return Text.get("progressionConsole.mapper.minutes", d.toMinutes(), d.toSecondsPart());
    }
    return Text.get("progressionConsole.mapper.hours", d.toHours(), d.toMinutesPart());
  }

  private static String time(String instant) {
    return instant == null ? "–" : Console.when(OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC));
  }
}
