-- A revoked credential no longer holds its (person, achievement, ladder version): a milestone reached
-- again after its credential was revoked (a new outbox request) is issued anew, and so may a manual
-- credential be. At most one credential per key is not revoked; the plain index on the key serves
-- the outbox claim, which looks for any credential of the key that is live or is the request's own.
alter table credentials drop constraint credentials_person_id_achievement_id_ladder_version_key;
create unique index credentials_live on credentials (person_id, achievement_id, ladder_version) where revoked is null;
create index credentials_key on credentials (person_id, achievement_id, ladder_version);
