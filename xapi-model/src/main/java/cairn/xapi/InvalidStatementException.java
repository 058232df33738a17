package cairn.xapi;

/**
 * A statement (or a query parameter holding xAPI JSON) breaks a rule of the xAPI specification.
 * {@link #path()} names where, as a JSON path from the statement root (for example
 * {@code $.context.contextActivities.parent[0].id}); the message says what is wrong.
 */
public class InvalidStatementException extends RuntimeException {
  private final String path;

  public InvalidStatementException(String path, String message) {
    super(message);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
