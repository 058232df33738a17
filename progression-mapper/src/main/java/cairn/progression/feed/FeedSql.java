package cairn.progression.feed;

/** The feed consumer's SQL: the cursor, the commit-ordered read, facts and derived state. */
final class FeedSql {
  private FeedSql() {}

  static final String ENSURE_CURSOR = """
      insert into progression.feed_cursors (consumer) values ($1) on conflict do nothing returning consumer""";
  /** A fresh consumer evaluates every person once, so people without facts get a status too. */
  static final String ALL_PEOPLE_DIRTY = """
      insert into progression.dirty_persons (consumer, person_id) select $1, person_id from progression.people
      on conflict do nothing""";
  /**
   * The facts table is vacuumed as it grows, not only analyzed: the reads of evidence and sessions
   * are index-only scans (progression V11), which need its visibility map current.
   */
  static final String VACUUM = "vacuum (analyze) progression.facts";
  /** The tables whose plans go wrong on stale statistics (see FeedConsumer#analyzeIfGrown). */
  static final String ANALYZE = "analyze progression.fact_statements, progression.mastery";
  /** The planner's row count of the facts table (0 before its first analyze). */
  static final String FACTS_ESTIMATE = "select greatest(reltuples, 0)::bigint as n from pg_class where oid = 'progression.facts'::regclass";
  static final String HORIZON = "select lrs.feed_horizon()::text as h";
  /** The cursor row is the consumer's lock: a second mapper instance skips the round. */
  static final String CLAIM = """
      select horizon::text as horizon, last_tx::text as last_tx, last_seq, replaying from progression.feed_cursors
      where consumer = $1 for update skip locked""";
  /** The cursor row, waited for: a per-person derivation outside the rounds must not run beside one. */
  static final String LOCK_CURSOR = "select replaying from progression.feed_cursors where consumer = $1 for update";
  /**
   * Ordered by tx as xid8 (not its text, which would put 1039 before 761). The body only of
   * statements whose verb the mapper can use ($6): most of a busy LRS's statements are not evidence.
   */
  static final String READ = """
      select seq, tx::text as tx_text, id, stored, voided_target,
        case when verb_id = any($6::text[]) then body::text end as body
      from lrs.statement_feed
      where tx >= $1::xid8 and tx < $2::xid8 and (tx, seq) > ($3::xid8, $4)
      order by tx, seq limit $5""";
  /**
   * How far a consumer ($1) is behind: the statements it has not consumed yet (counted up to $2) and
   * how long ago the first of them was stored. A consumer without a cursor row stands at the start.
   */
  static final String LAG = """
      with c as (
        select horizon, last_tx, last_seq from progression.feed_cursors where consumer = $1
        union all
        select '0'::xid8, '0'::xid8, 0 where not exists (select 1 from progression.feed_cursors where consumer = $1))
      select
        (select count(*) from (select 1 from lrs.statement_feed f
                               where f.tx >= c.horizon and (f.tx, f.seq) > (c.last_tx, c.last_seq) limit $2) w) as waiting,
        (select extract(epoch from now() - f.stored)::float8 from lrs.statement_feed f
         where f.tx >= c.horizon and (f.tx, f.seq) > (c.last_tx, c.last_seq) order by f.tx, f.seq limit 1) as oldest
      from c""";
  static final String ADVANCE = """
      update progression.feed_cursors set horizon = $2::xid8, last_tx = $3::xid8, last_seq = $4,
        processed = processed + $5, last_stored = coalesce($6, last_stored), replaying = $7, updated = now()
      where consumer = $1""";

