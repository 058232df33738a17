package cairn.lrs.statements;

import cairn.lrs.LrsOptions;
import cairn.lrs.attachments.Attachments;
import cairn.lrs.attachments.MultipartMixed;
import cairn.lrs.attachments.Part;
import cairn.lrs.attachments.SignedStatements;
import cairn.lrs.http.VersionHandler;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.web.Offload;
import cairn.web.RequestBody;
import cairn.web.auth.AuthHandler;
import cairn.web.auth.Credential;
import cairn.xapi.IndexKeys;
import cairn.xapi.InvalidStatementException;
import cairn.xapi.StatementFormat;
import cairn.xapi.StatementNormalizer;
import cairn.xapi.StatementValidator;
import cairn.xapi.XapiVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The Statement Resource, {@code /xapi/statements} (xAPI 1.0.3 Part Three §2.1; IEEE
 * 9274.1.1-2023 §4.1.6.1): POST one or many, PUT one by id, GET one or a filtered page.
 */
public final class StatementRoutes {
  static final String CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through";

  private final StatementStore store;
  private final LrsOptions options;
  private final StatementParameters parameters;

  public StatementRoutes(Pool pool, LrsOptions options) {
    this.store = new StatementStore(pool);
    this.options = options;
    this.parameters = new StatementParameters(options);
  }

  /** Mounts the routes; the router already authenticates and negotiates the version. */
  public void mount(Router router) {
    String path = "/xapi/statements";
    router.post(path).handler(this::post);
    router.put(path).handler(this::put);
    router.get(path).handler(this::get);
    router.head(path).handler(this::get);
    router.route(path).failureHandler(this::addConsistentThrough);
  }

  private void post(RoutingContext ctx) {
    Credential credential = writer(ctx);
    XapiVersion version = VersionHandler.version(ctx);
    String type = ctx.request().getHeader("Content-Type");
    Buffer raw = RequestBody.of(ctx);
    Offload.bySize(ctx.vertx(), raw.length(), () -> checkBatch(raw, type, version, credential))
        .compose(checked -> store(checked, credential).map(through -> {
          var ids = Json.MAPPER.createArrayNode();
          checked.batch().forEach(p -> ids.add(p.id().toString()));
          ctx.response().putHeader(CONSISTENT_THROUGH, through);
          return ids.toString();
        }))
        .onSuccess(ids -> ctx.response().putHeader("Content-Type", "application/json").end(ids))
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    Credential credential = writer(ctx);
    String idParam = ctx.request().getParam("statementId");
    if (idParam == null) {
      throw ApiException.badRequest("PUT needs the statementId parameter.", "statementId");
    }
    UUID id = StatementParameters.uuid(idParam, "statementId");
    for (String name : ctx.request().params().names()) {
      if (!name.equals("statementId")) {
        throw ApiException.badRequest("Unexpected parameter '" + name + "' on PUT statements.", name);
      }
    }
    XapiVersion version = VersionHandler.version(ctx);
    String type = ctx.request().getHeader("Content-Type");
    Buffer raw = RequestBody.of(ctx);
    Offload.bySize(ctx.vertx(), raw.length(), () -> checkOne(raw, type, version, credential, id))
        .compose(checked -> store(checked, credential))
        .onSuccess(through -> ctx.response()
            .setStatusCode(204)
            .putHeader(CONSISTENT_THROUGH, through)
            .end())
        .onFailure(ctx::fail);
  }

  /** A request's statements, validated and ready to store, with their attachment parts. */
  private record Checked(List<StatementStore.Prepared> batch, List<Part> attachments) {}

