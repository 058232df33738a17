-- A mentoring session's outcome, kept with the session fact: when the mentee first showed positive
-- evidence in the session's competency after it, under any of the mentee's IFIs (null: not yet).
-- The feed consumer keeps it current as sessions and evidence arrive, the people import as IFIs move
-- between the directory's persons; a round then reads a person's sessions without searching the
-- mentees' evidence for each.
alter table facts add column outcome_at timestamptz;

update facts f set outcome_at = (
  select min(x.at) from (select f.other as ifi union
                         select i2.ifi from person_ifis i1
                         join person_ifis i2 on i2.person_id = i1.person_id where i1.ifi = f.other) m
  cross join lateral (select min(e.at) as at from facts e
                      where e.consumer = f.consumer and e.kind = 'evidence' and e.subject = m.ifi
                        and e.competency = f.competency and e.at > f.at and e.positive) x)
where f.kind = 'session';
