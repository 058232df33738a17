-- A milestone reached again after its request was withdrawn (evidence behind it voided) gets a new
-- request: at most one live (not withdrawn) request per person, achievement and ladder version, with
-- any number of withdrawn ones before it.
alter table issuance_requests drop constraint issuance_requests_person_id_achievement_id_ladder_version_key;
create unique index issuance_requests_live on issuance_requests (person_id, achievement_id, ladder_version)
  where withdrawn is null;
