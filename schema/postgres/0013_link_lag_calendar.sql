-- PostgreSQL dialect of ../0013_link_lag_calendar.sql (read that file for why).
ALTER TABLE dependency ADD COLUMN lag_calendar TEXT NOT NULL DEFAULT '';
