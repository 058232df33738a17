package cairn.app.admin;

/**
 * An admin command that cannot do what was asked: its message says why and what to do, and the
 * exit code is 1 (refused or failed) or 2 (bad usage or configuration).
 */
final class AdminException extends RuntimeException {
  private final int exitCode;

  AdminException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static AdminException failed(String message) {
    return new AdminException(1, message);
  }

  static AdminException usage(String message) {
    return new AdminException(2, message);
  }

  int exitCode() {
    return exitCode;
  }
}
