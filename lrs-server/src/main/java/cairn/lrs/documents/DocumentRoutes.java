package cairn.lrs.documents;

import cairn.lrs.http.VersionHandler;
import cairn.web.ApiException;
import cairn.web.Offload;
import cairn.web.RequestBody;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import cairn.xapi.XapiVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The document resources: State {@code /xapi/activities/state}, Activity Profile
 * {@code /xapi/activities/profile} and Agent Profile {@code /xapi/agents/profile} (1.0.3 Part Three
 * §2.2-2.3, §2.6-2.7; IEEE 9274.1.1-2023 §4.1.6.2, §4.1.6.5, §4.1.6.6). GET (and HEAD) one document
 * or the list of ids, PUT to replace, POST to merge JSON, DELETE one (or, for State, all of a
 * context). Every document answer carries its ETag and Last-Modified (§3.1 Concurrency).
 */
public final class DocumentRoutes {
  private final DocumentStore store;

  public DocumentRoutes(Pool pool) {
    this.store = new DocumentStore(pool);
  }

  /** Mounts the routes; the router already authenticates, negotiates the version and reads the body. */
  public void mount(Router router) {
    for (DocumentResource resource : DocumentResource.values()) {
      router.get(resource.path).handler(ctx -> get(ctx, resource));
      router.head(resource.path).handler(ctx -> get(ctx, resource));
      router.put(resource.path).handler(ctx -> write(ctx, resource, false));
      router.post(resource.path).handler(ctx -> write(ctx, resource, true));
      router.delete(resource.path).handler(ctx -> delete(ctx, resource));
    }
  }

  private void get(RoutingContext ctx, DocumentResource resource) {
    if (!resource.readableBy(credential(ctx))) {
      throw ApiException.forbidden("Reading " + resource.path + " needs scope " + resource.scope.wireName()
          + ", all/read or all.");
    }
    DocumentParameters params = DocumentParameters.parse(resource, HttpMethod.GET, ctx.request().params());
    if (params.docId() == null) {
      store.ids(params)
          .onSuccess(ids -> {
            if (ids.newest() != null) {
              ctx.response().putHeader("Last-Modified", httpDate(ids.newest()));
            }
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonArray(ids.ids()).encode());
          })
          .onFailure(ctx::fail);
      return;
    }
    Preconditions preconditions = Preconditions.of(ctx.request());
    store.get(params.key())
        .onSuccess(document -> {
          if (document == null) {
            ctx.fail(ApiException.notFound("No document with " + resource.idParam + " '" + params.docId()
                + "' here."));
            return;
          }
          HttpServerResponse response = describe(ctx.response(), document);
          if (preconditions.notModified(document)) {
            response.setStatusCode(304).end();
          } else {
            response.putHeader("Content-Type", document.contentType()).end(document.content());
          }
        })
        .onFailure(ctx::fail);
  }

  private void write(RoutingContext ctx, DocumentResource resource, boolean merge) {
    checkWriter(ctx, resource);
    HttpMethod method = merge ? HttpMethod.POST : HttpMethod.PUT;
    DocumentParameters params = DocumentParameters.parse(resource, method, ctx.request().params());
    Preconditions preconditions = Preconditions.of(ctx.request());
    XapiVersion version = VersionHandler.version(ctx);
    String type = ctx.request().getHeader("Content-Type");
    Buffer body = RequestBody.of(ctx);
    Offload.bySize(ctx.vertx(), body.length(), () -> Content.of(type, body))
        .compose(content -> store.write(params.key(), existing -> {
          if (merge) {
            preconditions.check(existing);
            return existing == null ? content : content.mergeInto(existing);
          }
          preconditions.checkPut(resource, version, existing);
          return content;
        }))
        .onSuccess(document -> describe(ctx.response(), document).setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx, DocumentResource resource) {
    checkWriter(ctx, resource);
    DocumentParameters params = DocumentParameters.parse(resource, HttpMethod.DELETE, ctx.request().params());
    Preconditions preconditions = Preconditions.of(ctx.request());
    var deleted = params.docId() == null
        ? store.deleteAll(params)
        : store.delete(params.key(), preconditions::check);
    deleted.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private static void checkWriter(RoutingContext ctx, DocumentResource resource) {
    if (!resource.writableBy(credential(ctx))) {
      throw ApiException.forbidden("Writing " + resource.path + " needs scope " + resource.scope.wireName()
          + " or all.");
    }
  }

  private static Credential credential(RoutingContext ctx) {
    return AuthHandler.credential(ctx);
  }

  /** ETag is quoted (RFC 9110 §8.8.3), as the suite checks (XAPI-00322). */
  private static HttpServerResponse describe(HttpServerResponse response, Document document) {
    return response
        .putHeader("ETag", "\"" + document.etag() + "\"")
        .putHeader("Last-Modified", httpDate(document.updated()));
  }

  /** Last-Modified is an HTTP date (RFC 9110 §5.6.7), so whole seconds in GMT. */
  private static String httpDate(OffsetDateTime time) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(time.atZoneSameInstant(ZoneOffset.UTC));
  }
}
