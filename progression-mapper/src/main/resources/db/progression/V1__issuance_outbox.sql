-- The issuance outbox: the named contract between the progression mapper and the credential
-- issuer. The mapper inserts a row in the same transaction that records a reached milestone; the
-- issuer claims rows (FOR UPDATE SKIP LOCKED) and records the credential in its own schema under a
-- unique (person, achievement, ladder version) key, so a retry or a second worker never issues twice.
create table issuance_requests (
  id             bigint generated always as identity primary key,
  person_id      text not null,          -- the mapper's person id
  recipient      jsonb not null,         -- the learner as an xAPI Agent (its IFI), e.g. {"mbox": "mailto:..."}
  recipient_name text,
  achievement_id text not null,          -- a stable URI naming the milestone's achievement
  ladder_id      text not null,
  ladder_version int not null,
  -- OB 3.0 Achievement fields: {"name", "description", "criteria": {"narrative"},
  -- "achievementType", "alignments": [{"targetUrl", "targetName", "targetFramework", "targetCode"}]}
  achievement    jsonb not null,
  -- the statements behind the milestone: [{"statementId", "rule"}]
  evidence       jsonb not null,
  explanation    jsonb,
  reached_at     timestamptz not null,
  created        timestamptz not null default now(),
  unique (person_id, achievement_id, ladder_version)
);
