-- A milestone reached again after its request was withdrawn (evidence behind it voided) gets a new
-- request: at most one live (not withdrawn) request per person, achievement and ladder version, with
-- any number of withdrawn ones before it, each with its own withdrawal time. The key is an expression
-- rather than a partial index (where withdrawn is null): a partial index matches the issuer's claim,
-- and on a fresh outbox's statistics the planner then reads and sorts every live request for each
-- claim instead of walking the primary key to the first unclaimed ones.
alter table issuance_requests drop constraint issuance_requests_person_id_achievement_id_ladder_version_key;
create unique index issuance_requests_live
  on issuance_requests (person_id, achievement_id, ladder_version, coalesce(withdrawn, 'infinity'));