  static final String INSERT_VOIDED = """
      insert into progression.voided (consumer, statement_id) select $1, unnest($2::uuid[]) on conflict do nothing
      returning statement_id""";
  static final String ALREADY_VOIDED = """
      select statement_id from progression.voided where consumer = $1 and statement_id = any($2::uuid[])""";
  static final String RETRACT = """
      delete from progression.fact_statements where consumer = $1 and statement_id = any($2::uuid[])
      returning content_hash""";
  static final String INSERT_FACT_STATEMENTS = """
      insert into progression.fact_statements (consumer, statement_id, content_hash, seq, at)
      select $1, t.id, t.hash, t.seq, t.at::timestamptz
      from unnest($2::uuid[], $3::bytea[], $4::bigint[], $5::text[]) as t(id, hash, seq, at)
      on conflict do nothing""";
  static final String INSERT_FACTS = """
      insert into progression.facts (consumer, content_hash, kind, framework_id, rule_id, subject, other, competency,
        level, positive, self_asserted, valid_days, session_key, statement_id, at)
      select $1, t.hash, t.kind, t.fw, t.rule, t.subject, t.other, t.competency, t.level, t.positive, t.self,
             t.days, t.session, t.id, t.at::timestamptz
      from unnest($2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
                  $10::boolean[], $11::boolean[], $12::int[], $13::text[], $14::uuid[], $15::text[])
           as t(hash, kind, fw, rule, subject, other, competency, level, positive, self, days, session, id, at)
      on conflict do nothing
      returning subject, other, kind, competency, at""";
  /** Facts whose last live statement was voided go. */
  static final String DROP_ORPHANS = """
      delete from progression.facts f where f.consumer = $1 and f.content_hash = any($2::bytea[])
        and not exists (select 1 from progression.fact_statements s
                        where s.consumer = f.consumer and s.content_hash = f.content_hash)
      returning subject, other, kind, competency, at""";
  /**
   * Each fact names the earliest live statement with its content by statement time, then by id — not
   * by arrival (seq): which replay stands for a content must not depend on the order they came in.
   * The facts that move are found first (materialized) and updated by key: as one self-joined
   * update, a new consumer's first rounds (statistics that know none of its facts yet) were planned
   * as a nested loop over all of its facts for each of its facts — rounds of up to 7.5 s in a
   * recompute.
   */
  static final String REPRESENT = """
      with r as (select distinct on (content_hash) content_hash, statement_id, at from progression.fact_statements
                 where consumer = $1 and content_hash = any($2::bytea[]) order by content_hash, at, statement_id),
        moved as materialized (select f.content_hash, f.kind, f.framework_id, f.rule_id, f.at as old_at, r.statement_id, r.at
                              from r join progression.facts f on f.consumer = $1 and f.content_hash = r.content_hash
                              where f.statement_id <> r.statement_id or f.at <> r.at)
      update progression.facts f set statement_id = m.statement_id, at = m.at
      from moved m
      where f.consumer = $1 and f.content_hash = m.content_hash and f.kind = m.kind
        and f.framework_id = m.framework_id and f.rule_id = m.rule_id
      returning f.subject, f.other, f.kind, f.competency, least(m.old_at, m.at) as at, greatest(m.old_at, m.at) as until""";

  static final String PERSONS_OF = "select distinct person_id from progression.person_ifis where ifi = any($1::text[])";
  /** Up to $2 dirty persons, and the dirty ones among these ($3, a round's persons). */
  static final String TAKE_DIRTY = """
      delete from progression.dirty_persons where consumer = $1 and (person_id = any($3::text[]) or person_id in
        (select person_id from progression.dirty_persons where consumer = $1 order by person_id limit $2))
      returning person_id""";
  static final String EXPIRED = """
      select distinct person_id from progression.mastery where consumer = $1 and valid_until <= now() limit $2""";
  /**
   * Sessions' outcomes ({@code facts.outcome_at}, progression V5) brought up to date: those of the
   * sessions {@code s} that the from clause {@code sessions} picks. Answers the mentors whose outcome
   * changed, by consumer, with the earliest outcome time that moved ({@code since}, old or new): the
   * only way a mentee's evidence reaches the mentor's state.
   */
  private static String outcomes(String with, String sessions) {
    return with + """
        o as (select s.consumer, s.content_hash, s.framework_id, s.rule_id, s.outcome_at as old_at, %s as at
              from %s),
        u as (update progression.facts f set outcome_at = o.at from o
              where f.consumer = o.consumer and f.content_hash = o.content_hash and f.kind = 'session'
                and f.framework_id = o.framework_id and f.rule_id = o.rule_id and f.outcome_at is distinct from o.at
              returning f.consumer, f.subject, least(o.old_at, o.at) as since)
        select u.consumer, m.person_id, min(u.since) as since
        from u join progression.person_ifis m on m.ifi = u.subject group by u.consumer, m.person_id"""
        .formatted(OUTCOME, sessions);
  }

