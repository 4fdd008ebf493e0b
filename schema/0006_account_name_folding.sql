-- tiendo schema, version 6: nothing changes in SQLite. Its NOCASE collation already folds only the
-- ASCII letters, whatever the machine's locale; the PostgreSQL dialect of this migration
-- (postgres/0006_account_name_folding.sql) makes PostgreSQL fold account names the same way.
-- The version number is shared so that both stores stay at the same schema version.
SELECT 1;
