-- tiendo schema, version 10: contractors' schedules imported from P6 or MS Project (issue 31,
-- DESIGN.md "Working calendars"). Every column may be NULL (or 0), which is what a project,
-- milestone or dependency stored before this version means: durations and lags in whole days
-- of the project's calendar, tiendo's own rules, no constraint.
-- project.schedule_rules: 'p6' for an imported project, scheduled by P6's rules.
-- project.data_date: the contractor's data date of the file it was last imported from.
-- milestone.duration_minutes, dependency.lag_minutes: exactly, in working minutes (duration_days
-- and lag_days then hold the rounded days, for reading).
-- milestone.calendar: a calendar of its own, as each P6 activity names one.
-- milestone.start_on_or_after, finish_on_or_before: constraints, as instants (minutes since
-- 1970-01-01 00:00, Vietnam time).
-- milestone.finish_event: 1 for an event at the finish of its predecessors (a P6 finish milestone).
ALTER TABLE project ADD COLUMN schedule_rules TEXT;
ALTER TABLE project ADD COLUMN data_date TEXT;
ALTER TABLE milestone ADD COLUMN duration_minutes INTEGER;
ALTER TABLE milestone ADD COLUMN calendar TEXT;
ALTER TABLE milestone ADD COLUMN start_on_or_after INTEGER;
ALTER TABLE milestone ADD COLUMN finish_on_or_before INTEGER;
ALTER TABLE milestone ADD COLUMN finish_event INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dependency ADD COLUMN lag_minutes INTEGER;
