-- What a round needs to build on a stored mastery row instead of deriving it again from the
-- evidence: the statements behind the level (Mastery.statements, at most ten; a rollup lists its
-- children's, which its explanation does not) and when the next piece of its own evidence expires
-- (refresh_at). A round then reads only the evidence of the competencies whose evidence changed.
-- A person with rows from before this migration (statements null) is derived in full once.
alter table mastery add column statements uuid[], add column refresh_at timestamptz;
