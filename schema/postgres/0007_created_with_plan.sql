-- tiendo schema, version 7, PostgreSQL dialect of ../0007_created_with_plan.sql: no table changes;
-- the change log may now hold "created_with_plan" rows, which an older tiendo must not read.
SELECT 1;
