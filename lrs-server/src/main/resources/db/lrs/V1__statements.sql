-- The xAPI statement store. Flyway runs this with the schema `lrs` as the default schema, so names
-- here are unqualified; the benchmark migrates the same script into a second schema for its raw
-- PostgreSQL baseline.

-- API credentials (HTTP Basic key/secret). Keys and secrets are random and high-entropy, so the
-- secret is stored as a SHA-256 digest and compared in constant time; no slow hash on the hot path.
create table credentials (
  key           text primary key,
  secret_sha256 bytea not null,
  name          text not null,
  scopes        text[] not null,
  created       timestamptz not null default now(),
  revoked       timestamptz
);

-- One row per stored statement. `seq` orders rows with equal `stored`; `stored` is the inserting
-- transaction's start time (now()), which is what makes X-Experience-API-Consistent-Through sound:
-- see consistent_through() below. `tx` is the inserting transaction, for the commit-ordered feed.
create table statements (
  seq           bigint generated always as identity primary key,
  id            uuid not null unique,
  stored        timestamptz not null,
  tx            xid8 not null default pg_current_xact_id(),
  verb_id       text not null,
  registration  uuid,
  object_ref    uuid,
  voided_target uuid,
  voided        boolean not null default false,
  authority_key text,
  body          jsonb not null
);

create index statements_stored on statements (stored, seq);
create index statements_verb on statements (verb_id, stored, seq);
create index statements_registration on statements (registration, stored, seq) where registration is not null;
create index statements_authority on statements (authority_key, stored, seq);
create index statements_voided_target on statements (voided_target) where voided_target is not null;
-- Statements whose object is a StatementRef match a filter when their target does (1.0.3 Part
-- Three §2.1.3); they are few, so queries scan just these in stored order for that second branch.
create index statements_object_ref on statements (stored, seq) where object_ref is not null;

-- Agents of a statement by IFI key, once per statement. `direct`: actor or object (the `agent`
-- filter); every row matches `related_agents=true`. `stored` is copied so the keyset order can be
-- read from the index alone.
create table statement_agents (
  seq    bigint not null,
  agent  text not null,
  direct boolean not null,
  stored timestamptz not null,
  primary key (seq, agent)
);
create index statement_agents_related on statement_agents (agent, stored, seq);
create index statement_agents_direct on statement_agents (agent, stored, seq) where direct;

-- Activities of a statement, once per statement. `direct`: the object (the `activity` filter);
-- every row matches `related_activities=true`.
create table statement_activities (
  seq      bigint not null,
  activity text not null,
  direct   boolean not null,
  stored   timestamptz not null,
  primary key (seq, activity)
);
create index statement_activities_related on statement_activities (activity, stored, seq);
create index statement_activities_direct on statement_activities (activity, stored, seq) where direct;

-- The newest `stored` value before which no statement can still appear. A statement's stored is its
-- inserting transaction's start, so every statement still to commit has stored >= the start of some
-- transaction now open; anything older than the oldest open transaction is final. The 100 ms margin
-- covers the instant between a transaction taking its start time and publishing it in
-- pg_stat_activity.
create function consistent_through() returns timestamptz
language sql stable as $$
  select least(now(), coalesce(min(a.xact_start), 'infinity')) - interval '100 milliseconds'
  from pg_stat_activity a
  where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null
$$;