  /**
   * A session's outcome: the mentee's first positive evidence in the session's competency after it,
   * under any of the mentee's IFIs.
   */
  private static final String OUTCOME = """
      (select min(x.at) from (select s.other as ifi union
                              select i2.ifi from progression.person_ifis i1
                              join progression.person_ifis i2 on i2.person_id = i1.person_id where i1.ifi = s.other) m
       cross join lateral (select min(e.at) as at from progression.facts e
                           where e.consumer = s.consumer and e.kind = 'evidence' and e.subject = m.ifi
                             and e.competency = s.competency and e.at > s.at and e.positive) x)""";
  /** The sessions among a round's contents ($2): new, or re-dated by REPRESENT. */
  static final String OUTCOMES_OF_CONTENTS = outcomes("with ", """
      progression.facts s where s.kind = 'session' and s.consumer = $1 and s.content_hash = any($2::bytea[])""");
  /**
   * The sessions whose outcome these evidence changes (IFI $2, competency $3) may move: the mentee is
   * the person (any of their IFIs) whose evidence changed, the competency the same. Each mentee IFI
   * and competency finds its sessions by index (lateral): with the IFIs also given as an array
   * ({@code other = any(…)}), PostgreSQL sorted that array again for every probe, which cost half the
   * query's time (docs/benchmarks.md, "where a round's time goes with rounds of up to 20,000").
   */
  static final String OUTCOMES_OF_EVIDENCE = outcomes("""
      with changed as (
        select distinct coalesce(e.ifi, t.ifi) as ifi, t.competency
        from unnest($2::text[], $3::text[]) as t(ifi, competency)
        left join progression.person_ifis p on p.ifi = t.ifi
        left join progression.person_ifis e on e.person_id = p.person_id),
      """, """
      changed c cross join lateral (select * from progression.facts s where s.consumer = $1 and s.kind = 'session'
                                      and s.other = c.ifi and s.competency = c.competency) s""");
  /**
   * For a directory change: every consumer's sessions with these mentees ($1: IFIs a person gained or
   * lost) — their outcomes now count other evidence.
   */
  static final String OUTCOMES_OF_MENTEES = outcomes("with ", """
      progression.facts s where s.kind = 'session' and s.consumer in (select consumer from progression.feed_cursors)
        and s.other = any($1::text[])""");
  /** For a rule change, which drops evidence: every consumer's sessions. */
  static final String OUTCOMES_OF_ALL = outcomes("with ", """
      progression.facts s where s.kind = 'session' and s.consumer in (select consumer from progression.feed_cursors)""");
  /**
   * For a directory change: the mentors of these mentees ($1, IFIs) and the persons these endorsers
   * endorsed must be derived again — a session's outcome or an endorser's identity moved.
   */
  static final String COUNTERPARTS_DIRTY = """
      insert into progression.dirty_persons (consumer, person_id)
      select distinct f.consumer, m.person_id from progression.facts f
      join progression.person_ifis m on m.ifi = f.subject
      where f.consumer in (select consumer from progression.feed_cursors) and f.kind in ('session', 'endorsement')
        and f.other = any($1::text[])
      on conflict do nothing""";

  static final String PEOPLE = """
      select p.person_id, p.name, i.ifi, i.agent::text as agent from progression.people p
      join progression.person_ifis i using (person_id) where p.person_id = any($1::text[]) order by p.person_id, i.ifi""";
  static final String EVIDENCE = """
      select subject, framework_id, rule_id, competency, level, positive, self_asserted, valid_days, statement_id, at
      from progression.facts where consumer = $1 and kind = 'evidence' and subject = any($2::text[])""";
  /** The evidence of these learners (IFI $2) in these competencies ($3). */
  static final String EVIDENCE_OF = """
      select f.subject, f.framework_id, f.rule_id, f.competency, f.level, f.positive, f.self_asserted, f.valid_days,
        f.statement_id, f.at
      from unnest($2::text[], $3::text[]) as k(subject, competency)
      join progression.facts f on f.consumer = $1 and f.kind = 'evidence' and f.subject = k.subject
        and f.competency = k.competency""";
  /**
   * The sessions these IFIs ($2) gave or received: two index-only scans (V11's covering indexes; an
   * {@code or} of the two would be a bitmap scan of the heap). A session between two of them comes
   * from both; the caller skips the mentee side's copy ({@code by_mentee} and a mentor among them).
   */
  static final String SESSIONS = """
      select false as by_mentee, subject, other, competency, session_key, statement_id, at, positive, outcome_at
      from progression.facts where consumer = $1 and kind = 'session' and subject = any($2::text[])
      union all
      select true, subject, other, competency, session_key, statement_id, at, positive, outcome_at
      from progression.facts where consumer = $1 and kind = 'session' and other = any($2::text[])""";
  /** The sessions these IFIs ($2) gave: SESSIONS' first half, when no ladder asks for sessions received. */
  static final String SESSIONS_GIVEN = """
      select false as by_mentee, subject, other, competency, session_key, statement_id, at, positive, outcome_at
      from progression.facts where consumer = $1 and kind = 'session' and subject = any($2::text[])""";
  /**
   * How many sessions (by key) the persons of these IFIs ($2) received from someone else (a mentor
   * not among their own IFIs, gathered once per IFI rather than probed per session): their standing's
   * count when no ladder asks for the sessions themselves (Definitions#needsSessionsReceived).
   */
  static final String SESSIONS_RECEIVED = """
      select m.person_id, count(distinct f.session_key) as received
      from progression.person_ifis m
      cross join lateral (select array_agg(o.ifi) as own from progression.person_ifis o where o.person_id = m.person_id) p
      join progression.facts f on f.consumer = $1 and f.kind = 'session' and f.other = m.ifi and f.subject <> all(p.own)
      where m.ifi = any($2::text[])
      group by m.person_id""";
  static final String ENDORSEMENTS = """
      select f.subject, coalesce(p.person_id, f.other) as endorser, f.other, f.competency, f.statement_id, f.at
      from progression.facts f left join progression.person_ifis p on p.ifi = f.other
      where f.consumer = $1 and f.kind = 'endorsement' and f.subject = any($2::text[])""";

