package cairn.credentials.pages;

import cairn.credentials.issuing.BadgeRoutes;
import cairn.web.ApiException;
import cairn.web.auth.Caller;
import cairn.web.auth.Role;
import cairn.web.pages.Pages;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A committee reviewer's pages: {@code /my/shared-with-me}, the credentials people shared with them
 * (a share link naming the reviewer's sign-in address), and {@code /my/shared-with-me/{shareId}}, one
 * of them as its public page shows it — each check in words, the learning records behind it — with
 * its JSON and the statements themselves ({@code GET /api/v1/me/shared-with-me/{shareId}}). The same
 * rows as that API; a credential not shared with the caller, or whose link was revoked, is a 404.
 * Needs the role {@code committee_reviewer}; signed out, the sign-in page.
 */
public final class SharedWithMePages {
  private static final String LIST = """
      select s.id as share_id, s.created as shared, c.person_id, c.jwt, c.data_integrity::text as data_integrity,
             c.revoked, c.suspended
      from credentials.shares s join credentials.credentials c on c.id = s.credential_id
      where s.shared_with = $1 and s.revoked is null order by s.created desc, s.id limit 1000""";
  private static final String ONE = """
      select c.jwt, c.data_integrity::text as data_integrity, c.revoked, c.revoked_reason, c.suspended, c.suspended_reason
      from credentials.shares s join credentials.credentials c on c.id = s.credential_id
      where s.id = $1 and s.shared_with = $2 and s.revoked is null""";

  private final Pool pool;
  private final CredentialPages pages;

  public SharedWithMePages(Pool pool, CredentialPages pages) {
    this.pool = pool;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/my/shared-with-me").handler(this::list);
    router.get("/my/shared-with-me/:shareId").handler(this::one);
  }

  /** The signed-in reviewer's address; null (and answered) when signed out or without the role. */
  private static String reviewer(RoutingContext ctx) {
    if (Caller.current(ctx).isEmpty()) {
      Pages.toSignIn(ctx);
      return null;
    }
    return Caller.require(ctx, Role.COMMITTEE_REVIEWER).email().toLowerCase(Locale.ROOT);
  }

  /** The list page's model. */
  public record SharedWithMe(List<Line> lines) {}

  /** One line of the list: who shared what, when, and whether it stands. */
  public record Line(String href, String name, String person, String sharedAt, String status, boolean active) {}

  private void list(RoutingContext ctx) {
    String reviewer = reviewer(ctx);
    if (reviewer == null) {
      return;
    }
    pool.preparedQuery(LIST).execute(Tuple.of(reviewer)).onSuccess(rows -> {
      List<Line> lines = new ArrayList<>();
      for (Row row : rows) {
        JsonNode vc = row.getString("jwt") != null ? BadgeRoutes.payload(row.getString("jwt"))
            : cairn.web.Json.tree(row.getString("data_integrity"));
        boolean revoked = row.getValue("revoked") != null;
        boolean suspended = row.getValue("suspended") != null;
        lines.add(new Line("/my/shared-with-me/" + row.getUUID("share_id"),
            vc.path("name").asText(Text.get("credential.unnamed")), row.getString("person_id"),
            CredentialView.date(row.getOffsetDateTime("shared").toInstant()),
            Text.get(revoked ? "sharedWithMe.revoked" : suspended ? "sharedWithMe.suspended" : "sharedWithMe.active"),
            !revoked && !suspended));
      }
      View.render(ctx, 200, Text.get("sharedWithMe.title"), "shared-with-me.jte", new SharedWithMe(lines));
    }).onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    String reviewer = reviewer(ctx);
    if (reviewer == null) {
      return;
    }
    UUID shareId;
    try {
      shareId = UUID.fromString(ctx.pathParam("shareId"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(Text.get("sharedWithMe.notFound"));
    }
    pool.preparedQuery(ONE).execute(Tuple.of(shareId, reviewer)).onSuccess(rows -> {
      if (rows.size() == 0) {
        ctx.fail(ApiException.notFound(Text.get("sharedWithMe.notFound")));
        return;
      }
      Row row = rows.iterator().next();
      String credential = row.getString("jwt") != null ? row.getString("jwt") : row.getString("data_integrity");
      pages.reviewed(ctx, credential, row, "/api/v1/me/shared-with-me/" + shareId);
    }).onFailure(ctx::fail);
  }
}
