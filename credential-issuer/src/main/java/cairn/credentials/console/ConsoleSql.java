package cairn.credentials.console;

/**
 * The SQL of the issuer's console: counts for the status page, the failed outbox requests with the
 * person and milestone they were for (the outbox, {@code progression.issuance_requests}, is the named
 * contract the issuer already consumes), and the credential search.
 */
final class ConsoleSql {
  static final String ISSUED = """
      select count(*) as total,
             count(*) filter (where revoked is not null) as revoked,
             count(*) filter (where revoked is null and suspended is not null) as suspended,
             count(*) filter (where issued > now() - interval '1 day') as last_day,
             max(issued) as last_issued
      from credentials.credentials""";

  static final String FAILURES = """
      select f.request_id, f.error, f.at, r.person_id, r.recipient_name, r.achievement->>'name' as milestone,
             r.ladder_id, r.ladder_version, count(*) over () as total
      from credentials.failed_requests f left join progression.issuance_requests r on r.id = f.request_id
      order by f.at desc, f.request_id desc
      limit $1""";

  static final String LISTS = """
      select l.id, l.size, l.version, count(c.id) as used, count(c.revoked) as revoked,
             count(c.id) filter (where c.revoked is null and c.suspended is not null) as suspended
      from credentials.status_lists l left join credentials.credentials c on c.status_list = l.id
      group by l.id order by l.id""";

  /**
   * The search: $1 the person as typed (a person id, or part of the recipient's name, LIKE-escaped in
   * $2), $3 the person ids the directory found for it as an IFI; $4 the achievement (an id or ladder id
   * as typed, part of its name LIKE-escaped in $5); $6 the status; $7..$8 the issued range [from, to);
   * $9 the page size, $10 the offset. Newest first.
   */
  static final String SEARCH = """
      select id, person_id, recipient_name, achievement_id, achievement_name, ladder_id, ladder_version, issued,
             revoked, suspended, count(*) over () as total
      from credentials.credentials c
      where ($1::text is null or c.person_id = $1 or c.recipient_name ilike $2 or c.person_id = any($3::text[]))
        and ($4::text is null or c.achievement_id = $4 or c.ladder_id = $4 or c.achievement_name ilike $5)
        and ($6::text is null
             or ($6 = 'active' and c.revoked is null and c.suspended is null)
             or ($6 = 'revoked' and c.revoked is not null)
             or ($6 = 'suspended' and c.revoked is null and c.suspended is not null))
        and ($7::timestamptz is null or c.issued >= $7)
        and ($8::timestamptz is null or c.issued < $8)
      order by c.issued desc, c.id desc
      limit $9 offset $10""";

  private ConsoleSql() {}
}
