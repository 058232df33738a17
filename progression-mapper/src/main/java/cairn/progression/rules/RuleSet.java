package cairn.progression.rules;

import cairn.progression.InvalidDefinitionException;
import cairn.progression.frameworks.Framework;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A framework's evidence rules, declared as data (see docs/progression.md "Evidence rules"),
 * validated against one framework version: every competency and level must exist there.
 *
 * @param selfAssertedMaxLevel the highest level self-asserted evidence can support
 * @param minEvidence how many surviving positive pieces of evidence a level needs
 * @param rollup per parent item URI, how its level follows from its children's
 */
public record RuleSet(
    String frameworkId,
    int version,
    int frameworkVersion,
    List<Rule> rules,
    int selfAssertedMaxLevel,
    int minEvidence,
    Rollup defaultRollup,
    Map<String, Rollup> rollup) {

  public static final String ADL = "http://adlnet.gov/expapi/verbs/";
  /** cmi5 defaults (cmi5 spec §9.3): what counts for a competency unless a rule names its verbs. */
  public static final Set<String> CMI5_POSITIVE = Set.of(ADL + "passed", ADL + "completed", ADL + "mastered",
      ADL + "satisfied");
  public static final Set<String> CMI5_NEGATIVE = Set.of(ADL + "failed");

  public RuleSet {
    rules = List.copyOf(rules);
    rollup = Map.copyOf(rollup);
  }

  public Rollup rollupOf(String itemUri) {
    return rollup.getOrDefault(itemUri, defaultRollup);
  }

  public Rule rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
  }

  /** Parses and validates; errors name the rule and its JSON path. */
  public static RuleSet parse(JsonNode json, Framework framework, int version) {
    if (json == null || !json.isObject()) {
      throw new InvalidDefinitionException("A rule set is a JSON object with a \"rules\" array.", "$");
    }
    JsonNode list = json.path("rules");
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidDefinitionException("\"rules\" must be a non-empty array of evidence rules.", "$.rules");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Rule rule = rule(list.get(i), "$.rules[" + i + "]", framework);
      if (!ids.add(rule.id())) {
        throw new InvalidDefinitionException("Rule id '" + rule.id() + "' is used twice.", "$.rules[" + i + "].id");
      }
      rules.add(rule);
    }
    int cap = intField(json, "selfAssertedMaxLevel", 1, 0, 100, "$");
    int minEvidence = intField(json, "minEvidence", 1, 1, 1000, "$");
    JsonNode rollupJson = json.path("rollup");
    Rollup defaultRollup = rollupJson.has("default")
        ? rollup(rollupJson.get("default"), "$.rollup.default", framework, null) : Rollup.ALL;
    Map<String, Rollup> perItem = new HashMap<>();
    JsonNode items = rollupJson.path("items");
    for (var it = items.fields(); it.hasNext(); ) {
      var e = it.next();
      String path = "$.rollup.items['" + e.getKey() + "']";
      Framework.Item item = framework.find(e.getKey()).orElseThrow(() -> new InvalidDefinitionException(
          "Rollup names competency '" + e.getKey() + "', which is not an item of framework " + framework.id()
              + " version " + framework.version() + ".", path));
      perItem.put(item.uri(), rollup(e.getValue(), path, framework, item));
    }
    return new RuleSet(framework.id(), version, framework.version(), rules, cap, minEvidence, defaultRollup, perItem);
  }

  private static Rollup rollup(JsonNode json, String path, Framework framework, Framework.Item item) {
    JsonNode spec = json.isTextual() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("mode", json.asText()) : json;
    String mode = spec.path("mode").asText("");
    switch (mode) {
      case "all", "any", "none":
        return new Rollup(mode, 0, Map.of());
      case "atLeast":
        return new Rollup(mode, intField(spec, "n", -1, 1, 1000, path), Map.of());
      case "weighted": {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (var it = spec.path("weights").fields(); it.hasNext(); ) {
          var e = it.next();
          Framework.Item child = framework.find(e.getKey()).orElseThrow(() -> new InvalidDefinitionException(
              "Weight for '" + e.getKey() + "', which is not an item of framework " + framework.id() + ".",
              path + ".weights"));
          if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
            throw new InvalidDefinitionException("Weights are non-negative numbers.", path + ".weights");
          }
          weights.put(child.uri(), e.getValue().asDouble());
        }
        return new Rollup(mode, 0, weights);
      }
      default:
        throw new InvalidDefinitionException("Rollup mode must be all, any, atLeast (with n) or weighted (with "
            + "weights), not '" + mode + "'" + (item == null ? "" : " for " + item.label()) + ".", path + ".mode");
    }
  }

  private static Rule rule(JsonNode json, String path, Framework framework) {
    if (!json.isObject()) {
      throw new InvalidDefinitionException("A rule is a JSON object.", path);
    }
    String id = json.path("id").asText("");
    if (!id.matches("[A-Za-z0-9._:-]{1,100}")) {
      throw new InvalidDefinitionException("Each rule needs an id of 1-100 letters, digits, '.', '_', ':' or '-'.",
          path + ".id");
    }
    String named = path + " (rule " + id + ")";
    String reference = json.path("competency").asText("");
    Framework.Item item = framework.find(reference).orElseThrow(() -> new InvalidDefinitionException(
        named + " names competency '" + reference + "', which is not a CFItem (uri, identifier or "
            + "humanCodingScheme) of framework " + framework.id() + " version " + framework.version() + ".",
        path + ".competency"));
    int level = level(json.path("level"), item, framework, named, path + ".level");
    boolean explicitVerbs = json.has("verbs") || json.has("negativeVerbs");
    Set<String> positive = explicitVerbs ? verbs(json.path("verbs"), path + ".verbs") : CMI5_POSITIVE;
    Set<String> negative = explicitVerbs ? verbs(json.path("negativeVerbs"), path + ".negativeVerbs") : CMI5_NEGATIVE;
    if (positive.isEmpty() && negative.isEmpty()) {
      throw new InvalidDefinitionException(named + " matches no verb.", path + ".verbs");
    }
    JsonNode context = json.path("context");
    JsonNode result = json.path("result");
    Double minScaled = null;
    boolean mastery = true;
    JsonNode scaled = result.path("scaled");
    if (scaled.isNumber()) {
      minScaled = scaled.asDouble();
      if (minScaled < -1 || minScaled > 1) {
        throw new InvalidDefinitionException(named + ": result.scaled is a threshold in [-1, 1].", path + ".result.scaled");
      }
      mastery = false;
    } else if (!scaled.isMissingNode() && !"masteryScore".equals(scaled.asText())) {
      throw new InvalidDefinitionException(named + ": result.scaled is a number or \"masteryScore\".",
          path + ".result.scaled");
    }
    JsonNode valid = json.path("validForDays");
    Integer validDays = valid.isMissingNode() || valid.isNull() ? null : intField(json, "validForDays", 0, 1, 36500, path);
    return new Rule(id, item.uri(), level, positive, negative,
        strings(json.path("activity"), path + ".activity"),
        strings(json.path("activityType"), path + ".activityType"),
        strings(context.path("category"), path + ".context.category"),
        context.hasNonNull("registration") ? context.get("registration").asText() : null,
        bool(context, "instructor", path + ".context"),
        bool(result, "success", path + ".result"),
        bool(result, "completion", path + ".result"),
        minScaled, mastery,
        extensions(context.path("extensions"), path + ".context.extensions"),
        extensions(result.path("extensions"), path + ".result.extensions"),
        validDays);
  }

  private static int level(JsonNode value, Framework.Item item, Framework framework, String named, String path) {
    List<Framework.Level> levels = framework.levels(item.uri());
    if (value.isInt()) {
      int level = value.asInt();
      int max = framework.maxLevel(item.uri());
      if (level < 1 || level > max) {
        throw new InvalidDefinitionException(named + ": level " + level + " is outside 1.." + max + " for "
            + item.label() + ".", path);
      }
      return level;
    }
    if (value.isTextual()) {
      for (Framework.Level l : levels) {
        if (value.asText().equalsIgnoreCase(l.quality())) {
          return l.number();
        }
      }
      throw new InvalidDefinitionException(named + ": level '" + value.asText() + "' is not a rubric level of "
          + item.label() + " (levels: " + levels.stream().map(Framework.Level::quality).toList() + ").", path);
    }
    throw new InvalidDefinitionException(named + ": level is required, a number or a rubric level's quality.", path);
  }

  private static Set<String> verbs(JsonNode json, String path) {
    Set<String> verbs = new LinkedHashSet<>();
    for (String v : strings(json, path)) {
      verbs.add(StatementView.verb(v));
    }
    return verbs;
  }

  static List<String> strings(JsonNode json, String path) {
    if (json.isMissingNode() || json.isNull()) {
      return List.of();
    }
    if (json.isTextual()) {
      return List.of(json.asText());
    }
    if (!json.isArray()) {
      throw new InvalidDefinitionException("Expected a string or an array of strings.", path);
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      if (!json.get(i).isTextual() || json.get(i).asText().isBlank()) {
        throw new InvalidDefinitionException("Expected a non-empty string.", path + "[" + i + "]");
      }
      list.add(json.get(i).asText());
    }
    return list;
  }

  private static Boolean bool(JsonNode parent, String field, String path) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new InvalidDefinitionException(field + " must be true or false.", path + "." + field);
    }
    return v.asBoolean();
  }

  private static Map<String, JsonNode> extensions(JsonNode json, String path) {
    if (json.isMissingNode() || json.isNull()) {
      return Map.of();
    }
    if (!json.isObject()) {
      throw new InvalidDefinitionException("Extensions are an object of IRI → required value (\"*\": present).", path);
    }
    Map<String, JsonNode> map = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  static int intField(JsonNode json, String field, int fallback, int min, int max, String path) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      if (fallback < 0) {
        throw new InvalidDefinitionException(field + " is required.", path + "." + field);
      }
      return fallback;
    }
    if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
      throw new InvalidDefinitionException(field + " must be an integer from " + min + " to " + max + ".",
          path + "." + field);
    }
    return v.asInt();
  }
}
