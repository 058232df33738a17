package cairn.progression.people;

/** The progress read: a handful of rows per person, however many statements they have. */
final class ProgressSql {
  private ProgressSql() {}

  static final String MASTERY = """
      select framework_id, competency, level, direct_level, since, valid_until, explanation::text as explanation
      from progression.mastery where consumer = $1 and person_id = $2 order by framework_id, competency""";
  static final String STATUS = """
      select ladder_id, ladder_version, status::text as status from progression.ladder_status
      where consumer = $1 and person_id = $2 order by ladder_id""";
  static final String MILESTONES = """
      select ladder_id, ladder_version, milestone_id, reached_at, explanation::text as explanation
      from progression.milestones where consumer = $1 and person_id = $2 order by reached_at, ladder_id, milestone_id""";
  static final String ISSUANCE = """
      select id, achievement_id, ladder_id, ladder_version, reached_at, created, recipient::text as recipient,
             achievement::text as achievement, evidence::text as evidence, withdrawn, withdrawn_reason
      from progression.issuance_requests where person_id = $1 order by id""";
  static final String NAMES = """
      select i.uri, i.full_statement, i.human_coding_scheme from progression.framework_items i
      where i.uri = any($1::text[])""";
}
