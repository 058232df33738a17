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
    Boolean success, Boolean completion, Instant timestamp) {}
