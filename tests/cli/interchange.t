# Real-world interchange: files others publish imported whole, every defect reported; exports
# parsed back by real parsers (tests/cli/interchange_check.py).
$ tiendo init > /dev/null
#
# The WRI Global Power Plant Database, Vietnam: first what the file itself holds, by Python's csv.
$ python3 -c "import csv, decimal; rows = list(csv.DictReader(open('$FIXTURES/external/wri-gppd-vietnam.csv', encoding='utf-8'))); print(len(rows), 'plants', sum(decimal.Decimal(r['Capacity (MW)']) for r in rows), 'MW')"
304 plants 41056.520 MW
# A dry run reports every defect and what would change, and writes nothing.
$ cd $FIXTURES/external && tiendo --db $OLDPWD/test.db import --from wri-gppd wri-gppd-vietnam.csv --dry-run
wri-gppd-vietnam.csv:3: Municipality: 'Kon Dá»¡ng': UTF-8 encoded twice; repaired to 'Kon Dỡng'
wri-gppd-vietnam.csv:119: Location: 'Daâ€™Mbri': UTF-8 encoded twice; repaired to 'Da’Mbri'
wri-gppd-vietnam.csv:164: Municipality: 'Phu Má»¡': UTF-8 encoded twice; repaired to 'Phu Mỡ'
wri-gppd-vietnam.csv:202: Municipality: 'Phuoc Gia, Tien LÃ£nh': UTF-8 encoded twice; repaired to 'Phuoc Gia, Tien Lãnh'
wri-gppd-vietnam.csv:239: Location: 'Nam Má»Ÿ': UTF-8 encoded twice; repaired to 'Nam Mở'
wri-gppd-vietnam.csv:283: Name: 'Na Táº©u': UTF-8 encoded twice; repaired to 'Na Tẩu'
wri-gppd-vietnam.csv:305: Operational Status: '': empty; imported as in_plan with cod planned 2017, not done
wri-gppd-vietnam.csv:66: Power Plant ID: '1030730': shared by 2 different units on lines 66 (Ca Mau 1, 771 MW), 67 (Ca Mau 2, 771 MW); imported as WRI-1030730-1, WRI-1030730-2
wri-gppd-vietnam.csv:70: Power Plant ID: '1030733': shared by 2 different units on lines 70 (Can Tho, 35 MW), 71 (Can Tho, 150 MW); imported as WRI-1030733-1, WRI-1030733-2
wri-gppd-vietnam.csv:82: Power Plant ID: '1030745': shared by 2 different units on lines 82 (Nhon Trach 1, 465 MW), 83 (Nhon Trach 2, 750 MW); imported as WRI-1030745-1, WRI-1030745-2
wri-gppd-vietnam.csv:85: Power Plant ID: '1030747': shared by 2 different units on lines 85 (Thu Duc, 165 MW), 86 (Thu Duc, 114 MW); imported as WRI-1030747-1, WRI-1030747-2
wri-gppd-vietnam.csv:99: Power Plant ID: '1030764': shared by 2 different units on lines 99 (Cam Pha I, 300 MW), 100 (Cam Pha II, 300 MW); imported as WRI-1030764-1, WRI-1030764-2
wri-gppd-vietnam.csv:101: Power Plant ID: '1030765': shared by 2 different units on lines 101 (Quang Ninh 1, 600 MW), 102 (Quang Ninh 2, 600 MW); imported as WRI-1030765-1, WRI-1030765-2
wri-gppd-vietnam.csv:103: Power Plant ID: '1030766': shared by 3 different units on lines 103 (Uong Bi, 105 MW), 104 (Uong Bi Extension 1, 300 MW), 105 (Uong Bi Extension 2, 330 MW); imported as WRI-1030766-1, WRI-1030766-2, WRI-1030766-3
wri-gppd-vietnam.csv: no province column: 304 plants recorded with province unknown; 109 without a commissioning year have no cod milestone
wri-gppd-vietnam.csv: 304 plants, 41,056.52 MW
dry run, nothing written. would import projects: 304 added, 0 changed; milestones: 195 added, 0 changed; dependencies: 0 added, 0 changed
$ tiendo project list --format csv | wc -l
1
$ cd $FIXTURES/external && tiendo --db $OLDPWD/test.db import --from wri-gppd wri-gppd-vietnam.csv
wri-gppd-vietnam.csv:3: Municipality: 'Kon Dá»¡ng': UTF-8 encoded twice; repaired to 'Kon Dỡng'
wri-gppd-vietnam.csv:119: Location: 'Daâ€™Mbri': UTF-8 encoded twice; repaired to 'Da’Mbri'
wri-gppd-vietnam.csv:164: Municipality: 'Phu Má»¡': UTF-8 encoded twice; repaired to 'Phu Mỡ'
wri-gppd-vietnam.csv:202: Municipality: 'Phuoc Gia, Tien LÃ£nh': UTF-8 encoded twice; repaired to 'Phuoc Gia, Tien Lãnh'
wri-gppd-vietnam.csv:239: Location: 'Nam Má»Ÿ': UTF-8 encoded twice; repaired to 'Nam Mở'
wri-gppd-vietnam.csv:283: Name: 'Na Táº©u': UTF-8 encoded twice; repaired to 'Na Tẩu'
wri-gppd-vietnam.csv:305: Operational Status: '': empty; imported as in_plan with cod planned 2017, not done
wri-gppd-vietnam.csv:66: Power Plant ID: '1030730': shared by 2 different units on lines 66 (Ca Mau 1, 771 MW), 67 (Ca Mau 2, 771 MW); imported as WRI-1030730-1, WRI-1030730-2
wri-gppd-vietnam.csv:70: Power Plant ID: '1030733': shared by 2 different units on lines 70 (Can Tho, 35 MW), 71 (Can Tho, 150 MW); imported as WRI-1030733-1, WRI-1030733-2
wri-gppd-vietnam.csv:82: Power Plant ID: '1030745': shared by 2 different units on lines 82 (Nhon Trach 1, 465 MW), 83 (Nhon Trach 2, 750 MW); imported as WRI-1030745-1, WRI-1030745-2
wri-gppd-vietnam.csv:85: Power Plant ID: '1030747': shared by 2 different units on lines 85 (Thu Duc, 165 MW), 86 (Thu Duc, 114 MW); imported as WRI-1030747-1, WRI-1030747-2
wri-gppd-vietnam.csv:99: Power Plant ID: '1030764': shared by 2 different units on lines 99 (Cam Pha I, 300 MW), 100 (Cam Pha II, 300 MW); imported as WRI-1030764-1, WRI-1030764-2
wri-gppd-vietnam.csv:101: Power Plant ID: '1030765': shared by 2 different units on lines 101 (Quang Ninh 1, 600 MW), 102 (Quang Ninh 2, 600 MW); imported as WRI-1030765-1, WRI-1030765-2
wri-gppd-vietnam.csv:103: Power Plant ID: '1030766': shared by 3 different units on lines 103 (Uong Bi, 105 MW), 104 (Uong Bi Extension 1, 300 MW), 105 (Uong Bi Extension 2, 330 MW); imported as WRI-1030766-1, WRI-1030766-2, WRI-1030766-3
wri-gppd-vietnam.csv: no province column: 304 plants recorded with province unknown; 109 without a commissioning year have no cod milestone
wri-gppd-vietnam.csv: 304 plants, 41,056.52 MW
imported projects: 304 added, 0 changed; milestones: 195 added, 0 changed; dependencies: 0 added, 0 changed
# All 304 plants, 41.056,52 MW, province unknown; the total in Vietnamese notation too.
$ tiendo pipeline --by province,stage
province  stage      projects         MW  MWp
─────────────────────────────────────────────
unknown   in_plan           1        600
unknown   approved         29     814.55
unknown   operating       274  39,641.97
─────────────────────────────────────────────
total                     304  41,056.52
$ tiendo pipeline --lang vi | tail -1
Tổng                   304  41.056,52
$ tiendo pipeline --by technology --format csv
technology,projects,MW,MWp
biomass,6,67,
coal,28,14125,
gas,11,7734,
hydro,76,16100.5,
hydro_small,166,1703.02,
oil,12,1139,
wind_offshore,1,99,
wind_onshore,4,89,
total,304,41056.52,
# The seven shared IDs became distinct projects; the double-encoded name was repaired.
$ tiendo project list --format csv | grep -E '^WRI-(1030730|1030733|1030745|1030747|1030764|1030765|1030766)'
WRI-1030730-1,Ca Mau 1,gas,unknown,771,operating
WRI-1030730-2,Ca Mau 2,gas,unknown,771,operating
WRI-1030733-1,Can Tho,oil,unknown,35,operating
WRI-1030733-2,Can Tho,oil,unknown,150,operating
WRI-1030745-1,Nhon Trach 1,gas,unknown,465,operating
WRI-1030745-2,Nhon Trach 2,gas,unknown,750,operating
WRI-1030747-1,Thu Duc,oil,unknown,165,operating
WRI-1030747-2,Thu Duc,oil,unknown,114,operating
WRI-1030764-1,Cam Pha I,coal,unknown,300,operating
WRI-1030764-2,Cam Pha II,coal,unknown,300,operating
WRI-1030765-1,Quang Ninh 1,coal,unknown,600,operating
WRI-1030765-2,Quang Ninh 2,coal,unknown,600,operating
WRI-1030766-1,Uong Bi,coal,unknown,105,operating
WRI-1030766-2,Uong Bi Extension 1,coal,unknown,300,operating
WRI-1030766-3,Uong Bi Extension 2,coal,unknown,330,operating
$ tiendo project list --format csv | grep -c '^WRI-'
304
$ tiendo project list --format csv | grep 'Na T'
WRI-1030934,Na Tẩu,hydro_small,unknown,6,operating
# Operating plants have their commissioning year as the cod's actual; plants under development
# have it planned; the one row without a status is in plan with its cod not done.
$ tiendo milestone list --project WRI-1030934
milestone        days  planned  actual start  actual  forecast  reason
──────────────────────────────────────────────────────────────────────
WRI-1030934:cod     0                         2014
$ tiendo milestone list --project WRI-1030998
milestone        days  planned  actual start  actual  forecast  reason
──────────────────────────────────────────────────────────────────────
WRI-1030998:cod     0  2018
$ tiendo milestone list --project WRI-1075848
milestone        days  planned  actual start  actual  forecast  reason
──────────────────────────────────────────────────────────────────────
WRI-1075848:cod     0  2017
$ tiendo export --what projects --format json | python3 -c "import json, sys; p = [x for x in json.load(sys.stdin)['projects'] if x['code'] == 'WRI-1030934'][0]; print(p['stage'], p['lat'], p['lon'], p['site'], p['source'], sep=' | ')"
operating | 22.67218 | 106.505 | Cai Bo, Bac Vong | WRI Global Power Plant Database, plant 1030934; Open Development Vietnam https://data.opendevelopmentmekong.net/vi/library_record/th-y-di-n-na-t-u
# Importing the same file again changes nothing.
$ cd $FIXTURES/external && tiendo --db $OLDPWD/test.db import --from wri-gppd wri-gppd-vietnam.csv | tail -1
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
#
# The revised PDP VII annex: one project per line, in plan, cod planned for the end of its year;
# into a database of its own, so that its figures stand alone.
$ tiendo --db pdp7.db init > /dev/null
$ cd $FIXTURES/external && tiendo --db $OLDPWD/pdp7.db import --from pdp7-annex pdp7-revised-annex1.txt --dry-run | tail -2
pdp7-revised-annex1.txt: 210 projects, 96,062 MW
dry run, nothing written. would import projects: 210 added, 0 changed; milestones: 210 added, 0 changed; dependencies: 0 added, 0 changed
$ cd $FIXTURES/external && tiendo --db $OLDPWD/pdp7.db import --from pdp7-annex pdp7-revised-annex1.txt
pdp7-revised-annex1.txt:71: line: '2019 5 ND d6ng phat Hai Hit 1 50 IPP (trong KCN)': repeats line 70; kept as a project of its own
pdp7-revised-annex1.txt:72: line: '2019 5 ND d6ng phat Hai Hit 1 50 IPP (trong KCN)': repeats line 70; kept as a project of its own
pdp7-revised-annex1.txt:124: line: '2022 4 ND d6ng pMt Hili Ha 2 150 IPP': repeats line 123; kept as a project of its own
pdp7-revised-annex1.txt:125: line: '2022 4 ND d6ng pMt Hili Ha 2 150 IPP': repeats line 123; kept as a project of its own
pdp7-revised-annex1.txt:126: line: '2022 4 ND d6ng pMt Hili Ha 2 150 IPP': repeats line 123; kept as a project of its own
pdp7-revised-annex1.txt:127: line: '2022 4 ND d6ng pMt Hili Ha 2 150 IPP': repeats line 123; kept as a project of its own
pdp7-revised-annex1.txt:165: line: '2025 3 ND dAng pMt Hai Ha 3 300 IPP': repeats line 164; kept as a project of its own
pdp7-revised-annex1.txt:188: line: '2028 2 ND dong phat Hai Hà 4 300 IPP': repeats line 187; kept as a project of its own
pdp7-revised-annex1.txt:192: fuel: 'ND*': marked (*) in the annex; imported with the mark in its source
pdp7-revised-annex1.txt:197: fuel: 'ND*': marked (*) in the annex; imported with the mark in its source
pdp7-revised-annex1.txt:199: fuel: 'ND*': marked (*) in the annex; imported with the mark in its source
pdp7-revised-annex1.txt:200: fuel: 'ND*': marked (*) in the annex; imported with the mark in its source
pdp7-revised-annex1.txt:208: fuel: 'ND*': marked (*) in the annex; imported with the mark in its source
pdp7-revised-annex1.txt:209: fuel: 'ND*': marked (*) in the annex; imported with the mark in its source
pdp7-revised-annex1.txt: names on 33 lines look damaged by OCR, kept as written: lines 14, 18, 23, 30, 46, 63, 70, 71, 72, 75, 76, 77, 80, 86, 87, 88, 109, 114, 120, 123, 124, 125, 126, 127, 128, 129, 133, 135, 142, 143, 144, 173, 175
pdp7-revised-annex1.txt: 210 projects, 96,062 MW
imported projects: 210 added, 0 changed; milestones: 210 added, 0 changed; dependencies: 0 added, 0 changed
$ tiendo --db pdp7.db project list --format csv | grep -c '^PDP7-'
210
$ tiendo --db pdp7.db project list --format csv | grep -E '^PDP7-2019-05|^PDP7-2029-0[36]|^PDP7-2023-10'
PDP7-2019-05-1,d6ng phat Hai Hit 1,coal,unknown,50,in_plan
PDP7-2019-05-2,d6ng phat Hai Hit 1,coal,unknown,50,in_plan
PDP7-2019-05-3,d6ng phat Hai Hit 1,coal,unknown,50,in_plan
PDP7-2023-10-1,Bac Ai #1,pumped_storage,unknown,300,in_plan
PDP7-2023-10-2,Bac Ai #2,pumped_storage,unknown,300,in_plan
PDP7-2029-03,Vung Ang III #3 (*),coal,unknown,600,in_plan
PDP7-2029-06,Bac Lieu 1#1 (*),coal,unknown,600,in_plan
$ tiendo --db pdp7.db export --what projects --format json | python3 -c "import json, sys; p = [x for x in json.load(sys.stdin)['projects'] if x['code'] == 'PDP7-2029-03'][0]; print(p['stage'], p['investor'], p['source'], sep=' | ')"
in_plan | None | PDP VII revised (QĐ 428/QĐ-TTg, 2016), annex 1: 2029 item 3, fuel ND*; marked (*) in the annex
$ cd $FIXTURES/external && tiendo --db $OLDPWD/pdp7.db import --from pdp7-annex pdp7-revised-annex1.txt | tail -1
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
$ tiendo --db pdp7.db milestone list --project PDP7-2028-04 --lang vi
mốc               số ngày  kế hoạch  bắt đầu thực tế  thực tế  dự báo  lý do
────────────────────────────────────────────────────────────────────────────
PDP7-2028-04:cod        0  2028
$ tiendo --db pdp7.db export --what milestones --format json | python3 -c "import json, sys; m = [x for x in json.load(sys.stdin)['milestones'] if x['project'] == 'PDP7-2028-04'][0]; print(m['planned'], m['planned_as_entered'])"
2028-12-31 2028
# MW per planned year, from tiendo and from the file read independently: they must be equal.
$ tiendo --db pdp7.db pipeline --by cod_year --cod-basis planned --format csv | tee pdp7-years.csv
cod_year,projects,MW,MWp
2016,27,3795,
2017,15,2716,
2018,21,4338,
2019,21,6230,
2020,17,4571,
2021,17,9645,
2022,22,10290,
2023,13,7185,
2024,7,5250,
2025,11,5850,
2026,8,6482,
2027,5,5660,
2028,9,7890,
2029,9,8950,
2030,8,7210,
total,210,96062,
$ python3 $TESTS/cli/interchange_check.py pdp7-years $FIXTURES/external/pdp7-revised-annex1.txt pdp7-years.csv
MW per year equal the file's: 15 years, 96062 MW
$ tiendo --db pdp7.db pipeline --by technology --format csv
technology,projects,MW,MWp
biomass,5,295,
coal,99,46195,
gas,19,12225,
hydro,50,5440,
hydro_small,2,119,
nuclear,4,4600,
pumped_storage,8,2400,
renewable_mixed,15,23240,
solar_farm,3,1000,
wind_onshore,5,548,
total,210,96062,
#
# Bad input: every problem with file, line, field and value; exit 2; nothing written.
$ printf 'Power Plant ID,Name,Fuel,Capacity (MW),Commissioning Date,Operational Status\n1,A,Hydro,12,2016,Operational\n2,B,Plasma,1x,20l6,Retired\n3,,Coal,5,,\n' > bad-wri.csv && tiendo import --from wri-gppd bad-wri.csv
bad-wri.csv:3: Capacity (MW): '1x': not a number of MW
bad-wri.csv:3: Fuel: 'Plasma': unknown fuel (Hydro, Coal, Gas, Oil, Biomass, Wind, Solar, Nuclear, Waste, Storage, Other, ...)
bad-wri.csv:3: Commissioning Date: '20l6': not a year
bad-wri.csv:3: Operational Status: 'Retired': unknown status (Operational, Under Development or empty)
bad-wri.csv:4: Name: '': a plant needs a name
[2]
$ printf 'Name,Fuel\nA,Hydro\n' > headless.csv && tiendo import --from wri-gppd headless.csv
headless.csv:1: header: 'Power Plant ID': a WRI Global Power Plant Database column is missing
headless.csv:1: header: 'Capacity (MW)': a WRI Global Power Plant Database column is missing
headless.csv:1: header: 'Operational Status': a WRI Global Power Plant Database column is missing
[2]
$ printf '2019  1    TD     Good                 10     IPP\n2019  x    XX     Bad one              5x0     IPP\n2019  2    TD     No capacity\n' > bad-annex.txt && tiendo import --from pdp7-annex bad-annex.txt
bad-annex.txt:2: id: 'x': not a whole number
bad-annex.txt:2: fuel: 'XX': unknown fuel code (TD, TDN, TDTN, ND, NDHD, TBKHH, NMDSK, DG, DMT, DHN, NLTT)
bad-annex.txt:2: capacity_MW: '5x0': not a number of MW
bad-annex.txt:3: capacity_MW: 'No capacity': expected name, MW and owner separated by two or more spaces
[2]
$ tiendo import --from pdp7-annex no-such-file.txt
no-such-file.txt: cannot read the file
[2]
$ tiendo project list --format csv | wc -l
305
#
# Exports, each read back by a real parser (tests/cli/interchange_check.py). The seed portfolio
# has Vietnamese names, coarse dates and cross-project dependencies; three cells that a
# spreadsheet would run as formulas are added to it.
$ tiendo demo --db seed.db > /dev/null && tiendo --db seed.db project add F-1 --name "=HYPERLINK(\"http://x\",\"bấm\")" --technology coal --province "Thái Bình" --investor "+84 912" --site "@sum(A1)" --capacity 5
added F-1 (1 change-log rows)
$ tiendo --db seed.db export --format xlsx --as-of 2020-09-30 > seed.xlsx && python3 $TESTS/cli/interchange_check.py xlsx seed.xlsx ST-LONGPHU-1 LS-KHANHKHE:cod
sheet projects: 106 rows, header frozen: True, formulas: 0, columns: code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source,gem_status,eia860_status
sheet milestones: 52 rows, header frozen: True, formulas: 0, columns: project,key,name,duration_days,planned,actual_start,actual,forecast,reason,source
sheet dependencies: 8 rows, header frozen: True, formulas: 0, columns: from,to,type,lag_days
ST-LONGPHU-1 name: Nhà máy Nhiệt điện Long Phú 1 (text)
ST-LONGPHU-1 capacity_mw: 1200 (number)
ST-LONGPHU-1 stage: construction (text)
ST-LONGPHU-1 gem_status: construction (text)
ST-LONGPHU-1 eia860_status: U (text)
LS-KHANHKHE:cod duration_days: 0 (number)
LS-KHANHKHE:cod planned: 2019-07-31 as mm/yyyy (date)
LS-KHANHKHE:cod actual:  (empty)
LS-KHANHKHE:cod forecast:  (empty)
text cells starting with = + - @, all stored as text: 3
  +84 912
  =HYPERLINK("http://x","bấm")
  @sum(A1)
