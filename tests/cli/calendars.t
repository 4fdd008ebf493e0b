# Working calendars: the built-in ones, Vietnam's days off in 2027 (Tết on Saturday 06/02 with its
# make-up days, 1/5 on a Saturday), a calendar of one's own, and a project scheduled on it.
$ tiendo init
test.db: tiendo database, schema version 13
$ tiendo calendar list
calendar    built in  working week                     hours a day  public holidays  projects
─────────────────────────────────────────────────────────────────────────────────────────────
all-days    yes       mon-sun 00:00-24:00                       24                          0
vn-mon-fri  yes       mon-fri 08:00-12:00,13:00-17:00            8  Vietnam                 0
vn-mon-sat  yes       mon-sat 08:00-12:00,13:00-17:00            8  Vietnam                 0
$ tiendo calendar show vn-mon-fri --year 2027
vn-mon-fri (hours a day: 8)

weekday    working periods
──────────────────────────────────
Monday     08:00-12:00,13:00-17:00
Tuesday    08:00-12:00,13:00-17:00
Wednesday  08:00-12:00,13:00-17:00
Thursday   08:00-12:00,13:00-17:00
Friday     08:00-12:00,13:00-17:00
Saturday   day off
Sunday     day off

day         weekday    what                       working periods
─────────────────────────────────────────────────────────────────
2027-01-01  Friday     New Year's Day             day off
2027-02-05  Friday     Lunar New Year (Tet)       day off
2027-02-06  Saturday   Lunar New Year (Tet)       day off
2027-02-07  Sunday     Lunar New Year (Tet)       day off
2027-02-08  Monday     Lunar New Year (Tet)       day off
2027-02-09  Tuesday    Lunar New Year (Tet)       day off
2027-02-10  Wednesday  day off in lieu            day off
2027-02-11  Thursday   day off in lieu            day off
2027-04-16  Friday     Hung Kings' Commemoration  day off
2027-04-30  Friday     Reunification Day          day off
2027-05-01  Saturday   International Labour Day   day off
2027-05-03  Monday     day off in lieu            day off
2027-09-01  Wednesday  National Day               day off
2027-09-02  Thursday   National Day               day off
$ tiendo calendar show vn-mon-sat --year 2027 --lang vi
vn-mon-sat (số giờ một ngày: 8)

thứ       giờ làm việc
─────────────────────────────────
Thứ Hai   08:00-12:00,13:00-17:00
Thứ Ba    08:00-12:00,13:00-17:00
Thứ Tư    08:00-12:00,13:00-17:00
Thứ Năm   08:00-12:00,13:00-17:00
Thứ Sáu   08:00-12:00,13:00-17:00
Thứ Bảy   08:00-12:00,13:00-17:00
Chủ nhật  nghỉ

