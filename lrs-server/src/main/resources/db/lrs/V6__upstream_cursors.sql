-- Where Cairn stands in each upstream LRS it follows (cairn.lrs.upstream): the Consistent-Through
-- value of the last page taken, passed back as `since`, and how many statements were copied.
create table upstream_cursors (
  upstream   text primary key,
  since      text not null,
  copied     bigint not null default 0,
  skipped    bigint not null default 0,
  updated    timestamptz not null default now()
);
