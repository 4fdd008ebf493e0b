-- tiendo schema, version 2, PostgreSQL dialect of ../0002_indexes.sql.
CREATE INDEX milestone_key ON milestone(key);
CREATE INDEX change_log_at ON change_log(at_utc);
