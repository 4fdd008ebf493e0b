# Hostile text: every text a user gives is checked where it enters — valid UTF-8 on one line with
# no control character — and whatever an older database already holds is printed escaped.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/small/projects.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/dependencies.csv > /dev/null && sqlite3 test.db "SELECT count(*) FROM change_log"
4
# Options that go only to the change log are checked before anything is written.
$ tiendo --actor $'ann\xff' project set TV-WIND-A --investor X
--actor: 'ann\xff': not valid UTF-8
[2]
$ tiendo --actor $'ann\e[2J' project set TV-WIND-A --investor X
--actor: 'ann\x1b[2J': a control character (text is one line of printable characters)
[2]
$ USER=$'bob\r' tiendo project set TV-WIND-A --investor X
$USER: 'bob\x0d': a control character (text is one line of printable characters)
[2]
$ tiendo project set TV-WIND-A --investor X --reason $'late\nforged row'
--reason: 'late\x0aforged row': a control character (text is one line of printable characters)
[2]
$ tiendo project status TV-WIND-A suspended --date 2020-01-01 --reason $'\xc2\x9b31m'
--reason: '\u009b31m': a control character (text is one line of printable characters)
[2]
$ tiendo project status TV-WIND-A suspended --date 2020-01-01 --source $'QD\x7f'
--source: 'QD\x7f': a control character (text is one line of printable characters)
[2]
$ tiendo milestone set TV-WIND-A:cod --forecast 2022 --source $'a\u202eb'
source: 'a\u202eb': a control character (text is one line of printable characters)
[2]
$ tiendo milestone done TV-WIND-A:construction_start --date 2015-08-15 --reason $'financing:x\ty'
--reason: 'financing:x\x09y': a control character (text is one line of printable characters)
[2]
$ tiendo baseline save $'Q3\e]0;pwned\a'
NAME: 'Q3\x1b]0;pwned\x07': a control character (text is one line of printable characters)
[2]
$ tiendo baseline save ''
NAME: '': a baseline needs a name
[2]
$ tiendo project add EVIL-2 --name $'two\nlines' --technology coal --province "Thái Bình"
name: 'two\x0alines': a control character (text is one line of printable characters)
[2]
$ sqlite3 test.db "SELECT count(*) FROM change_log; SELECT count(*) FROM baseline; SELECT count(*) FROM status_event"
4
0
0
# A CSV file: a control character or a bad byte in any cell is refused, and the unknown header
# that carries an escape sequence is shown escaped.
$ printf 'code,name,technology,province\nH-1,"a\033[31mb",coal,Thái Bình\nH-2,"x\ny",coal,Thái Bình\nH-3,ok,coal,"Th\xe1i"\n' > hostile.csv && tiendo import hostile.csv
hostile.csv:2: name: 'a\x1b[31mb': a control character (text is one line of printable characters)
hostile.csv:3: name: 'x\x0ay': a control character (text is one line of printable characters)
hostile.csv:4: province: 'Th\xe1i': not valid UTF-8
[2]
$ printf 'code,name,technology,province,\033[2Jcolour\nH-1,a,coal,Thái Bình,red\n' > header.csv && tiendo import header.csv
header.csv:2: \x1b[2Jcolour: 'red': unknown field (one of code, name, technology, province, capacity_mw, capacity_mwp, investor, parent, stage, target_cod, lat, lon, site, source, calendar, schedule_rules, data_date)
[2]
# An older database may hold anything: it is printed escaped in tables, CSV, JSON and messages,
# and never makes a command fail.
$ sqlite3 test.db "UPDATE project SET name = 'Bad' || char(27) || '[31m' || char(10) || 'FORGED-1  x  coal' WHERE code = 'TV-WIND-A'; UPDATE project SET investor = CAST(X'4361E1' AS TEXT) WHERE code = 'TV-WIND-A'; INSERT INTO change_log (at_utc, actor, project_code, entity, field, old_value, new_value, reason, source) VALUES ('2020-01-01T00:00:00Z', CAST(X'416EFF' AS TEXT), 'TV-WIND-A', 'project:TV-WIND-A', 'investor', NULL, 'x' || char(27) || 'y', char(194) || char(155), NULL)"
$ tiendo project list | grep -c FORGED
1
$ tiendo project list | grep TV-WIND-A
TV-WIND-A    Bad\x1b[31m\x0aFORGED-1  x  coal                               wind_nearshore  Trà Vinh     48  construction
$ tiendo project list --format csv | grep TV-WIND-A
TV-WIND-A,Bad\x1b[31m\x0aFORGED-1  x  coal,wind_nearshore,Trà Vinh,48,construction
$ tiendo project show TV-WIND-A | head -3
code          TV-WIND-A
name          Bad\x1b[31m\x0aFORGED-1  x  coal
technology    wind_nearshore
$ tiendo history TV-WIND-A --format json | python3 -c "import json, sys; change = json.load(sys.stdin)['changes'][-1]; print(change['actor'], change['new'], change['reason'])"
An� xy Â
$ tiendo history TV-WIND-A | tail -1 | cut -c1-90
2020-01-01T00:00:00Z  An\xff  project:TV-WIND-A                                          i
$ tiendo project list --format json | python3 -c "import json, sys; print([p['investor'] for p in json.load(sys.stdin)['projects'] if p['code'] == 'TV-WIND-A'])"
['Ca�']
$ tiendo export --what projects | grep -c FORGED
1
$ tiendo export --what projects | grep TV-WIND-A | cut -c1-60
TV-WIND-A,Bad\x1b[31m\x0aFORGED-1  x  coal,wind_nearshore,Tr
$ tiendo export --what projects --format json | python3 -c "import json, sys; print([p['name'] for p in json.load(sys.stdin)['projects'] if p['code'] == 'TV-WIND-A'])"
['Bad\x1b[31m\nFORGED-1  x  coal']
$ tiendo schedule --project TV-WIND-A --format json | python3 -c "import json, sys; print(len(json.load(sys.stdin)['milestones']))"
3
# No raw escape byte reaches the terminal from any of them.
$ (tiendo project list; tiendo project show TV-WIND-A; tiendo history; tiendo export --what projects; tiendo project list --format json; tiendo alerts --as-of 2021-01-01) 2>&1 | LC_ALL=C grep -c $'[\x01-\x09\x0b-\x1f\x7f]' || true
0
# Error messages escape what was typed: a file name, a province, a reference.
$ tiendo import $'no\e[31mfile.csv'
no\x1b[31mfile.csv: cannot read the file
[2]
$ tiendo project list --province $'Th\e[1mai'
--province: 'Th\x1b[1mai': unknown province (nearest: Cà Mau, Đồng Nai, Gia Lai)
[2]
$ tiendo schedule --project $'X\nY'
tiendo: project 'X\x0aY' not found
[3]
# Formulas are neutralised in CSV also after leading blanks, a tab or a no-break space.
$ sqlite3 test.db "UPDATE project SET name = char(9) || '=1+1' WHERE code = 'TV-WIND-A'; UPDATE project SET site = ' =HYPERLINK(1)', source = char(160) || '@SUM(1)' WHERE code = 'TV-WIND-A'"
$ tiendo project add F-2 --name " +cmd|' /C calc'!A0" --technology coal --province "Thái Bình" > /dev/null && tiendo export --what projects | grep -E '^(F-2|TV-WIND-A),' | cut -d, -f1-2,13-
F-2,' +cmd|' /C calc'!A0,,
TV-WIND-A,\x09=1+1,' =HYPERLINK(1),' @SUM(1)
