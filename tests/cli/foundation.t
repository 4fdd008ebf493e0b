# Foundation: init, the core commands, import and export, bad input, history, backup.
$ tiendo init
test.db: tiendo database, schema version 13
$ tiendo init --db other.db && tiendo --db other.db project list
other.db: tiendo database, schema version 13
code  name  technology  province  MW  stage
───────────────────────────────────────────
# A project, found again by its province without accents.
$ tiendo project add ST-LONGPHU-1 --name "Nhiệt điện Long Phú 1" --technology coal --province "soc trang" --capacity 1200 --stage construction --source "QĐ 123/QĐ-TTg"
added ST-LONGPHU-1 (1 change-log rows)
$ tiendo project list --province "Sóc Trăng"
code          name                   technology  province      MW  stage
───────────────────────────────────────────────────────────────────────────────
ST-LONGPHU-1  Nhiệt điện Long Phú 1  coal        Sóc Trăng  1,200  construction
$ tiendo project list --province "can tho" --lang vi
mã            tên                    công nghệ        tỉnh          MW  giai đoạn
─────────────────────────────────────────────────────────────────────────────────────
ST-LONGPHU-1  Nhiệt điện Long Phú 1  Nhiệt điện than  Sóc Trăng  1.200  Đang thi công
$ tiendo project list --province "Sóc Trăn"
--province: 'Sóc Trăn': unknown province (nearest: Sóc Trăng, Sơn La, Bắc Kạn)
[2]
$ tiendo project add ST-LONGPHU-1 --name X --technology coal --province "Sóc Trăng"
tiendo: project 'ST-LONGPHU-1' exists already
[4]
$ tiendo project add ST-X --name X --technology coal --province "Sóc Trăng" --capacity 12,5
capacity_mw: '12,5': not a number of MW (write 1435.2, with a dot)
[2]
$ tiendo project set ST-LONGPHU-1 --capacity 1200.5 --reason "điều chỉnh công suất" --as-of 2020-01-01
updated ST-LONGPHU-1 (1 change-log rows)
$ tiendo project set NO-SUCH --capacity 1
tiendo: project 'NO-SUCH' not found
[3]
# Milestones at the precision the text gives, and a delay reason.
$ tiendo milestone add ST-LONGPHU-1:cod --planned 07/2019
added ST-LONGPHU-1:cod
$ tiendo milestone add ST-LONGPHU-1:construction_start --planned 2015 --actual 15/08/2015
added ST-LONGPHU-1:construction_start
$ tiendo milestone set ST-LONGPHU-1:cod --forecast 2019-02-30
forecast: '2019-02-30': no such day in the calendar
[2]
$ tiendo milestone set ST-LONGPHU-1:cod --forecast 2021-12 --reason "financing:thiếu vốn"
updated ST-LONGPHU-1:cod
$ tiendo milestone set ST-LONGPHU-1:cod --reason "rain:mưa"
reason: 'rain:mưa': unknown delay category 'rain' (one of site_clearance, weather, supply_chain, financing, permitting, grid, investor, other)
[2]
$ tiendo milestone add ST-LONGPHU-1:constrution_start
key: 'constrution_start': unknown milestone key; did you mean 'construction_start'?
[2]
$ tiendo milestone list --project ST-LONGPHU-1 --lang vi
mốc                              số ngày  kế hoạch  bắt đầu thực tế  thực tế     dự báo   lý do
─────────────────────────────────────────────────────────────────────────────────────────────────────────────
ST-LONGPHU-1:cod                       0  07/2019                                12/2021  financing:thiếu vốn
ST-LONGPHU-1:construction_start        0  2015                       15/08/2015
$ tiendo depend add ST-LONGPHU-1:construction_start ST-LONGPHU-1:cod --lag 1200
ST-LONGPHU-1:construction_start -> ST-LONGPHU-1:cod (FS 1200)
$ tiendo depend add ST-LONGPHU-1:cod ST-LONGPHU-1:construction_start
to: 'ST-LONGPHU-1:construction_start': closes a dependency cycle: ST-LONGPHU-1:cod -> ST-LONGPHU-1:construction_start -> ST-LONGPHU-1:cod
[2]
$ tiendo depend add ST-LONGPHU-1:cod ST-LONGPHU-1:cod
to: 'ST-LONGPHU-1:cod': a milestone cannot depend on itself
[2]
$ tiendo depend add ST-LONGPHU-1:cod ST-LONGPHU-1:nothing
tiendo: milestone 'ST-LONGPHU-1:nothing' not found
[3]
$ tiendo depend list
from                             to                type   lag
─────────────────────────────────────────────────────────────
ST-LONGPHU-1:construction_start  ST-LONGPHU-1:cod  FS    1200
$ tiendo depend remove ST-LONGPHU-1:construction_start ST-LONGPHU-1:cod
removed ST-LONGPHU-1:construction_start -> ST-LONGPHU-1:cod
$ tiendo depend list --format json
{
  "dependencies": []
}
$ tiendo project status ST-LONGPHU-1 suspended --date 01/03/2020 --reason "chờ vốn"
ST-LONGPHU-1 is suspended from 2020-03-01
$ tiendo project show ST-LONGPHU-1
code          ST-LONGPHU-1
name          Nhiệt điện Long Phú 1
technology    coal
province      Sóc Trăng
capacity MW   1,200.5
stage         suspended
source        QĐ 123/QĐ-TTg
status        suspended 2020-03-01 chờ vốn

