package cairn.progression.ladders;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/** What beside competency levels a person brings to a ladder: mentoring sessions and endorsements. */
public final class Credit {
  private Credit() {}

  /**
   * A mentoring session this person gave (as mentor) or received (as mentee).
   *
   * @param outcomeAt when the mentee first showed positive evidence on the coached competency after
   *     the session, or null
   * @param recorded whether the session statement records an outcome
   */
  public record Session(String sessionKey, boolean given, String counterpart, String competency, Instant at,
      UUID statementId, Instant outcomeAt, boolean recorded) {

    /** By when the session was held, then by statement id. */
    public static final Comparator<Session> IN_TIME = (a, b) -> {
      int c = a.at.compareTo(b.at);
      return c != 0 ? c : a.statementId.compareTo(b.statementId);
    };
  }

  /** An endorsement of this person, by an endorser (a person id, else an IFI). */
  public record Endorsement(String endorser, String competency, Instant at, UUID statementId) {}
}
