-- The role hr: sees organisation-wide cohort views and equity, aggregated (the dashboards).
-- Written to run whatever the constraint held before, so that another migration widening the list
-- of roles can come before or after it.
alter table accounts.role_grants drop constraint if exists role_grants_role_check;
alter table accounts.role_grants add constraint role_grants_role_check
  check (role in ('employee', 'mentor', 'manager', 'hr', 'committee_reviewer', 'ld_admin', 'lrs_admin', 'auditor'));