  /*
   * A person's derived rows are replaced by difference, not wholesale: each row carries the digest of
   * what it was computed as (progression V4), and a round deletes (by key) and inserts only the rows
   * whose digest changed — a competency or two of a person's dozen — so unchanged rows cost no
   * writes, no WAL and no JSON parsing. A mastery row also keeps what a round needs to build on it
   * when its competency's evidence has not changed (V6).
   */
  static final String MASTERY = """
      select person_id, framework_id, competency, level, direct_level, since, valid_until, statements, refresh_at, digest
      from progression.mastery where consumer = $1 and person_id = any($2::text[])""";
  static final String DIGESTS = """
      select 'status' as t, person_id, ladder_id as a, '' as b, digest from progression.ladder_status
      where consumer = $1 and person_id = any($2::text[])
      union all
      select 'milestone', person_id, ladder_id, milestone_id, digest from progression.milestones
      where consumer = $1 and person_id = any($2::text[])""";
  /** The milestones stored as reached (first, by statement time), which a round may keep as they are. */
  static final String REACHED = """
      select person_id, ladder_id, milestone_id, ladder_version, reached_at, valid_until from progression.milestones
      where consumer = $1 and person_id = any($2::text[])""";
  /** Persons' levels in statement time as of their latest moment (progression V11, feed/Checkpoint). */
  static final String CHECKPOINTS = """
      select person_id, at, levels from progression.history_levels where consumer = $1 and person_id = any($2::text[])""";
  static final String UPSERT_CHECKPOINTS = """
      insert into progression.history_levels (consumer, person_id, at, levels)
      select $1, t.p, t.at::timestamptz, t.l from unnest($2::text[], $3::text[], $4::bytea[]) as t(p, at, l)
      on conflict (consumer, person_id) do update set at = excluded.at, levels = excluded.levels""";
  static final String DELETE_CHECKPOINTS = """
      delete from progression.history_levels where consumer = $1 and person_id = any($2::text[])""";
  /** A rule change drops evidence: every consumer's persons are derived from all their evidence again. */
  static final String ALL_CHECKPOINTS_GONE = "delete from progression.history_levels";
  static final String DELETE_MASTERY = """
      delete from progression.mastery x using unnest($2::text[], $3::text[], $4::text[]) as k(p, f, c)
      where x.consumer = $1 and x.person_id = k.p and x.framework_id = k.f and x.competency = k.c""";
  static final String DELETE_STATUS = """
      delete from progression.ladder_status x using unnest($2::text[], $3::text[]) as k(p, l)
      where x.consumer = $1 and x.person_id = k.p and x.ladder_id = k.l""";
  static final String DELETE_MILESTONES = """
      delete from progression.milestones x using unnest($2::text[], $3::text[], $4::text[]) as k(p, l, m)
      where x.consumer = $1 and x.person_id = k.p and x.ladder_id = k.l and x.milestone_id = k.m""";
  static final String CLEAR_DIRTY = "delete from progression.dirty_persons where consumer = $1 and person_id = any($2::text[])";
  static final String INSERT_MASTERY = """
      insert into progression.mastery (consumer, person_id, framework_id, competency, level, direct_level, since,
        valid_until, statements, refresh_at, explanation, digest)
      select $1, t.p, t.f, t.c, t.l, t.d, t.s::timestamptz, t.v::timestamptz, t.ids::uuid[], t.r::timestamptz,
        t.e::jsonb, t.h
      from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[],
                  $10::text[], $11::text[], $12::bytea[]) as t(p, f, c, l, d, s, v, ids, r, e, h)""";
  static final String INSERT_STATUS = """
      insert into progression.ladder_status (consumer, person_id, ladder_id, ladder_version, status, digest)
      select $1, t.p, t.l, t.v, t.s::jsonb, t.h
      from unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::bytea[]) as t(p, l, v, s, h)""";
  static final String INSERT_MILESTONES = """
      insert into progression.milestones (consumer, person_id, ladder_id, milestone_id, ladder_version, reached_at,
        valid_until, explanation, digest)
      select $1, t.p, t.l, t.m, t.v, t.r::timestamptz, t.u::timestamptz, t.e::jsonb, t.h
      from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::bytea[])
           as t(p, l, m, v, r, u, e, h)""";
  /**
   * The issuance outbox (progression V1): one live request per person, achievement and ladder version
   * (V7) makes reporting a milestone again a no-op — unless its request was withdrawn: then a milestone
   * reached again is a new request.
   */
  static final String ISSUE = """
      insert into progression.issuance_requests (person_id, recipient, recipient_name, achievement_id, ladder_id,
        ladder_version, achievement, evidence, explanation, reached_at, valid_until)
      select t.p, t.r::jsonb, t.n, t.a, t.l, t.v, t.ach::jsonb, t.ev::jsonb, t.ex::jsonb, t.at::timestamptz,
        t.u::timestamptz
      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                  $9::text[], $10::text[], $11::text[]) as t(p, r, n, a, l, v, ach, ev, ex, at, u)
      on conflict (person_id, achievement_id, ladder_version, coalesce(withdrawn, 'infinity')) do nothing""";
  /** The statement ids of an evidence array, sorted: what a credential attests besides the time. */
  private static String ids(String evidence) {
    return "(select coalesce(array_agg(x->>'statementId' order by x->>'statementId'), '{}') from jsonb_array_elements("
        + evidence + ") x)";
  }

