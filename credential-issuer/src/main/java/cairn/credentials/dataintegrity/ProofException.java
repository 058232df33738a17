package cairn.credentials.dataintegrity;

/** A document that cannot be given or checked a Data Integrity proof; the message says why. */
public final class ProofException extends RuntimeException {
  public ProofException(String message) {
    super(message);
  }
}
