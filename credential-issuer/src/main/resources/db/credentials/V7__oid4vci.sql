-- OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow: a person offers one of their
-- credentials to a wallet; the wallet trades the offer's pre-authorized code for an access token, takes a
-- nonce, and receives the credential bound to its key. Every secret (the offer's URI token, the code, the
-- transaction code, the access token, the nonce) is stored only as its SHA-256; each is single-use and
-- expires (5 minutes).

create table oid4vci_offers (
  id              uuid primary key,
  credential_id   uuid not null references credentials (id),
  offer_sha256    bytea not null unique,   -- of the token in the credential_offer_uri
  code_sha256     bytea not null unique,   -- of the pre-authorized code
  tx_code_sha256  bytea,                   -- of the code's digest and the transaction code (null: none asked)
  tx_failures     int not null default 0,  -- wrong transaction codes; at 5 the code is spent
  configurations  text[] not null,         -- credential_configuration_ids offered
  created         timestamptz not null default now(),
  expires         timestamptz not null,
  redeemed        timestamptz              -- when the code was traded for a token (or spent)
);
create index oid4vci_offers_credential on oid4vci_offers (credential_id);

create table oid4vci_tokens (
  token_sha256  bytea primary key,
  offer_id      uuid not null references oid4vci_offers (id) on delete cascade,
  expires       timestamptz not null,
  used          timestamptz              -- a token delivers one credential
);
create index oid4vci_tokens_offer on oid4vci_tokens (offer_id);

create table oid4vci_nonces (
  nonce_sha256  bytea primary key,
  expires       timestamptz not null
);
create index oid4vci_nonces_expires on oid4vci_nonces (expires);

-- Credentials delivered to a wallet: a copy of an issued credential with its own id, its subject the
-- holder's key (a DID), signed afresh. It shares the issued credential's status list entry, so revoking
-- or suspending that credential revokes or suspends every copy.
create table deliveries (
  id             uuid primary key,
  credential_id  uuid not null references credentials (id),
  offer_id       uuid references oid4vci_offers (id) on delete set null,
  holder         text not null,            -- credentialSubject.id of the copy
  format         text not null check (format in ('jwt_vc_json', 'ldp_vc')),
  kid            text not null references keys (id),
  credential     text not null,            -- the VC-JWT, or the Data Integrity credential as JSON
  issued         timestamptz not null default now()
);
create index deliveries_credential on deliveries (credential_id);
