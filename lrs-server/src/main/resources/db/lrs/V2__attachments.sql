-- Attachment data (xAPI 1.0.3 Part Three §1.5.2), content-addressed by its SHA-2 hex digest
-- (lowercase). Statements refer to it through attachments[].sha2, so the same file sent with many
-- statements is stored once, and a row is never changed once written: the first writer's
-- content_type stays.
create table attachments (
  sha2         text primary key,
  content_type text not null,
  content      bytea not null
);
