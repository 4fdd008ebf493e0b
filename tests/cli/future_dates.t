# An actual date records what has happened: `actual` and `actual_start` after today in Vietnam
# are refused (exit 2, naming the field and the value) on every face and in every import, whatever
# --as-of says. A coarse date counts by its first day. TIENDO_TODAY stands for the clock here.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/small/projects.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/dependencies.csv > /dev/null && sqlite3 test.db "SELECT count(*) FROM change_log"
4
$ TIENDO_TODAY=2026-12-07 tiendo milestone set TV-WIND-A:cod --actual 15/08/2030
actual: '15/08/2030': after today (2026-12-07); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo milestone set TV-WIND-A:cod --actual 2026-12-08 --as-of 2031-01-01
actual: '2026-12-08': after today (2026-12-07); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo milestone set TV-WIND-B:cod --actual-start 2027-01
actual_start: '2027-01': after today (2026-12-07); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo milestone done TV-WIND-A:cod --date 2030
actual: '2030': after today (2026-12-07); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo milestone add TV-WIND-A:commissioning --actual 31/12/2026
actual: '31/12/2026': after today (2026-12-07); an actual date records what has happened
[2]
$ sqlite3 test.db "SELECT count(*) FROM change_log"
4
# A coarse date counts by its first day: 12/2026 is accepted from 1 December 2026 on, 2027 is not.
$ TIENDO_TODAY=2026-11-30 tiendo milestone done TV-WIND-A:cod --date 12/2026
actual: '12/2026': after today (2026-11-30); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo milestone done TV-WIND-A:cod --date 12/2026
TV-WIND-A:cod done on 2026-12
$ TIENDO_TODAY=2026-12-07 tiendo milestone set TV-WIND-B:cod --actual 2027
actual: '2027': after today (2026-12-07); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo milestone set TV-WIND-B:cod --actual-start 2026-12-07
updated TV-WIND-B:cod
# Today itself is accepted; a bad TIENDO_TODAY is refused rather than ignored.
$ TIENDO_TODAY=2026-12-07 tiendo milestone set TV-LINE-110:grid_line_energized --actual 07/12/2026
updated TV-LINE-110:grid_line_energized
$ TIENDO_TODAY=12/2026 tiendo alerts
$TIENDO_TODAY: '12/2026': not a day (write YYYY-MM-DD)
[2]
# Imports: a CSV row and a workbook's cell.
$ printf 'project,key,actual\nTV-WIND-B,construction_start,2020-02-01\nTV-WIND-B,cod,15/08/2030\n' > future.csv && TIENDO_TODAY=2026-12-07 tiendo import future.csv
future.csv:3: actual: '15/08/2030': after today (2026-12-07); an actual date records what has happened
[2]
$ printf 'project,key,actual_start\nTV-WIND-B,cod,2027\n' > future.csv && TIENDO_TODAY=2026-12-07 tiendo import future.csv --dry-run
future.csv:2: actual_start: '2027': after today (2026-12-07); an actual date records what has happened
[2]
$ TIENDO_TODAY=2026-12-07 tiendo export --format xlsx --out book.xlsx > /dev/null && /usr/bin/python3 -c "import openpyxl; book = openpyxl.load_workbook('book.xlsx'); sheet = book['milestones']; header = [c.value for c in sheet[1]]; row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 'TV-WIND-B' and r[1].value == 'cod'); row[header.index('actual')].value = '15/08/2030'; book.save('future.xlsx')" && TIENDO_TODAY=2026-12-07 tiendo import future.xlsx
future.xlsx: sheet 'milestones', row 8, column G (actual): '15/08/2030': after today (2026-12-07); an actual date records what has happened
[2]
$ sqlite3 test.db "SELECT count(*) FROM change_log"
7
# A milestone stored with a later actual (by an older version) can still be edited otherwise.
$ sqlite3 test.db "UPDATE milestone SET actual = '2031-01-01' WHERE key = 'site_clearance'" && TIENDO_TODAY=2026-12-07 tiendo milestone set TV-LINE-110:site_clearance --forecast 2020-09
updated TV-LINE-110:site_clearance
# A generated portfolio (whose history may run past today, for backtests that hide the end of it)
# imports when its history stops at today.
$ TIENDO_TODAY=2026-12-07 tiendo generate --projects 5 --seed 1 --out generated --progress 2026-12-07 > /dev/null && tiendo init --db generated.db > /dev/null && TIENDO_TODAY=2026-12-07 tiendo --db generated.db import generated/*.csv | tail -1
imported projects: 5 added, 0 changed; milestones: 88 added, 0 changed; dependencies: 101 added, 0 changed
