-- The same Consistent-Through as V1, in PL/pgSQL: a SQL-language function that cannot be inlined
-- (this one aggregates) is planned again at every call, and planning its query over the
-- pg_stat_activity view was most of its cost: ~0.9 ms a call against ~0.15 ms once PL/pgSQL keeps
-- the plan for the connection. Each HTTP process asks about ten times a second under load
-- (cairn.lrs.statements.ConsistentThrough).
create or replace function consistent_through() returns timestamptz
language plpgsql stable as $$
begin
  return (select least(now(), coalesce(min(a.xact_start), 'infinity')) - interval '100 milliseconds'
          from pg_stat_activity a
          where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null);
end
$$;
