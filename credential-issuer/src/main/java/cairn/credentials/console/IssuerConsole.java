package cairn.credentials.console;

import cairn.credentials.IssuerOptions;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.issuing.OutboxWorker;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.profiles.Profiles;
import cairn.credentials.status.StatusLists;
import cairn.web.auth.Directory;
import cairn.web.auth.RoleAccess;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * The credential issuer's sections of the admin console: {@code /admin/issuer} (status),
 * {@code /admin/keys} (signing keys, rotation) and {@code /admin/credentials} (search, one credential,
 * suspend, unsuspend, revoke). Server-rendered pages over the issuer's own services — the same code
 * as the admin API — opened to whoever the application's role matrix lets call the API each page
 * stands for.
 */
public final class IssuerConsole {
  private final IssuerStatusPage status;
  private final KeyPages keys;
  private final CredentialConsole credentials;

  public IssuerConsole(Pool pool, IssuerOptions options, KeyRing keyRing, Profiles profiles, StatusLists lists,
      OutboxWorker outbox, RoleAccess access, Directory directory) {
    Console console = new Console(access);
    this.status = new IssuerStatusPage(pool, console, keyRing, outbox, lists);
    this.keys = new KeyPages(console, keyRing, profiles, new IssuerDids(options, keyRing));
    this.credentials = new CredentialConsole(pool, console, lists, directory);
  }

  public void mount(Router router) {
    status.mount(router);
    keys.mount(router);
    credentials.mount(router);
  }
}
