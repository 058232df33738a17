package cairn.lrs.statements;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The filters of a statements query (xAPI 1.0.3 Part Three §2.1.3; IEEE 9274.1.1-2023 §4.1.6.1),
 * already parsed and checked. {@code agent} is an IFI key ({@link cairn.xapi.Agents#ifiKey});
 * {@code authorityKey} restricts to statements stored by one credential (statements/read/mine).
 * {@code after} is the keyset position of a {@code more} link: the last (stored, seq) returned.
 */
record StatementQuery(
    String agent,
    boolean relatedAgents,
    String verb,
    String activity,
    boolean relatedActivities,
    UUID registration,
    OffsetDateTime since,
    OffsetDateTime until,
    int limit,
    boolean ascending,
    String authorityKey,
    Cursor after) {

  /** A keyset position: statements strictly past it in the query's order come next. */
  record Cursor(OffsetDateTime stored, long seq) {}

  StatementQuery withCursor(Cursor cursor) {
    return new StatementQuery(agent, relatedAgents, verb, activity, relatedActivities, registration,
        since, until, limit, ascending, authorityKey, cursor);
  }
}
