package cairn.progression.mastery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person's level in one competency, with what supports it: the level from direct evidence, the
 * level rolled up from children, since when it holds, until when (evidence expiry), and the
 * statements behind it.
 */
public record Mastery(String frameworkId, String competency, int level, int directLevel, Instant since,
    Instant validUntil, List<UUID> statements, ObjectNode explanation) {

  public Mastery {
    statements = List.copyOf(statements);
  }
}
