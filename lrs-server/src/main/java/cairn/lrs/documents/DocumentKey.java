package cairn.lrs.documents;

import java.util.Objects;

/**
 * Where one document lives. Parts a resource does not use are empty strings, matching the table's
 * defaults; {@code agent} is an IFI key and {@code registration} a lowercase UUID.
 */
record DocumentKey(DocumentResource resource, String activityId, String agent, String registration, String docId) {

  DocumentKey {
    Objects.requireNonNull(resource);
    activityId = Objects.requireNonNullElse(activityId, "");
    agent = Objects.requireNonNullElse(agent, "");
    registration = Objects.requireNonNullElse(registration, "");
    Objects.requireNonNull(docId);
  }

  /**
   * The text the write lock is taken on. A hash collision between two keys only makes their writers
   * wait for each other, so the separator needs no escaping.
   */
  String lockName() {
    return String.join("\n", resource.dbName, activityId, agent, registration, docId);
  }
}
