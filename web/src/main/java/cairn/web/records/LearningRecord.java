package cairn.web.records;

import java.time.Instant;
import java.util.UUID;

/**
 * What one learning record says, in the words a person reads (xAPI 2.0 §2.4): what happened (the
 * verb's display name, else its id's last segment), to which activity (its name, else its id), the
 * result (scaled score, success, completion) and when.
 *
 * @param scaled {@code result.score.scaled}, or null
 * @param success {@code result.success}, or null
 * @param completion {@code result.completion}, or null
 */
public record LearningRecord(UUID id, String verb, String activityName, String activityId, Double scaled,
    Boolean success, Boolean completion, Instant timestamp) {

  /** What happened, in words: the verb, and "(not passed)" when it says nothing of a failed result itself. */
  public String what(String passed, String notPassed) {
    boolean saysSo = verb.toLowerCase(java.util.Locale.ROOT).matches(".*(pass|fail).*");
    return verb + (success == null || saysSo ? "" : success ? " (" + passed + ")" : " (" + notPassed + ")");
  }

  /** The activity's name, else its id. */
  public String activity() {
    return activityName != null ? activityName : activityId;
  }

  /** The scaled score as a percentage ("92%"), or null. */
  public String score() {
    return scaled == null ? null : Math.round(scaled * 100) + "%";
  }
}
