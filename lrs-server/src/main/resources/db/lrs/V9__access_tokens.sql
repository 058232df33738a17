-- OAuth 2.0 access tokens of API credentials (client credentials grant, RFC 6749 §4.4). A token is
-- 256 random bits handed out once and kept only as its SHA-256 digest, like a credential's secret.
-- It is valid until expires_at while its credential is not revoked (the lookup joins credentials),
-- and carries scopes at most those of its credential. Expired rows are deleted as new tokens are issued.
create table access_tokens (
  token_sha256   bytea primary key,
  credential_key text not null references credentials (key) on delete cascade,
  scopes         text[] not null,
  created        timestamptz not null default now(),
  expires_at     timestamptz not null
);
create index access_tokens_expires on access_tokens (expires_at);
