package cairn.web.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/**
 * An API credential: HTTP Basic key and the scopes it grants. The secret itself is never kept
 * here; only its SHA-256 digest lives in the store. A request authenticated with an access token
 * carries its credential with the token's scopes ({@link #withScopes}).
 */
public record Credential(String key, String name, Set<Scope> scopes, Instant created, Instant revoked) {

  public Credential {
    scopes = Set.copyOf(scopes);
  }

  public boolean active() {
    return revoked == null;
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  /** Whether a token of this credential may carry {@code scope} ({@link Scope#covers}). */
  public boolean grants(Scope scope) {
    return scopes.stream().anyMatch(held -> held.covers(scope));
  }

  /** This credential with other scopes: what a request with one of its access tokens may do. */
  public Credential withScopes(Set<Scope> tokenScopes) {
    return new Credential(key, name, tokenScopes, created, revoked);
  }

  /** Read any statement: statements/read, all/read or all. */
  public boolean readsAllStatements() {
    return has(Scope.STATEMENTS_READ) || has(Scope.ALL_READ) || has(Scope.ALL);
  }

  /** Read at least the statements this credential stored. */
  public boolean readsStatements() {
    return readsAllStatements() || has(Scope.STATEMENTS_READ_MINE);
  }

  /** Change definitions the LRS already holds (1.0.3 Part Three §4.2 scope define): define or all. */
  public boolean defines() {
    return has(Scope.DEFINE) || has(Scope.ALL);
  }

  public boolean writesStatements() {
    return has(Scope.STATEMENTS_WRITE) || has(Scope.ALL);
  }

  /**
   * The statement authority for what this credential writes (1.0.3 Part Two §2.4.9): an Agent
   * identified by an account on this LRS whose name is the key.
   */
  public ObjectNode authority(String homePage) {
    ObjectNode agent = JsonNodeFactory.instance.objectNode();
    agent.put("objectType", "Agent");
    agent.put("name", name);
    agent.putObject("account").put("homePage", homePage).put("name", key);
    return agent;
  }
}
