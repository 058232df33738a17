package cairn.progression.mastery;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * One piece of evidence: a statement that a rule found to count for (or against) a competency at a
 * level. Replays of the same content share one piece of evidence; {@code statementId} is the
 * earliest live one.
 */
public record Evidence(String actor, String frameworkId, String ruleId, String competency, int level, boolean positive,
    boolean selfAsserted, Integer validDays, UUID statementId, Instant at) {

  /** In statement time, then by statement id, a negative before a positive of the same statement. */
  public static final Comparator<Evidence> IN_TIME = (a, b) -> {
    int c = a.at.compareTo(b.at);
    if (c == 0) {
      c = a.statementId.compareTo(b.statementId);
    }
    return c != 0 ? c : Boolean.compare(a.positive, b.positive);
  };

  public Instant expiresAt() {
    return validDays == null ? null : at.plusSeconds(validDays * 86_400L);
  }
}
