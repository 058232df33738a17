package cairn.progression.pages;

import cairn.progression.frameworks.Framework;
import cairn.progression.ladders.Ladder;
import cairn.web.pages.Text;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ladder's requirements in words: the criteria of a milestone, and what is still missing for the
 * next one — "Advanced in Distributed systems: pass Designing Distributed Systems with a score of
 * 90% or more" — from the gap the milestone evaluator computes (its {@code ways}: the rules that
 * would give the level, with their verbs, activities and minimum score).
 */
final class Words {
  private Words() {}

  static List<String> criteria(Ladder.Milestone milestone, Framework framework) {
    List<String> lines = new ArrayList<>();
    for (Ladder.CompetencyRequirement req : milestone.competencies()) {
      lines.add(Text.get("progress.criterion.competency", itemName(framework, req.item()),
          levelName(framework, req.item(), req.level())));
    }
    if (milestone.mentoring() != null) {
      if (milestone.mentoring().given() > 0) {
        lines.add(Text.get("progress.criterion.mentoringGiven", milestone.mentoring().given()));
      }
      if (milestone.mentoring().received() > 0) {
        lines.add(Text.get("progress.criterion.mentoringReceived", milestone.mentoring().received()));
      }
    }
    if (milestone.endorsers() > 0) {
      lines.add(Text.get("progress.criterion.endorsers", milestone.endorsers()));
    }
    return lines;
  }

  static List<String> missing(JsonNode missing, Framework framework, Map<String, String> activityNames) {
    List<String> lines = new ArrayList<>();
    for (JsonNode m : missing) {
      switch (m.path("type").asText()) {
        case "competency" -> {
          String item = m.path("item").asText();
          String name = framework == null ? ProgressPages.name(m.path("name").asText(null), item)
              : itemName(framework, item);
          int required = m.path("required").asInt();
          String wanted = m.hasNonNull("requiredQuality") ? m.get("requiredQuality").asText()
              : framework == null ? Text.get("progress.level", required) : levelName(framework, item, required);
          List<String> ways = new ArrayList<>();
          for (JsonNode way : m.path("ways")) {
            ways.add(way(way, activityNames));
          }
          boolean parent = framework != null && framework.children().containsKey(item);
          String how = !ways.isEmpty() ? String.join(Text.get("progress.or"), ways)
              : parent ? Text.get("progress.missing.fromParts") : Text.get("progress.missing.noWay");
          int level = m.path("level").asInt();
          String now = level == 0 ? Text.get("progress.missing.noLevelYet")
              : Text.get("progress.missing.now", framework == null ? Text.get("progress.level", level)
                  : levelName(framework, item, level));
          lines.add(Text.get("progress.missing.competency", wanted, name, how, now));
        }
        case "mentoring-given", "mentoring-received" -> lines.add(Text.get(
            "progress.missing." + ("mentoring-given".equals(m.path("type").asText()) ? "mentoringGiven" : "mentoringReceived"),
            m.path("required").asInt() - m.path("counted").asInt(), m.path("counted").asInt(), m.path("required").asInt(),
            m.path("withoutOutcomeYet").asInt()));
        case "endorsers" -> lines.add(Text.get("progress.missing.endorsers",
            m.path("required").asInt() - m.path("distinct").asInt(), m.path("distinct").asInt(),
            m.path("required").asInt()));
        default -> lines.add(m.toString());
      }
    }
    return lines;
  }

  /** One way to get a level: "pass Designing Distributed Systems with a score of 90% or more". */
  static String way(JsonNode way, Map<String, String> activityNames) {
    List<String> verbs = new ArrayList<>();
    way.path("verbs").forEach(v -> verbs.add(verb(v.asText())));
    List<String> activities = new ArrayList<>();
    way.path("activities").forEach(a -> activities.add(activity(a.asText(), activityNames)));
    String doing = verbs.isEmpty() ? Text.get("progress.way.anyVerb") : join(verbs);
    String what = activities.isEmpty() ? Text.get("progress.way.anyActivity") : join(activities);
    String score = way.hasNonNull("minScaled")
        ? Text.get("progress.way.score", Math.round(way.get("minScaled").asDouble() * 100)) : "";
    return doing + " " + what + score;
  }

  private static String join(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + Text.get("progress.or") + words.get(words.size() - 1);
  }

  /** A verb as something to do: its IRI's last segment, from the past tense to the plain form where known. */
  static String verb(String iri) {
    String last = iri.substring(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1).toLowerCase(Locale.ROOT);
    return switch (last) {
      case "passed" -> Text.get("progress.verb.passed");
      case "completed" -> Text.get("progress.verb.completed");
      case "mastered" -> Text.get("progress.verb.mastered");
      case "satisfied" -> Text.get("progress.verb.satisfied");
      case "attended" -> Text.get("progress.verb.attended");
      case "mentored" -> Text.get("progress.verb.mentored");
      default -> last;
    };
  }

  /** An activity by its name; an id prefix ({@code …*}) as the courses under it; else the id's last segment in words. */
  static String activity(String id, Map<String, String> names) {
    if (names.containsKey(id)) {
      return names.get(id);
    }
    boolean prefix = id.endsWith("*");
    String bare = prefix ? id.substring(0, id.length() - 1) : id;
    String trimmed = bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1).replace('-', ' ').replace('_', ' ');
    String words = last.isEmpty() ? trimmed : Character.toUpperCase(last.charAt(0)) + last.substring(1);
    return prefix ? Text.get("progress.way.under", words) : words;
  }

  static String itemName(Framework framework, String uri) {
    Framework.Item item = framework.items().get(uri);
    if (item == null) {
      return ProgressPages.name(null, uri);
    }
    return (item.humanCodingScheme() == null ? "" : item.humanCodingScheme() + " ") + item.fullStatement();
  }

  static String levelName(Framework framework, String uri, int level) {
    return framework.level(uri, level).map(Framework.Level::quality).filter(q -> q != null && !q.isBlank())
        .orElse(Text.get("progress.level", level));
  }
}
