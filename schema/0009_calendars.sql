-- tiendo schema, version 9: working calendars (DESIGN.md, "Working calendars"). A project may name
-- one; NULL is whole calendar days (the built-in `all-days`), so every project stored before this
-- version keeps its schedule. The built-in calendars (all-days, vn-mon-fri, vn-mon-sat) are code,
-- not rows; this table holds those a department adds, each in the text form src/domain/calendar.h
-- reads: weekdays "mon=08:00-12:00,13:00-17:00;...;sun=", holidays "vietnam" or "none",
-- exceptions "2027-02-05=;2027-02-06=08:00-12:00".
ALTER TABLE project ADD COLUMN calendar TEXT;
CREATE TABLE calendar (
  name TEXT PRIMARY KEY,
  weekdays TEXT NOT NULL,
  holidays TEXT NOT NULL,
  exceptions TEXT NOT NULL
);
