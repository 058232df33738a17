package cairn.credentials.console;

import cairn.credentials.issuing.OutboxWorker;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.status.Purpose;
import cairn.credentials.status.StatusLists;
import cairn.web.pages.Text;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/issuer}: the issuer's state for a person, not a monitor — whether its signing keys open
 * (the readiness check's answer), the outbox's backlog and how long its oldest request has waited, the
 * requests that could not become a credential (why, for whom, which milestone), what was issued and
 * when last, and each status list's use. Open to whoever the role matrix lets read
 * {@code /api/v1/issuers}. Reads only.
 */
public final class IssuerStatusPage {
  /** The failures listed (the newest); the page says how many there are in all. */
  static final int FAILURES_SHOWN = 20;
  private final Pool pool;
  private final Console console;
  private final KeyRing keys;
  private final OutboxWorker outbox;
  private final StatusLists lists;

  /** The page's model. */
  public record Model(boolean keysUsable, String keysProblem, long waiting, boolean waitingCapped, String oldestWaiting,
      String oldestWaited, long issued, long revoked, long suspended, long lastDay, String lastIssued,
      long failureCount, List<Failure> failures, List<StatusListLine> lists) {}

  /** An outbox request that could not become a credential. */
  public record Failure(long request, String at, String person, String milestone, String reason) {}

  /** A status list: its size, the slots handed out, how many are revoked or suspended, its version, its URL. */
  public record StatusListLine(int id, int size, long used, long revoked, long suspended, long version, String url) {}

  IssuerStatusPage(Pool pool, Console console, KeyRing keys, OutboxWorker outbox, StatusLists lists) {
    this.pool = pool;
    this.console = console;
    this.keys = keys;
    this.outbox = outbox;
    this.lists = lists;
  }

  void mount(Router router) {
    router.get("/admin/issuer").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    if (console.allow(ctx, HttpMethod.GET, "/api/v1/issuers").isEmpty()) {
      return;
    }
    Future<String> keysProblem = keys.usable(ctx.vertx()).map(v -> (String) null)
        .recover(e -> Future.succeededFuture(e.getMessage() == null ? e.toString() : e.getMessage()));
    Future<OutboxWorker.Backlog> backlog = outbox.backlog();
    Future<RowSet<Row>> issued = pool.query(ConsoleSql.ISSUED).execute();
    Future<RowSet<Row>> failures = pool.preparedQuery(ConsoleSql.FAILURES).execute(Tuple.of(FAILURES_SHOWN));
    Future<RowSet<Row>> statusLists = pool.query(ConsoleSql.LISTS).execute();
    Future.all(keysProblem, backlog, issued, failures, statusLists).map(all -> model(keysProblem.result(),
            backlog.result(), issued.result().iterator().next(), failures.result(), statusLists.result()))
        .onSuccess(model -> Console.render(ctx, 200, Text.get("console.issuer.title"), List.of(), "admin/issuer.jte",
            model))
        .onFailure(ctx::fail);
  }

  private Model model(String keysProblem, OutboxWorker.Backlog backlog, Row issued, RowSet<Row> failureRows,
      RowSet<Row> listRows) {
    List<Failure> failures = new ArrayList<>();
    long failureCount = 0;
    for (Row row : failureRows) {
      failureCount = row.getLong("total");
      String person = row.getString("person_id") == null ? Text.get("console.issuer.unknownRequest")
          : row.getString("recipient_name") == null ? row.getString("person_id")
          : row.getString("recipient_name") + " (" + row.getString("person_id") + ")";
      String milestone = row.getString("ladder_id") == null ? "" : Text.get("console.issuer.milestone",
          row.getString("milestone") == null ? "" : row.getString("milestone"), row.getString("ladder_id"),
          row.getInteger("ladder_version"));
      failures.add(new Failure(row.getLong("request_id"), Console.time(row.getOffsetDateTime("at").toInstant()),
          person, milestone, row.getString("error")));
    }
    List<StatusListLine> statusLists = new ArrayList<>();
    for (Row row : listRows) {
      int id = row.getInteger("id");
      statusLists.add(new StatusListLine(id, row.getInteger("size"), row.getLong("used"), row.getLong("revoked"),
          row.getLong("suspended"), row.getLong("version"), lists.listUrl(id, Purpose.REVOCATION)));
    }
    Instant lastIssued = issued.getOffsetDateTime("last_issued") == null ? null
        : issued.getOffsetDateTime("last_issued").toInstant();
    return new Model(keysProblem == null, keysProblem, backlog.waiting(), backlog.waiting() >= OutboxWorker.WAITING_LIMIT,
        Console.time(backlog.oldest()), backlog.oldest() == null ? null : waited(Duration.between(backlog.oldest(),
            Instant.now())), issued.getLong("total"), issued.getLong("revoked"), issued.getLong("suspended"),
        issued.getLong("last_day"), Console.time(lastIssued), failureCount, failures, statusLists);
  }

  /** How long something has waited, in the largest unit that says it: "3 minutes", "2 hours", "4 days". */
  static String waited(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 120) {
      return Text.get("console.duration.seconds", seconds);
    }
    if (seconds < 2 * 3600) {
      return Text.get("console.duration.minutes", seconds / 60);
    }
    if (seconds < 2 * 86400) {
      return Text.get("console.duration.hours", seconds / 3600);
    }
    return Text.get("console.duration.days", seconds / 86400);
  }
}
