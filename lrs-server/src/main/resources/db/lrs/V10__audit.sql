-- The LRS's audit trail: who created or revoked an API credential, or backed up or restored the
-- database, and when. A credential change writes its entry in its own transaction; `actor` is
-- `api-key:<key>` for the admin API, `cli:<os user>` for `cairn admin`, `bootstrap` for
-- CAIRN_BOOTSTRAP_KEY. Never a secret: `detail` holds names and scopes only.
create table audit (
  id      bigint generated always as identity primary key,
  at      timestamptz not null default now(),
  actor   text not null,
  action  text not null,
  subject text,
  detail  jsonb
);
create index audit_subject on audit (subject, id);
