-- tiendo schema, version 3: indexes that earn their cost on writes. No query reads milestones by
-- key or the change log by time alone (analysis works on the loaded portfolio), and every import
-- paid for both on each row. The stale-project question (latest change per project) is answered
-- from one covering index on (project_code, at_utc) instead of the project_code index.
DROP INDEX milestone_key;
DROP INDEX change_log_at;
DROP INDEX change_log_project;
CREATE INDEX change_log_project_at ON change_log(project_code, at_utc);
