package cairn.credentials.status;

/**
 * A status change the credential's current state does not allow. A domain outcome, not an HTTP one:
 * the admin API answers it as 404 or 409, the outbox worker reads {@link Why#REVOKED} as "a rival
 * worker revoked it first".
 */
public final class StatusChangeRefused extends RuntimeException {
  /** Why the change was refused. */
  public enum Why {
    NO_SUCH_CREDENTIAL("No credential with that id."),
    REVOKED("The credential is revoked; revocation is permanent."),
    ALREADY_SUSPENDED("The credential is already suspended."),
    NOT_SUSPENDED("The credential is not suspended.");

    private final String message;

    Why(String message) {
      this.message = message;
    }
  }

  private final Why why;

  public StatusChangeRefused(Why why) {
    super(why.message, null, false, false);
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
