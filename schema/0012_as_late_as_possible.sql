-- tiendo schema, the migration after 0011 (numbered 0012 so that it follows
-- 0011_change_log_writes.sql, written at the same time): a milestone placed as late as possible
-- (P6's "as late as possible" constraint, issue 31). 1 when its early dates use up its free
-- float, as late as its successors allow without delaying any of them; 0, what every milestone
-- stored before means, places it as early as its predecessors allow.
ALTER TABLE milestone ADD COLUMN as_late_as_possible INTEGER NOT NULL DEFAULT 0;
