-- A person's request that Cairn erase what it holds about them (GDPR art. 17), made through the
-- self-service API. An LRS admin handles it: a dry run, then the erasure of the person (which closes
-- the request), or a refusal with a reason. person_id is the directory's id at the time of the
-- request (what the erasure needs); the row keeps no other personal data, and the account reference
-- goes when the account does.
create table accounts.erasure_requests (
  id uuid primary key default gen_random_uuid(),
  account_id uuid references accounts.accounts (id) on delete set null,
  person_id text,
  reason text,
  requested timestamptz not null default now(),
  closed timestamptz,
  outcome text check (outcome in ('withdrawn', 'erased', 'refused')),
  outcome_note text
);
create unique index erasure_requests_open on accounts.erasure_requests (account_id) where closed is null;
create index erasure_requests_waiting on accounts.erasure_requests (requested) where closed is null;
