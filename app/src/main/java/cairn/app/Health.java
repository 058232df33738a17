package cairn.app;

import cairn.credentials.IssuerHealth;
import cairn.credentials.keys.KeyException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Liveness and readiness for load balancers and Kubernetes probes, without credentials: the answers
 * say UP or DOWN, and per check a reason and the mapper's backlog; never a host, a user, an error
 * text from the database or key material.
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} as long as the event loop answers.</li>
 *   <li>{@code GET /health/ready}: 200 when every check passes, else 503; the body lists each check
 *       (vertx-health-check's format: {@code {"status", "checks": [{"id", "status", "data"}], "outcome"}}).
 *       {@code database}: {@code select 1} within a second; {@code migrations}: every schema's Flyway
 *       history holds this build's latest migration; {@code mapper}: the oldest statement the
 *       progression mapper has not consumed waited at most CAIRN_READY_MAPPER_LAG_SECONDS (0: reported,
 *       never DOWN); {@code issuerKeys}: the active signing keys open with this process's key secret.
 *       The result is reused for a second, so a flood of probes costs one round of checks a second.</li>
 * </ul>
 */
final class Health {
  private static final long DATABASE_TIMEOUT_MS = 1_000;
  private static final long CHECK_TIMEOUT_MS = 3_000;
  private static final String OUT_OF_REACH = "Could not be checked: the database is out of reach.";

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, MigrationVersion> migrated;
  private final Probes probes;
  private final IssuerHealth issuer;
  private final Duration maxMapperLag;
  private final Recent<CheckResult> ready;

  Health(Vertx vertx, Pool pool, Database db, Probes probes, IssuerHealth issuer, Duration maxMapperLag) {
    this.vertx = vertx;
    this.pool = pool;
    this.migrated = db.migratedVersions();
    this.probes = probes;
    this.issuer = issuer;
    this.maxMapperLag = maxMapperLag;
    HealthChecks checks = HealthChecks.create(vertx)
        .register("database", DATABASE_TIMEOUT_MS, p -> database().onComplete(ar -> p.tryComplete(ar.result())))
        .register("migrations", CHECK_TIMEOUT_MS, p -> migrations().onComplete(ar -> p.tryComplete(ar.result())))
        .register("mapper", CHECK_TIMEOUT_MS, p -> mapper().onComplete(ar -> p.tryComplete(ar.result())))
        .register("issuerKeys", CHECK_TIMEOUT_MS, p -> issuerKeys().onComplete(ar -> p.tryComplete(ar.result())));
    this.ready = new Recent<>(Duration.ofSeconds(1), checks::checkStatus);
  }

  /** Mounts both endpoints (GET and HEAD); they need no credentials, so mount them before authentication. */
  void mount(Router router) {
    router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(Health::live);
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::ready);
  }

  static void live(RoutingContext ctx) {
    respond(ctx, 200, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    ready.get().onComplete(ar -> {
      boolean up = ar.succeeded() && ar.result().getUp();
      respond(ctx, up ? 200 : 503, ar.succeeded() ? ar.result().toJson() : new JsonObject().put("status", "DOWN"));
    });
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  private Future<Status> database() {
    return pool.query("select 1").execute()
        .map(rows -> Status.OK())
        .otherwise(e -> down("PostgreSQL is out of reach."));
  }

  /**
   * Each schema's latest successful migration (at least the one this build migrated to at start:
   * a newer node may have migrated further). Schema names are this build's constants, not input.
   */
  private Future<Status> migrations() {
    if (migrated.isEmpty()) {
      return Future.succeededFuture(down("The schemas were not migrated by this process."));
    }
    String sql = migrated.keySet().stream()
        .map(schema -> "select '" + schema + "' as schema, version from " + schema
            + ".flyway_schema_history where success and version is not null")
        .collect(Collectors.joining(" union all "));
    return pool.query(sql).execute().map(rows -> {
      Map<String, MigrationVersion> found = new HashMap<>();
      for (Row row : rows) {
        found.merge(row.getString("schema"), MigrationVersion.fromVersion(row.getString("version")),
            (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
      for (var expected : migrated.entrySet()) {
        MigrationVersion at = found.get(expected.getKey());
        if (at == null || at.compareTo(expected.getValue()) < 0) {
          return down("Schema " + expected.getKey() + " is at version " + (at == null ? "none" : at)
              + ", this build needs " + expected.getValue() + ": restart Cairn to migrate it.");
        }
      }
      return Status.OK();
    }).otherwise(e -> down(OUT_OF_REACH));
  }

  private Future<Status> mapper() {
    return probes.lag().map(lag -> {
      JsonObject data = new JsonObject()
          .put("waitingStatements", lag.statements())
          .put("oldestWaitingSeconds", Math.round(lag.oldestSeconds() * 10) / 10.0)
          .put("maxLagSeconds", maxMapperLag.toSeconds());
      boolean behind = !maxMapperLag.isZero() && lag.oldestSeconds() > maxMapperLag.toSeconds();
      return behind ? Status.KO(data.put("reason", "The progression mapper is behind the statement feed."))
          : Status.OK(data);
    }).otherwise(e -> down(OUT_OF_REACH));
  }

  private Future<Status> issuerKeys() {
    return issuer.keysUsable(vertx)
        .map(v -> Status.OK())
        .otherwise(e -> down(e instanceof KeyException ? e.getMessage() : OUT_OF_REACH));
  }

  private static Status down(String reason) {
    return Status.KO(new JsonObject().put("reason", reason));
  }
}
