package cairn.progression.feed;

import cairn.progression.mastery.Mastery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A person's levels in statement time as of {@code at}, the latest moment of their history the mapper
 * has seen (progression V11, {@code history_levels}): by framework and competency, what
 * MasteryCalculator needs to carry a level forward — level, direct level, since, valid until, the
 * statements behind it, refresh at — without the explanation. A round whose changes for the person
 * all come after {@code at} evaluates the history on from here instead of from all the evidence.
 *
 * <p>Encoded by hand as a compact binary row (a few hundred bytes a person, rewritten each round
 * that touches them): JSON of the same would be three times larger, for data nothing but this class
 * reads.
 */
record Checkpoint(Instant at, Map<String, Map<String, Mastery>> levels) {
  private static final int VERSION = 1;
  private static final long NONE = Long.MIN_VALUE;

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeShort(levels.size());
      for (Map.Entry<String, Map<String, Mastery>> framework : levels.entrySet()) {
        out.writeUTF(framework.getKey());
        out.writeShort(framework.getValue().size());
        for (Mastery m : framework.getValue().values()) {
          out.writeUTF(m.competency());
          out.writeInt(m.level());
          out.writeInt(m.directLevel());
          time(out, m.since());
          time(out, m.validUntil());
          time(out, m.refreshAt());
          out.writeShort(m.statements().size());
          for (UUID id : m.statements()) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The levels stored at {@code at}; null when written by another version of this encoding. */
  static Checkpoint decode(Instant at, byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readByte() != VERSION) {
        return null;
      }
      Map<String, Map<String, Mastery>> levels = new HashMap<>();
      int frameworks = in.readShort();
      for (int f = 0; f < frameworks; f++) {
        String frameworkId = in.readUTF();
        Map<String, Mastery> items = new LinkedHashMap<>();
        int n = in.readShort();
        for (int i = 0; i < n; i++) {
          String competency = in.readUTF();
          int level = in.readInt();
          int direct = in.readInt();
          Instant since = time(in);
          Instant validUntil = time(in);
          Instant refreshAt = time(in);
          int count = in.readShort();
          List<UUID> statements = new ArrayList<>(count);
          for (int s = 0; s < count; s++) {
            statements.add(new UUID(in.readLong(), in.readLong()));
          }
          items.put(competency, new Mastery(frameworkId, competency, level, direct, since, validUntil, statements,
              refreshAt, null));
        }
        levels.put(frameworkId, items);
      }
      return new Checkpoint(at, levels);
    } catch (IOException e) {
      return null;
    }
  }

  private static void time(DataOutputStream out, Instant t) throws IOException {
    if (t == null) {
      out.writeLong(NONE);
    } else {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant time(DataInputStream in) throws IOException {
    long seconds = in.readLong();
    return seconds == NONE ? null : Instant.ofEpochSecond(seconds, in.readInt());
  }
}
