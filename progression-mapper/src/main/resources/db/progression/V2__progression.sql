-- The progression mapper's own data. Definitions (frameworks, rule sets, ladders) are versioned and
-- insert-only: a new version never rewrites an old one. Everything below "derived state" is a pure
-- function of the statement feed, the definitions and the people directory, kept per feed consumer
-- so a full recompute can run beside the live state and be compared with it.

-- Definitions ---------------------------------------------------------------------------------

-- A CASE 1.1 CFPackage as imported, one row per version of a CFDocument.
create table frameworks (
  framework_id text not null,            -- the CFDocument identifier
  version      int not null,
  uri          text not null,
  title        text not null,
  content_hash text not null,            -- re-importing identical content makes no new version
  package      jsonb not null,
  imported     timestamptz not null default now(),
  imported_by  text,
  primary key (framework_id, version)
);

-- The CFItems of each framework version, for listing and lookup by URI.
create table framework_items (
  framework_id        text not null,
  version             int not null,
  identifier          text not null,
  uri                 text not null,
  full_statement      text not null,
  human_coding_scheme text,
  item_type           text,
  primary key (framework_id, version, identifier),
  foreign key (framework_id, version) references frameworks
);
create index framework_items_uri on framework_items (uri);

-- Evidence rules of a framework, one row per version; each version is pinned to the framework
-- version it was validated against.
create table rule_sets (
  framework_id      text not null,
  version           int not null,
  framework_version int not null,
  definition        jsonb not null,
  created           timestamptz not null default now(),
  created_by        text,
  primary key (framework_id, version),
  foreign key (framework_id, framework_version) references frameworks
);

-- Career ladders, one row per version.
create table ladders (
  ladder_id    text not null,
  version      int not null,
  framework_id text not null,
  definition   jsonb not null,
  created      timestamptz not null default now(),
  created_by   text,
  primary key (ladder_id, version)
);

-- Every definition change: who, what, when.
create table audit_log (
  id       bigint generated always as identity primary key,
  at       timestamptz not null default now(),
  actor    text,
  action   text not null,
  subject  text not null,
  version  int,
  detail   jsonb
);
create index audit_log_subject on audit_log (subject, id);

-- The people directory. An xAPI agent maps to a person by any of its IFIs (cairn.xapi.Agents keys).
create table people (
  person_id text primary key,
  name      text,
  role      text,
  function  text,
  level     text,
  team      text,
  updated   timestamptz not null default now()
);

create table person_ifis (
  ifi       text primary key,
  person_id text not null references people,
  agent     jsonb not null
);
create index person_ifis_person on person_ifis (person_id);

-- Derived state, per feed consumer ------------------------------------------------------------

-- Where a consumer stands in lrs.statement_feed (see lrs V4): rows with tx below horizon are all
-- consumed; above it, everything up to (last_tx, last_seq) is.
create table feed_cursors (
  consumer     text primary key,
  horizon      xid8 not null default '0',
  last_tx      xid8 not null default '0',
  last_seq     bigint not null default 0,
  processed    bigint not null default 0,
  last_stored  timestamptz,
  updated      timestamptz not null default now()
);

-- Statements voided so far (a voiding statement may arrive before its target).
create table voided (
  consumer     text not null,
  statement_id uuid not null,
  primary key (consumer, statement_id)
);

-- The statements behind each fact: one row per live statement that produced facts. Replays of the
-- same content under new ids share a content hash and so produce each fact once.
create table fact_statements (
  consumer     text not null,
  statement_id uuid not null,
  content_hash bytea not null,
  seq          bigint not null,
  at           timestamptz not null,
  primary key (consumer, statement_id)
);
create index fact_statements_hash on fact_statements (consumer, content_hash, seq);

-- Compact facts derived from statements: evidence (kind 'evidence': subject = the learner's IFI),
-- mentoring sessions ('session': subject = mentor, other = mentee) and endorsements
-- ('endorsement': subject = the endorsed, other = the endorser). statement_id and at are those of
-- the earliest (by seq) live statement with the content. For sessions, positive means the statement
-- records an outcome (the cairn outcome result extension); session_key groups the two statements
-- (mentor's "mentored", mentee's "attended") of one session.
create table facts (
  consumer      text not null,
  content_hash  bytea not null,
  kind          text not null,
  framework_id  text not null default '',
  rule_id       text not null default '',
  subject       text not null,
  other         text,
  competency    text,
  level         int,
  positive      boolean not null default true,
  self_asserted boolean not null default false,
  valid_days    int,
  session_key   text,
  statement_id  uuid not null,
  at            timestamptz not null,
  primary key (consumer, content_hash, kind, framework_id, rule_id)
);
create index facts_subject on facts (consumer, subject, kind);
create index facts_other on facts (consumer, other) where other is not null;
create index facts_competency on facts (consumer, subject, competency, at) where kind = 'evidence';

-- Persons whose derived state must be computed again (directory or ladder changes, expiry).
create table dirty_persons (
  consumer  text not null,
  person_id text not null,
  primary key (consumer, person_id)
);

-- A person's level per competency, with its explanation (O(1) progress reads).
create table mastery (
  consumer      text not null,
  person_id     text not null,
  framework_id  text not null,
  competency    text not null,
  level         int not null,
  direct_level  int not null,
  since         timestamptz,
  valid_until   timestamptz,
  explanation   jsonb not null,
  primary key (consumer, person_id, framework_id, competency)
);
create index mastery_valid_until on mastery (consumer, valid_until) where valid_until is not null;

-- A person's standing on each ladder: milestones reached and the gap to the next one.
create table ladder_status (
  consumer       text not null,
  person_id      text not null,
  ladder_id      text not null,
  ladder_version int not null,
  status         jsonb not null,
  primary key (consumer, person_id, ladder_id)
);

create table milestones (
  consumer       text not null,
  person_id      text not null,
  ladder_id      text not null,
  ladder_version int not null,
  milestone_id   text not null,
  reached_at     timestamptz not null,
  explanation    jsonb not null,
  primary key (consumer, person_id, ladder_id, milestone_id)
);
