-- PostgreSQL dialect of ../0012_as_late_as_possible.sql (read that file for why).
ALTER TABLE milestone ADD COLUMN as_late_as_possible INTEGER NOT NULL DEFAULT 0;
