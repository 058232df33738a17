-- A share link may name the person it is for (a committee reviewer's sign-in address, lower case):
-- that reviewer then finds the credential under /api/v1/me/shared-with-me. A link without one is
-- shared only by whoever holds it.
alter table shares add column shared_with text;
create index shares_with on shares (shared_with, created) where shared_with is not null and revoked is null;
