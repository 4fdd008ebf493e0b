# A database written by the first schema version opens and is migrated (in one transaction).
$ sqlite3 v1.db < $TESTS/../schema/0001_initial.sql && sqlite3 v1.db "PRAGMA user_version = 1; INSERT INTO project (code, name, technology, province, stage) VALUES ('OLD-1', 'Dự án cũ', 'hydro', 'Lạng Sơn', 'approved');"
$ tiendo --db v1.db project list --format csv
code,name,technology,province,MW,stage
OLD-1,Dự án cũ,hydro,Lạng Sơn,,approved
# Version 2 added two indexes and version 3 replaced them with one that earns its cost on writes.
$ sqlite3 v1.db "PRAGMA user_version; SELECT name FROM sqlite_master WHERE name IN ('milestone_key', 'change_log_at', 'change_log_project', 'change_log_project_at') ORDER BY name;"
13
change_log_project_at
# Version 5 added the partial index of done milestones that the pipeline reads alone.
$ sqlite3 v1.db "SELECT sql FROM sqlite_master WHERE name = 'milestone_done';"
CREATE INDEX milestone_done ON milestone(key, actual, project_id) WHERE actual IS NOT NULL
# Version 4 added the accounts of the web workspace: accounts, their provinces, API tokens and
# sessions, with nothing secret in clear (password hashes must be argon2id strings).
$ sqlite3 v1.db "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('account', 'account_province', 'api_token', 'session') ORDER BY name;"
account
account_province
api_token
session
$ sqlite3 v1.db "INSERT INTO account (name, role, password_hash, created_at_utc, updated_at_utc) VALUES ('x', 'admin', 'plain text', '', '');" 2>&1 | grep -o 'CHECK constraint failed'
CHECK constraint failed
# Version 8 keeps failed logins in the database, per name and client address, so that every server
# process shares them and a restart keeps them; a count cannot go below zero.
$ sqlite3 v1.db "SELECT sql FROM sqlite_master WHERE name = 'login_failure_window'; SELECT group_concat(name, ' ') FROM pragma_table_info('login_failure');"
CREATE INDEX login_failure_window ON login_failure(window_started)
name address failures window_started locked_until
$ sqlite3 v1.db "INSERT INTO login_failure (name, address, failures, window_started) VALUES ('x', '192.0.2.1', -1, 0);" 2>&1 | grep -o 'CHECK constraint failed'
CHECK constraint failed
# A database at version 7 (the one before) is migrated to 8 and keeps its accounts.
$ sqlite3 v7.db < $TESTS/../schema/0001_initial.sql && for step in 0002_indexes 0003_write_indexes 0004_accounts 0005_done_milestones 0006_account_name_folding 0007_created_with_plan; do sqlite3 v7.db < $TESTS/../schema/$step.sql > /dev/null; done && sqlite3 v7.db "PRAGMA user_version = 7; INSERT INTO account (name, role, password_hash, created_at_utc, updated_at_utc) VALUES ('keeper', 'admin', '\$argon2id\$v=19\$x', '', '');"
$ tiendo --db v7.db user list --format csv | cut -d, -f1,2
name,role
keeper,admin
$ sqlite3 v7.db "PRAGMA user_version; SELECT count(*) FROM login_failure;"
13
0
# Version 9 added working calendars: a table of those a department adds, and a project's calendar
# (NULL, whole days, for every project stored before).
$ sqlite3 v1.db "SELECT group_concat(name, ' ') FROM pragma_table_info('calendar'); SELECT count(*) FROM project WHERE calendar IS NULL;"
name weekdays holidays exceptions
1
# Version 11 names the write each change-log row came with (undo takes a whole write by it); rows
# logged before keep their grouping by actor and second, as the id of the first row of theirs, and
# the log stays append-only.
$ sqlite3 v10.db < $TESTS/../schema/0001_initial.sql && for step in 0002_indexes 0003_write_indexes 0004_accounts 0005_done_milestones 0006_account_name_folding 0007_created_with_plan 0008_login_failures 0009_calendars 0010_contractor_schedules; do sqlite3 v10.db < $TESTS/../schema/$step.sql > /dev/null; done && sqlite3 v10.db "PRAGMA user_version = 10; INSERT INTO change_log (at_utc, actor, entity, field) VALUES ('2021-01-01T00:00:00Z', 'bob', 'setting:a', 'value'), ('2021-01-01T00:00:00Z', 'bob', 'setting:b', 'value'), ('2021-01-01T00:00:01Z', 'bob', 'setting:a', 'value'), ('2021-01-01T00:00:00Z', 'carol', 'setting:c', 'value');" && tiendo --db v10.db project list --format csv
code,name,technology,province,MW,stage
$ sqlite3 v10.db "PRAGMA user_version; SELECT group_concat(id || ':' || write_id, ' ') FROM change_log;"
13
1:1 2:1 3:3 4:4
$ sqlite3 v10.db "UPDATE change_log SET write_id = 9" 2>&1 | grep -o 'append-only'
append-only
# Version 12 marks a milestone placed as late as possible (P6's constraint); 0 for every milestone
# stored before.
$ sqlite3 v1.db "SELECT group_concat(name, ' ') FROM pragma_table_info('milestone') WHERE name = 'as_late_as_possible'; SELECT dflt_value FROM pragma_table_info('milestone') WHERE name = 'as_late_as_possible';"
as_late_as_possible
0
# Version 13 gives a link a lag calendar of its own (MS Project's elapsed lags: '24_hour'); '' for
# every link stored before, which follows its project's rules.
$ sqlite3 v1.db "SELECT name, dflt_value, \"notnull\" FROM pragma_table_info('dependency') WHERE name = 'lag_calendar';"
lag_calendar|''|1
# A migration that fails leaves the file untouched: here an index of the same name is in the way.
$ sqlite3 v1b.db < $TESTS/../schema/0001_initial.sql && sqlite3 v1b.db "PRAGMA user_version = 1; CREATE INDEX change_log_at ON project(name);" && tiendo --db v1b.db project list
tiendo: v1b.db: migration to schema version 2 failed (index change_log_at already exists); the database is unchanged at version 1
[4]
$ sqlite3 v1b.db "PRAGMA user_version; SELECT count(*) FROM sqlite_master WHERE name = 'milestone_key';"
1
0
# A database from a newer tiendo is refused.
$ tiendo init > /dev/null && sqlite3 test.db "PRAGMA user_version = 14" && tiendo project list
tiendo: test.db: written by a newer tiendo (schema version 14, this tiendo knows up to 13); upgrade tiendo to open it
[4]
