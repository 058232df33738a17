-- The credential issuer's schema: signing keys, issuer profiles, issued Open Badges 3.0
-- credentials, their Bitstring Status List slots, share links and the audit trail.
-- Runtime SQL qualifies every name with `credentials.`; this script runs with the schema as search path.

-- Signing keys. The private JWK is stored only as a compact JWE (PBES2-HS512+A256KW / A256GCM)
-- under the operator's secret; the public JWK is served at {publicUrl}/keys/{id} and in the JWKS.
-- Rotation retires a key and never deletes it: every credential it signed keeps verifying.
create table keys (
  id          text primary key,
  alg         text not null check (alg in ('RS256', 'ES256')),
  public_jwk  jsonb not null,
  private_jwe text not null,
  source      text not null check (source in ('generated', 'imported')),
  created     timestamptz not null default now(),
  retired     timestamptz
);
-- one active key per algorithm: two nodes starting at once cannot both create one
create unique index keys_one_active on keys (alg) where retired is null;

-- Issuer profiles (OB 3.0 §B.1.14 Profile), served at {publicUrl}/issuers/{id}.
create table issuers (
  id          text primary key,
  name        text not null,
  url         text,
  email       text,
  image       text,
  description text,
  created     timestamptz not null default now(),
  updated     timestamptz not null default now()
);

-- A stable, random credentialSubject.id per person: the JWT `sub` must be a URI, and the
-- person's email or directory id must not be it.
create table subjects (
  person_id  text primary key,
  subject_id uuid not null unique default gen_random_uuid()
);

-- Status list slots are handed out by a sequence: no row lock serialises concurrent issuers, and a
-- slot lost to a rolled-back transaction is merely never used. Slot s is index s % size of list s / size.
create sequence status_slots;

create table status_lists (
  id      int primary key,
  size    int not null check (size >= 131072),
  version bigint not null default 0   -- bumped with every status change in the list (cache key)
);

-- One row per issued credential. The unique (person, achievement, ladder version) key is what makes
-- issuance exactly-once across retries, restarts and concurrent workers.
create table credentials (
  id              uuid primary key,
  person_id       text not null,
  achievement_id  text not null,
  ladder_id       text,
  ladder_version  int not null,
  issuer_id       text not null references issuers (id),
  request_id      bigint,                 -- progression.issuance_requests.id; null when issued by hand
  kid             text not null references keys (id),
  status_list     int not null references status_lists (id),
  status_index    int not null,
  jwt             text not null,
  valid_from      timestamptz not null,
  valid_until     timestamptz,
  issued          timestamptz not null default now(),
  revoked         timestamptz,
  revoked_reason  text,
  suspended       timestamptz,
  suspended_reason text,
  unique (person_id, achievement_id, ladder_version),
  unique (status_list, status_index)
);
create index credentials_person on credentials (person_id, issued);
create index credentials_request on credentials (request_id) where request_id is not null;
create index credentials_revoked on credentials (status_list, status_index) where revoked is not null;
create index credentials_suspended on credentials (status_list, status_index) where suspended is not null;

-- Share links: only the SHA-256 of the random token is stored, as for API secrets.
create table shares (
  id            uuid primary key default gen_random_uuid(),
  credential_id uuid not null references credentials (id),
  token_sha256  bytea not null unique,
  created       timestamptz not null default now(),
  revoked       timestamptz
);
create index shares_credential on shares (credential_id);

-- Who did what to which credential or key, and why.
create table audit (
  id            bigint generated always as identity primary key,
  at            timestamptz not null default now(),
  actor         text not null,
  action        text not null,
  credential_id uuid,
  reason        text,
  detail        jsonb
);
create index audit_credential on audit (credential_id, id) where credential_id is not null;

-- Outbox rows that cannot become a credential (malformed achievement, unknown recipient form): kept
-- here with the reason so the worker skips them instead of retrying them forever.
create table failed_requests (
  request_id bigint primary key,
  error      text not null,
  at         timestamptz not null default now()
);
