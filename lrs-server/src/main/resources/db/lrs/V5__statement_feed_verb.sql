-- The feed names each statement's verb, so a consumer can leave the bodies of statements it has
-- no use for in the database: the progression mapper reads a body only when a rule or its
-- mentoring vocabulary knows the verb.
create or replace view statement_feed as
  select seq, tx, id, stored, voided_target, body, verb_id from statements;
