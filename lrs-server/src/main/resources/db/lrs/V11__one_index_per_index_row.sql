-- One btree entry per agent and activity row instead of three. Each row was in its primary key
-- (seq, key), a `related` index (key, stored, seq) and, when direct, a `direct` partial index with
-- the same columns: five or six index entries for the two or three rows of a typical statement, the
-- larger part of what storing a statement cost beyond the statement itself (docs/benchmarks.md, "The
-- floor"). Now one btree (key, direct, stored, seq) serves them all:
--   agent=X                 the range (X, true), in (stored, seq) order;
--   agent=X&related_agents  the ranges (X, false) and (X, true), each in order, merged (QuerySql);
--   the match of one statement (a StatementRef target, agent and activity together): an exact probe
--                           (key, direct, stored, seq), the statement's own stored copied to its rows.
-- Deleting a statement's rows by seq (erasure, retention) reads a BRIN summary of seq: rows are
-- appended in seq order, so a block range holds a narrow band of seqs, and BRIN costs next to
-- nothing to keep up.
drop index statement_agents_related;
drop index statement_agents_direct;
alter table statement_agents drop constraint statement_agents_pkey;
create index statement_agents_key on statement_agents (agent, direct, stored, seq);
create index statement_agents_seq on statement_agents using brin (seq) with (pages_per_range = 16);

drop index statement_activities_related;
drop index statement_activities_direct;
alter table statement_activities drop constraint statement_activities_pkey;
create index statement_activities_key on statement_activities (activity, direct, stored, seq);
create index statement_activities_seq on statement_activities using brin (seq) with (pages_per_range = 16);