$ tiendo export --format xlsx > wri.xlsx && python3 $TESTS/cli/interchange_check.py xlsx wri.xlsx WRI-1030934 WRI-1030934:cod
sheet projects: 304 rows, header frozen: True, formulas: 0, columns: code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source,gem_status,eia860_status
sheet milestones: 195 rows, header frozen: True, formulas: 0, columns: project,key,name,duration_days,planned,actual_start,actual,forecast,reason,source
sheet dependencies: 0 rows, header frozen: True, formulas: 0, columns: from,to,type,lag_days
WRI-1030934 name: Na Tẩu (text)
WRI-1030934 capacity_mw: 6 (number)
WRI-1030934 stage: operating (text)
WRI-1030934 gem_status: operating (text)
WRI-1030934 eia860_status: OP (text)
WRI-1030934:cod duration_days: 0 (number)
WRI-1030934:cod planned:  (empty)
WRI-1030934:cod actual: 2014-12-31 as yyyy (date)
WRI-1030934:cod forecast:  (empty)
text cells starting with = + - @, all stored as text: 0
# GeoJSON: every WRI plant with coordinates is a Point, longitude first.
$ tiendo export --format geojson > wri.geojson && python3 $TESTS/cli/interchange_check.py geojson wri.geojson WRI-1030934
241 Point features, every position inside Vietnam, longitude first
WRI-1030934 [106.505, 22.67218] Na Tẩu hydro_small 6.0 operating operating OP
# iCalendar: open milestones as all-day events; overdue ones say so.
$ tiendo --db seed.db export --format ics --as-of 2020-09-30 > seed.ics && python3 $TESTS/cli/interchange_check.py ics seed.ics
3 VEVENTs (overdue 2, upcoming 1); 49 lines, all CRLF, longest 75 octets, 12 folded
20191231 Nhà máy thủy điện Khánh Khê: Hoàn thành công tác tích nước lòng hồ (overdue 274 days)
20190731 Nhà máy thủy điện Khánh Khê: Hoàn thành phát điện thương mại (overdue 427 days)
# DOT: one cluster per project, every dependency an edge, the critical ones red.
$ tiendo --db seed.db export --format dot --as-of 2020-09-30 > seed.dot && tiendo --db seed.db export --format json > seed.json && python3 $TESTS/cli/interchange_check.py dot seed.dot seed.json
45 clusters, 52 nodes (43 critical), 8 edges (8 critical), braces balanced; nodes and edges equal the export
  critical: LS-KHANHKHE:reservoir_impoundment -> LS-KHANHKHE:cod
  critical: LS-KHANHKHE:site_clearance -> LS-KHANHKHE:reservoir_impoundment
  critical: TV-GRID-110-CAUKE-TRACU-DUYENHAI:site_clearance -> TV-GRID-110-CAUKE-TRACU-DUYENHAI:grid_line_energized
