package cairn.credentials.profiles;

import cairn.credentials.Http;
import cairn.credentials.issuing.Contexts;
import cairn.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Issuer profiles: public {@code GET /issuers/{id}} (the Profile a credential's {@code issuer.id}
 * dereferences to, as JSON-LD) and the admin API {@code GET /api/v1/issuers},
 * {@code PUT /api/v1/issuers/{id}}.
 */
public final class ProfileRoutes {
  private final Profiles profiles;

  public ProfileRoutes(Profiles profiles) {
    this.profiles = profiles;
  }

  public void mount(Router router) {
    router.get("/issuers/:id").handler(this::get);
    router.get("/api/v1/issuers").handler(this::list);
    router.put("/api/v1/issuers/:id").handler(this::put);
  }

  private void get(RoutingContext ctx) {
    profiles.get(ctx.pathParam("id")).onComplete(Http.handler(ctx, found -> {
      Profile profile = found.orElseThrow(() -> ApiException.notFound("No issuer with that id."));
      ObjectNode doc = Http.MAPPER.createObjectNode();
      doc.set("@context", Contexts.credential());
      doc.setAll(profile.json());
      Http.json(ctx, 200, "application/ld+json", doc);
    }));
  }

  private void list(RoutingContext ctx) {
    profiles.all().onComplete(Http.handler(ctx, list -> {
      ArrayNode array = Http.MAPPER.createArrayNode();
      list.forEach(p -> array.add(admin(p)));
      Http.json(ctx, 200, "application/json", array);
    }));
  }

  /** The profile and, for the admin API, which forms it issues. */
  private static ObjectNode admin(Profile p) {
    ObjectNode o = p.json();
    if (p.forms() != null) {
      p.forms().forEach(o.putArray("forms")::add);
    }
    return o;
  }

  /**
   * {@code {"name", "url"?, "email"?, "image"? (URL), "description"?, "forms"? (["vc-jwt", "data-integrity"],
   * one or both; absent: unchanged)}}.
   */
  private void put(RoutingContext ctx) {
    JsonNode body = Http.bodyQuietly(ctx);
    String slug = ctx.pathParam("id");
    Profile profile;
    try {
      profile = new Profile(slug, profiles.idUrl(slug), text(body, "name"), url(body, "url"), text(body, "email"),
          url(body, "image"), text(body, "description"), forms(body));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage(), "$");
    }
    profiles.save(profile).onComplete(Http.handler(ctx, p -> Http.json(ctx, 200, "application/json", admin(p))));
  }

  private static java.util.List<String> forms(JsonNode body) {
    JsonNode v = body.path("forms");
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    java.util.List<String> forms = new java.util.ArrayList<>();
    if (v.isArray() && v.size() <= 2) {
      v.forEach(f -> forms.add(f.asText("")));
    }
    if (forms.isEmpty() || !Profile.ALL_FORMS.containsAll(forms)) {
      throw ApiException.badRequest("forms must list one or both of \"vc-jwt\" and \"data-integrity\".", "$.forms");
    }
    return forms;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().length() > 2000) {
      throw ApiException.badRequest(field + " must be a string (at most 2000 characters).", "$." + field);
    }
    return v.asText();
  }

  private static String url(JsonNode body, String field) {
    String v = text(body, field);
    if (v != null && !(v.startsWith("https://") || v.startsWith("http://") || v.startsWith("data:image/"))) {
      throw ApiException.badRequest(field + " must be an http(s) URL.", "$." + field);
    }
    return v;
  }
}
