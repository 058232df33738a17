-- Erasures at a person's request (GDPR art. 17): Cairn's record of each, kept by the application
-- (app), since an erasure spans every feature. A request is written first, with what its steps need
-- (the person's id and IFIs, later the ids of the statements erased); each step marks itself done,
-- the LRS's and the mapper's in their own transaction; a request found unfinished is resumed and
-- finishes the job. Once completed, the row keeps no personal data: the erasure's id, who asked,
-- why, when, and the counts.
create table erasures (
  id             uuid primary key,
  requested      timestamptz not null default now(),
  requested_by   text not null,
  reason         text not null,
  person_id      text,                          -- while under way only
  ifis           text[],                        -- while under way only
  statements     uuid[],                        -- erased by the LRS step, for the mapper's step; while under way only
  voided_targets uuid[],                        -- what those statements voided; while under way only
  steps          text[] not null default '{}',  -- the steps done: accounts, lrs, progression, credentials
  counts         jsonb not null default '{}',
  completed      timestamptz
);
-- one erasure under way per person
create unique index erasures_under_way on erasures (person_id) where completed is null;
create index erasures_requested on erasures (requested, id);
