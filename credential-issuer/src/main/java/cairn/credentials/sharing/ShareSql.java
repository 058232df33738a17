package cairn.credentials.sharing;

/** The SQL of share links, {@code credentials.shares}. */
final class ShareSql {
  static final String INSERT = """
      insert into credentials.shares (credential_id, token_sha256)
      select id, $2 from credentials.credentials where id = $1 returning id""";
  /** {@link #INSERT} for a credential of the given person only ($3). */
  static final String INSERT_MINE = """
      insert into credentials.shares (credential_id, token_sha256, shared_with, indexable)
      select id, $2, $4, $5 from credentials.credentials where id = $1 and person_id = $3 returning id""";
  static final String LIST_MINE = """
      select s.id, s.credential_id, s.created, s.revoked, s.shared_with, s.first_opened, s.last_opened, s.opened_count,
             s.indexable
      from credentials.shares s
      join credentials.credentials c on c.id = s.credential_id
      where c.person_id = $1 order by s.created, s.id""";
  /** {@link #REVOKE} of a share of the given person's credentials ($2), whatever the credential. */
  static final String REVOKE_MINE = """
      update credentials.shares s set revoked = now() from credentials.credentials c
      where s.id = $1 and c.id = s.credential_id and c.person_id = $2 and s.revoked is null
      returning s.credential_id""";
  static final String LIST = """
      select id, created, revoked from credentials.shares where credential_id = $1 order by created, id""";
  static final String REVOKE = """
      update credentials.shares set revoked = now() where id = $1 and credential_id = $2 and revoked is null returning id""";
  static final String RESOLVE = """
      select c.id, c.jwt, c.data_integrity::text as data_integrity, c.revoked, c.revoked_reason, c.suspended, c.suspended_reason, s.id as share_id, s.indexable
      from credentials.shares s join credentials.credentials c on c.id = s.credential_id
      where s.token_sha256 = $1 and s.revoked is null""";

  /** A share link was opened (its page or its VC-JWT fetched). */
  static final String OPENED = """
      update credentials.shares set first_opened = coalesce(first_opened, now()), last_opened = now(),
        opened_count = opened_count + 1 where id = $1""";

  private ShareSql() {}
}
