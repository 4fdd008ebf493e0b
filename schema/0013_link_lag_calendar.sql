-- tiendo schema, migration 0013: a link's own lag calendar (issue 31). MS Project's elapsed lags
-- ("2ed", "12eh") count on a continuous 24-hour, 7-day clock whatever the calendars, where the
-- project's rules (project.schedule_rules) say which calendar its other lags count on.
-- '' (every link stored before) follows the project's rules; otherwise one of the rules' words:
-- 'predecessor', 'successor', 'project', '24_hour'.
ALTER TABLE dependency ADD COLUMN lag_calendar TEXT NOT NULL DEFAULT '';
