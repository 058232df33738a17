-- The admin console finds credentials by the recipient's name and the achievement's name: both are
-- kept beside the credential as issued (they are in its signed forms, which SQL cannot search).
-- An erasure clears recipient_name with the rest of the person's data.
alter table credentials add column recipient_name text;
alter table credentials add column achievement_name text;

-- Credentials issued before: the names from the Data Integrity form when there is one, else from the
-- VC-JWT's payload (base64url, without padding).
update credentials set
  recipient_name = (select i->>'identityHash' from jsonb_array_elements(
      case when jsonb_typeof(doc->'credentialSubject'->'identifier') = 'array' then doc->'credentialSubject'->'identifier'
           else '[]'::jsonb end) i
    where i->>'identityType' = 'name' limit 1),
  achievement_name = coalesce(doc->'credentialSubject'->'achievement'->>'name', doc->>'name')
from (select id as doc_id, coalesce(data_integrity,
        convert_from(decode(rpad(translate(split_part(jwt, '.', 2), '-_', '+/'),
          ((length(split_part(jwt, '.', 2)) + 3) / 4) * 4, '='), 'base64'), 'UTF8')::jsonb) as doc
      from credentials where person_id not like 'erased:%') d
where id = d.doc_id;

-- The console's list: newest first.
create index credentials_issued on credentials (issued desc, id desc);
