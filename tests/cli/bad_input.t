# Bad input: exit 2, every bad row named with file, row, field and value, and nothing written.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/small/projects.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/dependencies.csv > /dev/null && tiendo export --out before > /dev/null
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import projects_bad_fields.csv
projects_bad_fields.csv:2: capacity_mw: '-5': capacity must be zero or more
projects_bad_fields.csv:3: technology: 'windmill': unknown technology (wind_onshore, solar_farm, coal, gas, hydro, grid, ...)
projects_bad_fields.csv:4: province: 'Soc Trang City': unknown province (nearest: Sóc Trăng, Bắc Giang, Quảng Ninh)
projects_bad_fields.csv:5: capacity_mw: 'nan': not a number of MW (write 1435.2, with a dot)
projects_bad_fields.csv:6: stage: 'built': unknown stage (proposed, in_plan, approved, permitted, construction, commissioning, operating)
projects_bad_fields.csv:6: target_cod: '2019-02-30': no such day in the calendar
projects_bad_fields.csv:7: lat: '95': not a coordinate in decimal degrees (-90 to 90)
projects_bad_fields.csv:7: capacity_mw: '110': a grid work carries kV and km, not MW; leave capacity_mw empty
projects_bad_fields.csv:8: capacity_mw: '1.1234567': more than six decimals (finer than one watt)
projects_bad_fields.csv:9: code: 'X-1': repeats row 2 of the same file
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import open_quote.csv
open_quote.csv:2: malformed CSV (error parsing data while strict checking enabled), e.g. a quote opened and not closed
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import column_count.csv
column_count.csv:2: row has 3 fields, the header has 4
column_count.csv:3: row has 5 fields, the header has 4
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import invalid_utf8.csv
invalid_utf8.csv:2: name: 'M\xe1t': not valid UTF-8
invalid_utf8.csv:2: province: 'S\xf3c Tr\xe0ng': not valid UTF-8
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import embedded_nul.csv
embedded_nul.csv:2: contains a NUL byte (not a text CSV file)
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import cycle_dependencies.csv
cycle_dependencies.csv:2: to: 'TV-LINE-110:site_clearance': closes a dependency cycle: TV-LINE-110:site_clearance -> TV-LINE-110:grid_line_energized -> TV-WIND-A:cod -> TV-LINE-110:site_clearance
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import dangling_dependencies.csv
dangling_dependencies.csv:2: to: 'TV-WIND-Z:cod': no such milestone (project 'TV-WIND-Z' not found)
dangling_dependencies.csv:3: to: 'TV-WIND-A:cod': a milestone cannot depend on itself
dangling_dependencies.csv:4: type: 'XX': a dependency type is FS, SS, FF or SF
dangling_dependencies.csv:4: lag_days: '1.5': a lag is a whole number of days (may be negative)
[2]
$ cd $TESTS/cli/data/bad && tiendo --db $OLDPWD/test.db import milestones_bad.csv
milestones_bad.csv:2: key: 'constrution_start': unknown milestone key; did you mean 'construction_start'?
milestones_bad.csv:3: duration_days: '-3': a duration is a whole number of days, 0 to 36500
milestones_bad.csv:3: planned: '2020-13': not a date (use 2019-07-15, 15/07/2019, 07/2019, 2019-07 or 2019)
milestones_bad.csv:3: reason: 'rain:too much': unknown delay category 'rain' (one of site_clearance, weather, supply_chain, financing, permitting, grid, investor, other)
milestones_bad.csv:4: project: 'NO-SUCH': no such project
[2]
$ tiendo import no-such-file.csv
no-such-file.csv: cannot read the file
[2]
# One good file and one bad one in the same import: nothing of the good one is written.
$ (head -1 $TESTS/cli/data/small/projects.csv; echo "NEW-1,Mới,coal,Sóc Trăng,1,,,,,,,,,") > good.csv && cp $TESTS/cli/data/bad/milestones_bad.csv . && tiendo import good.csv milestones_bad.csv 2> /dev/null; echo $?; tiendo project list | grep -c NEW-1 || true
2
0
$ tiendo export --out after > /dev/null && diff -r before after && echo unchanged
unchanged
# 1,000 good rows and one bad one: the bad one is named and none of the 1,000 is written.
$ python3 -c "print('code,name,technology,province,capacity_mw'); [print(f'BULK-{i:04d},Dự án {i},solar_farm,Sóc Trăng,{i % 90 + 10}') for i in range(1000)]; print('BULK-BAD,Hỏng,solar_farm,Sóc Trăng,-1')" > bulk.csv && tiendo import bulk.csv
bulk.csv:1002: capacity_mw: '-1': capacity must be zero or more
[2]
$ tiendo project list --format csv | grep -c BULK- || true
0
# Non-finite and formula capacities, a huge field, a formula cell where a date belongs.
$ printf 'code,name,technology,province,capacity_mw\nINF-1,A,coal,Sóc Trăng,inf\nINF-2,B,coal,Sóc Trăng,1e400\nF-1,C,coal,Sóc Trăng,=SUM(A1:A3)\n' > nonfinite.csv && tiendo import nonfinite.csv
nonfinite.csv:2: capacity_mw: 'inf': not a number of MW (write 1435.2, with a dot)
nonfinite.csv:3: capacity_mw: '1e400': not a number of MW (write 1435.2, with a dot)
nonfinite.csv:4: capacity_mw: '=SUM(A1:A3)': not a number of MW (write 1435.2, with a dot)
[2]
$ python3 -c "print('code,name,technology,province'); print('HUGE-1,' + 'x' * 20000 + ',coal,Sóc Trăng')" > huge.csv && tiendo import huge.csv
huge.csv:2: name: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx': longer than 10,000 bytes
[2]
$ printf 'project,key,planned\nTV-WIND-A,cod,=TODAY()\n' > formula_date.csv && tiendo import formula_date.csv
formula_date.csv:2: planned: '=TODAY()': not a date (use 2019-07-15, 15/07/2019, 07/2019, 2019-07 or 2019)
[2]
$ tiendo export --out after-all > /dev/null && diff -r before after-all && echo unchanged
unchanged
# An option that picks what to read, given empty, is refused, not taken as "every project".
$ tiendo schedule --project ''
--project: '': empty; leave the option out to mean none
[2]
$ tiendo pipeline --province ''
--province: '': empty; leave the option out to mean none
[2]
$ tiendo --as-of '' schedule
--as-of: '': empty; leave the option out to mean none
[2]
$ tiendo history ''
CODE: '': empty; leave it out to mean none
[2]
