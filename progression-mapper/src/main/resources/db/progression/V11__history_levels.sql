-- Per person, their levels in statement time as of the latest moment of their history the mapper has
-- seen (at: the latest time of their evidence, sessions and endorsements), encoded by
-- feed/Checkpoint. A round whose changes for the person all lie after that moment — statements in
-- time order — evaluates the person's history on from these levels and reads only the evidence of the
-- competencies that changed or expire meanwhile, instead of all of it (docs/progression.md,
-- "Milestones in statement time"). One small row per person, rewritten in place as it moves on; a
-- person without a row, or with changes at or before its moment, is derived from all their evidence
-- and gets it again.
create table history_levels (
  consumer  text not null,
  person_id text not null,
  at        timestamptz not null,
  levels    bytea not null,
  primary key (consumer, person_id)
) with (fillfactor = 70);

-- A round reads every mentoring session of the persons it derives, and a mentor holds many (late in
-- the progression benchmark ~150 each, for a few hundred mentors): reading them from the facts' heap
-- cost a page per session, scattered over the table. These partial indexes hold the columns the read
-- needs, so it is an index-only scan of a mentor's (or mentee's) sessions side by side; the
-- consumer's own VACUUM keeps the visibility map current for that (FeedConsumer#analyzeIfGrown).
create index facts_sessions_mentor on facts (consumer, subject)
  include (other, competency, session_key, statement_id, at, positive, outcome_at) where kind = 'session';
create index facts_sessions_mentee on facts (consumer, other)
  include (subject, competency, session_key, statement_id, at, positive, outcome_at) where kind = 'session';
-- Likewise a learner's evidence, read by competency (and whole, and by the sessions' outcomes).
drop index facts_competency;
create index facts_competency on facts (consumer, subject, competency, at)
  include (framework_id, rule_id, level, positive, self_asserted, valid_days, statement_id) where kind = 'evidence';
