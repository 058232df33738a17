package cairn.credentials.issuing;

/** The SQL of issuing: claiming the outbox, subjects, recording credentials, reading them back. */
final class IssuingSql {
  /** The outbox rows ({@code r}) that {@link #CLAIM} takes: waiting for a credential. */
  private static final String WAITING_WHERE = """
      where not exists (select 1 from credentials.credentials c
                        where c.person_id = r.person_id and c.achievement_id = r.achievement_id
                          and c.ladder_version = r.ladder_version and (c.revoked is null or c.request_id = r.id))
        and not exists (select 1 from credentials.failed_requests f where f.request_id = r.id)
        and r.withdrawn is null
      """;
  /**
   * Claims outbox rows not yet issued nor failed, whose key (person, achievement, ladder version) holds
   * no credential that is not revoked (credentials V3: a milestone reached again after its credential
   * was revoked is issued anew, once the old one is revoked) — and none of the row's own: a credential
   * revoked by hand does not come back while its request stands. SKIP LOCKED lets workers share the queue;
   * the row locks are the only thing written to the progression schema's side. If a row slips through
   * (another worker committed between our snapshot and our lock), the unique key of live credentials
   * turns the second insert into a no-op.
   */
  static final String CLAIM = """
      select r.id, r.person_id, r.recipient::text as recipient, r.recipient_name, r.achievement_id, r.ladder_id,
             r.ladder_version, r.achievement::text as achievement, r.evidence::text as evidence, r.reached_at,
             r.valid_until
      from progression.issuance_requests r
      """ + WAITING_WHERE + """
      order by r.id
      limit $1
      for update of r skip locked""";
  /** How many outbox rows wait for a credential, counted up to $1 (read only: locks nothing). */
  static final String WAITING = """
      select count(*) as n from (select 1 from progression.issuance_requests r
      """ + WAITING_WHERE + """
      limit $1) w""";

  /** The backlog: how many outbox rows wait for a credential (up to $1), and when the oldest of them was written. */
  static final String BACKLOG = """
      select count(*) as n, min(created) as oldest from (select r.created from progression.issuance_requests r
      """ + WAITING_WHERE + """
      order by r.id limit $1) w""";

  /** Credentials issued for requests the mapper withdrew since (progression V3), not revoked yet. */
  static final String WITHDRAWN = """
      select c.id, r.withdrawn_reason from progression.issuance_requests r
      join credentials.credentials c on c.request_id = r.id
      where r.withdrawn is not null and c.revoked is null
      order by r.withdrawn
      limit $1""";

  static final String FAILED = """
      insert into credentials.failed_requests (request_id, error) values ($1, $2) on conflict (request_id) do nothing""";

  /**
   * Subject ids, made for people new to the issuer. In person order: two rounds at once (IssuerVerticle)
   * then wait for each other's new rows in one order, never in a cycle (a deadlock).
   */
  static final String SUBJECTS = """
      with made as (
        insert into credentials.subjects (person_id) select distinct unnest($1::text[]) order by 1 on conflict do nothing
        returning person_id, subject_id)
      select person_id, subject_id from made
      union all
      select person_id, subject_id from credentials.subjects where person_id = any($1::text[])""";

  /**
   * Records credentials and their audit entries in one statement. A credential not revoked that already
   * exists for (person, achievement, ladder version) — the unique violation 23505 that means "already
   * issued" — is skipped by ON CONFLICT, so one duplicate does not abort the batch. Rows go in key order,
   * so two rounds at once that hold the same keys wait for each other in one order, never in a cycle.
   */
  static final String INSERT = """
      with ins as (
        insert into credentials.credentials (id, person_id, achievement_id, ladder_id, ladder_version, issuer_id,
          request_id, kid, status_list, status_index, jwt, valid_from, valid_until, data_integrity, recipient_name,
          achievement_name)
        select u.id, u.person_id, u.achievement_id, u.ladder_id, u.ladder_version, u.issuer_id, u.request_id, u.kid,
          u.status_list, u.status_index, u.jwt, u.valid_from, u.valid_until, u.data_integrity::jsonb, u.recipient_name,
          u.achievement_name
        from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[],
          $8::text[], $9::int[], $10::int[], $11::text[], $12::timestamptz[], $13::timestamptz[], $16::text[],
          $17::text[], $18::text[])
          as u(id, person_id, achievement_id, ladder_id, ladder_version, issuer_id, request_id, kid, status_list,
               status_index, jwt, valid_from, valid_until, data_integrity, recipient_name, achievement_name)
        order by u.person_id, u.achievement_id, u.ladder_version
        on conflict (person_id, achievement_id, ladder_version) where revoked is null do nothing
        returning id, request_id)
      insert into credentials.audit (actor, action, credential_id, reason, detail)
      select $14, 'issue', id, $15, case when request_id is null then null else jsonb_build_object('requestId', request_id) end
      from ins
      returning credential_id""";

  static final String EXISTING = """
      select id from credentials.credentials where person_id = $1 and achievement_id = $2 and ladder_version = $3
        and revoked is null""";

  static final String COLUMNS = """
      id, person_id, achievement_id, ladder_id, ladder_version, issuer_id, request_id, kid, status_list, status_index,
      jwt, valid_from, valid_until, issued, revoked, revoked_reason, suspended, suspended_reason,
      data_integrity::text as data_integrity, recipient_name, achievement_name""";
  static final String BY_ID = "select " + COLUMNS + " from credentials.credentials where id = $1";
  static final String BY_PERSON = "select " + COLUMNS + " from credentials.credentials where person_id = $1 order by issued, id";
  static final String BY_REQUEST = "select " + COLUMNS + " from credentials.credentials where request_id = $1";

  private IssuingSql() {}
}
