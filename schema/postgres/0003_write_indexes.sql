-- tiendo schema, version 3, PostgreSQL dialect of ../0003_write_indexes.sql.
DROP INDEX milestone_key;
DROP INDEX change_log_at;
DROP INDEX change_log_project;
CREATE INDEX change_log_project_at ON change_log(project_code, at_utc);
