package cairn.progression.mastery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person's level in one competency, with what supports it: the level from direct evidence, the
 * level rolled up from children, since when it holds, until when (evidence expiry), and the
 * statements behind it (at most ten). {@code refreshAt}: when the next piece of its own evidence
 * expires, which changes the explanation even when the level holds — until then, and while its
 * evidence and its children's stay as they are, the mastery is what it was computed as.
 * {@code explanation} is null for a mastery taken from the stored state (see
 * MasteryCalculator#compute with kept items): only newly computed ones are written.
 */
public record Mastery(String frameworkId, String competency, int level, int directLevel, Instant since,
    Instant validUntil, List<UUID> statements, Instant refreshAt, ObjectNode explanation) {

  public Mastery {
    statements = List.copyOf(statements);
  }
}
