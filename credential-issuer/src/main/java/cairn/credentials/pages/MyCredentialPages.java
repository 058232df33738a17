package cairn.credentials.pages;

import cairn.credentials.baking.Baking;
import cairn.credentials.clr.Transcripts;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.oid4vci.WalletOffers;
import cairn.credentials.sharing.Shares;
import cairn.credentials.status.Ids;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The signed-in person's credentials page, {@code /my/credentials}: a card per credential (badge,
 * status, issued date), its downloads (the VC-JWT, the credential as JSON, the badge baked as SVG and as
 * PNG), the transcript of them all ({@code /my/clr}, a CLR 2.0 ClrCredential), its share links (make
 * one, revoke one, see when each was opened) and, for a link just made, the link to copy, its QR
 * code and LinkedIn's "Add to profile"; and "Add to a wallet": an OpenID for Verifiable Credential
 * Issuance offer ({@link WalletOffers}), shown once as a QR code, a link and its transaction code. Only ever the caller's own credentials (the directory's
 * person of their sign-in): another person's is a 404 like one that does not exist. Mounted behind
 * the session, form and CSRF handlers (accounts' {@code mountFeaturePages}); the share data code is
 * {@link Shares}', the same as the self-service API's.
 */
public final class MyCredentialPages {
  /** The session key of the share link just made, for the page to show once: {@code token|credentialId}. */
  static final String NEW_SHARE = "cairn.credentials.newShare";
  /** The session key of the wallet offer just made, for the page to show once: {@code credentialId|link|uri|txCode|expires}. */
  static final String NEW_OFFER = "cairn.credentials.newOffer";
  private final Pool pool;
  private final Shares shares;
  private final WalletOffers offers;
  private final Directory directory;
  private final Transcripts transcripts;

  public MyCredentialPages(Pool pool, Shares shares, WalletOffers offers, Transcripts transcripts, Directory directory) {
    this.pool = pool;
    this.shares = shares;
    this.offers = offers;
    this.transcripts = transcripts;
    this.directory = directory;
  }

  public void mount(Router router) {
    router.get("/my/credentials").handler(this::page);
    router.get("/my/credentials/:id/credential.jwt").handler(ctx -> download(ctx, true));
    router.get("/my/credentials/:id/credential.json").handler(ctx -> download(ctx, false));
    router.get("/my/credentials/:id/badge.svg").handler(ctx -> baked(ctx, false));
    router.get("/my/credentials/:id/badge.png").handler(ctx -> baked(ctx, true));
    router.get("/my/clr").handler(this::transcript);
    router.post("/my/credentials/:id/shares").handler(this::share);
    router.post("/my/credentials/:id/offers").handler(this::offer);
    router.post("/my/shares/:id/revoke").handler(this::revoke);
  }

  private void page(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Caller caller = Caller.current(ctx).get();
    if (caller.personIfis().isEmpty()) {
      notLinked(ctx);
      return;
    }
    String flash = ctx.session() == null ? null : ctx.session().remove(NEW_SHARE);
    String offer = ctx.session() == null ? null : ctx.session().remove(NEW_OFFER);
    directory.personOf(caller).compose(person -> Future.all(BadgeRoutes.byPerson(pool, person), shares.listOf(person))
        .map(all -> MyCredentialsPage.of(all.resultAt(0), all.resultAt(1), flash == null ? null : flash.split("\\|"),
            offer == null ? null : offer.split("\\|"), shares::url, Pages.CSRF_FIELD, Pages.csrfToken(ctx))))
        .compose(page -> Pages.saveSession(ctx).map(page))
        .onSuccess(page -> View.render(ctx, 200, Text.get("myCredentials.title"), List.of(), "my-credentials.jte", page,
            page.newShare() == null && page.walletOffer() == null ? null : "script-head.jte"))
        .onFailure(e -> {
          if (e instanceof ApiException api && api.status() == 404) {
            notLinked(ctx);
          } else {
            ctx.fail(e);
          }
        });
  }

  private void notLinked(RoutingContext ctx) {
    View.render(ctx, 200, Text.get("notLinked.title"), "not-linked.jte", Map.of());
  }

  /** One of the caller's credentials, or a 404. */
  private Future<Row> mine(RoutingContext ctx, UUID id) {
    Caller caller = Caller.require(ctx);
    return directory.personOf(caller).compose(person -> BadgeRoutes.byId(pool, id).map(rows -> {
      if (rows.size() == 0 || !person.equals(rows.iterator().next().getString("person_id"))) {
        throw ApiException.notFound(Text.get("myCredentials.notFound"));
      }
      return rows.iterator().next();
    }));
  }

  private void download(RoutingContext ctx, boolean jwt) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    mine(ctx, id).onSuccess(row -> {
      String compact = row.getString("jwt");
      if (jwt && compact == null) {
        ctx.fail(ApiException.conflict("This credential was issued with a Data Integrity proof only: download it as "
            + "JSON (credential.json), which carries its proof.", "$"));
        return;
      }
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Content-Disposition", "attachment; filename=\"credential-" + id + (jwt ? ".jwt\"" : ".json\""))
          .putHeader("Content-Type", jwt ? "application/vc+jwt" : "application/json")
          .end(jwt ? compact : BadgeRoutes.credential(row).toPrettyString());
    }).onFailure(ctx::fail);
  }

  /**
   * The badge image with the credential baked in (Open Badges 3.0 §5.3): an SVG with the VC-JWT in
   * {@code <openbadges:credential verify>} (or the JSON of a credential issued with a Data Integrity proof
   * only, in the element's body), or a PNG with it in an {@code iTXt} chunk {@code openbadgecredential}. The
   * picture is the credential, and the verify page and API read it back. The PNG is drawn on a worker
   * thread.
   */
  private void baked(RoutingContext ctx, boolean png) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    mine(ctx, id).compose(row -> {
      String credential = row.getString("jwt") != null ? row.getString("jwt") : row.getString("data_integrity");
      JsonNode vc = BadgeRoutes.credential(row);
      String name = vc.path("name").asText(Text.get("credential.unnamed"));
      String issuer = vc.path("issuer").path("name").asText(null);
      String ladder = row.getString("ladder_id") != null ? row.getString("ladder_id")
          : CredentialView.ladderOf(row.getString("achievement_id"));
      if (png) {
        return ctx.vertx().executeBlocking(() -> io.vertx.core.buffer.Buffer.buffer(
            Baking.bakePng(BadgeImage.png(name, issuer, ladder), credential)), false);
      }
      return Future.succeededFuture(io.vertx.core.buffer.Buffer.buffer("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + Baking.bakeSvg(BadgeImage.svg(name, issuer, ladder, id.toString()), credential)));
    }).onSuccess(image -> ctx.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Disposition", "attachment; filename=\"badge-" + id + (png ? ".png\"" : ".svg\""))
        .putHeader("Content-Type", png ? "image/png" : "image/svg+xml")
        .end(image))
        .onFailure(ctx::fail);
  }

  /**
   * My transcript as a download: a CLR 2.0 ClrCredential of my active credentials, signed now
   * ({@link Transcripts}), {@code ?form=vc-jwt} (default, {@code transcript.jwt}) or
   * {@code ?form=data-integrity} ({@code transcript.json}).
   */
  private void transcript(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return;
    }
    Transcripts.Form form = Transcripts.Form.of(ctx.request().getParam("form"));
    directory.personOf(Caller.require(ctx)).compose(person -> transcripts.issue(ctx.vertx(), person, form))
        .onSuccess(signed -> ctx.response().putHeader("Cache-Control", "no-store")
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Disposition", "attachment; filename=\"transcript"
                + (form == Transcripts.Form.VC_JWT ? ".jwt\"" : ".json\""))
            .putHeader("Content-Type", signed.mediaType())
            .end(signed.text()))
        .onFailure(ctx::fail);
  }

  private void share(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    boolean indexable = "yes".equals(ctx.request().getFormAttribute("indexable"));
    Caller caller = Caller.require(ctx);
    directory.personOf(caller)
        .compose(person -> shares.create(id, person, null, indexable, "account:" + caller.accountId()))
        .compose(created -> {
          ctx.session().put(NEW_SHARE, created.path("token").asText() + "|" + id);
          return Pages.saveSession(ctx);
        })
        .onSuccess(v -> redirect(ctx, "/my/credentials#new-share"))
        .onFailure(ctx::fail);
  }

  /**
   * Makes a one-time wallet offer of one of the caller's credentials (audited as {@code credential.offer})
   * and shows it on the page, once: only digests of its secrets are stored.
   */
  private void offer(RoutingContext ctx) {
    UUID id = Ids.credentialId(ctx.pathParam("id"));
    Caller caller = Caller.require(ctx);
    directory.personOf(caller)
        .compose(person -> offers.create(id, person, "account:" + caller.accountId()))
        .compose(made -> {
          ctx.session().put(NEW_OFFER, String.join("|", id.toString(), made.link(), made.offerUri(), made.txCode(),
              made.expires().toString()));
          return Pages.saveSession(ctx);
        })
        .onSuccess(v -> redirect(ctx, "/my/credentials#wallet-offer"))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    UUID shareId;
    try {
      shareId = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("You have no live share link with that id.");
    }
    Caller caller = Caller.require(ctx);
    directory.personOf(caller).compose(person -> shares.revokeOf(person, shareId, "account:" + caller.accountId()))
        .compose(v -> Pages.saveSession(ctx))
        .onSuccess(v -> redirect(ctx, "/my/credentials#share-" + shareId))
        .onFailure(ctx::fail);
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }
}