  /**
   * Supersedes the live requests of these milestones (person $1, achievement $2, ladder version $3)
   * whose reached-at or evidence differ from what the history now says ($4, $5): a statement that
   * arrived late moved the moment the milestone was first reached. Runs before {@link #ISSUE}, which
   * then writes the request the history names; the issuer revokes the old credential and issues it.
   */
  static final String SUPERSEDE = """
      update progression.issuance_requests r set withdrawn = now(),
        withdrawn_reason = 'Superseded: by statement time the milestone was first reached at ' || t.at
          || ' with other evidence; a new credential replaces this one.'
      from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]) as t(p, a, v, at, ev)
      where r.person_id = t.p and r.achievement_id = t.a and r.ladder_version = t.v and r.withdrawn is null
        and (r.reached_at <> t.at::timestamptz or""" + " " + ids("r.evidence") + " <> " + ids("t.ev::jsonb") + ")";
  /**
   * Withdraws the live requests of these milestones (person $1, achievement $2, ladder version $3)
   * that the history says were never reached: a statement of their evidence was voided (named in the
   * reason), or statements that arrived late show the requirements never held at once.
   */
  static final String NEVER_REACHED = """
      update progression.issuance_requests r set withdrawn = now(),
        withdrawn_reason = coalesce(
          (select 'The milestone is no longer reached: statement ' || v.statement_id || ' of its evidence was voided.'
           from jsonb_array_elements(r.evidence) e
           join progression.voided v on v.consumer = $4 and v.statement_id::text = e->>'statementId'
           order by 1 limit 1),
          'The milestone was never reached: by statement time its requirements never held together '
            || '(statements that arrived late, or a directory change).')
      from unnest($1::text[], $2::text[], $3::int[]) as t(p, a, v)
      where r.person_id = t.p and r.achievement_id = t.a and r.ladder_version = t.v and r.withdrawn is null""";
}
