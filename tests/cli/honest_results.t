# Results are honest: what is printed is what the data says as of the date asked for.
$ tiendo init > /dev/null && tiendo project add P-1 --name "Điện gió Một" --technology wind_onshore --province "Bạc Liêu" --capacity 50 > /dev/null && tiendo project add P-2 --name "Nhiệt điện Hai" --technology coal --province "Thái Bình" --capacity 600 > /dev/null && tiendo milestone add P-1:construction_start --planned 2019-01 --actual 2019-02-10 > /dev/null && tiendo milestone add P-1:cod --planned 2020-06 --actual 2020-10-20 > /dev/null && tiendo project status P-2 cancelled --date 2020-03-01 --reason "investor:thu hồi chủ trương" > /dev/null
# project list and show give the stage as pipeline counts it: as of --as-of, with side states.
$ tiendo project list --as-of 2019-01-01
code  name            technology    province    MW  stage
────────────────────────────────────────────────────────────
P-1   Điện gió Một    wind_onshore  Bạc Liêu    50  proposed
P-2   Nhiệt điện Hai  coal          Thái Bình  600  proposed
$ tiendo project list --as-of 2019-06-30
code  name            technology    province    MW  stage
────────────────────────────────────────────────────────────────
P-1   Điện gió Một    wind_onshore  Bạc Liêu    50  construction
P-2   Nhiệt điện Hai  coal          Thái Bình  600  proposed
$ tiendo project list --as-of 2021-01-01
code  name            technology    province    MW  stage
─────────────────────────────────────────────────────────────
P-1   Điện gió Một    wind_onshore  Bạc Liêu    50  operating
P-2   Nhiệt điện Hai  coal          Thái Bình  600  cancelled
$ tiendo project list --as-of 2021-01-01 --format json | python3 -c "import json, sys; print([(p['code'], p['stage'], p['recorded_stage']) for p in json.load(sys.stdin)['projects']])"
[('P-1', 'operating', 'proposed'), ('P-2', 'cancelled', 'proposed')]
$ tiendo project show P-1 --as-of 2021-01-01 | grep stage
stage         operating
$ tiendo pipeline --by stage --as-of 2021-01-01
stage      projects   MW  MWp
─────────────────────────────
operating         1   50
cancelled         1  600
─────────────────────────────
total             2  650
# A parent whose MW the children do not carry is named, whatever the children lack.
$ tiendo project add PARK --name "Cụm điện gió" --technology wind_onshore --province "Bạc Liêu" --capacity 100 > /dev/null && tiendo project add PARK-1 --name "Giai đoạn 1" --technology wind_onshore --province "Bạc Liêu" --parent PARK > /dev/null && tiendo project add PARK-2 --name "Giai đoạn 2" --technology wind_onshore --province "Bạc Liêu" --parent PARK > /dev/null && tiendo pipeline --as-of 2021-01-01
warning: PARK: capacity 100 MW, but none of its 2 children has a capacity; only children are counted, so these MW are not in the pipeline
stage      projects   MW  MWp
─────────────────────────────
proposed          2    0
operating         1   50
cancelled         1  600
─────────────────────────────
total             4  650
$ tiendo project set PARK-1 --capacity 40 > /dev/null && tiendo pipeline --as-of 2021-01-01 2>&1 >/dev/null
warning: PARK: capacity 100 MW differs from the sum of its children, 40 MW (1 of 2 children without a capacity; children counted)
$ tiendo project set PARK-2 --capacity 60 > /dev/null && tiendo pipeline --as-of 2021-01-01 2>&1 >/dev/null | wc -l
0
# Dates stay within the supported years, 1900-2200; what leaves them is refused, named.
$ tiendo milestone add P-2:cod --planned 2024 > /dev/null && tiendo impact P-2:cod --slip 12000000 --as-of 2021-01-01
--slip: '12000000': not a count from 1 to 36,500
[2]
$ tiendo milestone add P-2:ppa_signed --planned 2190 > /dev/null && tiendo impact P-2:ppa_signed --slip 36500 --as-of 2021-01-01
--slip: '36500': would move P-2:ppa_signed past 2200-12-31, outside the supported years 1900-2200
[2]
$ tiendo depend add P-2:ppa_signed P-2:cod --lag 3000 --as-of 2021-01-01 && tiendo impact P-2:ppa_signed --slip 3000 --as-of 2021-01-01
P-2:ppa_signed -> P-2:cod (FS 3000)
P-2:cod: early finish: falls after 2200-12-31, outside the supported years 1900-2200 (the slip imposed on P-2:ppa_signed, carried by a chain of 1 link)
[2]
$ tiendo depend remove P-2:ppa_signed P-2:cod > /dev/null && tiendo milestone set P-2:ppa_signed --planned 2020 --as-of 2021-01-01 > /dev/null
$ tiendo milestone add P-2:construction_start --duration 36500 --as-of 2021-01-01 > /dev/null && tiendo milestone add P-2:commissioning --duration 36500 --as-of 2021-01-01 && tiendo depend add P-2:construction_start P-2:commissioning --as-of 2021-01-01
added P-2:commissioning
P-2:commissioning: early finish: falls after 2200-12-31, outside the supported years 1900-2200 (carried there by the durations and lags of a chain of 1 link from P-2:construction_start)
[2]
$ tiendo milestone set P-2:commissioning --duration 20000 --as-of 2021-01-01 > /dev/null && tiendo depend add P-2:construction_start P-2:commissioning --as-of 2021-01-01 && tiendo depend add P-2:commissioning P-2:cod --as-of 2021-01-01
P-2:construction_start -> P-2:commissioning (FS 0)
P-2:commissioning -> P-2:cod (FS 0)
# A database written before the bound (or by hand) is refused when scheduled, not printed.
$ sqlite3 test.db "UPDATE milestone SET duration_days = 36500 WHERE key = 'commissioning'" && tiendo schedule --as-of 2021-01-01
P-2:cod: early finish: falls after 2200-12-31, outside the supported years 1900-2200 (carried there by the durations and lags of a chain of 2 links from P-2:construction_start)
[2]
$ tiendo alerts --as-of 2021-01-01
P-2:cod: early finish: falls after 2200-12-31, outside the supported years 1900-2200 (carried there by the durations and lags of a chain of 2 links from P-2:construction_start)
[2]
$ sqlite3 test.db "UPDATE milestone SET duration_days = 0 WHERE key = 'commissioning'" && tiendo schedule --project P-2 --as-of 2021-01-01 | tail -1
P-2:commissioning                        2120-12-08   2120-12-08    2120-12-08       0  yes              P-2:construction_start (FS +0)
$ tiendo milestone add P-2:eia_approval --planned 2201 || tiendo milestone add P-2:eia_approval --planned 1899-12-31
planned: '2201': outside the supported years 1900-2200
planned: '1899-12-31': outside the supported years 1900-2200
[2]
# schedule --format json keeps a coarse date's precision, as every JSON shape does.
$ tiendo schedule --project P-1 --as-of 2021-01-01 --format json | python3 -c "import json, sys; m = json.load(sys.stdin)['milestones'][-1]; print(m['key'], m['planned'], m['planned_as_entered'], m['actual'], 'actual_as_entered' in m)"
cod 2020-06-30 2020-06 2020-10-20 False
# The change log gives each change the reason given for it, or none.
$ tiendo milestone set P-2:cod --forecast 2025 --reason "financing:thiếu vốn" > /dev/null && tiendo milestone set P-2:cod --planned 2023 > /dev/null && tiendo history P-2 --format csv | tail -2 | cut -d, -f3-7
milestone:P-2:cod,reason,,financing:thiếu vốn,financing:thiếu vốn
milestone:P-2:cod,planned,2024,2023,
# Out of sequence, lag-free: done sooner after a predecessor than the lag is not an alert; done
# while a predecessor is not done is one, wherever that predecessor's forecast lies.
$ tiendo project add LINE --name "Đường dây 110 kV" --technology grid --province "Bạc Liêu" > /dev/null && tiendo project add WIND --name "Điện gió Ba" --technology wind_onshore --province "Bạc Liêu" --capacity 30 > /dev/null && tiendo milestone add LINE:grid_line_energized --planned 2020-03 --forecast 2020-04 > /dev/null && tiendo milestone add WIND:construction_start --planned 2019-01 --actual 2019-01-10 > /dev/null && tiendo milestone add WIND:cod --planned 2020-06 --actual 2020-06-20 > /dev/null && tiendo depend add WIND:construction_start WIND:cod --lag 700 > /dev/null && tiendo depend add LINE:grid_line_energized WIND:cod > /dev/null && tiendo alerts --as-of 2020-07-01 --format csv | grep -E 'kind|WIND'
severity,kind,project,milestone,days,MW,message,reason,driver chain
info,out of sequence,WIND,cod,11,30,done while LINE:grid_line_energized is not (11 days),,
$ tiendo milestone done LINE:grid_line_energized --date 2020-07-15 > /dev/null && tiendo alerts --as-of 2020-08-01 --format csv | grep -E 'kind|WIND'
severity,kind,project,milestone,days,MW,message,reason,driver chain
info,out of sequence,WIND,cod,25,30,done 25 days before LINE:grid_line_energized allows,,
# Every problem line has the form file:row: field: 'value': reason.
$ printf 'code,name,technology,province,parent\nQ-1,Một,coal,Thái Bình,Q-2\nQ-2,Hai,coal,Thái Bình,Q-1\nQ-3,Ba,coal,Thái Bình,GHOST\n' > parents.csv && tiendo import parents.csv
parents.csv:2: parent: 'Q-2': parents form a loop: Q-1 -> Q-2 -> Q-1
parents.csv:3: parent: 'Q-1': parents form a loop: Q-2 -> Q-1 -> Q-2
parents.csv:4: parent: 'GHOST': no such project (parent of Q-3)
[2]
$ tiendo project add Q-9 --name Chín --technology coal --province "Thái Bình" --parent NOBODY
parent: 'NOBODY': no such project (parent of Q-9)
[2]
$ tiendo depend add WIND:cod WIND:construction_start
to: 'WIND:construction_start': closes a dependency cycle: WIND:cod -> WIND:construction_start -> WIND:cod
[2]
$ printf 'from,to\nWIND:cod,LINE:grid_line_energized\nLINE:grid_line_energized,WIND:construction_start\n' > cycle.csv && tiendo import cycle.csv
cycle.csv:2: to: 'LINE:grid_line_energized': closes a dependency cycle: LINE:grid_line_energized -> WIND:cod -> LINE:grid_line_energized
[2]
