package cairn.lrs.activities;

import cairn.web.ApiException;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import cairn.xapi.XapiFormats;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * The Activities resource, {@code GET /xapi/activities?activityId=} (1.0.3 Part Three §2.5; IEEE
 * 9274.1.1-2023 §4.1.6.4): the Activity object with its canonical definition. An Activity the LRS
 * has no definition for is still answered with its id (2.0: "shall still return an Activity
 * Object").
 */
public final class ActivityRoutes {
  private static final String PATH = "/xapi/activities";
  private static final String PARAM = "activityId";
  private final Pool pool;

  public ActivityRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::get);
    router.head(PATH).handler(this::get);
  }

  private void get(RoutingContext ctx) {
    Credential credential = AuthHandler.credential(ctx);
    if (!credential.has(Scope.ALL) && !credential.has(Scope.ALL_READ)) {
      throw ApiException.forbidden("Reading the Activities resource needs scope all or all/read.");
    }
    for (String name : ctx.request().params().names()) {
      if (!name.equals(PARAM)) {
        throw ApiException.badRequest("Unknown parameter '" + name + "'.", name);
      }
    }
    String id = ctx.request().getParam(PARAM);
    if (id == null) {
      throw ApiException.badRequest("The activityId parameter is required.", PARAM);
    }
    if (!XapiFormats.isIri(id)) {
      throw ApiException.badRequest("activityId must be an IRI.", PARAM);
    }
    ActivityDefinitions.find(pool, id)
        .onSuccess(definition -> ctx.response()
            .putHeader("Content-Type", "application/json")
            .end(activity(id, definition)))
        .onFailure(ctx::fail);
  }

  /** Written as text so the stored definition is sent as PostgreSQL returned it, unparsed. */
  private static String activity(String id, String definition) {
    StringBuilder json = new StringBuilder("{\"objectType\":\"Activity\",\"id\":\"")
        .append(JsonStringEncoder.getInstance().quoteAsString(id)).append('"');
    if (definition != null) {
      json.append(",\"definition\":").append(definition);
    }
    return json.append('}').toString();
  }
}
