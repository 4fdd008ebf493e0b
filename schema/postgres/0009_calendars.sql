-- tiendo schema, version 9, PostgreSQL dialect of ../0009_calendars.sql (read that file for
-- why): the same statements.
ALTER TABLE project ADD COLUMN calendar TEXT;
CREATE TABLE calendar (
  name TEXT PRIMARY KEY,
  weekdays TEXT NOT NULL,
  holidays TEXT NOT NULL,
  exceptions TEXT NOT NULL
);