milestone           planned  actual      forecast  reason
──────────────────────────────────────────────────────────────────────
cod                 2019-07              2021-12   financing:thiếu vốn
construction_start  2015     2015-08-15
$ tiendo history ST-LONGPHU-1 --format csv | cut -d, -f2-
actor,entity,field,old,new,reason,source
tester,project:ST-LONGPHU-1,created,,code=ST-LONGPHU-1; name=Nhiệt điện Long Phú 1; technology=coal; province=Sóc Trăng; capacity_mw=1200; stage=construction; source=QĐ 123/QĐ-TTg,,QĐ 123/QĐ-TTg
tester,project:ST-LONGPHU-1,capacity_mw,1200,1200.5,điều chỉnh công suất,
tester,milestone:ST-LONGPHU-1:cod,created,,project=ST-LONGPHU-1; key=cod; duration_days=0; planned=2019-07,,
tester,milestone:ST-LONGPHU-1:construction_start,created,,project=ST-LONGPHU-1; key=construction_start; duration_days=0; planned=2015; actual=2015-08-15,,
tester,milestone:ST-LONGPHU-1:cod,forecast,,2021-12,financing:thiếu vốn,
tester,milestone:ST-LONGPHU-1:cod,reason,,financing:thiếu vốn,financing:thiếu vốn,
tester,dependency:ST-LONGPHU-1:construction_start->ST-LONGPHU-1:cod,created,,FS 1200,,
tester,dependency:ST-LONGPHU-1:construction_start->ST-LONGPHU-1:cod,removed,FS 1200,,,
tester,project:ST-LONGPHU-1,status,,suspended 2020-03-01,chờ vốn,
# Import: several files in one transaction, recognised by header.
$ tiendo import $TESTS/cli/data/small/dependencies.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/projects.csv --dry-run
dry run, nothing written. would import projects: 4 added, 0 changed; milestones: 7 added, 0 changed; dependencies: 4 added, 0 changed
$ tiendo project list --technology wind
code  name  technology  province  MW  stage
───────────────────────────────────────────
$ tiendo import $TESTS/cli/data/small/dependencies.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/projects.csv
imported projects: 4 added, 0 changed; milestones: 7 added, 0 changed; dependencies: 4 added, 0 changed
$ tiendo project list --technology wind
code       name                technology      province    MW  stage
───────────────────────────────────────────────────────────────────────────
TV-WIND-A  Nhà máy điện gió A  wind_nearshore  Trà Vinh    48  construction
TV-WIND-B  Nhà máy điện gió B  wind_nearshore  Trà Vinh  78.5  construction
$ tiendo import $TESTS/cli/data/small/projects.csv
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
# Export, import into a new database, export again: byte-identical.
$ tiendo export --out first > /dev/null && tiendo --db copy.db init > /dev/null && tiendo --db copy.db import first/projects.csv first/milestones.csv first/dependencies.csv && tiendo --db copy.db export --out second > /dev/null && cmp first/projects.csv second/projects.csv && cmp first/milestones.csv second/milestones.csv && cmp first/dependencies.csv second/dependencies.csv && echo identical
imported projects: 5 added, 0 changed; milestones: 9 added, 0 changed; dependencies: 4 added, 0 changed
identical
$ cat first/projects.csv
code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source
ST-LONGPHU-1,Nhiệt điện Long Phú 1,coal,Sóc Trăng,1200.5,,,,construction,,,,,QĐ 123/QĐ-TTg
ST-SOLAR-1,Điện mặt trời 1,solar_farm,Sóc Trăng,40,50.2,,,in_plan,,,,,'=1+2 looks like a formula; test fixture (invented)
TV-LINE-110,Đường dây 110 kV nhà máy điện gió V1-3 – trạm 220 kV Trà Vinh,grid,Trà Vinh,,,Công ty Điện lực Trà Vinh,,approved,,,,Duyên Hải,test fixture (invented)
TV-WIND-A,Nhà máy điện gió A,wind_nearshore,Trà Vinh,48,,Công ty A,,approved,2020-12,9.55,106.5,xã Trường Long Hòa,test fixture (invented)
TV-WIND-B,Nhà máy điện gió B,wind_nearshore,Trà Vinh,78.5,,"Công ty B, chi nhánh",,approved,2021,,,,test fixture (invented)
$ tiendo export --what dependencies
from,to,type,lag_days
TV-LINE-110:site_clearance,TV-LINE-110:grid_line_energized,FS,0
TV-LINE-110:grid_line_energized,TV-WIND-A:cod,FS,30
TV-LINE-110:grid_line_energized,TV-WIND-B:cod,FS,30
TV-WIND-A:construction_start,TV-WIND-A:cod,FS,365
$ tiendo export --what projects --format json | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['projects']), d['projects'][0]['code'], d['projects'][0]['capacity_mw'])"
5 ST-LONGPHU-1 1200.5
$ tiendo export --format csv
export --what all --format csv: three files; give --out DIR, or --what one table
[2]
$ tiendo backup snapshot.db && tiendo --db snapshot.db project list --technology coal
backed up test.db to snapshot.db
code          name                   technology  province        MW  stage
──────────────────────────────────────────────────────────────────────────────
ST-LONGPHU-1  Nhiệt điện Long Phú 1  coal        Sóc Trăng  1,200.5  suspended
$ tiendo backup snapshot.db
backup: 'snapshot.db': exists already; it must not exist (nothing is overwritten)
[2]
# A database from a newer tiendo is refused; a missing one is not found.
$ cp test.db newer.db && sqlite3 newer.db "PRAGMA user_version = 99" && tiendo --db newer.db project list
tiendo: newer.db: written by a newer tiendo (schema version 99, this tiendo knows up to 13); upgrade tiendo to open it
[4]
$ tiendo --db missing.db project list
tiendo: no tiendo database at 'missing.db' (run `tiendo init --db missing.db`)
[3]
$ tiendo project list --format yaml
tiendo: --format: yaml not in {table,csv,json,xlsx,geojson,ics,dot,html,md,docx}
[2]
# The command reference (docs/commands.md) is the --help of every command.
$ python3 $TESTS/cli/command_reference.py tiendo --check $TESTS/../docs/commands.md
the command reference matches --help
