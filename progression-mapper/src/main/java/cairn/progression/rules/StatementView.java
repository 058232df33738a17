package cairn.progression.rules;

import cairn.xapi.Agents;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an xAPI statement (1.0.3 Part Two §2.4; IEEE 9274.1.1-2023 §4.2) that evidence
 * rules match on, read once per statement.
 */
public record StatementView(
    JsonNode body,
    String actor,
    String verb,
    String objectId,
    String objectType,
    String objectAgent,
    List<String> contextActivities,
    List<String> categories,
    String registration,
    String instructor,
    JsonNode result,
    JsonNode contextExtensions) {

  private static final String ADL_W3ID = "https://w3id.org/xapi/adl/verbs/";
  private static final String ADL = "http://adlnet.gov/expapi/verbs/";

  public static StatementView of(JsonNode body) {
    JsonNode object = body.path("object");
    String objectKind = object.path("objectType").asText("Activity");
    boolean agentObject = objectKind.equals("Agent") || objectKind.equals("Group");
    JsonNode context = body.path("context");
    List<String> activities = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    JsonNode ca = context.path("contextActivities");
    for (String kind : List.of("parent", "grouping", "category", "other")) {
      JsonNode list = ca.path(kind);
      if (list.isObject()) {
        add(list, kind, activities, categories);
      } else {
        list.forEach(a -> add(a, kind, activities, categories));
      }
    }
    return new StatementView(body,
        Agents.ifiKey(body.path("actor")).orElse(null),
        verb(body.path("verb").path("id").asText("")),
        agentObject ? null : object.path("id").asText(null),
        object.path("definition").path("type").asText(null),
        agentObject ? Agents.ifiKey(object).orElse(null) : null,
        activities, categories,
        context.path("registration").asText(null),
        Agents.ifiKey(context.path("instructor")).orElse(null),
        body.path("result"),
        context.path("extensions"));
  }

  private static void add(JsonNode activity, String kind, List<String> activities, List<String> categories) {
    String id = activity.path("id").asText(null);
    if (id == null) {
      return;
    }
    if (kind.equals("category")) {
      categories.add(id);
    } else if (!kind.equals("other")) {
      activities.add(id);
    }
  }

  /** ADL verbs under w3id.org and adlnet.gov are the same verb (cmi5 spec §9.3; both spellings occur). */
  public static String verb(String id) {
    return id.startsWith(ADL_W3ID) ? ADL + id.substring(ADL_W3ID.length()) : id;
  }

  /** Every verb id that {@link #verb} reads as this verb: the verb itself, and its w3id.org spelling for an ADL verb. */
  public static List<String> spellings(String verb) {
    return verb.startsWith(ADL) ? List.of(verb, ADL_W3ID + verb.substring(ADL.length())) : List.of(verb);
  }

  public Optional<Double> scaled() {
    JsonNode scaled = result.path("score").path("scaled");
    return scaled.isNumber() ? Optional.of(scaled.asDouble()) : Optional.empty();
  }

  public Optional<Double> masteryScore() {
    JsonNode mastery = contextExtensions.path("https://w3id.org/xapi/cmi5/context/extensions/masteryscore");
    return mastery.isNumber() ? Optional.of(mastery.asDouble()) : Optional.empty();
  }

  /** The timestamp (set by the LRS when the client gave none), else stored. */
  public String timestamp() {
    return body.path("timestamp").asText(body.path("stored").asText());
  }

  /**
   * Self-asserted: the authority that vouches for the statement is the learner (its IFI is the
   * actor's, or it is an OAuth-style Group with the actor as a member; 1.0.3 Part Two §2.4.9) and
   * no instructor or assessor is named in the context.
   */
  public boolean selfAsserted() {
    if (actor == null || instructor != null) {
      return false;
    }
    JsonNode authority = body.path("authority");
    if (actor.equals(Agents.ifiKey(authority).orElse(null))) {
      return true;
    }
    for (JsonNode member : authority.path("member")) {
      if (actor.equals(Agents.ifiKey(member).orElse(null))) {
        return true;
      }
    }
    return false;
  }
}
