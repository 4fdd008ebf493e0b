-- tiendo schema, version 6, PostgreSQL dialect of ../0006_account_name_folding.sql. lower() folds
-- case by the database's collation: under a Turkish one, lower('Ivan') is 'ıvan', so "Ivan" and
-- "ivan" could both be created and neither found by the other's spelling. Account names are ASCII
-- (operations/accounts.cpp); lower() under the "C" collation folds exactly the ASCII letters, as
-- SQLite's NOCASE does, on every server. Every lookup folds with the same expression
-- (store/database.cpp, folded_name), so this index still answers them.
DROP INDEX account_name;
CREATE UNIQUE INDEX account_name ON account (lower(name COLLATE "C"));