  /** The statement or array of a POST, read and validated (on a worker when the body is large). */
  private Checked checkBatch(Buffer raw, String type, XapiVersion version, Credential credential) {
    MultipartMixed.Request request = readBody(raw, type);
    JsonNode body = request.statements();
    List<JsonNode> statements = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(statements::add);
      if (statements.isEmpty()) {
        throw ApiException.badRequest("The statement array is empty.", "$");
      }
    } else {
      statements.add(body);
    }
    if (statements.size() > options.maxBatch()) {
      throw ApiException.tooLarge("A batch may hold at most " + options.maxBatch()
          + " statements; this one has " + statements.size() + ".");
    }
    List<Part> attachments = Attachments.check(body, request.parts());
    return new Checked(prepare(version, statements, body.isArray(), credential, null, attachments), attachments);
  }

  /** The single statement of a PUT, read and validated. */
  private Checked checkOne(Buffer raw, String type, XapiVersion version, Credential credential, UUID id) {
    MultipartMixed.Request request = readBody(raw, type);
    JsonNode body = request.statements();
    if (!body.isObject()) {
      throw ApiException.badRequest("PUT takes a single statement object.", "$");
    }
    List<Part> attachments = Attachments.check(body, request.parts());
    return new Checked(prepare(version, List.of(body), false, credential, id, attachments), attachments);
  }

  /**
   * Stores a checked request; answers Consistent-Through, read while the batch is stored (still true
   * afterwards, just older).
   */
  private Future<String> store(Checked checked, Credential credential) {
    return Future.all(store.store(checked.batch(), credential.key(), checked.attachments(), credential.defines()),
            store.consistentThrough(ConsistentThrough.FOR_WRITES))
        .map(all -> all.<String>resultAt(1));
  }

  /**
   * The statements and attachment parts of a POST or PUT: {@code application/json}, or
   * {@code multipart/mixed} with attachment data (1.0.3 Part Three §1.5.2).
   */
  private static MultipartMixed.Request readBody(Buffer body, String type) {
    if (type != null && MultipartMixed.matches(type)) {
      return MultipartMixed.parse(body, type);
    }
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw ApiException.badRequest(
          "Statements are sent as application/json or multipart/mixed, not " + type + ".", "Content-Type");
    }
    return new MultipartMixed.Request(Json.parse(body), List.of());
  }

  private static Credential writer(RoutingContext ctx) {
    Credential credential = AuthHandler.credential(ctx);
    if (!credential.writesStatements()) {
      throw ApiException.forbidden("This credential may not write statements (needs statements/write or all).");
    }
    return credential;
  }

  /** Validates, normalizes and completes each statement; paths name the array index in a batch. */
  private List<StatementStore.Prepared> prepare(
      XapiVersion version, List<JsonNode> statements, boolean array, Credential credential, UUID putId,
      List<Part> attachments) {
    ObjectNode authority = credential.authority(options.publicUrl());
    List<StatementStore.Prepared> batch = new ArrayList<>(statements.size());
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < statements.size(); i++) {
      String prefix = array ? "$[" + i + "]" : "$";
      JsonNode raw = statements.get(i);
      ObjectNode statement;
      try {
        if (!raw.isObject()) {
          throw new InvalidStatementException("$", "A statement must be a JSON object.");
        }
        StatementValidator.validate(raw, version);
        statement = StatementNormalizer.normalizeInPlace((ObjectNode) raw, version); // the request's own tree
      } catch (InvalidStatementException e) {
        throw ApiException.badRequest(e.getMessage(), prefix + e.path().substring(1));
      }
      SignedStatements.verify(statement, attachments, prefix);
      UUID id;
      if (statement.hasNonNull("id")) {
        id = UUID.fromString(statement.get("id").asText());
        if (putId != null && !putId.equals(id)) {
          throw ApiException.badRequest(
              "The statement id differs from the statementId parameter.", "$.id");
        }
      } else {
        id = putId != null ? putId : UUID.randomUUID();
      }
      if (!ids.add(id)) {
        throw ApiException.badRequest("The batch holds statement id " + id + " twice.", prefix + ".id");
      }
      statement.put("id", id.toString());
      statement.set("authority", authority);
      if (!statement.has("version")) {
        statement.put("version", version == XapiVersion.V1_0_3 ? "1.0.0" : "2.0.0");
      }
      statement.remove("stored");
      batch.add(new StatementStore.Prepared(id, statement, IndexKeys.of(statement)));
    }
    return batch;
  }

  private void get(RoutingContext ctx) {
    Credential credential = AuthHandler.credential(ctx);
    if (!credential.readsStatements()) {
      throw ApiException.forbidden("This credential may not read statements.");
    }
    String mine = credential.readsAllStatements() ? null : credential.key();
    MultiMap params = ctx.request().params();
    StatementParameters.Request request = parameters.parse(params, mine);
    List<String> languages = ctx.acceptableLanguages().stream().map(l -> l.value()).toList();
    if (request.single() != null) {
      store.byId(request.single().id(), mine)
          .compose(found -> {
            if (found == null || found.voided() != request.single().voided()) {
              return Future.failedFuture(ApiException.notFound(request.single().voided()
                  ? "No voided statement with id " + request.single().id() + "."
                  : "No statement with id " + request.single().id() + "."));
            }
            ctx.response().putHeader("Last-Modified", httpDate(found.stored()));
            // A single statement is re-serialised compactly; pages send stored text as is.
            return Offload.bySize(ctx.vertx(), found.body().length(), () -> render(
                    request.format().equals("exact") ? Json.tree(found.body()).toString() : found.body(),
                    request.format(), languages))
                .map(json -> new Rendered(json, request.attachments() ? hashes(List.of(found.body())) : Set.of()));
          })
          .onSuccess(rendered -> respond(ctx, rendered, request.attachments()))
          .onFailure(ctx::fail);
      return;
    }
    store.query(request.query())
        .compose(page -> {
          if (page.newest() != null) {
            ctx.response().putHeader("Last-Modified", httpDate(page.newest()));
          }
          String more = page.next() == null ? ""
              : "/xapi/statements?more=" + parameters.more(request, page.next());
          long size = page.bodies().stream().mapToLong(String::length).sum();
          return Offload.bySize(ctx.vertx(), size, () -> {
            StringBuilder json = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, 256 + size))
                .append("{\"statements\":[");
            for (int i = 0; i < page.bodies().size(); i++) {
              json.append(i == 0 ? "" : ",").append(render(page.bodies().get(i), request.format(), languages));
            }
            return new Rendered(json.append("],\"more\":\"").append(more).append("\"}").toString(),
                request.attachments() ? hashes(page.bodies()) : Set.of());
          });
        })
        .onSuccess(rendered -> respond(ctx, rendered, request.attachments()))
        .onFailure(ctx::fail);
  }

  /** A GET answer's JSON, and the sha2 of the attachments of its statements when they are asked for. */
  private record Rendered(String json, Set<String> hashes) {}

  private static Set<String> hashes(List<String> bodies) {
    Set<String> hashes = new java.util.LinkedHashSet<>();
    bodies.forEach(body -> collectHashes(Json.tree(body), hashes));
    return hashes;
  }

  /**
   * Sends a GET answer; with {@code attachments=true} as {@code multipart/mixed} carrying the data
   * of every attachment of the statements given (1.0.3 Part Three §2.1.3).
   */
  private void respond(RoutingContext ctx, Rendered rendered, boolean multipart) {
    Future<List<Part>> parts = rendered.hashes().isEmpty() ? Future.succeededFuture(List.of())
        : store.attachments(rendered.hashes());
    Future.all(store.consistentThrough(ConsistentThrough.FOR_READS), parts)
        .onSuccess(all -> {
          ctx.response().putHeader(CONSISTENT_THROUGH, all.<String>resultAt(0));
          if (multipart) {
            MultipartMixed.Response response = MultipartMixed.write(rendered.json(), all.<List<Part>>resultAt(1));
            ctx.response().putHeader("Content-Type", response.contentType()).end(response.body());
          } else {
            ctx.response().putHeader("Content-Type", "application/json").end(rendered.json());
          }
        })
        .onFailure(ctx::fail);
  }

  /** The sha2 of every attachment in a statement and its SubStatement. */
  private static void collectHashes(JsonNode statement, Set<String> hashes) {
    for (JsonNode attachment : statement.path("attachments")) {
      if (attachment.hasNonNull("sha2")) {
        hashes.add(attachment.get("sha2").asText());
      }
    }
    if ("SubStatement".equals(statement.path("object").path("objectType").asText())) {
      collectHashes(statement.get("object"), hashes);
    }
  }

  /** A stored statement in the requested format; {@code exact} is the stored text itself, unparsed. */
  private static String render(String body, String format, List<String> languages) {
    return switch (format) {
      case "ids" -> StatementFormat.ids((ObjectNode) Json.tree(body)).toString();
      case "canonical" -> StatementFormat.canonical((ObjectNode) Json.tree(body), languages).toString();
      default -> body;
    };
  }

  /** Every statements response carries Consistent-Through, errors included (1.0.3 §2.1.3). */
  private void addConsistentThrough(RoutingContext ctx) {
    store.consistentThrough(ConsistentThrough.FOR_WRITES)
        .onComplete(ar -> {
          if (ar.succeeded() && !ctx.response().headWritten()) {
            ctx.response().putHeader(CONSISTENT_THROUGH, ar.result());
          }
          ctx.next();
        });
  }

  /** Last-Modified is an HTTP date (RFC 9110 §5.6.7), so whole seconds in GMT. */
  private static String httpDate(OffsetDateTime time) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(time.atZoneSameInstant(ZoneOffset.UTC));
  }
}
