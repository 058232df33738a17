-- Share links as their owner sees them on the "My credentials" page: when the link was last opened
-- and how often (a GET of the page or the VC-JWT; HEAD is not counted), and whether the owner lets
-- search engines list the credential's page (otherwise it says noindex).
-- Numbered 4.1 so that another change's V4 can land beside it in either order.
alter table shares add column first_opened timestamptz;
alter table shares add column last_opened timestamptz;
alter table shares add column opened_count integer not null default 0;
alter table shares add column indexable boolean not null default false;
