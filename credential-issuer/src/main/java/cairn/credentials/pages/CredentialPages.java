package cairn.credentials.pages;

import cairn.credentials.IssuerOptions;
import cairn.credentials.baking.Baking;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.credentials.sharing.Shares;
import cairn.credentials.status.Ids;
import cairn.credentials.status.StatusLists;
import cairn.credentials.verify.Report;
import cairn.credentials.verify.Verifier;
import cairn.web.ApiException;
import cairn.web.pages.FieldError;
import cairn.web.pages.Text;
import cairn.web.records.LearningRecord;
import cairn.web.records.LearningRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The public credential pages: a shared credential ({@code GET|HEAD /credentials/share/{token}} for a
 * browser, through {@link cairn.credentials.sharing.ShareRoutes}) and the verify page
 * ({@code GET /verify}, and {@code POST /verify} of its form: a pasted VC-JWT, an uploaded file or a
 * share link). Neither needs a sign-in, and the verify form changes nothing, so it has no session and
 * no CSRF token, like {@code POST /verify} of the API. Evidence is shown as the learning records it
 * names, but only for a credential this issuer signed (its signature and issuer checks pass), and only
 * the records that credential names.
 */
public final class CredentialPages {
  /** Largest credential accepted by the verify form, pasted or uploaded (as {@code POST /verify}). */
  static final int MAX_CREDENTIAL = 256 * 1024;
  private static final String SQL_STATE = """
      select revoked, revoked_reason, suspended, suspended_reason from credentials.credentials where id = $1""";

  private final Pool pool;
  private final Verifier verifier;
  private final Shares shares;
  private final LearningRecords records;
  private final IssuerOptions options;

  public CredentialPages(Pool pool, Verifier verifier, Shares shares, LearningRecords records, IssuerOptions options) {
    this.pool = pool;
    this.verifier = verifier;
    this.shares = shares;
    this.records = records;
    this.options = options;
  }

