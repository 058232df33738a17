package cairn.app.rights;

import cairn.accounts.rights.AccountPersonalData;
import cairn.credentials.rights.IssuerPersonalData;
import cairn.lrs.rights.LrsPersonalData;
import cairn.progression.ProgressionOptions;
import cairn.progression.rights.ProgressionPersonalData;
import cairn.web.auth.Directory;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * People's data rights across the features: erasure ({@link Erasure}, the admin API's
 * {@code POST /api/v1/people/{id}/erasure} and {@code cairn admin erase-person}) and export
 * ({@code GET /api/v1/me/export}). Each feature says what it holds about a person; this package
 * puts it together, since no feature may know another.
 */
public final class Rights {
  private final Erasure erasure;
  private final ExportRoutes export;

  private Rights(Erasure erasure, ExportRoutes export) {
    this.erasure = erasure;
    this.export = export;
  }

  /**
   * {@code issuer}: the issuer's view of personal data, from the running issuer's routes (so its
   * status list caches hear of revocations at once), or made off the server.
   */
  public static Rights create(Vertx vertx, Pool pool, ProgressionOptions progression, IssuerPersonalData issuer) {
    AccountPersonalData accounts = new AccountPersonalData(pool);
    LrsPersonalData lrs = new LrsPersonalData(vertx, pool);
    ProgressionPersonalData people = new ProgressionPersonalData(pool, progression);
    return new Rights(new Erasure(pool, accounts, lrs, people, issuer),
        new ExportRoutes(vertx, accounts, lrs, people, issuer));
  }

  public Erasure erasure() {
    return erasure;
  }

  /** The admin API's routes; after its authentication (scope {@code all}). */
  public void mountAdmin(Router router) {
    new ErasureRoutes(erasure).mount(router);
  }

  /** The self-service routes, behind the session. */
  public void mountSelfService(Router router, Directory directory) {
    export.mount(router, directory);
  }
}
