package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the store indexes about one statement, for the query parameters of GET statements (xAPI
 * 1.0.3 Part Three §2.1.3; IEEE 9274.1.1-2023 §4.1.6.1).
 *
 * <p>{@code agent} matches the Actor or Object ({@code direct}); {@code related_agents} widens it to
 * authority, instructor, team, context agents and groups, group members, and all of these inside a
 * SubStatement. {@code activity} matches the Object ({@code direct}); {@code related_activities}
 * widens it to the context activities and a SubStatement's object and context activities.
 *
 * @param verbId the verb IRI
 * @param registration context.registration, if any
 * @param objectRef the statement id of a StatementRef object, if the object is one
 * @param voidedTarget the statement id this statement voids, if it is a voiding statement
 * @param agents each agent IFI key once, direct if it occurs as actor or object
 * @param activities each activity id once, direct if it is the object
 */
public record IndexKeys(
    String verbId,
    Optional<UUID> registration,
    Optional<UUID> objectRef,
    Optional<UUID> voidedTarget,
    Map<String, Boolean> agents,
    Map<String, Boolean> activities) {

  /** The verb that voids a statement (1.0.3 Part Two §2.3.2). */
  public static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  public IndexKeys {
    agents = Map.copyOf(agents);
    activities = Map.copyOf(activities);
  }

  /** Reads the keys of a validated statement. */
  public static IndexKeys of(JsonNode statement) {
    Map<String, Boolean> agents = new LinkedHashMap<>();
    Map<String, Boolean> activities = new LinkedHashMap<>();
    collect(statement, true, agents, activities);
    addAgent(statement.get("authority"), false, agents);

    String verbId = statement.path("verb").path("id").asText();
    Optional<UUID> registration = uuid(statement.path("context").get("registration"));
    JsonNode object = statement.path("object");
    Optional<UUID> objectRef = "StatementRef".equals(object.path("objectType").asText())
        ? uuid(object.get("id"))
        : Optional.empty();
    Optional<UUID> voided = VOIDED.equals(verbId) ? objectRef : Optional.empty();
    return new IndexKeys(verbId, registration, objectRef, voided, agents, activities);
  }

  /** The activity ids of a statement's object position, as {@code activity} matches them. */
  public List<String> directActivities() {
    return activities.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
  }

  private static void collect(
      JsonNode statement, boolean top, Map<String, Boolean> agents, Map<String, Boolean> activities) {
    addAgent(statement.get("actor"), top, agents);
    JsonNode object = statement.path("object");
    String objectType = object.path("objectType").asText("Activity");
    switch (objectType) {
      case "Agent", "Group" -> addAgent(object, top, agents);
      case "SubStatement" -> collect(object, false, agents, activities);
      case "Activity" -> addActivity(object.get("id"), top, activities);
      default -> { } // StatementRef: nothing to index
    }
    JsonNode context = statement.path("context");
    addAgent(context.get("instructor"), false, agents);
    addAgent(context.get("team"), false, agents);
    for (JsonNode contextAgent : context.path("contextAgents")) {
      addAgent(contextAgent.get("agent"), false, agents);
    }
    for (JsonNode contextGroup : context.path("contextGroups")) {
      addAgent(contextGroup.get("group"), false, agents);
    }
    JsonNode contextActivities = context.path("contextActivities");
    for (String kind : List.of("parent", "grouping", "category", "other")) {
      JsonNode list = contextActivities.get(kind);
      if (list == null) {
        continue;
      }
      if (list.isObject()) {
        addActivity(list.get("id"), false, activities);
      } else {
        for (JsonNode activity : list) {
          addActivity(activity.get("id"), false, activities);
        }
      }
    }
  }

  private static void addAgent(JsonNode agent, boolean direct, Map<String, Boolean> agents) {
    if (agent == null || !agent.isObject()) {
      return;
    }
    Agents.ifiKey(agent).ifPresent(key -> agents.merge(key, direct, Boolean::logicalOr));
    for (JsonNode member : agent.path("member")) {
      Agents.ifiKey(member).ifPresent(key -> agents.merge(key, false, Boolean::logicalOr));
    }
  }

  private static void addActivity(JsonNode id, boolean direct, Map<String, Boolean> activities) {
    if (id != null && id.isTextual()) {
      activities.merge(id.asText(), direct, Boolean::logicalOr);
    }
  }

  private static Optional<UUID> uuid(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(node.asText()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
