# A contractor's later update of a schedule imported before (issue 31): the differences applied as
# edits in one write, every change-log row naming the file and its data date; the activity the
# later file lost removed and logged; the department's own milestone and its link kept; --baseline
# saved in the same write; --dry-run lists the differences and writes nothing; a bad later file is
# refused whole, its baseline with it. Then the same for an MS Project XML file.
$ tiendo init
test.db: tiendo database, schema version 13
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258.xer --province "Bạc Liêu" --technology wind_nearshore --capacity 141 --cod COD
synthetic-vn-1258.xer: table TASK row 6: QL-900 'Quản lý dự án' is a level-of-effort activity; skipped
synthetic-vn-1258.xer: table TASK row 7: TH-000 'Tổng hợp hạng mục' is a WBS summary activity; skipped
imported projects: 1 added, 0 changed; milestones: 5 added, 0 changed; dependencies: 5 added, 0 changed
$ tiendo milestone add DG-BACLIEU-3:department_check --name "Kiểm tra của Sở" --planned 2027-02-20
added DG-BACLIEU-3:department_check
$ tiendo depend add DG-BACLIEU-3:xd_120 DG-BACLIEU-3:department_check
DG-BACLIEU-3:xd_120 -> DG-BACLIEU-3:department_check (FS 0)
# The dry run lists what the later file changes; nothing is written (no baseline either).
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258-update.xer --baseline "nhà thầu 01/2027" --dry-run
synthetic-vn-1258-update.xer: table TASK row 5: QL-900 'Quản lý dự án' is a level-of-effort activity; skipped
synthetic-vn-1258-update.xer: table TASK row 6: TH-000 'Tổng hợp hạng mục' is a WBS summary activity; skipped
synthetic-vn-1258-update.xer: DG-BACLIEU-3:dn_110 is no longer in the file; removed
entity                                               field                old                       new
───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
project:DG-BACLIEU-3                                 data_date            2027-01-04                2027-02-01
milestone:DG-BACLIEU-3:xd_100                        duration_days        15                        50
milestone:DG-BACLIEU-3:xd_100                        actual                                         2027-01-08
milestone:DG-BACLIEU-3:xd_100                        duration_minutes     7200                      24000
milestone:DG-BACLIEU-3:xd_120                        duration_days        20                        25
milestone:DG-BACLIEU-3:xd_120                        duration_minutes     9600                      12000
milestone:DG-BACLIEU-3:cod                           finish_on_or_before  2027-03-31T17:00          2027-04-15T17:00
milestone:DG-BACLIEU-3:dn_115                        created                                        Thử nghiệm đóng điện 110 kV
dependency:DG-BACLIEU-3:xd_100->DG-BACLIEU-3:dn_110  removed              SS 2 960
dependency:DG-BACLIEU-3:dn_110->DG-BACLIEU-3:cod     removed              FS -1 -240
dependency:DG-BACLIEU-3:xd_120->DG-BACLIEU-3:cod     type_lag             FF 0 0                    FS 1 480
dependency:DG-BACLIEU-3:xd_100->DG-BACLIEU-3:dn_115  created                                        SS 2 960
dependency:DG-BACLIEU-3:dn_115->DG-BACLIEU-3:cod     created                                        FS -1 -240
milestone:DG-BACLIEU-3:dn_110                        removed              Kéo dây đường dây 110 kV
would remove milestones: 1; dependencies: 2
dry run, nothing written. would import projects: 0 added, 1 changed; milestones: 1 added, 3 changed; dependencies: 2 added, 1 changed
$ tiendo baseline list
name  saved (UTC)  by  milestones
─────────────────────────────────
$ tiendo history DG-BACLIEU-3 --format csv | wc -l
14
# A bad later file (a cycle) is refused whole: nothing written, no baseline.
$ cd $TESTS/cli/data/xer && tiendo --db $OLDPWD/test.db import update_cycle.xer --code DG-BACLIEU-3 --baseline "nhà thầu 01/2027"
update_cycle.xer TASKPRED: to: 'DG-BACLIEU-3:xd_100': closes a dependency cycle: DG-BACLIEU-3:xd_100 -> DG-BACLIEU-3:dn_115 -> DG-BACLIEU-3:xd_100
[2]
$ tiendo baseline list
name  saved (UTC)  by  milestones
─────────────────────────────────
$ tiendo history DG-BACLIEU-3 --format csv | wc -l
14
# The update itself, with the baseline of the plan as it was.
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258-update.xer --baseline "nhà thầu 01/2027"
synthetic-vn-1258-update.xer: table TASK row 5: QL-900 'Quản lý dự án' is a level-of-effort activity; skipped
synthetic-vn-1258-update.xer: table TASK row 6: TH-000 'Tổng hợp hạng mục' is a WBS summary activity; skipped
synthetic-vn-1258-update.xer: DG-BACLIEU-3:dn_110 is no longer in the file; removed
removed milestones: 1; dependencies: 2
imported projects: 0 added, 1 changed; milestones: 1 added, 3 changed; dependencies: 2 added, 1 changed
$ tiendo baseline list --format csv | cut -d, -f1,4
name,milestones
nhà thầu 01/2027,6
$ tiendo history DG-BACLIEU-3 --limit 30 --format csv | cut -d, -f3-
entity,field,old,new,reason,source
project:DG-BACLIEU-3,created,,code=DG-BACLIEU-3; name=Điện gió Bạc Liêu 3; technology=wind_nearshore; province=Bạc Liêu; capacity_mw=141; stage=proposed; source=synthetic-vn-1258.xer (data date 2027-01-04); calendar=dg-baclieu-3-10; schedule_rules=p6; data_date=2027-01-04,,synthetic-vn-1258.xer (data date 2027-01-04)
milestone:DG-BACLIEU-3:ms_000,created,,project=DG-BACLIEU-3; key=ms_000; name=Khởi công xây dựng; duration_days=0; planned=2026-11-02; actual=2026-11-02; source=synthetic-vn-1258.xer TASK MS-000; duration_minutes=0,,synthetic-vn-1258.xer (data date 2027-01-04)
milestone:DG-BACLIEU-3:xd_100,created,,project=DG-BACLIEU-3; key=xd_100; name=Đổ bê tông móng trụ tuốc-bin; duration_days=15; planned=2026-12-31; actual_start=2026-11-03; source=synthetic-vn-1258.xer TASK XD-100; duration_minutes=7200,,synthetic-vn-1258.xer (data date 2027-01-04)
milestone:DG-BACLIEU-3:xd_120,created,,project=DG-BACLIEU-3; key=xd_120; name=Lắp dựng tuốc-bin; duration_days=20; planned=2027-01-26; source=synthetic-vn-1258.xer TASK XD-120; duration_minutes=9600,,synthetic-vn-1258.xer (data date 2027-01-04)
milestone:DG-BACLIEU-3:cod,created,,project=DG-BACLIEU-3; key=cod; name=Vận hành thương mại; duration_days=0; planned=2027-01-26; source=synthetic-vn-1258.xer TASK COD; duration_minutes=0; finish_on_or_before=2027-03-31T17:00; finish_event=yes,,synthetic-vn-1258.xer (data date 2027-01-04)
milestone:DG-BACLIEU-3:dn_110,created,,project=DG-BACLIEU-3; key=dn_110; name=Kéo dây đường dây 110 kV; duration_days=10; planned=2027-01-11; source=synthetic-vn-1258.xer TASK ĐN-110; duration_minutes=4800; start_on_or_after=2027-01-05T07:00,,synthetic-vn-1258.xer (data date 2027-01-04)
dependency:DG-BACLIEU-3:ms_000->DG-BACLIEU-3:xd_100,created,,FS 0 0,,synthetic-vn-1258.xer (data date 2027-01-04)
dependency:DG-BACLIEU-3:xd_100->DG-BACLIEU-3:xd_120,created,,FS 0 0,,synthetic-vn-1258.xer (data date 2027-01-04)
dependency:DG-BACLIEU-3:xd_120->DG-BACLIEU-3:cod,created,,FF 0 0,,synthetic-vn-1258.xer (data date 2027-01-04)
dependency:DG-BACLIEU-3:xd_100->DG-BACLIEU-3:dn_110,created,,SS 2 960,,synthetic-vn-1258.xer (data date 2027-01-04)
dependency:DG-BACLIEU-3:dn_110->DG-BACLIEU-3:cod,created,,FS -1 -240,,synthetic-vn-1258.xer (data date 2027-01-04)
milestone:DG-BACLIEU-3:department_check,created,,project=DG-BACLIEU-3; key=department_check; name=Kiểm tra của Sở; duration_days=0; planned=2027-02-20,,
dependency:DG-BACLIEU-3:xd_120->DG-BACLIEU-3:department_check,created,,FS 0,,
dependency:DG-BACLIEU-3:xd_100->DG-BACLIEU-3:dn_110,removed,SS 2 960,,,synthetic-vn-1258-update.xer (data date 2027-02-01)
dependency:DG-BACLIEU-3:dn_110->DG-BACLIEU-3:cod,removed,FS -1 -240,,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:dn_110,removed,project=DG-BACLIEU-3; key=dn_110; name=Kéo dây đường dây 110 kV; duration_days=10; planned=2027-01-11; source=synthetic-vn-1258.xer TASK ĐN-110; duration_minutes=4800; start_on_or_after=2027-01-05T07:00,,,synthetic-vn-1258-update.xer (data date 2027-02-01)
project:DG-BACLIEU-3,data_date,2027-01-04,2027-02-01,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:xd_100,duration_days,15,50,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:xd_100,actual,,2027-01-08,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:xd_100,duration_minutes,7200,24000,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:xd_120,duration_days,20,25,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:xd_120,duration_minutes,9600,12000,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:cod,finish_on_or_before,2027-03-31T17:00,2027-04-15T17:00,,synthetic-vn-1258-update.xer (data date 2027-02-01)
milestone:DG-BACLIEU-3:dn_115,created,,project=DG-BACLIEU-3; key=dn_115; name=Thử nghiệm đóng điện 110 kV; duration_days=5; planned=2027-02-13; source=synthetic-vn-1258-update.xer TASK ĐN-115; duration_minutes=2400,,synthetic-vn-1258-update.xer (data date 2027-02-01)
dependency:DG-BACLIEU-3:xd_120->DG-BACLIEU-3:cod,type_lag,FF 0 0,FS 1 480,,synthetic-vn-1258-update.xer (data date 2027-02-01)
dependency:DG-BACLIEU-3:xd_100->DG-BACLIEU-3:dn_115,created,,SS 2 960,,synthetic-vn-1258-update.xer (data date 2027-02-01)
dependency:DG-BACLIEU-3:dn_115->DG-BACLIEU-3:cod,created,,FS -1 -240,,synthetic-vn-1258-update.xer (data date 2027-02-01)
$ tiendo schedule --project DG-BACLIEU-3 --as-of 2027-02-01 --format csv
milestone,planned,actual,early start,early finish,late finish,float,critical,slip,driver
DG-BACLIEU-3:ms_000,2026-11-02,2026-11-02,2026-11-02,2026-11-02,,,,0,actual
DG-BACLIEU-3:xd_100,2026-12-31,2027-01-08,2026-11-03,2027-01-08,,,,8,actual
DG-BACLIEU-3:xd_120,2027-01-26,,2027-02-01,2027-03-01,2027-03-01,0,yes,34,as-of date
DG-BACLIEU-3:cod,2027-01-26,,2027-03-02,2027-03-02,2027-03-02,0,yes,35,DG-BACLIEU-3:xd_120 (FS +1)
DG-BACLIEU-3:department_check,2027-02-20,,2027-03-02,2027-03-02,2027-03-02,0,yes,10,DG-BACLIEU-3:xd_120 (FS +0)
DG-BACLIEU-3:dn_115,2027-02-13,,2027-02-01,2027-02-05,2027-03-03,26,,-8,as-of date
$ tiendo baseline diff "nhà thầu 01/2027" --as-of 2027-02-01 --format csv | grep DG-BACLIEU-3
DG-BACLIEU-3:xd_100,2026-12-31,2026-12-31,2027-01-08,8
DG-BACLIEU-3:xd_120,2027-01-26,2027-01-26,2027-03-01,34
DG-BACLIEU-3:cod,2027-01-26,2027-01-26,2027-03-02,35
DG-BACLIEU-3:department_check,2027-02-20,2027-02-20,2027-03-02,10
DG-BACLIEU-3:dn_115,(new),2027-02-13,2027-02-05,
# The same file again changes nothing.
$ cd $FIXTURES/p6 && tiendo --db $OLDPWD/test.db import synthetic-vn-1258-update.xer
synthetic-vn-1258-update.xer: table TASK row 5: QL-900 'Quản lý dự án' is a level-of-effort activity; skipped
synthetic-vn-1258-update.xer: table TASK row 6: TH-000 'Tổng hợp hạng mục' is a WBS summary activity; skipped
removed milestones: 0; dependencies: 0
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
# MS Project XML: a later update under the code given the first time.
$ sed "s#<LagFormat>8</LagFormat>#<LagFormat>7</LagFormat>#" $FIXTURES/msproject/huong-linh-9.xml > huong-linh-9.xml && tiendo import huong-linh-9.xml --code HL-9 --province "Quảng Trị" --technology wind_onshore
huong-linh-9.xml: element Task UID 1 (line 41): 1 'Chuẩn bị mặt bằng' is a summary task; skipped
huong-linh-9.xml: element Task UID 4 (line 114): 4 'Thi công tuabin' is a summary task; skipped
imported projects: 1 added, 0 changed; milestones: 6 added, 0 changed; dependencies: 6 added, 0 changed
$ cd $FIXTURES/msproject && tiendo --db $OLDPWD/test.db import huong-linh-9-update.xml --code HL-9
huong-linh-9-update.xml: element Task UID 1 (line 42): 1 'Chuẩn bị mặt bằng' is a summary task; skipped
huong-linh-9-update.xml: element Task UID 4 (line 116): 4 'Thi công tuabin' is a summary task; skipped
huong-linh-9-update.xml: HL-9:7 is no longer in the file; removed
removed milestones: 1; dependencies: 2
imported projects: 0 added, 1 changed; milestones: 1 added, 2 changed; dependencies: 1 added, 1 changed
$ tiendo history HL-9 --limit 30 --format csv | cut -d, -f3-
entity,field,old,new,reason,source
project:HL-9,created,,code=HL-9; name=Điện gió Hướng Linh 9 – tiến độ EPC; technology=wind_onshore; province=Quảng Trị; stage=proposed; source=huong-linh-9.xml (data date 2026-03-02); calendar=hl-9-1; schedule_rules=p6 lag=successor; data_date=2026-03-02,,huong-linh-9.xml (data date 2026-03-02)
milestone:HL-9:2,created,,project=HL-9; key=2; name=Giải phóng mặt bằng; duration_days=22; planned=2026-01-24; actual_start=2026-01-05; actual=2026-01-30; source=huong-linh-9.xml Task 2; duration_minutes=10560,,huong-linh-9.xml (data date 2026-03-02)
milestone:HL-9:3,created,,project=HL-9; key=3; name=Đường công vụ vào trụ T01; duration_days=10; planned=2026-02-25; actual_start=2026-02-02; source=huong-linh-9.xml Task 3; duration_minutes=4800,,huong-linh-9.xml (data date 2026-03-02)
milestone:HL-9:5,created,,project=HL-9; key=5; name=Đổ bê tông móng T01; duration_days=10; planned=2026-03-13; source=huong-linh-9.xml Task 5; duration_minutes=4800; calendar=hl-9-2; start_on_or_after=2026-03-09T07:30,,huong-linh-9.xml (data date 2026-03-02)
milestone:HL-9:6,created,,project=HL-9; key=6; name=Lắp dựng tuabin T01; duration_days=15; planned=2026-04-01; source=huong-linh-9.xml Task 6; duration_minutes=7200,,huong-linh-9.xml (data date 2026-03-02)
milestone:HL-9:8,created,,project=HL-9; key=8; name=Vận hành thương mại (COD); duration_days=0; planned=2026-05-29; source=huong-linh-9.xml Task 8; duration_minutes=0; finish_on_or_before=2026-06-30T17:00,,huong-linh-9.xml (data date 2026-03-02)
milestone:HL-9:7,created,,project=HL-9; key=7; name=Thử nghiệm và đóng điện; duration_days=0; source=huong-linh-9.xml Task 7; duration_minutes=0,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:2->HL-9:3,created,,FS 0 0,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:3->HL-9:5,created,,FS 2 960,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:5->HL-9:6,created,,SS 3 1440,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:6->HL-9:8,created,,FS 8 3600,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:6->HL-9:7,created,,FF 3 1440,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:7->HL-9:8,created,,SF 0 0,,huong-linh-9.xml (data date 2026-03-02)
dependency:HL-9:6->HL-9:7,removed,FF 3 1440,,,huong-linh-9-update.xml (data date 2026-04-01)
dependency:HL-9:7->HL-9:8,removed,SF 0 0,,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:7,removed,project=HL-9; key=7; name=Thử nghiệm và đóng điện; duration_days=0; source=huong-linh-9.xml Task 7; duration_minutes=0,,,huong-linh-9-update.xml (data date 2026-04-01)
project:HL-9,data_date,2026-03-02,2026-04-01,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:3,duration_days,10,20,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:3,actual,,2026-03-10,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:3,duration_minutes,4800,9600,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:5,duration_days,10,12,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:5,duration_minutes,4800,5760,,huong-linh-9-update.xml (data date 2026-04-01)
milestone:HL-9:9,created,,project=HL-9; key=9; name=Nghiệm thu đóng điện; duration_days=3; source=huong-linh-9-update.xml Task 9; duration_minutes=1440,,huong-linh-9-update.xml (data date 2026-04-01)
dependency:HL-9:5->HL-9:6,type_lag,SS 3 1440,FS 0 0,,huong-linh-9-update.xml (data date 2026-04-01)
dependency:HL-9:6->HL-9:9,created,,FS 0 0,,huong-linh-9-update.xml (data date 2026-04-01)
