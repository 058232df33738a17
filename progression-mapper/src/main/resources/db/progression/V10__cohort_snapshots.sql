-- Cohort views (docs/progression.md, "The privacy guarantee").
-- Self-declared attributes of the directory (e.g. {"gender": "woman"}): stored for the equity views
-- of the hr role, aggregated; never served person by person.
alter table people add column self_declared jsonb not null default '{}';

-- The published states of the cohort views, one row per snapshot of a consumer's derived state.
-- cells: the k-anonymous cells with their sums (what the views serve); people: each person's
-- published record and cell (never served; how the next snapshot knows who changed).
-- seq orders a consumer's snapshots; concurrent takers insert the same seq, one wins (on conflict
-- do nothing), and everyone reads the winner.
create table cohort_snapshots (
  consumer  text not null,
  seq       int not null,
  period    text not null,
  taken_at  timestamptz not null default now(),
  taken_by  text,
  cells     jsonb not null,
  people    jsonb not null,
  primary key (consumer, seq)
);