  /** {@code GET /verify} and the form's {@code POST /verify}; mount before the API's {@code POST /verify}. */
  public void mount(Router router) {
    router.get("/verify").handler(ctx -> View.render(ctx, 200, Text.get("verify.title"), "verify.jte",
        VerifyPage.empty()));
    BodyHandler forms = BodyHandler.create(true).setBodyLimit(MAX_CREDENTIAL + 16 * 1024)
        .setUploadsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "cairn-uploads").toString())
        .setDeleteUploadedFilesOnEnd(true);
    // only the page's multipart form: `curl -d "$JWT" /verify` sends a url-encoded body, and keeps
    // getting the API's JSON report
    router.post("/verify").consumes("multipart/form-data").handler(forms).handler(this::verifyForm);
  }

  /** The page of a shared credential (the share link's owner chose what it shows of them). */
  public void share(RoutingContext ctx, Shares.Shared shared, String url) {
    verifier.verifyText(ctx.vertx(), shared.credential())
        .compose(report -> view(report, report.credential(), shared.state(), true))
        .onSuccess(view -> {
          if (!shared.indexable()) {
            ctx.response().putHeader("X-Robots-Tag", "noindex");
          }
          SharePage page = new SharePage(view, url, url + (shared.jwt() != null ? "?format=jwt" : "?format=json"),
              shared.indexable());
          View.render(ctx, 200, view.name(), List.of(), "share.jte", page, "share-head.jte");
        })
        .onFailure(ctx::fail);
  }

  private void verifyForm(RoutingContext ctx) {
    String pasted = field(ctx, "jwt");
    String link = field(ctx, "share");
    List<FileUpload> files = ctx.fileUploads().stream().filter(f -> f.size() > 0).toList();
    Future<String> input;
    if (!files.isEmpty()) {
      FileUpload file = files.get(0);
      if (file.size() > MAX_CREDENTIAL) {
        refuse(ctx, pasted, link, new FieldError("file", Text.get("verify.error.fileTooLarge", MAX_CREDENTIAL / 1024)));
        return;
      }
      input = ctx.vertx().fileSystem().readFile(file.uploadedFileName())
          .map(b -> Baking.unbake(b.getBytes()).orElseGet(() -> credentialIn(b.toString(StandardCharsets.UTF_8))));
    } else if (!pasted.isBlank()) {
      if (pasted.length() > MAX_CREDENTIAL) {
        refuse(ctx, "", link, new FieldError("jwt", Text.get("verify.error.tooLong", MAX_CREDENTIAL / 1024)));
        return;
      }
      input = Future.succeededFuture(pasted.strip());
    } else if (!link.isBlank()) {
      input = shares.resolve(Shares.token(link)).map(found -> found.map(Shares.Shared::credential).orElse(null));
    } else {
      refuse(ctx, "", "", new FieldError("jwt", Text.get("verify.error.nothing")));
      return;
    }
    input.compose(jwt -> {
      if (jwt == null) {
        refuse(ctx, pasted, link, new FieldError("share", Text.get("verify.error.noShare")));
        return Future.succeededFuture();
      }
      return verifier.verifyText(ctx.vertx(), jwt).compose(report -> {
        if (report.credential() == null) {
          return Future.succeededFuture(VerifyPage.notACredential(pasted, link, report));
        }
        return state(report).compose(state -> view(report, report.credential(), state, ours(report)))
            .map(view -> VerifyPage.result(pasted, link, view));
      }).onSuccess(page -> View.render(ctx, 200, page.title(), "verify.jte", page));
    }).onFailure(ctx::fail);
  }

  private void refuse(RoutingContext ctx, String pasted, String link, FieldError error) {
    VerifyPage page = VerifyPage.refused(pasted, link, error);
    View.render(ctx, 400, Text.get("verify.title"), List.of(error), "verify.jte", page, null);
  }

  /**
   * A file's text: a VC-JWT, JSON naming one ({@code {"jwt": …}} or an OB 3.0 API's {@code {"credential": …}}),
   * or a credential with an embedded proof (JSON, left as it is).
   */
  static String credentialIn(String text) {
    String s = text.strip();
    if (s.startsWith("{")) {
      try {
        JsonNode json = cairn.web.Json.tree(s);
        for (String field : new String[] {"jwt", "credential", "compactJwsString"}) {
          if (json.path(field).isTextual()) {
            return json.get(field).asText();
          }
        }
      } catch (RuntimeException e) {
        return s;
      }
    }
    return s;
  }

  /** Whether this issuer signed the credential: only then does the page show the records behind it. */
  private boolean ours(Report report) {
    JsonNode issuer = report.credential().path("issuer");
    String id = issuer.isTextual() ? issuer.asText() : issuer.path("id").asText("");
    return report.check("signature") != null && report.check("signature").pass() && report.check("issuer") != null
        && report.check("issuer").pass() && id.startsWith(options.publicUrl() + "/issuers/");
  }

  /** This issuer's record of a credential it signed (revoked, suspended, why), or null. */
  private Future<Row> state(Report report) {
    if (!ours(report)) {
      return Future.succeededFuture();
    }
    UUID id;
    try {
      id = Ids.credentialId(report.credential().path("id").asText("").replaceFirst("^urn:uuid:", ""));
    } catch (ApiException e) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(SQL_STATE).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** The page's view of a credential; the records behind it only when {@code ours}. */
  Future<CredentialView> view(Report report, JsonNode vc, Row state, boolean ours) {
    CredentialView.Withdrawn revoked = null;
    CredentialView.Withdrawn suspended = null;
    if (state != null) {
      ObjectNode s = StatusLists.state(state);
      if ("revoked".equals(s.path("status").asText())) {
        revoked = new CredentialView.Withdrawn(CredentialView.date(s.path("revoked").asText()), s.path("reason").asText(null));
      } else if ("suspended".equals(s.path("status").asText())) {
        suspended = new CredentialView.Withdrawn(CredentialView.date(s.path("suspended").asText()),
            s.path("reason").asText(null));
      }
    }
    List<UUID> ids = new ArrayList<>();
    if (ours) {
      for (JsonNode e : vc.path("evidence")) {
        UUID id = CredentialView.statementId(e.path("id").asText(""));
        if (id != null) {
          ids.add(id);
        }
      }
    }
    CredentialView.Withdrawn r = revoked;
    CredentialView.Withdrawn su = suspended;
    Future<Map<UUID, LearningRecord>> found = ids.isEmpty() ? Future.succeededFuture(Map.of()) : records.summaries(ids);
    return found.map(map -> CredentialView.of(vc, report, r, su, map));
  }

  private static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value;
  }

  /**
   * A credential shared with a signed-in committee reviewer ({@link SharedWithMePages}): the same view
   * as its public page — checks in words, a revocation's date and reason, the learning records behind
   * it — and the link to it as JSON with the statements themselves.
   */
  void reviewed(RoutingContext ctx, String credential, Row state, String jsonUrl) {
    verifier.verifyText(ctx.vertx(), credential)
        .compose(report -> view(report, report.credential(), state, true))
        .onSuccess(view -> View.render(ctx, 200, view.name(), List.of(), "reviewed.jte", new ReviewedPage(view, jsonUrl),
            null))
        .onFailure(ctx::fail);
  }

  /** The share page's model: the credential, the link itself and the signed credential's link. */
  public record SharePage(CredentialView credential, String url, String jwtUrl, boolean indexable) {}

  /** A reviewer's page of a credential shared with them: the credential and its JSON (with statements). */
  public record ReviewedPage(CredentialView credential, String jsonUrl) {}
}
