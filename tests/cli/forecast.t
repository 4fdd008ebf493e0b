# tiendo forecast: COD percentiles learned from the portfolio's own history, the same for the
# same seed, and bad options refused with one line, exit 2.
$ tiendo generate --projects 400 --seed 5 --out gen > /dev/null && tiendo init > /dev/null && tiendo import gen/projects.csv gen/milestones.csv gen/dependencies.csv > /dev/null
$ tiendo --as-of 2024-06-30 forecast --draws 300 --seed 9 --target 2026-06-30 --format json > one.json
model: learned from .* steps done by 2024-06-30 .* (re)
$ tiendo --as-of 2024-06-30 forecast --draws 300 --seed 9 --target 2026-06-30 --format json 2> /dev/null | cmp - one.json && echo same
same
$ tiendo --as-of 2024-06-30 forecast --draws 300 --seed 10 --target 2026-06-30 --format json 2> /dev/null | cmp -s - one.json || echo another seed, another draw
another seed, another draw
# Every project's percentiles are in order, each probability a probability, and the bands of MW
# online never fall from one year to the next nor cross.
$ python3 -c "import json; d = json.load(open('one.json')); p = d['projects']; assert p and all(r['cod_p10'] <= r['cod_p50'] <= r['cod_p80'] <= r['cod_p90'] and 0 <= r['p_cod_by_target'] <= 1 for r in p); b = d['mw_online']; assert all(x['p10'] <= x['p50'] <= x['p90'] for x in b) and all(b[i]['p50'] <= b[i + 1]['p50'] for i in range(len(b) - 1)); print(d['as_of'], d['draws'], d['seed'], d['target'], sorted(p[0]))"
2024-06-30 300 9 2026-06-30 ['cod_p10', 'cod_p50', 'cod_p80', 'cod_p90', 'mw', 'p_cod_by_target', 'p_cod_by_target_cod', 'project', 'schedule_cod', 'target_cod']
# One project: the open steps most often on the chain that sets its COD.
$ tiendo --as-of 2024-06-30 forecast --draws 200 --project SYN-000400 --format json 2> /dev/null | python3 -c "import json, sys; d = json.load(sys.stdin); print(len(d['projects']), d['projects'][0]['project'], all(s['milestone'].startswith('SYN-') and 0 < s['share'] <= 1 for s in d['driving']), d['driving'] == sorted(d['driving'], key=lambda s: -s['share']))"
1 SYN-000400 True True
# The terminal and CSV show every project's percentiles (and the chance of the target), then the
# bands of MW online, each table under its own header.
$ tiendo --as-of 2024-06-30 --lang vi forecast --draws 50 --by technology_group 2> /dev/null | head -1
dự án                  MW  ngày COD P10  ngày COD P50  ngày COD P80  ngày COD P90  COD theo tiến độ  COD mục tiêu  XS đạt COD mục tiêu (%)
$ tiendo --as-of 2024-06-30 --lang vi forecast --draws 50 --by technology_group 2> /dev/null | grep -c '^nhóm công nghệ   năm  MW vận hành P10  MW vận hành P50  MW vận hành P90$'
1
$ tiendo --as-of 2024-06-30 forecast --draws 300 --seed 9 --target 2026-06-30 --format csv 2> /dev/null > one.csv && python3 -c "import csv, json; rows = list(csv.reader(open('one.csv'))); d = json.load(open('one.json')); gap = rows.index([]); print(rows[0]); print(rows[gap + 1]); assert [r[0] for r in rows[1:gap]] == [p['project'] for p in d['projects']]; assert [r[2:6] for r in rows[1:gap]] == [[p['cod_p10'], p['cod_p50'], p['cod_p80'], p['cod_p90']] for p in d['projects']]; assert [float(r[7]) for r in rows[1:gap]] == [round(p['p_cod_by_target'] * 100, 1) for p in d['projects']]"
['project', 'MW', 'COD P10', 'COD P50', 'COD P80', 'COD P90', 'schedule COD', 'P(COD by target) (%)', 'target COD', 'P(COD by target COD) (%)']
['year', 'MW online P10', 'MW online P50', 'MW online P90']
# The as-of date cuts history: what was done or started after it is not known to a forecast from
# it, so the portfolio with every later actual date removed gives the same answer, byte for byte.
$ python3 -c "import csv; r = csv.reader(open('gen/milestones.csv')); w = csv.writer(open('cut.csv', 'w', newline='')); h = next(r); w.writerow(h); a, s = h.index('actual'), h.index('actual_start'); rows = list(r); cut = sum(x[i] > '2024-12-31' for x in rows for i in (a, s)); w.writerows([[c if i not in (a, s) or c <= '2024-12-31' else '' for i, c in enumerate(x)] for x in rows]); print('dates cut:', cut > 100)"
dates cut: True
$ tiendo --db cut.db init > /dev/null && tiendo --db cut.db import gen/projects.csv cut.csv gen/dependencies.csv > /dev/null
$ tiendo --as-of 2024-12-31 forecast --draws 200 --seed 3 --target 2026-06-30 --format json 2> /dev/null > full.json && tiendo --db cut.db --as-of 2024-12-31 forecast --draws 200 --seed 3 --target 2026-06-30 --format json 2> /dev/null | cmp - full.json && echo same
same
$ tiendo forecast --by stage
--by: 'stage': not a field to group MW online by (province, technology, technology_group, investor)
[2]
$ tiendo forecast --draws 0
--draws: '0': not a count from 1 to 10,000
[2]
$ tiendo forecast --draws 10001
--draws: '10001': not a count from 1 to 10,000
[2]
$ tiendo forecast --target ''
--target: '': empty; leave the option out to mean none
[2]
$ tiendo forecast --project ''
--project: '': empty; leave the option out to mean none
[2]
# A COD that would fall past the last supported year is refused, as the schedule refuses it.
$ tiendo --as-of 2200-12-01 forecast --draws 20
.*: COD .* falls after 2200-12-31, outside the supported years 1900-2200 (re)
[2]
$ tiendo forecast --target 2026-13-45
--target: '2026-13-45': .* (re)
[2]
$ tiendo forecast --project NOPE-1
tiendo: project 'NOPE-1' not found
[3]
