-- tiendo schema, version 11, PostgreSQL dialect of ../0011_change_log_writes.sql: every
-- change-log row names the write it came with (write_id); rows logged before keep the grouping
-- by actor and second, as the id of the first row of theirs.
ALTER TABLE change_log ADD COLUMN write_id BIGINT;
ALTER TABLE change_log DISABLE TRIGGER change_log_no_update;
UPDATE change_log SET write_id = first.write_id
FROM (SELECT id, min(id) OVER (PARTITION BY at_utc, actor) AS write_id FROM change_log) AS first
WHERE first.id = change_log.id;
ALTER TABLE change_log ENABLE TRIGGER change_log_no_update;
CREATE INDEX change_log_write ON change_log(write_id);
