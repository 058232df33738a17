-- The length (characters) of each statement's stored text, written at insert, so that a page of
-- statements can stop at a size budget before PostgreSQL serialises and sends bodies beyond it.
-- Statements stored before have none: they count as empty, and the page is cut in Java instead.
alter table statements add column body_length integer;
