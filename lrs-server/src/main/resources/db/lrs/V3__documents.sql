-- Documents of the State, Activity Profile and Agent Profile resources (1.0.3 Part Three §2.2-2.7;
-- IEEE 9274.1.1-2023 §4.1.6.2, 4.1.6.5, 4.1.6.6), and the canonical Activity definitions the
-- Activities resource serves.

-- One table for the three document resources: they differ only in which key parts they use. Unused
-- parts are '' rather than null so the primary key can hold them. `agent` is the IFI key of
-- cairn.xapi.Agents.ifiKey; `registration` a lowercase UUID. Documents are opaque bytes with their
-- Content-Type; `etag` is the SHA-1 hex of `content` (1.0.3 Part Three §3.1).
create table documents (
  resource     text not null check (resource in ('state', 'activity_profile', 'agent_profile')),
  activity_id  text not null default '',
  agent        text not null default '',
  registration text not null default '',
  doc_id       text not null,
  content_type text not null,
  content      bytea not null,
  etag         text not null,
  updated      timestamptz not null
);
-- The primary key's prefix (resource, activity_id, agent) also serves the id lists and multi-delete.
alter table documents add primary key (resource, activity_id, agent, registration, doc_id);

-- The canonical definition of each Activity, merged from the statements that carry one.
create table activities (
  id         text primary key,
  definition jsonb
);

-- Merges a newer Activity definition into the stored one: language maps (name, description) are
-- united, the newer language winning; every other property is the newer one when given.
create function merge_definition(stored jsonb, given jsonb) returns jsonb
language sql immutable as $$
  select coalesce(stored, '{}'::jsonb) || given || coalesce(
    (select jsonb_object_agg(k, (stored -> k) || (given -> k))
     from unnest(array['name', 'description']) as k
     where jsonb_typeof(stored -> k) = 'object' and jsonb_typeof(given -> k) = 'object'),
    '{}'::jsonb)
$$;
