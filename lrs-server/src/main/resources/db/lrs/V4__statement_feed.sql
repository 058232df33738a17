-- The statement feed: the named contract through which other modules (the progression mapper)
-- consume every committed statement exactly once, in commit order.
--
-- A bigserial cursor is not enough: seq values are handed out at insert time, so a transaction that
-- commits late can slip in behind a cursor and be missed forever. Instead, consumers read by the
-- inserting transaction id: every transaction below pg_snapshot_xmin(pg_current_snapshot()) has
-- finished, so rows with tx below that horizon are final and no new one can appear there.
--
-- A consumer keeps (horizon, last tx, last seq) in its own schema, updated in the same transaction as
-- the work the rows caused, and each round reads
--   select ... from lrs.statement_feed
--   where tx >= $previous_horizon and tx < lrs.feed_horizon() and (tx, seq) > ($last_tx, $last_seq)
--   order by tx, seq limit $n
-- moving its horizon forward once a round comes back short. Voiding arrives as a statement with
-- voided_target set.

create index statements_tx on statements (tx, seq);

create view statement_feed as
  select seq, tx, id, stored, voided_target, body from statements;

create function feed_horizon() returns xid8
language sql volatile as $$
  select pg_snapshot_xmin(pg_current_snapshot())
$$;
