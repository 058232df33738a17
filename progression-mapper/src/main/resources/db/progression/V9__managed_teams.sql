-- The teams a person manages (directory import's "manages"): a signed-in manager's cohort views
-- cover the people of these teams, with the same minimum group size as every cohort view.
alter table people add column manages text[] not null default '{}';
