package cairn.app.bench;

import cairn.app.Database;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * The floor of a single-statement POST: a bare Vert.x HTTP server (one instance per core, like
 * Cairn's) that stores each POSTed body with one {@code INSERT} through a pool of the same size as
 * Cairn's — no authentication, no validation, no index rows, no Consistent-Through.
 */
final class FloorServer {
  static final String PATH = "/floor";
  private static final String INSERT = "insert into " + FloorBench.FLOOR_SCHEMA + ".singles (body) values ($1::jsonb) returning seq";

  private final Vertx vertx;
  private final Pool pool;
  private final String deployment;
  private final int port;

  private FloorServer(Vertx vertx, Pool pool, String deployment, int port) {
    this.vertx = vertx;
    this.pool = pool;
    this.deployment = deployment;
    this.port = port;
  }

  static Future<FloorServer> start(Vertx vertx, Database db, int port, int instances) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16).setName("floor"))
        .connectingTo(db.connectOptions()).using(vertx).build();
    return vertx.deployVerticle(() -> new Endpoint(pool, port), new DeploymentOptions().setInstances(instances))
        .map(id -> new FloorServer(vertx, pool, id, port));
  }

  int port() {
    return port;
  }

  Future<Void> stop() {
    return vertx.undeploy(deployment).compose(v -> pool.close());
  }

  private static final class Endpoint extends AbstractVerticle {
    private final Pool pool;
    private final int port;

    Endpoint(Pool pool, int port) {
      this.pool = pool;
      this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
      vertx.createHttpServer()
          .requestHandler(request -> request.body()
              .compose(body -> pool.preparedQuery(INSERT).execute(Tuple.of(body.toString())))
              .onSuccess(rows -> request.response().putHeader("Content-Type", "application/json")
                  .end("[\"" + rows.iterator().next().getLong(0) + "\"]"))
              .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e.getMessage()))))
          .listen(port)
          .<Void>mapEmpty()
          .onComplete(started);
    }
  }
}
