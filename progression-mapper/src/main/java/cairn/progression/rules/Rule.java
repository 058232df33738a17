package cairn.progression.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evidence rule: which statements count as evidence for which competency at which level, and
 * whether they count for (positive) or against (negative) it.
 *
 * @param id unique within its rule set
 * @param competency the CFItem URI
 * @param level the rubric level (1-based) the evidence supports
 * @param positiveVerbs verbs that are positive evidence (ADL verbs in their adlnet.gov spelling)
 * @param negativeVerbs verbs that are negative evidence
 * @param activities activity ids the object or a parent/grouping context activity must match; a
 *     trailing {@code *} matches a prefix; empty matches any
 * @param activityTypes object definition types, empty for any
 * @param categories context category activity ids of which one must be present, empty for any
 * @param registration a required context registration, or null
 * @param instructor true: an instructor must be named; false: none may be; null: either
 * @param success a required result.success, or null
 * @param completion a required result.completion, or null
 * @param minScaled a minimum result.score.scaled for positive evidence, or null
 * @param masteryScore compare result.score.scaled with the cmi5 masteryScore context extension
 * @param contextExtensions required context extension values ({@code "*"}: present)
 * @param resultExtensions required result extension values ({@code "*"}: present)
 * @param validDays evidence expires this many days after its timestamp, or null for never
 */
public record Rule(
    String id,
    String competency,
    int level,
    Set<String> positiveVerbs,
    Set<String> negativeVerbs,
    List<String> activities,
    List<String> activityTypes,
    List<String> categories,
    String registration,
    Boolean instructor,
    Boolean success,
    Boolean completion,
    Double minScaled,
    boolean masteryScore,
    Map<String, JsonNode> contextExtensions,
    Map<String, JsonNode> resultExtensions,
    Integer validDays) {

  /** Empty when the statement is no evidence for this rule, else whether it is positive. */
  public Boolean match(StatementView s) {
    boolean positive = positiveVerbs.contains(s.verb());
    boolean negative = !positive && negativeVerbs.contains(s.verb());
    if (!positive && !negative) {
      return null;
    }
    if (!activities.isEmpty() && !activityMatches(s)) {
      return null;
    }
    if (!activityTypes.isEmpty() && (s.objectType() == null || !activityTypes.contains(s.objectType()))) {
      return null;
    }
    if (!categories.isEmpty() && s.categories().stream().noneMatch(categories::contains)) {
      return null;
    }
    if (registration != null && !registration.equalsIgnoreCase(s.registration())) {
      return null;
    }
    if (instructor != null && instructor != (s.instructor() != null)) {
      return null;
    }
    if (!extensionsMatch(contextExtensions, s.contextExtensions())
        || !extensionsMatch(resultExtensions, s.result().path("extensions"))) {
      return null;
    }
    JsonNode successNode = s.result().path("success");
    JsonNode completionNode = s.result().path("completion");
    if (success != null && (!successNode.isBoolean() || successNode.asBoolean() != success)) {
      return null;
    }
    if (completion != null && (!completionNode.isBoolean() || completionNode.asBoolean() != completion)) {
      return null;
    }
    if (positive) {
      // a "passed" that says it did not succeed, or scores below the bar, is no evidence at all
      if (successNode.isBoolean() && !successNode.asBoolean()) {
        return null;
      }
      if (completionNode.isBoolean() && !completionNode.asBoolean() && s.verb().endsWith("/completed")) {
        return null;
      }
      Double scaled = s.scaled().orElse(null);
      if (minScaled != null && (scaled == null || scaled < minScaled)) {
        return null;
      }
      if (masteryScore && scaled != null && s.masteryScore().isPresent() && scaled < s.masteryScore().get()) {
        return null;
      }
    }
    return positive;
  }

  private boolean activityMatches(StatementView s) {
    for (String pattern : activities) {
      if (matches(pattern, s.objectId())) {
        return true;
      }
      for (String id : s.contextActivities()) {
        if (matches(pattern, id)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String id) {
    if (id == null) {
      return false;
    }
    return pattern.endsWith("*") ? id.startsWith(pattern.substring(0, pattern.length() - 1)) : id.equals(pattern);
  }

  private static boolean extensionsMatch(Map<String, JsonNode> required, JsonNode actual) {
    for (Map.Entry<String, JsonNode> e : required.entrySet()) {
      JsonNode value = actual.get(e.getKey());
      if (value == null || value.isNull()) {
        return false;
      }
      JsonNode wanted = e.getValue();
      if (wanted.isTextual() && wanted.asText().equals("*")) {
        continue;
      }
      if (wanted.isNumber() && value.isNumber() ? wanted.decimalValue().compareTo(value.decimalValue()) != 0
          : !wanted.equals(value)) {
        return false;
      }
    }
    return true;
  }
}
