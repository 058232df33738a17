-- Data Integrity proofs (eddsa-rdfc-2022): Ed25519 keys beside the RS256 and ES256 ones, published as
-- Multikey verification methods of the issuer's DID; rotation retires them like the others, so every
-- credential they signed keeps verifying.
alter table keys drop constraint keys_alg_check;
alter table keys add constraint keys_alg_check check (alg in ('RS256', 'ES256', 'Ed25519'));

-- Which forms an issuer profile issues: a VC-JWT, an embedded Data Integrity proof, or both (the default).
alter table issuers add column forms text[] not null default '{vc-jwt,data-integrity}'
  check (forms <@ '{vc-jwt,data-integrity}' and cardinality(forms) > 0);

-- The credential with its Data Integrity proof (the issuer a DID), when its profile issues that form.
-- jwt stays the record of the VC-JWT form; it is null for a profile that issues Data Integrity only.
alter table credentials add column data_integrity jsonb;
alter table credentials alter column jwt drop not null;
alter table credentials add constraint credentials_some_form check (jwt is not null or data_integrity is not null);
