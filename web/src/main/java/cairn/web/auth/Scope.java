package cairn.web.auth;

import java.util.Optional;

/**
 * The authorization scopes xAPI names (1.0.3 Part Three §4.2 "OAuth Authorization Scope";
 * IEEE 9274.1.1-2023 §4.1.5), and Cairn's own {@code metrics}: reading {@code GET /metrics} and
 * nothing else, for a Prometheus scraper. A credential holds a set of them.
 */
public enum Scope {
  STATEMENTS_WRITE("statements/write"),
  STATEMENTS_READ_MINE("statements/read/mine"),
  STATEMENTS_READ("statements/read"),
  ALL_READ("all/read"),
  ALL("all"),
  STATE("state"),
  DEFINE("define"),
  PROFILE("profile"),
  /** Cairn's, not xAPI's: {@code GET /metrics} only (scope {@code all} may read it too). */
  METRICS("metrics");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Whether a credential holding this scope may hand {@code other} to an access token (RFC 6749
   * §3.3: a token's scope is at most what its client was granted): every scope covers itself,
   * {@code all} covers every scope, {@code all/read} covers {@code statements/read} and
   * {@code statements/read/mine}, and {@code statements/read} covers {@code statements/read/mine}.
   */
  public boolean covers(Scope other) {
    return this == other || this == ALL
        || this == ALL_READ && (other == STATEMENTS_READ || other == STATEMENTS_READ_MINE)
        || this == STATEMENTS_READ && other == STATEMENTS_READ_MINE;
  }

  public static Optional<Scope> fromWire(String name) {
    for (Scope scope : values()) {
      if (scope.wireName.equals(name)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
