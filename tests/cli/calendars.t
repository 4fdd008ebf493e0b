# Working calendars: the built-in ones, Vietnam's days off in 2027 (Tết on Saturday 06/02 with its
# make-up days, 1/5 on a Saturday), a calendar of one's own, and a project scheduled on it.
$ tiendo init
test.db: tiendo database, schema version 9
$ tiendo calendar list
$ tiendo calendar show vn-mon-fri --year 2027
$ tiendo calendar show vn-mon-sat --year 2027 --lang vi
$ tiendo calendar show vn-mon-fri --year 2027 --format json | python3 -c "import json, sys; c = json.load(sys.stdin); print(c['minutes_per_day'], c['holidays'], len(c['days']), c['days'][1])"
$ tiendo calendar show no-such
# A department's own calendar: a copy of vn-mon-fri, with a working Saturday morning after Tết
# (the government's swap) and a day off of its own.
$ tiendo calendar add site-a --from vn-mon-fri
$ tiendo calendar set site-a --exception 2027-02-13 --periods 08:00-12:00 --reason "QĐ hoán đổi ngày làm việc"
$ tiendo calendar set site-a --exception 2027-03-01
$ tiendo calendar show site-a --year 2027 --format json | python3 -c "import json, sys; c = json.load(sys.stdin); print([d for d in c['days'] if d['kind'] == 'exception'])"
$ tiendo calendar add night --weekdays mon-sat --periods 22:00-24:00 --holidays none
$ tiendo calendar list --format csv
# Refused: a built-in calendar does not change, a name is taken, periods that make no sense.
$ tiendo calendar set vn-mon-fri --exception 2027-02-13
$ tiendo calendar add site-a --from vn-mon-sat
$ tiendo calendar add vn-mon-fri --from vn-mon-sat
$ tiendo calendar add bad --periods 08:00-07:00
$ tiendo calendar add bad --periods 08:00-12:00 --weekdays fri-mon
$ tiendo calendar set site-a --exception 2027-02-30
# A project on the calendar: 5 days from Monday 01/02/2027 end on Friday 12/02 (Tết and its
# make-up days between), the next 3 days run Monday 15/02 to Wednesday 17/02.
$ tiendo project add ND-A --name "Điện mặt trời A" --technology solar_farm --province "Trà Vinh" --calendar site-a
$ tiendo milestone add ND-A:site_clearance --duration 5
$ tiendo milestone add ND-A:construction_start --duration 3
$ tiendo milestone add ND-A:cod
$ tiendo depend add ND-A:site_clearance ND-A:construction_start
$ tiendo depend add ND-A:construction_start ND-A:cod
$ tiendo schedule --project ND-A --as-of 2027-02-01 --format csv
$ tiendo project add ND-B --name "B" --technology solar_farm --province "Trà Vinh" --calendar no-such
$ tiendo calendar list --format csv
# The projects CSV carries the calendar, and takes it back.
$ tiendo export --what projects --format csv
$ tiendo export --what projects --format csv > projects.csv && tiendo project set ND-A --calendar all-days && tiendo import projects.csv && tiendo export --what projects --format csv | diff - projects.csv && echo same
$ tiendo history --limit 3 --format csv | cut -d, -f3-6
