package cairn.credentials.verify;

/** One verification check and its verdict, with a reason a person can act on. */
public record Check(String name, boolean pass, String reason) {
  static Check pass(String name, String reason) {
    return new Check(name, true, reason);
  }

  static Check fail(String name, String reason) {
    return new Check(name, false, reason);
  }
}
