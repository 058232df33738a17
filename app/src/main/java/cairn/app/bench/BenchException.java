package cairn.app.bench;

/** The benchmark cannot go on: a request failed, the database is not empty, a phase broke. */
final class BenchException extends RuntimeException {
  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
