package cairn.lrs;

import cairn.lrs.activities.ActivityRoutes;
import cairn.lrs.agents.AgentRoutes;
import cairn.lrs.auth.CredentialPages;
import cairn.lrs.auth.CredentialRoutes;
import cairn.lrs.auth.CredentialStore;
import cairn.lrs.auth.TokenRoutes;
import cairn.lrs.documents.DocumentRoutes;
import cairn.lrs.http.AlternateSyntax;
import cairn.lrs.http.VersionHandler;
import cairn.lrs.statements.StatementPages;
import cairn.lrs.statements.StatementRoutes;
import cairn.web.RequestBody;
import cairn.web.auth.AuthHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * The xAPI HTTP API ({@code /xapi/*}), the LRS admin API ({@code /api/v1/credentials}) and the OAuth
 * 2.0 token endpoint for its credentials ({@code /oauth/token}), mounted on a router that the HTTP
 * edge composes. Stateless: any number of instances, on any number of
 * nodes, share one PostgreSQL.
 */
public final class LrsRoutes {
  private final Pool pool;
  private final CredentialStore credentials;
  private final LrsOptions options;

  public LrsRoutes(Pool pool, CredentialStore credentials, LrsOptions options) {
    this.pool = pool;
    this.credentials = credentials;
    this.options = options;
  }

  /**
   * Mounts the xAPI ({@code /xapi/…} only) behind its own request handling: the alternate request
   * syntax rewrites headers the version and authentication handlers then read. Mount it right after
   * the edge: Vert.x tries a request's path against every route before the one that answers, and
   * an LRS's requests are most of the traffic.
   */
  public void mountXapi(Router router, AuthHandler authentication) {
    router.get("/xapi/about").handler(this::about);
    router.route("/xapi/*").handler(new AlternateSyntax(options.maxBodyBytes()));
    router.route("/xapi/*").handler(new VersionHandler(options.defaultVersion()));
    router.route("/xapi/*").handler(new RequestBody(options.maxBodyBytes()));
    router.route("/xapi/*").handler(authentication);
    new StatementRoutes(pool, options).mount(router);
    new DocumentRoutes(pool).mount(router);
    new ActivityRoutes(pool).mount(router);
    new AgentRoutes().mount(router);
  }

  /** The token endpoint and the credentials admin routes (behind the edge's {@code /api/v1} authentication). */
  public void mountAdmin(Router router) {
    new CredentialRoutes(credentials).mount(router);
    new TokenRoutes(credentials).mount(router);
  }

  /**
   * The console's pages of the record store: its API credentials ({@code /admin/api-credentials}) and
   * the statements browser ({@code /admin/statements}). Mount behind the pages' session, form and CSRF
   * handlers and the console's role check.
   */
  public void mountPages(Router router) {
    new CredentialPages(credentials).mount(router);
    new StatementPages(pool, options).mount(router);
  }

  /** The About resource (1.0.3 Part Three §2.8): the versions this LRS speaks. No auth needed. */
  private void about(RoutingContext ctx) {
    ctx.response()
        .putHeader(VersionHandler.HEADER, options.defaultVersion().header())
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject()
            .put("version", new JsonArray().add("1.0.3").add("2.0.0"))
            .put("extensions", new JsonObject())
            .encode());
  }
}