ngày        thứ       nội dung               giờ làm việc
─────────────────────────────────────────────────────────
01/01/2027  Thứ Sáu   Tết Dương lịch         nghỉ
05/02/2027  Thứ Sáu   Tết Âm lịch            nghỉ
06/02/2027  Thứ Bảy   Tết Âm lịch            nghỉ
07/02/2027  Chủ nhật  Tết Âm lịch            nghỉ
08/02/2027  Thứ Hai   Tết Âm lịch            nghỉ
09/02/2027  Thứ Ba    Tết Âm lịch            nghỉ
10/02/2027  Thứ Tư    nghỉ bù                nghỉ
16/04/2027  Thứ Sáu   Giỗ Tổ Hùng Vương      nghỉ
30/04/2027  Thứ Sáu   Ngày Chiến thắng       nghỉ
01/05/2027  Thứ Bảy   Ngày Quốc tế lao động  nghỉ
01/09/2027  Thứ Tư    Quốc khánh             nghỉ
02/09/2027  Thứ Năm   Quốc khánh             nghỉ
$ tiendo calendar show vn-mon-fri --year 2027 --format json | python3 -c "import json, sys; c = json.load(sys.stdin); print(c['minutes_per_day'], c['holidays'], len(c['days']), c['days'][1])"
480 vietnam 14 {'day': '2027-02-05', 'kind': 'Lunar New Year (Tet)', 'periods': ''}
$ tiendo calendar show no-such
tiendo: calendar 'no-such' not found (all-days, vn-mon-fri, vn-mon-sat, or one added with 'calendar add')
[3]
# A department's own calendar: a copy of vn-mon-fri, with a working Saturday morning after Tết
# (the government's swap) and a day off of its own.
$ tiendo calendar add site-a --from vn-mon-fri
added calendar site-a
$ tiendo calendar set site-a --exception 2027-02-13 --periods 08:00-12:00 --reason "QĐ hoán đổi ngày làm việc"
updated calendar site-a
$ tiendo calendar set site-a --exception 2027-03-01
updated calendar site-a
$ tiendo calendar show site-a --year 2027 --format json | python3 -c "import json, sys; c = json.load(sys.stdin); print([d for d in c['days'] if d['kind'] == 'exception'])"
[{'day': '2027-02-13', 'kind': 'exception', 'periods': '08:00-12:00'}, {'day': '2027-03-01', 'kind': 'exception', 'periods': ''}]
$ tiendo calendar add night --weekdays mon-sat --periods 22:00-24:00 --holidays none
added calendar night
$ tiendo calendar list --format csv
calendar,built in,working week,hours a day,public holidays,projects
all-days,yes,mon-sun 00:00-24:00,24,,0
vn-mon-fri,yes,"mon-fri 08:00-12:00,13:00-17:00",8,Vietnam,0
vn-mon-sat,yes,"mon-sat 08:00-12:00,13:00-17:00",8,Vietnam,0
night,,mon-sat 22:00-24:00,2,,0
site-a,,"mon-fri 08:00-12:00,13:00-17:00",8,Vietnam,0
# Refused: a built-in calendar does not change, a name is taken, periods that make no sense.
$ tiendo calendar set vn-mon-fri --exception 2027-02-13
NAME: 'vn-mon-fri': a built-in calendar does not change; copy it with 'calendar add NEW --from vn-mon-fri' and change the copy
[2]
$ tiendo calendar add site-a --from vn-mon-sat
tiendo: calendar 'site-a' exists already
[4]
$ tiendo calendar add vn-mon-fri --from vn-mon-sat
NAME: 'vn-mon-fri': a built-in calendar has this name; choose another
[2]
$ tiendo calendar add bad --periods 08:00-07:00
--periods: '08:00-07:00': '08:00-07:00' ends before it starts
[2]
$ tiendo calendar add bad --periods 08:00-12:00 --weekdays fri-mon
--weekdays: 'fri-mon': a range runs Monday to Sunday
[2]
$ tiendo calendar set site-a --exception 2027-02-30
--exception: '2027-02-30': no such day in the calendar
[2]
# A project on the calendar: 5 days from Monday 01/02/2027 end on Friday 12/02 at 17:00 (Tết and
# its make-up days between); the next 3 days start on the working Saturday morning 13/02 (4 hours)
# and end on Wednesday 17/02 at 12:00, where the event follows at 13:00.
$ tiendo project add ND-A --name "Điện mặt trời A" --technology solar_farm --province "Trà Vinh" --calendar site-a
added ND-A (1 change-log rows)
$ tiendo milestone add ND-A:site_clearance --duration 5
added ND-A:site_clearance
$ tiendo milestone add ND-A:construction_start --duration 3
added ND-A:construction_start
$ tiendo milestone add ND-A:cod
added ND-A:cod
$ tiendo depend add ND-A:site_clearance ND-A:construction_start
ND-A:site_clearance -> ND-A:construction_start (FS 0)
$ tiendo depend add ND-A:construction_start ND-A:cod
ND-A:construction_start -> ND-A:cod (FS 0)
$ tiendo schedule --project ND-A --as-of 2027-02-01 --format csv
milestone,planned,actual,early start,early finish,late finish,float,critical,slip,driver
ND-A:site_clearance,,,2027-02-01,2027-02-12,2027-02-12,0,yes,,as-of date
ND-A:construction_start,,,2027-02-13,2027-02-17,2027-02-17,0,yes,,ND-A:site_clearance (FS +0)
ND-A:cod,,,2027-02-17,2027-02-17,2027-02-17,0,yes,,ND-A:construction_start (FS +0)
$ tiendo project add ND-B --name "B" --technology solar_farm --province "Trà Vinh" --calendar no-such
calendar: 'no-such': no such calendar (all-days, vn-mon-fri, vn-mon-sat, or one added with 'calendar add')
[2]
$ tiendo calendar list --format csv
calendar,built in,working week,hours a day,public holidays,projects
all-days,yes,mon-sun 00:00-24:00,24,,0
vn-mon-fri,yes,"mon-fri 08:00-12:00,13:00-17:00",8,Vietnam,0
vn-mon-sat,yes,"mon-sat 08:00-12:00,13:00-17:00",8,Vietnam,0
night,,mon-sat 22:00-24:00,2,,0
site-a,,"mon-fri 08:00-12:00,13:00-17:00",8,Vietnam,1
# The projects CSV carries the calendar, and takes it back.
$ tiendo export --what projects --format csv
code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source,calendar
ND-A,Điện mặt trời A,solar_farm,Trà Vinh,,,,,proposed,,,,,,site-a
$ tiendo export --what projects --format csv > projects.csv && tiendo project set ND-A --calendar all-days && tiendo import projects.csv && tiendo export --what projects --format csv | diff - projects.csv && echo same
updated ND-A (1 change-log rows)
imported projects: 0 added, 1 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
same
$ tiendo history --limit 3 --format csv | cut -d, -f3-6
entity,field,old,new
dependency:ND-A:construction_start->ND-A:cod,created,,FS 0
project:ND-A,calendar,site-a,
project:ND-A,calendar,,site-a
