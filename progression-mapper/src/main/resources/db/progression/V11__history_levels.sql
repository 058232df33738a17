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
