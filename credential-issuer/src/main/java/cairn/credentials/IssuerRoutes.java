package cairn.credentials;

import cairn.credentials.console.IssuerConsole;
import cairn.credentials.clr.TranscriptRoutes;
import cairn.credentials.did.DidRoutes;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.issuing.MyCredentialRoutes;
import cairn.credentials.issuing.SharedWithMeRoutes;
import cairn.credentials.keys.KeyRoutes;
import cairn.credentials.oid4vci.Oid4vciRoutes;
import cairn.credentials.obapi.ConsentPages;
import cairn.credentials.obapi.ObApiRoutes;
import cairn.credentials.pages.CredentialPages;
import cairn.credentials.pages.MyCredentialPages;
import cairn.credentials.pages.SharedWithMePages;
import cairn.credentials.profiles.ProfileRoutes;
import cairn.credentials.rights.IssuerPersonalData;
import cairn.credentials.sharing.ShareRoutes;
import cairn.credentials.status.StatusRoutes;
import cairn.credentials.verify.VerifyRoutes;
import cairn.web.auth.Directory;
import cairn.web.auth.RoleAccess;
import cairn.web.records.LearningRecords;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * The credential issuer's HTTP API, mounted on the LRS router (after its {@code /api/v1} auth, scope
 * {@code all}, and body handler; before its failure handler). One instance may be mounted on the
 * routers of several verticle instances: it is thread-safe and its caches are shared.
 *
 * <p>Public: {@code GET /.well-known/jwks.json}, {@code GET /keys/{id}}, {@code GET /issuers/{id}},
 * {@code GET /status-lists/{n}/{revocation|suspension}} (and {@code …/data-integrity}), the DID documents
 * {@code GET /.well-known/did.json}, {@code /did.json}, {@code /issuers/{id}/did.json},
 * {@code GET /credentials/share/{token}},
 * {@code POST /verify}; for wallets, OpenID for Verifiable Credential Issuance ({@code /.well-known/openid-credential-issuer},
 * {@code /.well-known/oauth-authorization-server}, {@code /oid4vci/…}); the Open Badges 3.0 API ({@link ObApiRoutes}: {@code /ims/ob/v3p0/…},
 * {@code /oauth/ob/register}, {@code /oauth/ob/token}). Admin: {@code /api/v1/badges…} (issue, list, read, revoke, suspend, reinstate,
 * audit, share links), {@code /api/v1/keys} (list, rotate, import), {@code /api/v1/issuers}.
 */
public final class IssuerRoutes {
  private final Services services;
  private final IssuerOptions options;
  private final Pool pool;

  private final CredentialPages pages;
  private final LearningRecords records;
  private final ObApiRoutes obApi;

  public IssuerRoutes(Pool pool, IssuerOptions options) {
    this(pool, options, LearningRecords.NONE);
  }

  /** {@code records}: the learning records the pages show as a credential's evidence. */
  public IssuerRoutes(Pool pool, IssuerOptions options, LearningRecords records) {
    this.pool = pool;
    this.options = options;
    this.services = new Services(pool, options);
    this.records = records;
    this.pages = new CredentialPages(pool, services.verifier, services.shares, records, options);
    this.obApi = new ObApiRoutes(pool, options);
  }

  public void mount(Router router) {
    new KeyRoutes(services.keys).mount(router);
    new ProfileRoutes(services.profiles).mount(router);
    new StatusRoutes(services.status, services.profiles).mount(router);
    new BadgeRoutes(pool, services.issuance).mount(router);
    new ShareRoutes(services.shares, pages).mount(router);
    pages.mount(router);
    new VerifyRoutes(services.verifier, services.shares).mount(router);
    new DidRoutes(new IssuerDids(options, services.keys), services.profiles).mount(router);
    new Oid4vciRoutes(services.offers).mount(router);
    obApi.mount(router);
  }

  /**
   * The signed-in person's own credentials, share links and transcript ({@code /api/v1/me/credentials},
   * {@code /api/v1/me/shares}, {@code /api/v1/me/clr}), for the application to mount behind the session handlers, before the
   * admin API's authentication, and a committee reviewer's {@code /api/v1/me/shared-with-me}.
   * {@code directory} says who the caller is (their person id); the learning records given at
   * construction give the reviewer the statements behind a shared credential's evidence.
   */
  public void mountSelfService(Router router, Directory directory) {
    new MyCredentialRoutes(pool, services.shares, directory).mount(router);
    new TranscriptRoutes(services.transcripts, directory).mount(router);
    new SharedWithMeRoutes(pool, services.verifier, records).mount(router);
  }

  /** What the issuer holds about a person (their credentials and share links), to export or erase. */
  public IssuerPersonalData personalData() {
    return new IssuerPersonalData(pool, services.status, services.shares);
  }

  /**
   * The signed-in person's credentials page ({@code /my/credentials…}, {@code /my/shares/…}, offers to
   * wallets, the transcript {@code /my/clr}) and a
   * committee reviewer's {@code /my/shared-with-me…}, for the application to mount behind the pages'
   * session, form and CSRF handlers.
   */
  public void mountPages(Router router, Directory directory) {
    new MyCredentialPages(pool, services.shares, services.offers, services.transcripts, directory).mount(router);
    new SharedWithMePages(pool, pages).mount(router);
    new ConsentPages(obApi, directory).mount(router);
  }

  /**
   * The admin console's issuer sections ({@code /admin/issuer}, {@code /admin/keys},
   * {@code /admin/credentials…}), for the application to mount behind the pages' session, form and CSRF
   * handlers. {@code access}: the role matrix of the admin API, asked for the API path each page stands
   * for; {@code directory}: finds the person a search names by an IFI.
   */
  public void mountConsole(Router router, RoleAccess access, Directory directory) {
    new IssuerConsole(pool, options, services.keys, services.profiles, services.status, services.worker, access,
        directory).mount(router);
  }
}
