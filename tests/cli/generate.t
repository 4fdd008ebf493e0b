# tiendo generate: a synthetic portfolio as the three tiendo CSVs, deterministic per seed, that
# tiendo's own importer takes whole (the benchmark relies on both).
$ tiendo generate --projects 600 --seed 11 --out gen
wrote 600 projects, .* milestones \(.* done\), .* dependencies to gen \(seed 11, progress to 2026-06-30\) (re)
$ tiendo generate --projects 600 --seed 11 --out again > /dev/null && cmp gen/milestones.csv again/milestones.csv && cmp gen/dependencies.csv again/dependencies.csv && echo same
same
$ tiendo generate --projects 600 --seed 12 --out other > /dev/null && cmp -s gen/milestones.csv other/milestones.csv || echo different
different
$ head -1 gen/projects.csv gen/milestones.csv gen/dependencies.csv
==> gen/projects.csv <==
code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source
\s* (re)
==> gen/milestones.csv <==
project,key,name,duration_days,planned,actual_start,actual,forecast,reason,source
\s* (re)
==> gen/dependencies.csv <==
from,to,type,lag_days
$ tiendo init > /dev/null && tiendo import gen/projects.csv gen/milestones.csv gen/dependencies.csv
imported projects: 600 added, 0 changed; milestones: .* added, 0 changed; dependencies: .* added, 0 changed (re)
# Every row says it is synthetic, so no generated number can pass for a reported one.
$ grep -vc 'synthetic' gen/projects.csv gen/milestones.csv
gen/projects.csv:1
gen/milestones.csv:1
# Capacities follow Vietnam's mix (docs/formats.md): many small rooftop and small-hydro units, few
# large thermal plants; 2,000 projects hold 15-45 GW (150-300 GW at 20,000), not thirty times the
# country's fleet. Leaf projects only: a parent built in phases carries its phases' sum.
$ tiendo generate --projects 2000 --seed 1 --out mix > /dev/null && python3 -c "import csv,sys; rows=list(csv.DictReader(open('mix/projects.csv'))); parents={r['parent'] for r in rows}; leaves=[r for r in rows if r['code'] not in parents]; mw=lambda t: sum(float(r['capacity_mw'] or 0) for r in leaves if r['technology']==t); count=lambda t: sum(r['technology']==t for r in leaves); total=sum(float(r['capacity_mw'] or 0) for r in leaves); print('total GW 15-45:', 15000 <= total <= 45000); print('rooftop and small hydro over 2/3 of plants:', count('solar_rooftop')+count('hydro_small') > 2*len([r for r in leaves if r['technology']!='grid'])/3); print('coal and gas under 1 % of plants, over 15 % of MW:', count('coal')+count('gas') < len(leaves)/100 and mw('coal')+mw('gas') > total*0.15); print('largest rooftop unit under 1 MW:', max(float(r['capacity_mw']) for r in leaves if r['technology']=='solar_rooftop') <= 1)"
total GW 15-45: True
rooftop and small hydro over 2/3 of plants: True
coal and gas under 1 % of plants, over 15 % of MW: True
largest rooftop unit under 1 MW: True
$ tiendo generate --projects 0 --out x
--projects: '0': not a count from 1 to 10,000,000
[2]
# More than 10,000 milestones: the schedule CSV is written in slices, with one header and every row.
$ test $(wc -l < gen/milestones.csv) -gt 10001 && tiendo --as-of 2026-06-30 schedule --format csv > schedule.csv && grep -c '^milestone,' schedule.csv && test $(wc -l < schedule.csv) -eq $(wc -l < gen/milestones.csv) && echo every row
1
every row
# An output directory that cannot be made is bad input, named, and nothing is written.
$ tiendo generate --projects 5 --out /proc/tiendo-generated
--out: '/proc/tiendo-generated': cannot create the folder: No such file or directory
[2]