# The GEM and EIA-860 columns in CSV (on request: they derive from side states the CSVs do not
# carry) and JSON; a CSV with them imports back unchanged.
$ tiendo --db seed.db export --what projects --status-codes --as-of 2020-09-30 | python3 -c "import csv, sys; rows = list(csv.DictReader(sys.stdin)); print(*sorted({(r['stage'], r['gem_status'], r['eia860_status']) for r in rows}), sep='\n')"
('approved', 'construction', 'U')
('approved', 'pre-construction', 'L')
('construction', 'construction', 'U')
('in_plan', 'announced', 'P')
('operating', 'operating', 'OP')
('proposed', 'announced', 'P')
$ tiendo --db seed.db export --what projects --format json --as-of 2020-09-30 | python3 -c "import json, sys; p = [x for x in json.load(sys.stdin)['projects'] if x['code'] == 'ST-LONGPHU-1'][0]; print(p['stage'], p['gem_status'], p['eia860_status'])"
construction construction U
$ tiendo --db seed.db export --out first --status-codes > /dev/null && tiendo --db copy.db init > /dev/null && tiendo --db copy.db import first/projects.csv first/milestones.csv first/dependencies.csv && tiendo --db copy.db export --out second --status-codes > /dev/null && cmp first/projects.csv second/projects.csv && head -1 second/projects.csv && tiendo --db copy.db export --what projects | head -1
imported projects: 106 added, 0 changed; milestones: 52 added, 0 changed; dependencies: 8 added, 0 changed
code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source,gem_status,eia860_status
code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source
# Formats that hold one table refuse another. Export's own formats work before the command name
# too, as every global option does (tests/cli/command_line.t).
$ tiendo export --format geojson --what milestones
--what: 'milestones': --format geojson writes projects
[2]
$ tiendo export --format ics --what projects
--what: 'projects': --format ics writes milestones
[2]
$ tiendo --format xlsx export > before.xlsx && tiendo export --format xlsx > after.xlsx && python3 -c "import sys, zipfile; a, b = (zipfile.ZipFile(f) for f in sys.argv[1:]); print(a.namelist() == b.namelist() and all(a.read(n) == b.read(n) for n in a.namelist() if n.startswith('xl/worksheets/')))" before.xlsx after.xlsx
True
