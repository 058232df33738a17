package cairn.credentials.obapi;

/** The Open Badges API's SQL: clients, grants, codes, tokens (credentials V8). */
final class ObSql {
  static final String INSERT_CLIENT = """
      insert into credentials.ob_clients (id, secret_sha256, client_name, redirect_uris, scopes, metadata)
      values ($1, $2, $3, $4, $5, $6::text::jsonb)
      returning extract(epoch from created)::bigint as issued_at""";
  static final String CLIENT = """
      select id, secret_sha256, client_name, redirect_uris, scopes, metadata::text as metadata
      from credentials.ob_clients where id = $1""";

  /** The live grant of a client and account, made or brought up to date. */
  static final String UPSERT_GRANT = """
      insert into credentials.ob_grants (client_id, account_id, person_id, name, email, scopes)
      values ($1, $2, $3, $4, $5, $6)
      on conflict (client_id, account_id) where revoked is null
      do update set person_id = excluded.person_id, name = excluded.name, email = excluded.email,
                    scopes = excluded.scopes, updated = now()
      returning id""";
  static final String INSERT_CODE = """
      insert into credentials.ob_codes (code_sha256, grant_id, redirect_uri, code_challenge, scopes, expires)
      values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))""";
  /** Takes a code: marks it used, answering it only if it was unused, unexpired and its grant is live. */
  static final String TAKE_CODE = """
      update credentials.ob_codes c set used = now()
      from credentials.ob_grants g
      where c.code_sha256 = $1 and c.used is null and c.expires > now() and g.id = c.grant_id and g.revoked is null
      returning c.grant_id, g.client_id, c.redirect_uri, c.code_challenge, c.scopes""";
  /** Why a code could not be taken: used, expired, revoked, or unknown (no row). */
  static final String CODE_STATE = """
      select c.used is not null as used, c.expires <= now() as expired, g.revoked is not null as revoked, g.client_id
      from credentials.ob_codes c join credentials.ob_grants g on g.id = c.grant_id where c.code_sha256 = $1""";
  /** RFC 6749 §4.1.2: a code used twice revokes the tokens it gave. */
  static final String REVOKE_BY_CODE = """
      update credentials.ob_tokens set revoked = now() where code_sha256 = $1 and revoked is null""";
  static final String INSERT_TOKEN = """
      insert into credentials.ob_tokens (token_sha256, kind, grant_id, code_sha256, scopes, expires)
      values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))""";
  /** Takes a refresh token (rotation: each is used once). */
  static final String TAKE_REFRESH = """
      update credentials.ob_tokens t set revoked = now()
      from credentials.ob_grants g
      where t.token_sha256 = $1 and t.kind = 'refresh' and t.revoked is null and t.expires > now()
        and g.id = t.grant_id and g.revoked is null
      returning t.grant_id, g.client_id, t.code_sha256, t.scopes""";
  /** The person and scopes behind a live access token. */
  static final String ACCESS = """
      select t.scopes, g.id as grant_id, g.person_id, g.name, g.email, g.client_id
      from credentials.ob_tokens t join credentials.ob_grants g on g.id = t.grant_id
      where t.token_sha256 = $1 and t.kind = 'access' and t.revoked is null and t.expires > now()
        and g.revoked is null""";
  /** Rows past use: codes and tokens expired a day ago (a few per issuance, so the tables stay small). */
  static final String SWEEP = """
      with codes as (delete from credentials.ob_codes where code_sha256 in (
                       select code_sha256 from credentials.ob_codes where expires < now() - interval '1 day' limit 100)),
           tokens as (delete from credentials.ob_tokens where token_sha256 in (
                       select token_sha256 from credentials.ob_tokens where expires < now() - interval '1 day' limit 100))
      select 1""";

  /** An account's live grants, newest first, with the client's name and pages. */
  static final String GRANTS_OF = """
      select g.id, g.scopes, g.created, c.client_name, c.metadata::text as metadata
      from credentials.ob_grants g join credentials.ob_clients c on c.id = g.client_id
      where g.account_id = $1 and g.revoked is null order by g.created desc, g.id""";
  static final String REVOKE_GRANT = """
      update credentials.ob_grants set revoked = now() where id = $1 and account_id = $2 and revoked is null
      returning client_id""";
  static final String REVOKE_GRANT_TOKENS = """
      update credentials.ob_tokens set revoked = now() where grant_id = $1 and revoked is null""";

  /** The person's credentials a host may read: not revoked, issued after $2 (if given), oldest first. */
  static final String CREDENTIALS = """
      select id, jwt, data_integrity::text as data_integrity from credentials.credentials
      where person_id = $1 and revoked is null and ($2::timestamptz is null or issued > $2)
      order by issued, id offset $3 limit $4""";
  static final String CREDENTIAL_COUNT = """
      select count(*) as n from credentials.credentials
      where person_id = $1 and revoked is null and ($2::timestamptz is null or issued > $2)""";
  /** The person's stable, random subject id (the credentials' credentialSubject.id), made if needed. */
  static final String SUBJECT = """
      with made as (insert into credentials.subjects (person_id) values ($1) on conflict do nothing
                    returning subject_id)
      select subject_id from made union all select subject_id from credentials.subjects where person_id = $1""";

  private ObSql() {}
}
