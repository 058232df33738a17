package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Activities and their definitions, including interaction activities (1.0.3 Part Two §2.4.4.1;
 * IEEE 9274.1.1-2023 §4.2.2.3).
 */
final class ActivityRules {
  private ActivityRules() {}

  private static final Set<String> ACTIVITY_KEYS = Set.of("objectType", "id", "definition");
  private static final Set<String> DEFINITION_KEYS = Set.of("name", "description", "type",
      "moreInfo", "interactionType", "correctResponsesPattern", "choices", "scale", "source",
      "target", "steps", "extensions");
  private static final Set<String> COMPONENT_KEYS = Set.of("id", "description");
  private static final Set<String> INTERACTION_TYPES = Set.of("true-false", "choice", "fill-in",
      "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other");
  private static final String[] COMPONENT_LISTS = {"choices", "scale", "source", "target", "steps"};

  /** An Activity; its objectType, if present, is already known to be "Activity". */
  static void activity(JsonNode node, JsonPath path, String what) {
    ObjectNode activity = Checks.object(node, path, what);
    Checks.onlyKeys(activity, path, ACTIVITY_KEYS, "an Activity");
    JsonNode type = activity.get("objectType");
    if (type != null && !"Activity".equals(type.textValue())) {
      throw Checks.fail(path.field("objectType"), what + " objectType must be \"Activity\"");
    }
    Checks.iri(Checks.required(activity, "id", path, "an Activity"), path.field("id"),
        "Activity id");
    JsonNode definition = activity.get("definition");
    if (definition != null) {
      definition(definition, path.field("definition"));
    }
  }

  private static void definition(JsonNode node, JsonPath path) {
    ObjectNode def = Checks.object(node, path, "Activity definition");
    Checks.onlyKeys(def, path, DEFINITION_KEYS, "an Activity definition");
    JsonNode name = def.get("name");
    if (name != null) {
      Checks.languageMap(name, path.field("name"), "name");
    }
    JsonNode description = def.get("description");
    if (description != null) {
      Checks.languageMap(description, path.field("description"), "description");
    }
    JsonNode type = def.get("type");
    if (type != null) {
      Checks.iri(type, path.field("type"), "Activity type");
    }
    JsonNode moreInfo = def.get("moreInfo");
    if (moreInfo != null) {
      Checks.iri(moreInfo, path.field("moreInfo"), "moreInfo (an IRL)");
    }
    JsonNode extensions = def.get("extensions");
    if (extensions != null) {
      Checks.extensions(extensions, path.field("extensions"));
    }
    interaction(def, path);
  }

  /**
   * Interaction properties (1.0.3 §2.4.4.1 "Interaction Activities"): interactionType from the
   * fixed list, required as soon as any interaction property is used (XAPI-00064); the response
   * pattern an array of strings; component lists arrays of {id, description} with distinct ids.
   */
  private static void interaction(ObjectNode def, JsonPath path) {
    JsonNode interactionType = def.get("interactionType");
    JsonNode pattern = def.get("correctResponsesPattern");
    boolean usesInteraction = pattern != null;
    for (String list : COMPONENT_LISTS) {
      usesInteraction |= def.has(list);
    }
    if (interactionType == null) {
      if (usesInteraction) {
        throw Checks.fail(path.field("interactionType"), "an Activity definition using "
            + "correctResponsesPattern, choices, scale, source, target or steps must have an "
            + "interactionType");
      }
      return;
    }
    String it = Checks.string(interactionType, path.field("interactionType"), "interactionType");
    if (!INTERACTION_TYPES.contains(it)) {
      throw Checks.fail(path.field("interactionType"), "interactionType must be one of "
          + "true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, "
          + "likert, numeric, other; got \"" + it + "\"");
    }
    if (pattern != null) {
      JsonPath at = path.field("correctResponsesPattern");
      ArrayNode patterns = Checks.array(pattern, at, "correctResponsesPattern");
      for (int i = 0; i < patterns.size(); i++) {
        Checks.string(patterns.get(i), at.index(i), "a correct response pattern");
      }
    }
    for (String list : COMPONENT_LISTS) {
      JsonNode components = def.get(list);
      if (components != null) {
        components(components, path.field(list), list);
      }
    }
  }

  private static void components(JsonNode node, JsonPath path, String list) {
    ArrayNode components = Checks.array(node, path, list);
    Set<String> ids = components.size() > 1 ? new HashSet<>() : null;
    for (int i = 0; i < components.size(); i++) {
      JsonPath at = path.index(i);
      ObjectNode component = Checks.object(components.get(i), at, "an interaction component");
      Checks.onlyKeys(component, at, COMPONENT_KEYS, "an interaction component");
      String id = Checks.nonEmptyString(
          Checks.required(component, "id", at, "an interaction component"), at.field("id"),
          "interaction component id");
      if (ids != null && !ids.add(id)) {
        throw Checks.fail(at.field("id"), "interaction component ids in " + list
            + " must be distinct; \"" + id + "\" repeats");
      }
      JsonNode description = component.get("description");
      if (description != null) {
        Checks.languageMap(description, at.field("description"), "description");
      }
    }
  }
}
