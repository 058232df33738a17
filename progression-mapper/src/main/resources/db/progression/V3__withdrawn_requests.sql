-- A milestone whose evidence was voided after it was reached withdraws its issuance request: the
-- mapper sets `withdrawn` (with a reason) when the milestone is no longer reached and a statement
-- named in the request's evidence has been voided. The issuer does not issue a withdrawn request and
-- revokes the credential it issued for one. Expiry (decay) of evidence does not withdraw: the
-- credential said what was true when it was issued.
alter table issuance_requests add column withdrawn timestamptz, add column withdrawn_reason text;
create index issuance_requests_withdrawn on issuance_requests (withdrawn) where withdrawn is not null;
