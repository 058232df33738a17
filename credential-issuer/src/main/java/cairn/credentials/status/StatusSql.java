package cairn.credentials.status;

/** The SQL of status lists and status changes. */
final class StatusSql {
  static final String NEXT_SLOTS = "select nextval('credentials.status_slots') as slot from generate_series(1, $1)";
  /** A new list gets a random key for its index permutation (16 bytes, 122 of them random). */
  static final String ENSURE_LISTS = """
      insert into credentials.status_lists (id, size, index_key)
      select unnest($1::int[]), $2, uuid_send(gen_random_uuid()) on conflict (id) do nothing""";
  static final String INDEX_KEYS = "select id, index_key from credentials.status_lists where id = any($1::int[])";
  static final String VERSION = "select version, size from credentials.status_lists where id = $1";
  static final String REVOKED = "select status_index from credentials.credentials where status_list = $1 and revoked is not null";
  static final String SUSPENDED = "select status_index from credentials.credentials where status_list = $1 and suspended is not null";
  static final String BUMP = "update credentials.status_lists set version = version + 1 where id = $1";
  static final String STATE = """
      select status_list, revoked, revoked_reason, suspended, suspended_reason from credentials.credentials where id = $1""";
  static final String REVOKE = """
      update credentials.credentials set revoked = now(), revoked_reason = $2
      where id = $1 and revoked is null returning status_list""";
  static final String SUSPEND = """
      update credentials.credentials set suspended = now(), suspended_reason = $2
      where id = $1 and revoked is null and suspended is null returning status_list""";
  static final String REINSTATE = """
      update credentials.credentials set suspended = null, suspended_reason = null
      where id = $1 and revoked is null and suspended is not null returning status_list""";

  private StatusSql() {}
}
