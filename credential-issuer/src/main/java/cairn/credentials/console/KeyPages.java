package cairn.credentials.console;

import cairn.credentials.dataintegrity.Multikey;
import cairn.credentials.did.IssuerDids;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.profiles.Profile;
import cairn.credentials.profiles.Profiles;
import cairn.web.auth.Actor;
import cairn.web.pages.FieldError;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/keys}: the issuer's signing keys as each issuer profile uses them — algorithm, key id,
 * created, active or retired (retired keys stay listed and published: what they signed still
 * verifies), and for the Ed25519 keys that sign Data Integrity proofs the DID verification method a
 * verifier resolves. Rotation is a form, a confirmation page, then {@link KeyRing#rotate}, the code of
 * {@code POST /api/v1/keys}: audited with the signed-in person and the reason given. The role matrix's
 * rules for {@code /api/v1/keys} say who sees (GET) and who rotates (POST).
 */
public final class KeyPages {
  private final Console console;
  private final KeyRing keys;
  private final Profiles profiles;
  private final IssuerDids dids;

  /** The page's model: a section per profile, the rotation form, and what was just rotated (null: nothing). */
  public record Model(List<ProfileKeys> profiles, List<String> algorithms, String rotated, String alg, String reason,
      FieldError algError, FieldError reasonError, String csrfField, String csrfToken) {}

  /** An issuer profile and the keys its forms are signed with. */
  public record ProfileKeys(String slug, String name, String forms, List<KeyLine> keys) {}

  /** A key as a profile uses it. {@code verificationMethod}: the DID URL of an Ed25519 key, else null. */
  public record KeyLine(String id, String alg, String kid, String created, boolean active, String retired,
      String source, String verificationMethod) {}

  /** The confirmation page's model. */
  public record Confirm(String alg, String reason, List<String> active, String csrfField, String csrfToken) {}

  KeyPages(Console console, KeyRing keys, Profiles profiles, IssuerDids dids) {
    this.console = console;
    this.keys = keys;
    this.profiles = profiles;
    this.dids = dids;
  }

  void mount(Router router) {
    router.get("/admin/keys").handler(this::page);
    router.post("/admin/keys/rotate").handler(this::rotate);
  }

  private void page(RoutingContext ctx) {
    if (console.allow(ctx, HttpMethod.GET, "/api/v1/keys").isEmpty()) {
      return;
    }
    String rotated = ctx.request().getParam("rotated");
    show(ctx, 200, algorithm(rotated).map(JWSAlgorithm::getName).orElse(null), null, null, List.of());
  }

  private void show(RoutingContext ctx, int status, String rotated, String alg, String reason, List<FieldError> errors) {
    Future.all(keys.all(), profiles.all()).map(all -> {
      // the active keys first, then the retired ones, the latest retired first
      List<KeyRing.KeyInfo> list = ((List<KeyRing.KeyInfo>) all.resultAt(0)).stream()
          .sorted(java.util.Comparator.comparing((KeyRing.KeyInfo k) -> k.retired() != null)
              .thenComparing(k -> k.retired() == null ? k.alg() : "")
              .thenComparing(KeyRing.KeyInfo::retired, java.util.Comparator.nullsFirst(java.util.Comparator.reverseOrder())))
          .toList();
      List<Profile> profileList = all.resultAt(1);
      List<ProfileKeys> sections = new ArrayList<>();
      for (Profile profile : profileList) {
        List<KeyLine> lines = new ArrayList<>();
        for (KeyRing.KeyInfo key : list) {
          boolean ed25519 = JWSAlgorithm.Ed25519.getName().equals(key.alg());
          if (ed25519 ? profile.issues(Profile.DATA_INTEGRITY) : profile.issues(Profile.VC_JWT)) {
            lines.add(new KeyLine(key.id(), key.alg(), key.kid(), Console.time(key.created()), key.retired() == null,
                Console.time(key.retired()), key.source(), ed25519 ? verificationMethod(profile, key) : null));
          }
        }
        sections.add(new ProfileKeys(profile.slug(), profile.name(), String.join(", ", profile.forms()), lines));
      }
      FieldError algError = errors.stream().filter(e -> e.field().startsWith("alg")).findFirst().orElse(null);
      FieldError reasonError = errors.stream().filter(e -> e.field().equals("reason")).findFirst().orElse(null);
      return new Model(sections, KeyRing.ALGORITHMS.stream().map(JWSAlgorithm::getName).toList(), rotated, alg,
          reason, algError, reasonError, Pages.CSRF_FIELD, Console.csrf(ctx));
    })
        .compose(model -> Pages.saveSession(ctx).map(model))
        .onSuccess(model -> Console.render(ctx, status, Text.get("console.keys.title"), errors, "admin/keys.jte", model))
        .onFailure(ctx::fail);
  }

  /** The DID URL a verifier resolves for this key when {@code profile} signs with it. */
  private String verificationMethod(Profile profile, KeyRing.KeyInfo key) {
    if ("key".equals(dids.method())) {
      String multikey = Multikey.publicKey(((OctetKeyPair) key.publicJwk()).getX().decode());
      return "did:key:" + multikey + "#" + multikey;
    }
    return dids.webDidOf(profile.slug()) + "#" + key.id();
  }

  /**
   * The rotation form: checked, then a confirmation page; sent again with {@code confirmed=yes}, the
   * rotation itself, and back to the list saying what changed.
   */
  private void rotate(RoutingContext ctx) {
    if (console.allow(ctx, HttpMethod.POST, "/api/v1/keys").isEmpty()) {
      return;
    }
    String algName = Console.form(ctx, "alg");
    String reason = Console.form(ctx, "reason");
    List<FieldError> errors = new ArrayList<>();
    Optional<JWSAlgorithm> alg = algorithm(algName);
    if (alg.isEmpty()) {
      errors.add(new FieldError("alg-" + KeyRing.ALGORITHMS.get(0).getName(), Text.get("console.keys.error.alg")));
    }
    FieldError reasonError = Console.reasonError("reason", reason, false);
    if (reasonError != null) {
      errors.add(reasonError);
    }
    if (!errors.isEmpty()) {
      show(ctx, 400, null, alg.map(JWSAlgorithm::getName).orElse(null), reason, errors);
      return;
    }
    if (!"yes".equals(ctx.request().getFormAttribute("confirmed"))) {
      keys.all().map(list -> list.stream().filter(k -> k.retired() == null && k.alg().equals(algName))
              .map(KeyRing.KeyInfo::kid).toList())
          .map(active -> new Confirm(algName, reason, active, Pages.CSRF_FIELD, Console.csrf(ctx)))
          .compose(model -> Pages.saveSession(ctx).map(model))
          .onSuccess(model -> Console.render(ctx, 200, Text.get("console.keys.confirm.title", algName), List.of(),
              "admin/key-rotate.jte", model))
          .onFailure(ctx::fail);
      return;
    }
    keys.rotate(ctx.vertx(), alg.get(), null, Actor.of(ctx), reason)
        .onSuccess(info -> Console.redirect(ctx, "/admin/keys?rotated=" + info.alg()))
        .onFailure(ctx::fail);
  }

  private static Optional<JWSAlgorithm> algorithm(String name) {
    return KeyRing.ALGORITHMS.stream().filter(a -> a.getName().equals(name)).findFirst();
  }
}
