# A contractor's P6 schedule (issue 31): the synthetic Windows-1258 export of a Vietnamese wind farm
# becomes a project on its own calendar, activities as milestones (keys folded from their IDs, the
# COD named), the level-of-effort and WBS summary activities skipped with a line each, lags and
# durations exact in working minutes, scheduled by P6's rules as of the file's data date.
$ tiendo init
test.db: tiendo database, schema version 13
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258.xer --province "Bạc Liêu" --technology wind_nearshore --capacity 141 --cod COD
synthetic-vn-1258.xer: table TASK row 6: QL-900 'Quản lý dự án' is a level-of-effort activity; skipped
synthetic-vn-1258.xer: table TASK row 7: TH-000 'Tổng hợp hạng mục' is a WBS summary activity; skipped
imported projects: 1 added, 0 changed; milestones: 5 added, 0 changed; dependencies: 5 added, 0 changed
$ tiendo schedule --project DG-BACLIEU-3 --as-of 2027-01-04 --format csv
milestone,planned,actual,early start,early finish,late finish,float,critical,slip,driver
DG-BACLIEU-3:ms_000,2026-11-02,2026-11-02,2026-11-02,2026-11-02,,,,0,actual
DG-BACLIEU-3:xd_100,2026-12-31,,2026-11-03,2027-01-21,2027-01-21,0,yes,21,as-of date
DG-BACLIEU-3:dn_110,2027-01-11,,2027-01-05,2027-01-16,2027-02-13,28,,5,planned
DG-BACLIEU-3:xd_120,2027-01-26,,2027-01-21,2027-02-13,2027-02-13,0,yes,18,DG-BACLIEU-3:xd_100 (FS +0)
DG-BACLIEU-3:cod,2027-01-26,,2027-02-13,2027-02-13,2027-02-13,0,yes,18,DG-BACLIEU-3:xd_120 (FF +0)
$ tiendo calendar list
calendar         built in  working week                     hours a day  public holidays  projects
──────────────────────────────────────────────────────────────────────────────────────────────────
all-days         yes       mon-sun 00:00-24:00                       24                          0
vn-mon-fri       yes       mon-fri 08:00-12:00,13:00-17:00            8  Vietnam                 0
vn-mon-sat       yes       mon-sat 08:00-12:00,13:00-17:00            8  Vietnam                 0
dg-baclieu-3-10            mon-sat 07:00-11:00,13:00-17:00            8                          1
# Importing the same file again is an update that changes nothing (later updates:
# contractor_update.t).
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258.xer --province "Bạc Liêu" --technology wind_nearshore
synthetic-vn-1258.xer: table TASK row 6: QL-900 'Quản lý dự án' is a level-of-effort activity; skipped
synthetic-vn-1258.xer: table TASK row 7: TH-000 'Tổng hợp hạng mục' is a WBS summary activity; skipped
removed milestones: 0; dependencies: 0
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
# Bad files are refused whole, naming file, table, row and field: exit 2, nothing written.
$ cd $TESTS/cli/data/xer && tiendo --db $OLDPWD/test.db import missing_calendar.xer --province "Bạc Liêu" --technology wind_nearshore
missing_calendar.xer: table TASK row 3 (line 20), field clndr_id: '99' is not a calendar of the file (CALENDAR)
[2]
$ cd $TESTS/cli/data/xer && tiendo --db $OLDPWD/test.db import unknown_activity.xer --province "Bạc Liêu" --technology wind_nearshore
unknown_activity.xer: table TASKPRED row 5 (line 31), field pred_task_id: '42' is not an activity of the file (TASK)
[2]
$ cd $TESTS/cli/data/xer && tiendo --db $OLDPWD/test.db import bad_date.xer --province "Bạc Liêu" --technology wind_nearshore
bad_date.xer: table TASK row 4 (line 21), field target_start_date: '2027-02-30 07:00' is not a date and time (YYYY-MM-DD HH:MM)
[2]
$ cd $TESTS/cli/data/xer && tiendo --db $OLDPWD/test.db import not_xer.xer --province "Bạc Liêu" --technology wind_nearshore
not_xer.xer line 1: not a Primavera P6 XER file (it does not begin with ERMHDR)
[2]
$ cd $TESTS/cli/data/xer && tiendo --db $OLDPWD/test.db import cycle.xer --code CYCLE-1 --province "Bạc Liêu" --technology wind_nearshore
cycle.xer TASKPRED: to: 'CYCLE-1:xd_120': closes a dependency cycle: CYCLE-1:xd_100 -> CYCLE-1:xd_120 -> CYCLE-1:xd_100
[2]
$ tiendo project list
code          name                 technology      province   MW  stage
──────────────────────────────────────────────────────────────────────────
DG-BACLIEU-3  Điện gió Bạc Liêu 3  wind_nearshore  Bạc Liêu  141  proposed
$ tiendo import $FIXTURES/p6/synthetic-vn-1258.xer --code DG-NEW --technology wind_nearshore
--province and --technology: a contractor's schedule (.xer, .xml) needs both, for its projects
[2]
# An option for the other kind of file is refused, not silently dropped: --province with a CSV,
# --from with a contractor's schedule.
$ cd $FIXTURES/seed && tiendo --db $OLDPWD/test.db import projects.csv --province "Bạc Liêu"
--province: only for a contractor's schedule (.xer, .xml); projects.csv is not one
[2]
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258.xer --from wri-gppd --province "Bạc Liêu" --technology wind_nearshore
--from: 'wri-gppd': a contractor's schedule (.xer, .xml) is read by its own format; leave --from out
[2]
