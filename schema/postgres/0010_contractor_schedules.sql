-- tiendo schema, version 10, PostgreSQL dialect of ../0010_contractor_schedules.sql (read that
-- file for why); instants are BIGINT.
ALTER TABLE project ADD COLUMN schedule_rules TEXT;
ALTER TABLE project ADD COLUMN data_date TEXT;
ALTER TABLE milestone ADD COLUMN duration_minutes INTEGER;
ALTER TABLE milestone ADD COLUMN calendar TEXT;
ALTER TABLE milestone ADD COLUMN start_on_or_after BIGINT;
ALTER TABLE milestone ADD COLUMN finish_on_or_before BIGINT;
ALTER TABLE milestone ADD COLUMN finish_event INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dependency ADD COLUMN lag_minutes INTEGER;
