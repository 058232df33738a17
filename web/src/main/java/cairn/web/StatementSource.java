package cairn.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * The learning record store's statements by id, for a feature that shows the evidence behind
 * something (a credential shared with a reviewer) without reading the LRS's tables or importing it.
 * The LRS implements it; the application hands it to the features that need it.
 */
@FunctionalInterface
public interface StatementSource {
  /** At most this many ids per call. */
  int MAX_IDS = 100;

  /**
   * The statements with these ids that the store holds, in the order asked: each
   * {@code {"statement": <as stored>, "voided": true|false}}. Ids it does not hold are left out.
   */
  Future<List<ObjectNode>> statements(List<UUID> ids);
}
