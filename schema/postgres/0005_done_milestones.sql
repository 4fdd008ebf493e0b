-- tiendo schema, version 5, PostgreSQL dialect of ../0005_done_milestones.sql (the same index; the
-- id rides along so that the slice is read from the index alone).
CREATE INDEX milestone_done ON milestone(key, actual, project_id, id) WHERE actual IS NOT NULL;
