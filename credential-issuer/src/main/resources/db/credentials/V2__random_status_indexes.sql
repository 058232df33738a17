-- Status list indexes in random order (Bitstring Status List v1.0, privacy considerations): an index
-- must not tell when, or next to which other credentials, a credential was issued. Slot numbers still
-- come from the status_slots sequence (number s is the (s % size)-th slot of list s / size); the index
-- is that position put through a keyed permutation, one random key per list (StatusLists.allocate).
alter table status_lists add column index_key bytea;

-- Lists made before this migration handed out indexes in order and have no key. New slots start in a
-- fresh list, so that no permuted index can meet one handed out in order; the rest of the old lists
-- stays unused (their credentials keep their indexes, and the lists are still served).
select setval('status_slots', (select (max(id) + 1)::bigint * max(size) from status_lists))
where exists (select 1 from status_lists);
