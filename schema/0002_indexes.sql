-- tiendo schema, version 2: indexes for the questions asked most often of large portfolios,
-- milestones by key (every COD of the portfolio) and the change log by time (stale projects).
CREATE INDEX milestone_key ON milestone(key);
CREATE INDEX change_log_at ON change_log(at_utc);
