-- Milestones in statement time (docs/progression.md, "Milestones in statement time"). The milestones
-- table now holds when each milestone was first reached by statement timestamp, with the evidence that
-- made it hold then — history, not the current standing (ladder_status shows that) — and when the
-- levels it rested on would lapse by expiry (valid_until, which the issuer puts in the credential).
alter table milestones add column valid_until timestamptz;
alter table issuance_requests add column valid_until timestamptz;
-- A rule change rewinds the consumers and replays the log: while a consumer replays, persons are
-- derived from part of their evidence, so it writes nothing to the issuance outbox; when it has caught
-- up, it derives everyone once more and brings the outbox in line.
alter table feed_cursors add column replaying boolean not null default false;
-- Facts are represented by their earliest live statement by timestamp, then id (not by arrival).
create index fact_statements_time on fact_statements (consumer, content_hash, at, statement_id);
drop index fact_statements_hash;
-- Everyone's milestones are derived again in statement time, once.
insert into dirty_persons (consumer, person_id)
select c.consumer, p.person_id from feed_cursors c cross join people p
on conflict do nothing;
