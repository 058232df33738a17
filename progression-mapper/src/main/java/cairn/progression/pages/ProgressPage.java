package cairn.progression.pages;

import java.util.List;

/**
 * The model of {@code progress.jte}: a person's competencies by name with their level and the
 * evidence behind each, and each career ladder with its milestones — reached (when), the next one
 * with what is missing in words, and the criteria of every one.
 */
public record ProgressPage(String personName, List<Competency> competencies, List<LadderView> ladders) {

  /** A competency, its level in words, since when, and the learning records behind it. */
  public record Competency(String id, String name, String level, String since, String validUntil, int supporting,
      List<Evidence> evidence, String rollup) {}

  /** One learning record behind a level: the activity, what happened, score, date, and the rule that counted it. */
  public record Evidence(String activity, String what, String score, String date, String rule) {}

  /** A ladder, its milestones in order, and how many are reached. */
  public record LadderView(String id, String title, List<MilestoneView> milestones, int reached) {}

  /**
   * A milestone: reached (when) or not; for the next one, what is missing in words; and, for every
   * one, its criteria.
   */
  public record MilestoneView(String id, String name, String description, String reachedAt, boolean next,
      List<String> missing, List<String> criteria) {
    public String state() {
      return reachedAt != null ? "reached" : next ? "next" : "later";
    }
  }
}
