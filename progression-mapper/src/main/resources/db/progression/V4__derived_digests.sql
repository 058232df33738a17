-- What each derived row was computed as: SHA-256 of its columns as the mapper wrote them. A round
-- compares a person's new state with these and writes only the rows that changed. Rows from before
-- this migration have none and are rewritten the first time their person is derived again.
alter table mastery add column digest bytea;
alter table ladder_status add column digest bytea;
alter table milestones add column digest bytea;
