package cairn.app.bench;

/**
 * What became of one request of {@code cairn bench hostile}.
 *
 * @param result answered, closed without an answer, no answer within the timeout, or no connection
 * @param startedAt when it was sent (epoch milliseconds), to find it in the server's log
 * @param status the status code when answered, else 0
 * @param nanos from the first byte sent to the last byte of the answer (or the give-up)
 * @param answer the start of the answer's body, or what went wrong
 */
record Outcome(Result result, long startedAt, int status, long nanos, String answer) {
  /**
   * ANSWERED in HTTP/1 (any status); FOREIGN: answered, but not in HTTP/1 (an HTTP/2 frame to an
   * HTTP/2 preface); CLOSED without an answer; HANG: nothing within the timeout; UNREACHABLE: no
   * connection.
   */
  enum Result { ANSWERED, FOREIGN, CLOSED, HANG, UNREACHABLE }

  boolean serverError() {
    return result == Result.ANSWERED && status >= 500;
  }

  /** A hang as the report counts it: no answer in time, or no connection to the server at all. */
  boolean hang() {
    return result == Result.HANG || result == Result.UNREACHABLE;
  }

  boolean accepted() {
    return result == Result.ANSWERED && status / 100 == 2;
  }

  /** Answered with a refusal (4xx or 5xx): a statement in the request must not have been stored. */
  boolean rejected() {
    return result == Result.ANSWERED && status >= 400;
  }

  /** The time it was sent, as the server's log writes it (HH:mm:ss.SSS, local time). */
  String sentAt() {
    return String.format("%tT.%<tL", startedAt);
  }

  double millis() {
    return nanos / 1e6;
  }

  /** The status code, or what stands for it in the tables. */
  String label() {
    return switch (result) {
      case ANSWERED -> String.valueOf(status);
      case FOREIGN -> "non-HTTP/1 answer";
      case CLOSED -> "closed";
      case HANG -> "hang";
      case UNREACHABLE -> "no connection";
    };
  }
}
