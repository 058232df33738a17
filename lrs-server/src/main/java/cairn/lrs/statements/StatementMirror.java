package cairn.lrs.statements;

import cairn.web.ApiException;
import cairn.xapi.IndexKeys;
import cairn.xapi.InvalidStatementException;
import cairn.xapi.StatementNormalizer;
import cairn.xapi.StatementValidator;
import cairn.xapi.XapiVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stores statements copied from another LRS as that LRS served them: same id, same authority (the
 * progression mapper reads self-assertion from it), Cairn's own {@code stored}. A copy that Cairn
 * would refuse — invalid here, or an id Cairn already holds with other content — is skipped, not
 * retried forever: the result says how many.
 */
public final class StatementMirror {
  private final StatementStore store;

  public StatementMirror(Pool pool) {
    this.store = new StatementStore(pool);
  }

  /** What a copy did: statements stored (or already there, the same), and refused ones with the first reason. */
  public record Result(int stored, int skipped, String firstProblem) {}

  public Future<Result> store(List<JsonNode> statements, String authorityKey) {
    List<StatementStore.Prepared> batch = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode raw : statements) {
      try {
        batch.add(prepare(raw));
      } catch (InvalidStatementException | IllegalArgumentException e) {
        problems.add("statement " + raw.path("id").asText("without id") + ": " + e.getMessage());
      }
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture(new Result(0, problems.size(), problems.isEmpty() ? null : problems.get(0)));
    }
    // the whole page in one transaction; if Cairn refuses any of it, each statement on its own
    return store.store(batch, authorityKey, List.of(), true)
        .map(v -> new Result(batch.size(), problems.size(), problems.isEmpty() ? null : problems.get(0)))
        .recover(e -> e instanceof ApiException ? oneByOne(batch, authorityKey, 0, 0, problems) : Future.failedFuture(e));
  }

  private Future<Result> oneByOne(List<StatementStore.Prepared> batch, String authorityKey, int i, int stored,
      List<String> problems) {
    if (i == batch.size()) {
      return Future.succeededFuture(new Result(stored, problems.size(), problems.isEmpty() ? null : problems.get(0)));
    }
    StatementStore.Prepared p = batch.get(i);
    return store.store(List.of(p), authorityKey, List.of(), true)
        .map(v -> 1)
        .recover(e -> {
          if (!(e instanceof ApiException)) {
            return Future.failedFuture(e);
          }
          problems.add("statement " + p.id() + ": " + e.getMessage());
          return Future.succeededFuture(0);
        })
        .compose(n -> oneByOne(batch, authorityKey, i + 1, stored + n, problems));
  }

  private static StatementStore.Prepared prepare(JsonNode raw) {
    if (!raw.isObject() || !raw.path("id").isTextual()) {
      throw new IllegalArgumentException("a copied statement must be an object with an id");
    }
    XapiVersion version = raw.path("version").asText("1.0.0").startsWith("1.") ? XapiVersion.V1_0_3 : XapiVersion.V2_0_0;
    ObjectNode copy = ((ObjectNode) raw).deepCopy();
    JsonNode authority = copy.remove("authority");
    copy.remove("stored");
    StatementValidator.validate(copy, version);
    ObjectNode statement = StatementNormalizer.normalizeInPlace(copy, version);
    if (authority != null) {
      statement.set("authority", authority);
    }
    UUID id = UUID.fromString(statement.get("id").asText());
    return new StatementStore.Prepared(id, statement, IndexKeys.of(statement));
  }
}
