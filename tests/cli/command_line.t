# The command line helps: a mistyped command is named with the nearest one, a missing one points to
# --help, counts refuse what would wrap, every format works in either position and is refused
# where it means nothing, and add/set agree across projects, milestones and dependencies.
$ tiendo --version
tiendo 0.1.0
$ tiendo
tiendo: give a command; `tiendo --help` lists them
[2]
$ tiendo --db test.db --lang vi
tiendo: give a command; `tiendo --help` lists them
[2]
$ tiendo piepline
tiendo: unknown command 'piepline'; did you mean 'pipeline'? (see tiendo --help)
[2]
$ tiendo --as-of 2020-01-01 shedule --project X
tiendo: unknown command 'shedule'; did you mean 'schedule'? (see tiendo --help)
[2]
$ tiendo project lsit
tiendo project: unknown command 'lsit'; did you mean 'list'? (see tiendo project --help)
[2]
$ tiendo milestone dnoe X:cod --date 2020-01-01
tiendo milestone: unknown command 'dnoe'; did you mean 'done'? (see tiendo milestone --help)
[2]
$ tiendo --db test.db depend --lang vi ad A:x B:y
tiendo depend: unknown command 'ad'; did you mean 'add'? (see tiendo depend --help)
[2]
$ tiendo baseline
tiendo baseline: give a command (save, list, diff); `tiendo baseline --help` describes them
[2]
$ tiendo xyzzy
tiendo: unknown command 'xyzzy' (see tiendo --help)
[2]
# What was typed is shown safely: escapes and broken UTF-8 as \xNN, never sent to the terminal.
$ tiendo "$(printf 'pipe\033[2Jline')"
tiendo: unknown command 'pipe\x1b[2Jline' (see tiendo --help)
[2]
$ tiendo "$(printf 'r\351port')" 2>&1 | od -c | grep -c 351 || true
0
$ tiendo "$(printf 'r\351port')"
tiendo: unknown command 'r\xe9port'; did you mean 'report'? (see tiendo --help)
[2]
# Help still works wherever it is asked for.
$ tiendo project --help | head -1
add, change, show, list and remove projects
# Counts: a negative or absurd value is refused with the option and the value named.
$ tiendo demo > /dev/null && echo built
built
$ tiendo history --limit -1
--limit: '-1': not a count (0 or more)
[2]
$ tiendo history --limit=-1
--limit: '-1': not a count (0 or more)
[2]
$ tiendo history --limit 99999999999999999999
--limit: '99999999999999999999': not a count (0 or more)
[2]
$ tiendo history --limit 1.5
--limit: '1.5': not a count (0 or more)
[2]
$ tiendo history --limit 1 --format csv | wc -l
2
$ tiendo history --limit 0 --format csv | wc -l
1
$ tiendo generate --seed -1 --out gen
--seed: '-1': not a count (0 or more)
[2]
$ tiendo generate --projects -5 --out gen
--projects: '-5': not a count from 1 to 10,000,000
[2]
$ tiendo generate --projects 1e3 --out gen
--projects: '1e3': not a count from 1 to 10,000,000
[2]
$ test -e gen || echo nothing written
nothing written
$ tiendo impact LS-KHANHKHE:cod --slip -30
--slip: '-30': not a count from 1 to 36,500
[2]
$ tiendo impact LS-KHANHKHE:cod --slip 4294967297
--slip: '4294967297': not a count from 1 to 36,500
[2]
$ tiendo alerts --set-threshold critical=-1
--set-threshold: 'critical=-1': write NAME=DAYS with DAYS from 1 to 36,500 (warning=30 critical=180 stale=180)
[2]
$ tiendo alerts --set-threshold stale=4294967297
--set-threshold: 'stale=4294967297': write NAME=DAYS with DAYS from 1 to 36,500 (warning=30 critical=180 stale=180)
[2]
# Formats: a command's own format works before its name too; a command refuses one it does not
# write, naming it and what it does write, before anything runs.
$ tiendo --format dot export | head -1
digraph tiendo {
$ tiendo --format geojson export --what projects | python3 -c "import json, sys; print(json.load(sys.stdin)['type'])"
FeatureCollection
$ tiendo --format ics export --what milestones | head -1
BEGIN:VCALENDAR
$ tiendo --format xlsx export | head -c 2; echo
PK
$ tiendo --format html report --from 2020-01-01 --to 2020-12-31 --out report.out && head -c 15 report.out; echo
wrote report.out (.*) (re)
<!DOCTYPE html>
$ tiendo report --format md --from 2020-01-01 --to 2020-12-31 --out report.md > /dev/null && head -1 report.md | sed "s/^# /heading: /"
heading: Power projects: progress report
#
$ tiendo report --format md --from 2020-01-01 --to 2020-12-31 --out report.html
--format: 'md': --out 'report.html' ends in .html
[2]
$ tiendo --format json report --from 2020-01-01 --to 2020-12-31 --out report.html
--format: 'json': report writes html, md or docx
[2]
$ tiendo --format xlsx schedule
--format: 'xlsx': schedule writes table, csv or json
[2]
$ tiendo pipeline --format dot
--format: 'dot': pipeline writes table, csv or json
[2]
$ tiendo --format csv project show LS-KHANHKHE
--format: 'csv': project show writes table or json
[2]
$ tiendo explain LS-KHANHKHE:cod --format ics
--format: 'ics': explain writes table or json
[2]
$ tiendo --format json project add NEW-1 --name X --technology coal --province "Sóc Trăng"
--format: 'json': project add writes table
[2]
$ tiendo --format html depend list
--format: 'html': depend list writes table, csv or json
[2]
$ tiendo project list --format yaml
tiendo: --format: yaml not in {table,csv,json,xlsx,geojson,ics,dot,html,md,docx}
[2]
$ tiendo project show NEW-1
tiendo: project 'NEW-1' not found
[3]
# add and set: add refuses what exists (4), set refuses what does not (3), for links as for
# projects and milestones; set changes only what it is given and the change log records it.
$ tiendo depend add LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment --lag 9
tiendo: dependency 'LS-KHANHKHE:site_clearance -> LS-KHANHKHE:reservoir_impoundment' exists already (change it with depend set)
[4]
$ tiendo depend list --project LS-KHANHKHE --format csv
from,to,type,lag
LS-KHANHKHE:site_clearance,LS-KHANHKHE:reservoir_impoundment,FS,0
LS-KHANHKHE:reservoir_impoundment,LS-KHANHKHE:cod,FS,0
$ tiendo depend set LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment --lag 9
updated LS-KHANHKHE:site_clearance -> LS-KHANHKHE:reservoir_impoundment (FS 9)
$ tiendo depend set LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment --type SS
updated LS-KHANHKHE:site_clearance -> LS-KHANHKHE:reservoir_impoundment (SS 9)
$ tiendo history LS-KHANHKHE --limit 2 --format csv | cut -d, -f3-6
entity,field,old,new
dependency:LS-KHANHKHE:site_clearance->LS-KHANHKHE:reservoir_impoundment,type_lag,FS 0,FS 9
dependency:LS-KHANHKHE:site_clearance->LS-KHANHKHE:reservoir_impoundment,type_lag,FS 9,SS 9
$ tiendo depend set LS-KHANHKHE:cod LS-KHANHKHE:site_clearance --lag 1
tiendo: dependency 'LS-KHANHKHE:cod -> LS-KHANHKHE:site_clearance' not found (add it with depend add)
[3]
$ tiendo depend set LS-KHANHKHE:site_clearance LS-KHANHKHE:nothing --lag 1
tiendo: milestone 'LS-KHANHKHE:nothing' not found
[3]
$ tiendo depend set LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment
depend set: give --type or --lag to change
[2]
$ tiendo depend set LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment --lag 99999
lag_days: '99999': a lag is a whole number of days (may be negative)
[2]
$ tiendo depend add LS-KHANHKHE:cod LS-KHANHKHE:site_clearance
to: 'LS-KHANHKHE:site_clearance': closes a dependency cycle: LS-KHANHKHE:site_clearance -> LS-KHANHKHE:reservoir_impoundment -> LS-KHANHKHE:cod -> LS-KHANHKHE:site_clearance
[2]
$ tiendo project add LS-KHANHKHE --name X --technology hydro --province "Lạng Sơn"
tiendo: project 'LS-KHANHKHE' exists already
[4]
$ tiendo milestone add LS-KHANHKHE:cod
tiendo: milestone 'LS-KHANHKHE:cod' exists already
[4]
# --template for a technology without a template is refused before anything is written.
$ tiendo project add NEW-NUCLEAR --name "Điện hạt nhân" --technology nuclear --province "Ninh Thuận" --template
--template: no milestone template for technology 'nuclear' (the templates cover biomass, grid, hydro, solar, thermal, wind); nothing was added
[2]
$ tiendo project show NEW-NUCLEAR
tiendo: project 'NEW-NUCLEAR' not found
[3]
$ tiendo project add NEW-WIND --name "Điện gió mới" --technology wind_offshore --province "Trà Vinh" --template --lang vi
đã thêm NEW-WIND \(\d+ dòng nhật ký thay đổi; \d+ mốc theo mẫu\) (re)
