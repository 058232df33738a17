-- People's own way into Cairn: local accounts, one-time invitation links, sessions, sign-in
-- throttling, roles and the audit of every grant. Secrets are stored only as hashes: passwords as
-- Argon2id (PHC strings), invitation tokens and session ids as SHA-256 digests.

create table accounts.accounts (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null,
  password_hash text,
  password_set timestamptz,
  created timestamptz not null default now(),
  disabled timestamptz
);
create unique index accounts_email on accounts.accounts (lower(email));

-- The person an account signs in as, by the IFIs the progression mapper keys people by
-- (cairn.xapi.Agents.ifiKey: mbox:mailto:…, account:…); one person, one account.
create table accounts.person_ifis (
  ifi text primary key,
  account_id uuid not null references accounts.accounts (id) on delete cascade
);
create index person_ifis_account on accounts.person_ifis (account_id);

create table accounts.invitations (
  token_hash bytea primary key,
  account_id uuid not null references accounts.accounts (id) on delete cascade,
  created timestamptz not null default now(),
  created_by text not null,
  expires timestamptz not null,
  used timestamptz
);
create index invitations_account on accounts.invitations (account_id);

-- Vert.x web sessions (PgSessionStore): nodes keep none in memory.
create table accounts.sessions (
  id_hash bytea primary key,
  account_id uuid references accounts.accounts (id) on delete cascade,
  data jsonb not null,
  version int not null,
  created timestamptz not null default now(),
  last_accessed timestamptz not null,
  expires timestamptz not null
);
create index sessions_account on accounts.sessions (account_id) where account_id is not null;
create index sessions_expires on accounts.sessions (expires);

-- Failed sign-ins per key ('account:<email>' or 'address:<ip>'), counted in a window; a key with
-- enough failures is locked until locked_until. In PostgreSQL so that every node sees the same count.
create table accounts.login_throttle (
  key text primary key,
  failures int not null,
  window_start timestamptz not null,
  locked_until timestamptz
);

create table accounts.role_grants (
  account_id uuid not null references accounts.accounts (id) on delete cascade,
  role text not null check (role in ('employee', 'mentor', 'manager', 'committee_reviewer', 'ld_admin',
                                     'lrs_admin', 'auditor')),
  granted timestamptz not null default now(),
  granted_by text not null,
  primary key (account_id, role)
);

-- Every grant, revocation, invitation and password change: who, when, to which account. No foreign
-- key and no personal data: the entry outlives an erased account and names it only by its id.
create table accounts.audit (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  account_id uuid,
  detail jsonb
);
create index audit_account on accounts.audit (account_id, id);
