# The seed portfolio: `tiendo demo` builds it from fixtures/seed, and every figure the five reports
# state about power projects (fixtures/seed/figures.csv, each with its sentence) comes out of it.
$ tiendo demo --fixtures $FIXTURES/seed > /dev/null && echo built
built
$ python3 $TESTS/cli/seed_figures.py $FIXTURES/seed/figures.csv
ok 2020-09-30 Sóc Trăng wind in_plan..operating: stated 20 projects 1435.2 MW; portfolio 20 projects, 1435.2 MW
ok 2020-09-30 Sóc Trăng wind approved..operating: stated 10 projects 352.4 MW; portfolio 10 projects, 352.4 MW
ok 2020-09-30 Sóc Trăng wind construction..construction: stated 7 projects; portfolio 7 projects, 246.68 MW
ok 2020-09-30 Sóc Trăng wind_nearshore proposed..proposed: stated 9 projects; portfolio 9 projects, 0 MW
ok 2020-09-30 Sóc Trăng coal in_plan..operating: stated 3 projects 4320 MW; portfolio 3 projects, 4320 MW
ok 2020-09-30 Sóc Trăng biomass in_plan..operating: stated 3 projects; portfolio 3 projects, 37 MW
ok 2020-09-30 Sóc Trăng biomass operating..operating: stated 1 projects 12 MW; portfolio 1 projects, 12 MW
ok 2020-12-31 Trà Vinh wind construction..construction: stated 5 projects 270 MW; portfolio 5 projects, 270 MW
ok 2020-12-31 Trà Vinh wind in_plan..permitted: stated 4 projects 396 MW; portfolio 4 projects, 396 MW
ok 2020-12-31 Trà Vinh wind proposed..proposed: stated 5 projects 826 MW; portfolio 5 projects, 826 MW
ok 2020-12-31 Trà Vinh other proposed..proposed: stated 20 projects 7508 MW; portfolio 20 projects, 7508 MW
ok 2020-12-31 Trà Vinh solar_rooftop operating..operating: stated 41.7 MW; portfolio 2 projects, 41.7 MW
# Sóc Trăng wind on 30/09/2020, as the report writes it: 20 projects and 1.435,2 MW in the plan or
# further, 10 and 352,4 MW approved or further, 7 under construction.
$ tiendo pipeline --as-of 2020-09-30 --province "Sóc Trăng" --legacy-provinces --technology wind --lang vi
giai đoạn          dự án       MW  MWp
──────────────────────────────────────
Đề xuất, khảo sát     10        0
Bổ sung quy hoạch     10  1.082,8
Chủ trương đầu tư      3   105,72
Đang thi công          7   246,68
──────────────────────────────────────
Tổng                  30  1.435,2
# The demo refuses to replace a database it did not make.
$ tiendo init --db mine.db > /dev/null && tiendo demo --db mine.db
tiendo: mine.db holds data not made by `tiendo demo`; use another --db, or --force
[4]
