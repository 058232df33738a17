package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A statement's context (1.0.3 Part Two §2.4.6; IEEE 9274.1.1-2023 §4.2.2.5, which adds
 * {@code contextAgents} and {@code contextGroups}).
 */
final class ContextRules {
  private ContextRules() {}

  private static final Set<String> CONTEXT_KEYS_1 = Set.of("registration", "instructor", "team",
      "contextActivities", "revision", "platform", "language", "statement", "extensions");
  private static final Set<String> CONTEXT_KEYS_2 = Set.of("registration", "instructor", "team",
      "contextActivities", "revision", "platform", "language", "statement", "extensions",
      "contextAgents", "contextGroups");
  private static final Set<String> CONTEXT_ACTIVITY_KEYS =
      Set.of("parent", "grouping", "category", "other");
  private static final Set<String> CONTEXT_AGENT_KEYS =
      Set.of("objectType", "agent", "relevantTypes");
  private static final Set<String> CONTEXT_GROUP_KEYS =
      Set.of("objectType", "group", "relevantTypes");

  static void context(JsonNode node, JsonPath path, XapiVersion version, boolean objectIsActivity) {
    ObjectNode ctx = Checks.object(node, path, "context");
    Checks.onlyKeys(ctx, path,
        version == XapiVersion.V2_0_0 ? CONTEXT_KEYS_2 : CONTEXT_KEYS_1, "a context");
    JsonNode registration = ctx.get("registration");
    if (registration != null) {
      Checks.uuid(registration, path.field("registration"), "registration");
    }
    JsonNode instructor = ctx.get("instructor");
    if (instructor != null) {
      ActorRules.agentOrGroup(instructor, path.field("instructor"), "instructor", false);
    }
    JsonNode team = ctx.get("team");
    if (team != null) {
      ActorRules.group(team, path.field("team"), "team");
    }
    JsonNode contextActivities = ctx.get("contextActivities");
    if (contextActivities != null) {
      contextActivities(contextActivities, path.field("contextActivities"));
    }
    // §2.4.6: revision and platform describe an Activity, so only make sense when the object is one
    for (String activityOnly : new String[] {"revision", "platform"}) {
      JsonNode v = ctx.get(activityOnly);
      if (v != null) {
        Checks.string(v, path.field(activityOnly), activityOnly);
        if (!objectIsActivity) {
          throw Checks.fail(path.field(activityOnly),
              "context " + activityOnly + " is only allowed when the object is an Activity");
        }
      }
    }
    JsonNode language = ctx.get("language");
    if (language != null) {
      Checks.languageTag(Checks.string(language, path.field("language"), "language"),
          path.field("language"), "context language");
    }
    JsonNode statement = ctx.get("statement");
    if (statement != null) {
      StatementValidator.statementRef(statement, path.field("statement"));
    }
    JsonNode extensions = ctx.get("extensions");
    if (extensions != null) {
      Checks.extensions(extensions, path.field("extensions"));
    }
    JsonNode contextAgents = ctx.get("contextAgents");
    if (contextAgents != null) {
      contextAgents(contextAgents, path.field("contextAgents"));
    }
    JsonNode contextGroups = ctx.get("contextGroups");
    if (contextGroups != null) {
      contextGroups(contextGroups, path.field("contextGroups"));
    }
  }

  /** §2.4.6.2: keys parent/grouping/category/other, each an Activity or an array of them. */
  private static void contextActivities(JsonNode node, JsonPath path) {
    ObjectNode ca = Checks.object(node, path, "contextActivities");
    Checks.onlyKeys(ca, path, CONTEXT_ACTIVITY_KEYS, "contextActivities");
    var fields = ca.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      JsonPath at = path.field(e.getKey());
      JsonNode value = e.getValue();
      if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          ActivityRules.activity(value.get(i), at.index(i), "a context activity");
        }
      } else if (value.isObject()) {
        ActivityRules.activity(value, at, "a context activity");
      } else {
        throw Checks.fail(at, "contextActivities " + e.getKey()
            + " must be an Activity or an array of Activities");
      }
    }
  }

  /** 2.0 §4.2.2.5: [{objectType "contextAgent", agent (an Agent), relevantTypes?}]. */
  private static void contextAgents(JsonNode node, JsonPath path) {
    ArrayNode list = Checks.array(node, path, "contextAgents");
    for (int i = 0; i < list.size(); i++) {
      JsonPath at = path.index(i);
      ObjectNode ca = Checks.object(list.get(i), at, "a contextAgent");
      Checks.onlyKeys(ca, at, CONTEXT_AGENT_KEYS, "a contextAgent");
      objectType(ca, at, "contextAgent");
      ActorRules.agent(Checks.required(ca, "agent", at, "a contextAgent"), at.field("agent"),
          "contextAgent agent");
      relevantTypes(ca, at);
    }
  }

  /** 2.0 §4.2.2.5: [{objectType "contextGroup", group (a Group), relevantTypes?}]. */
  private static void contextGroups(JsonNode node, JsonPath path) {
    ArrayNode list = Checks.array(node, path, "contextGroups");
    for (int i = 0; i < list.size(); i++) {
      JsonPath at = path.index(i);
      ObjectNode cg = Checks.object(list.get(i), at, "a contextGroup");
      Checks.onlyKeys(cg, at, CONTEXT_GROUP_KEYS, "a contextGroup");
      objectType(cg, at, "contextGroup");
      ActorRules.group(Checks.required(cg, "group", at, "a contextGroup"), at.field("group"),
          "contextGroup group");
      relevantTypes(cg, at);
    }
  }

  private static void objectType(ObjectNode node, JsonPath path, String expected) {
    JsonNode type = Checks.required(node, "objectType", path, "a " + expected);
    if (!expected.equals(type.textValue())) {
      throw Checks.fail(path.field("objectType"), "objectType must be \"" + expected + "\"");
    }
  }

  private static void relevantTypes(ObjectNode node, JsonPath path) {
    JsonNode types = node.get("relevantTypes");
    if (types == null) {
      return;
    }
    JsonPath at = path.field("relevantTypes");
    ArrayNode list = Checks.array(types, at, "relevantTypes");
    if (list.isEmpty()) {
      throw Checks.fail(at, "relevantTypes must not be empty when present");
    }
    for (int i = 0; i < list.size(); i++) {
      Checks.iri(list.get(i), at.index(i), "a relevant type");
    }
  }
}
