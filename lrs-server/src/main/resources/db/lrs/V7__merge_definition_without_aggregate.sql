-- The same merge as V3's, without jsonb_object_agg: aggregating a language map of thousands of
-- entries took seconds (2.4 s for 20,000 + 5,000 entries, against 37 ms here), and concurrent
-- statements naming one Activity queued behind it on the row lock.
create or replace function merge_definition(stored jsonb, given jsonb) returns jsonb
language sql immutable as $$
  select coalesce(stored, '{}'::jsonb) || given
    || case when jsonb_typeof(stored -> 'name') = 'object' and jsonb_typeof(given -> 'name') = 'object'
            then jsonb_build_object('name', (stored -> 'name') || (given -> 'name')) else '{}'::jsonb end
    || case when jsonb_typeof(stored -> 'description') = 'object' and jsonb_typeof(given -> 'description') = 'object'
            then jsonb_build_object('description', (stored -> 'description') || (given -> 'description')) else '{}'::jsonb end
$$;
