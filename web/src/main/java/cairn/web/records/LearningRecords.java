package cairn.web.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Readable summaries of learning records (xAPI statements) by id, and the names of activities: what
 * the pages show as the evidence behind a level or a credential. The LRS keeps the statements and
 * implements this; the application hands it to the features that show evidence, so that none of them
 * reads the LRS's tables or imports it. A summary names no person: the pages show it only for
 * statement ids that a person's own record or a credential already names.
 */
public interface LearningRecords {
  /** The summaries of those of {@code ids} that are stored and not voided; others are absent. */
  Future<Map<UUID, LearningRecord>> summaries(Collection<UUID> ids);

  /** The display names of those of {@code activityIds} that the LRS knows a name of. */
  Future<Map<String, String>> activityNames(Collection<String> activityIds);

  /** At most this many statements per {@link #statements} call. */
  int MAX_STATEMENTS = 100;

  /**
   * The statements themselves, for whom a credential's owner shared it with (a reviewer following its
   * evidence): those of {@code ids} the store holds (at most {@link #MAX_STATEMENTS}), in the order
   * asked, each {@code {"statement": <as stored>, "voided": true|false}}.
   */
  Future<List<ObjectNode>> statements(List<UUID> ids);

  /** No records at all: the pages then show statement ids and rules only. */
  LearningRecords NONE = new LearningRecords() {
    @Override
    public Future<Map<UUID, LearningRecord>> summaries(Collection<UUID> ids) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<Map<String, String>> activityNames(Collection<String> activityIds) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<List<ObjectNode>> statements(List<UUID> ids) {
      return Future.succeededFuture(List.of());
    }
  };
}
