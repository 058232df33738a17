-- Sign-in with an OpenID Connect provider: which account a provider's login (issuer, subject) is.
-- Linked at the first sign-in whose verified email address matches an account; one login, one
-- account, and an account has at most one login per provider.
create table accounts.oidc_links (
  issuer text not null,
  subject text not null,
  account_id uuid not null references accounts.accounts (id) on delete cascade,
  linked timestamptz not null default now(),
  primary key (issuer, subject),
  unique (account_id, issuer)
);
