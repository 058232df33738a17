package cairn.app.rights;

import cairn.accounts.rights.AccountPersonalData;
import cairn.credentials.rights.IssuerPersonalData;
import cairn.lrs.rights.LrsPersonalData;
import cairn.progression.rights.ProgressionPersonalData;
import cairn.web.Json;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/v1/me/export}: everything Cairn holds about the signed-in person, as one ZIP
 * archive (GDPR art. 15 and 20), assembled here from what each feature says it holds: the account
 * record, the statements (as the LRS stores and answers them) and State / Agent Profile documents,
 * the progress with its explanations and the issuance requests, the credentials (each VC-JWT and its
 * JSON) and share links, and a README.txt that says what each file is. Mounted behind the session
 * (never an API credential). The archive is streamed ({@link ZipStream}): the statements go in a
 * thousand at a time as they are read.
 */
public final class ExportRoutes {
  private final Vertx vertx;
  private final AccountPersonalData accounts;
  private final LrsPersonalData lrs;
  private final ProgressionPersonalData progression;
  private final IssuerPersonalData issuer;

  public ExportRoutes(Vertx vertx, AccountPersonalData accounts, LrsPersonalData lrs,
      ProgressionPersonalData progression, IssuerPersonalData issuer) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.lrs = lrs;
    this.progression = progression;
    this.issuer = issuer;
  }

  /** Mounts {@code GET /api/v1/me/export}; {@code directory} says which person the caller is. */
  public void mount(Router router, Directory directory) {
    router.get("/api/v1/me/export").handler(ctx -> {
      Caller caller = Caller.require(ctx);
      Future<Optional<String>> person = caller.personIfis().isEmpty() ? Future.succeededFuture(Optional.empty())
          : directory.personOf(caller.personIfis());
      person.compose(id -> gather(caller, id)).onSuccess(parts -> stream(ctx, parts)).onFailure(ctx::fail);
    });
  }

  /** What goes in besides the statements, read before the response starts (so a failure is still a clean error). */
  private record Parts(ObjectNode account, String personId, List<String> ifis, JsonNode progress, JsonNode requests,
      ArrayNode credentials, ArrayNode shares, List<LrsPersonalData.Document> documents) {}

  private Future<Parts> gather(Caller caller, Optional<String> personId) {
    Future<ObjectNode> account = accounts.record(UUID.fromString(caller.accountId()));
    if (personId.isEmpty()) {
      return account.map(a -> new Parts(a, null, List.of(), null, null, null, null, List.of()));
    }
    String id = personId.get();
    return progression.ifis(id).compose(found -> {
      List<String> ifis = found.orElse(List.of());
      return Future.all(List.of(account, progression.progress(id), progression.issuanceRequests(id),
              issuer.credentials(id), issuer.shares(id), lrs.documents(ifis)))
          .map(all -> new Parts(all.resultAt(0), id, ifis, all.resultAt(1), all.resultAt(2), all.resultAt(3),
              all.resultAt(4), all.resultAt(5)));
    });
  }

  private void stream(RoutingContext ctx, Parts parts) {
    String day = LocalDate.now(ZoneOffset.UTC).toString();
    ctx.response().setChunked(true).putHeader("Content-Type", "application/zip")
        .putHeader("Content-Disposition", "attachment; filename=\"cairn-export-" + day + ".zip\"");
    ZipStream zip = new ZipStream(vertx, ctx.response());
    Future<Void> written = zip.file("README.txt", readme(parts))
        .compose(v -> zip.file("account.json", pretty(parts.account())));
    if (parts.personId() != null) {
      written = written
          .compose(v -> zip.file("progress.json", pretty(parts.progress())))
          .compose(v -> zip.file("issuance-requests.json", pretty(parts.requests())))
          .compose(v -> zip.file("credentials.json", pretty(parts.credentials())))
          .compose(v -> {
            Future<Void> jwts = Future.succeededFuture();
            for (JsonNode c : parts.credentials()) {
              String name = "credentials/" + c.path("id").asText().replace("urn:uuid:", "") + ".jwt";
              jwts = jwts.compose(x -> zip.file(name, c.path("jwt").asText()));
            }
            return jwts;
          })
          .compose(v -> zip.file("shares.json", pretty(parts.shares())))
          .compose(v -> documents(zip, parts.documents()))
          .compose(v -> zip.open("statements.json"))
          .compose(v -> {
            boolean[] first = {true};
            return lrs.statements(parts.ifis(), page -> {
              StringBuilder text = new StringBuilder(first[0] ? "[\n" : "");
              for (String body : page) {
                text.append(first[0] ? "" : ",\n").append(body);
                first[0] = false;
              }
              return zip.append(text.toString());
            }).compose(n -> zip.append(first[0] ? "[]\n" : "\n]\n"));
          });
    }
    written.compose(v -> zip.finish()).onFailure(e -> {
      // the answer has begun: all that is left is to cut it off, so the archive is visibly incomplete
      ctx.request().connection().close();
    });
  }

  private static Future<Void> documents(ZipStream zip, List<LrsPersonalData.Document> documents) {
    Future<Void> files = zip.file("documents.json", pretty(index(documents)));
    int n = 0;
    for (LrsPersonalData.Document d : documents) {
      String file = "documents/" + (++n) + "-" + d.resource() + "-" + safe(d.id());
      files = files.compose(v -> zip.file(file, d.content()));
    }
    return files;
  }

  private static ArrayNode index(List<LrsPersonalData.Document> documents) {
    ArrayNode index = Json.MAPPER.createArrayNode();
    int n = 0;
    for (LrsPersonalData.Document d : documents) {
      String file = "documents/" + (++n) + "-" + d.resource() + "-" + safe(d.id());
      ObjectNode o = index.addObject().put("file", file).put("resource", d.resource()).put("stateId", d.id())
          .put("contentType", d.contentType()).put("etag", d.etag()).put("updated", d.updated());
      if (d.resource().equals("agent_profile")) {
        o.remove("stateId");
        o.put("profileId", d.id());
      } else {
        o.put("activityId", d.activityId());
        if (!d.registration().isEmpty()) {
          o.put("registration", d.registration());
        }
      }
      o.put("agent", d.agent());
    }
    return index;
  }

  /** A document id as a file name: letters, digits, dot, dash and underscore kept, the rest as _ (at most 100). */
  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.length() > 100 ? s.substring(0, 100) : s;
  }

  private static String pretty(JsonNode node) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readme(Parts parts) {
    StringBuilder s = new StringBuilder("""
        Your data in Cairn
        ==================

        Everything Cairn holds about you, as of the time this archive was made.

        account.json            your account: email, name, when it was made and your password set (never the
                                password), roles, the identifiers (IFIs) that link you to the people directory,
                                your logins through your organisation's sign-in, your sessions (times only) and
                                the audit entries about your account.
        """);
    if (parts.personId() == null) {
      s.append("""

          Your account is not linked to a person of the people directory, so Cairn holds no learning
          records, progress or credentials of yours.
          """);
      return s.toString();
    }
    s.append("""
        progress.json           your progress, as Cairn shows it to you: your entry in the people directory, your
                                level in each competency with its explanation (the statements and the rule
                                behind it), the milestones you reached and how far you are from the next one.
        issuance-requests.json  the requests for a credential that your milestones made, with their evidence.
        credentials.json        every credential issued to you: its status (active, suspended, revoked and why),
                                the credential as issued (a VC-JWT, "jwt") and its content as JSON ("credential").
        credentials/ID.jwt      each credential as issued: a signed Open Badges 3.0 VC-JWT, for a wallet or a
                                verifier (also at POST /verify).
        shares.json             the share links of your credentials: when made, when revoked (the links
                                themselves are shown only once and not kept).
        documents.json          the xAPI State and Agent Profile documents learning tools keep about you, and
                                which file in documents/ holds each one's content.
        documents/              the documents' contents, as the tools stored them.
        statements.json         your xAPI statements (those whose actor is you, or a group you are a member of,
                                and those about you as their object), as the learning record store keeps and
                                answers them: id, stored, authority and version included; voided ones too.
        """);
    s.append("\nThe identifiers your statements are found by: ").append(String.join(", ", parts.ifis())).append('\n');
    return s.toString();
  }
}
