# Every export imports again: export -> import into a new database -> export gives the same bytes,
# for databases made by every importer and by generate. Importing an export into the database it
# came from changes nothing.
# WRI Global Power Plant Database: every plant has province 'unknown'.
$ tiendo init --db wri.db > /dev/null && (cd $FIXTURES/external && tiendo --db $OLDPWD/wri.db import --from wri-gppd wri-gppd-vietnam.csv > /dev/null) && tiendo --db wri.db export --out wri > /dev/null && grep -c ',unknown,' wri/projects.csv
304
$ tiendo init --db wri-again.db > /dev/null && tiendo --db wri-again.db import wri/projects.csv wri/milestones.csv wri/dependencies.csv && tiendo --db wri-again.db export --out wri-again > /dev/null && diff -r wri wri-again && echo identical
imported projects: 304 added, 0 changed; milestones: 195 added, 0 changed; dependencies: 0 added, 0 changed
identical
$ tiendo --db wri.db import wri/projects.csv wri/milestones.csv wri/dependencies.csv
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
# PDP VII revised, annex 1.
$ tiendo init --db pdp7.db > /dev/null && (cd $FIXTURES/external && tiendo --db $OLDPWD/pdp7.db import --from pdp7-annex pdp7-revised-annex1.txt > /dev/null) && tiendo --db pdp7.db export --out pdp7 > /dev/null && tiendo init --db pdp7-again.db > /dev/null && tiendo --db pdp7-again.db import pdp7/*.csv && tiendo --db pdp7-again.db export --out pdp7-again > /dev/null && diff -r pdp7 pdp7-again && echo identical
imported projects: 210 added, 0 changed; milestones: 210 added, 0 changed; dependencies: 0 added, 0 changed
identical
# PSPLIB j30 networks (jobs, durations and precedence links).
$ tiendo init --db psplib.db > /dev/null && tiendo --db psplib.db import --from psplib $FIXTURES/external/psplib-j30/j301_1.sm $FIXTURES/external/psplib-j30/j3010_7.sm > /dev/null && tiendo --db psplib.db export --out psplib > /dev/null && tiendo init --db psplib-again.db > /dev/null && tiendo --db psplib-again.db import psplib/*.csv && tiendo --db psplib-again.db export --out psplib-again > /dev/null && diff -r psplib psplib-again && echo identical
imported projects: 2 added, 0 changed; milestones: 64 added, 0 changed; dependencies: 96 added, 0 changed
identical
# A generated portfolio.
$ tiendo generate --projects 400 --seed 11 --out generated > /dev/null && tiendo init --db generated.db > /dev/null && tiendo --db generated.db import generated/*.csv > /dev/null && tiendo --db generated.db export --out generated-1 > /dev/null && tiendo init --db generated-again.db > /dev/null && tiendo --db generated-again.db import generated-1/*.csv > /dev/null && tiendo --db generated-again.db export --out generated-2 > /dev/null && diff -r generated-1 generated-2 && echo identical
identical
# The seed portfolio of the demo, and the same through JSON export.
$ tiendo demo --db seed.db > /dev/null && tiendo --db seed.db export --out seed > /dev/null && tiendo init --db seed-again.db > /dev/null && tiendo --db seed-again.db import seed/*.csv > /dev/null && tiendo --db seed-again.db export --out seed-again > /dev/null && diff -r seed seed-again && echo identical
identical
$ tiendo --db seed.db export --format json > seed.json && tiendo --db seed-again.db export --format json > seed-again.json && cmp seed.json seed-again.json && echo identical
identical
# An empty province is still refused.
$ printf 'code,name,technology,province\nP-1,Dự án,coal,\n' > empty.csv && tiendo init --db empty.db > /dev/null && tiendo --db empty.db import empty.csv
empty.csv:2: province: '': required for a new project
[2]
