-- The role hr (web's Role.HR): organisation-wide cohort views and equity, aggregated.
alter table accounts.role_grants drop constraint role_grants_role_check;
alter table accounts.role_grants add constraint role_grants_role_check
  check (role in ('employee', 'mentor', 'manager', 'hr', 'committee_reviewer', 'ld_admin', 'lrs_admin', 'auditor'));
