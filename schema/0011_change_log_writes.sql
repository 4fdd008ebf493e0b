-- tiendo schema, version 11: every change-log row names the write it came with (write_id), so
-- that undoing "the whole write" (an import, a batch of edits) takes exactly that write's rows.
-- Before this version a write was told by its actor and second, and two writes by one person in
-- the same second could not be told apart. Rows logged before this version keep that grouping:
-- each gets the id of the first row of its actor and second. The store gives each new write the
-- id one above the change log's largest (store/database.cpp, ChangeLogWriter); a row without one
-- (written by hand) stands alone, as its own id.
ALTER TABLE change_log ADD COLUMN write_id INTEGER;
DROP TRIGGER change_log_no_update;
UPDATE change_log SET write_id = first.write_id
FROM (SELECT id, min(id) OVER (PARTITION BY at_utc, actor) AS write_id FROM change_log) AS first
WHERE first.id = change_log.id;
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE INDEX change_log_write ON change_log(write_id);
