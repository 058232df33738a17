-- The Open Badges 3.0 API (OB 3.0 §6, §7): hosts and backpacks registered by OAuth 2.0 Dynamic
-- Client Registration, the consents people gave them, and the one-time codes and tokens of those
-- consents. Secrets, codes and tokens are kept only as SHA-256 digests, like API secrets and share links.

-- A registered client (RFC 7591). `metadata` is the registration as Cairn answered it, without the secret.
create table ob_clients (
  id            text primary key,
  secret_sha256 bytea not null,
  client_name   text not null,
  redirect_uris text[] not null,
  scopes        text[] not null,
  metadata      jsonb not null,
  created       timestamptz not null default now()
);

-- A person's consent that a client may read their credentials and profile: one live grant per client
-- and account; revoking it ends every token of it. `name` and `email` are the Profile the client reads,
-- as the person's account had them when they consented.
create table ob_grants (
  id          uuid primary key default gen_random_uuid(),
  client_id   text not null references ob_clients (id) on delete cascade,
  account_id  text not null,
  person_id   text not null,
  name        text not null,
  email       text,
  scopes      text[] not null,
  created     timestamptz not null default now(),
  updated     timestamptz not null default now(),
  revoked     timestamptz
);
create unique index ob_grants_live on ob_grants (client_id, account_id) where revoked is null;
create index ob_grants_account on ob_grants (account_id, created) where revoked is null;
create index ob_grants_person on ob_grants (person_id);

-- Authorization codes (RFC 6749 §4.1.2, PKCE RFC 7636): used once, within 10 minutes. A used code is
-- kept until a day after it expired, so that a second use is recognised (and the tokens it gave revoked).
create table ob_codes (
  code_sha256    bytea primary key,
  grant_id       uuid not null references ob_grants (id) on delete cascade,
  redirect_uri   text not null,
  code_challenge text not null,
  scopes         text[] not null,
  expires        timestamptz not null,
  used           timestamptz
);
create index ob_codes_expires on ob_codes (expires);

-- Access and refresh tokens. `code_sha256` is the code the line of tokens started from (refreshing
-- passes it on), so that reusing a code revokes everything it gave.
create table ob_tokens (
  token_sha256 bytea primary key,
  kind         text not null check (kind in ('access', 'refresh')),
  grant_id     uuid not null references ob_grants (id) on delete cascade,
  code_sha256  bytea not null,
  scopes       text[] not null,
  expires      timestamptz not null,
  revoked      timestamptz
);
create index ob_tokens_grant on ob_tokens (grant_id);
create index ob_tokens_code on ob_tokens (code_sha256);
create index ob_tokens_expires on ob_tokens (expires);
