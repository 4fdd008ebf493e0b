# The Excel round trip (issue 17): export a workbook, edit it in a spreadsheet, import it back.
# Export xlsx -> import into a new database -> the CSV export is byte-identical to the original's,
# for the seed portfolio and a generated one.
$ tiendo demo --db seed.db > /dev/null && tiendo --db seed.db export --format xlsx > seed.xlsx && tiendo --db seed.db export --out seed > /dev/null && tiendo init --db seed-again.db > /dev/null && tiendo --db seed-again.db import seed.xlsx && tiendo --db seed-again.db export --out seed-again > /dev/null && diff -r seed seed-again && echo identical
imported projects: 105 added, 0 changed; milestones: 52 added, 0 changed; dependencies: 8 added, 0 changed
identical
$ tiendo generate --projects 400 --seed 11 --out generated > /dev/null && tiendo init --db generated.db > /dev/null && tiendo --db generated.db import generated/*.csv > /dev/null && tiendo --db generated.db export --format xlsx > generated.xlsx && tiendo --db generated.db export --out generated-1 > /dev/null && tiendo init --db generated-again.db > /dev/null && tiendo --db generated-again.db import generated.xlsx && tiendo --db generated-again.db export --out generated-2 > /dev/null && diff -r generated-1 generated-2 && echo identical
imported projects: 400 added, 0 changed; milestones: \d+ added, 0 changed; dependencies: \d+ added, 0 changed (re)
identical
# Importing the workbook into the database it came from changes nothing.
$ tiendo --db seed.db import seed.xlsx
imported projects: 0 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
# A workbook edited by another program (openpyxl): Vietnamese sheet names, edited cells, appended
# rows, typed and text dates, a sheet of notes that is skipped. Mixed with a CSV file in one call.
$ python3 $TESTS/cli/openpyxl_edit.py seed.xlsx edited.xlsx && printf 'project,key,forecast\nLS-KHANHKHE,site_clearance,06/2020\n' > more.csv && tiendo --db seed.db import edited.xlsx more.csv --dry-run
edited.xlsx: sheet 'Ghi chú': skipped, its header 'người sửa,ngày' is no tiendo table's
dry run, nothing written. would import projects: 1 added, 1 changed; milestones: 2 added, 2 changed; dependencies: 1 added, 0 changed
$ tiendo --db seed.db import edited.xlsx more.csv
edited.xlsx: sheet 'Ghi chú': skipped, its header 'người sửa,ngày' is no tiendo table's
imported projects: 1 added, 1 changed; milestones: 2 added, 2 changed; dependencies: 1 added, 0 changed
$ tiendo --db seed.db export --format csv --what projects | grep -E '^(LS-KHANHKHE|LS-MOI-1),'
LS-KHANHKHE,Điện gió Khánh Khê (giai đoạn 1),hydro,Lạng Sơn,55.5,,,,construction,2019-07,,,,"003_91a227b826cea0a9.txt: ""các nhà máy thủy điện đang triển khai xây dựng gồm: Dự án đầu tư xây dựng nhà máy thủy điện Khánh Khê, dự án đầu tư xây dựng nhà máy Thủy điện Bắc Giang, dự án Thủy điện Bản Nhùng""; 003_91a227b826cea0a9.txt: ""Nhà máy thủy điện Khánh Khê theo kế hoạch tháng 7/2019 hoàn thành phát điện thương mại, nhưng do thời tiết, mưa lũ diễn biến phức tạp"""
LS-MOI-1,Điện mặt trời Mới 1,solar_farm,Lạng Sơn,1435.2,,,,proposed,2024,,,,Báo cáo quý III
$ tiendo --db seed.db milestone list --project LS-MOI-1 --format csv
milestone,days,planned,actual start,actual,forecast,reason
LS-MOI-1:construction_start,0,2023-03-15,,,,
LS-MOI-1:cod,0,2024-12,,,2025,
$ tiendo --db seed.db milestone list --project LS-KHANHKHE --format csv | grep -E ":(cod|site_clearance),"
LS-KHANHKHE:site_clearance,0,,,,2020-06,site_clearance:một số người dân trên địa bàn còn đòi hỏi quyền lợi liên quan đến đền bù giải phóng mặt bằng
LS-KHANHKHE:cod,0,2019-07,,,2021-10-31,grid:chờ đường dây 110 kV
$ tiendo --db seed.db history LS-KHANHKHE --format csv | tail -5 | cut -d, -f2-
tester,project:LS-KHANHKHE,name,Nhà máy thủy điện Khánh Khê,Điện gió Khánh Khê (giai đoạn 1),,
tester,project:LS-KHANHKHE,capacity_mw,,55.5,,
tester,milestone:LS-KHANHKHE:site_clearance,forecast,,2020-06,,
tester,milestone:LS-KHANHKHE:cod,forecast,,2021-10-31,grid:chờ đường dây 110 kV,
tester,milestone:LS-KHANHKHE:cod,reason,"weather:thời tiết, mưa lũ diễn biến phức tạp",grid:chờ đường dây 110 kV,grid:chờ đường dây 110 kV,
$ tiendo --db seed.db depend list --format csv | grep LS-MOI-1
LS-MOI-1:construction_start,LS-MOI-1:cod,FS,30
# Hand-made workbooks: 1904 dates, rich-text shared strings, inline strings, text dates in every
# form, a month cell, empty cells absent, a sheet of other things skipped.
$ python3 $TESTS/cli/workbooks.py books && tiendo init --db books.db > /dev/null && tiendo --db books.db import books/good-1904.xlsx
books/good-1904.xlsx: sheet 'Ghi chú': skipped, its header 'ghi chú,người lập' is no tiendo table's
imported projects: 2 added, 0 changed; milestones: 3 added, 0 changed; dependencies: 0 added, 0 changed
$ tiendo --db books.db export --format csv --what projects | grep ^XL-
XL-GIO-1,Điện gió Xuân Lộc 1,wind_onshore,Sóc Trăng,55.5,,,,proposed,,,,,
XL-GIO-2,Điện gió Bạc Liêu 2,wind_nearshore,Bạc Liêu,1435.2,,,,proposed,,,,,
$ tiendo --db books.db milestone list --format csv | grep ^XL-
XL-GIO-1:cod,0,2019-08-15,,,2019-08,
XL-GIO-2:cod,0,2019-08-15,,,2020-08,grid:đường dây 110 kV chậm
XL-GIO-2:construction_start,0,2019,,,,
# The 1904 system's first day, serial 0, is 1 January 1904; a shared-string cell with no value
# (a formatted empty cell) is blank, not refused.
$ tiendo --db books.db import books/edges-1904.xlsx
imported projects: 1 added, 0 changed; milestones: 1 added, 0 changed; dependencies: 0 added, 0 changed
$ tiendo --db books.db milestone list --format csv | grep ^XL-E-
XL-E-1:cod,0,1904-01-01,,,,
$ tiendo --db books.db export --format csv --what projects | grep ^XL-E-
XL-E-1,Điện mặt trời Hòa Bình,solar_farm,Bạc Liêu,,,,,proposed,,,,,
# Refused with exit 2, one line per problem naming the file, sheet, row, column and value; nothing
# written.
$ tiendo --db books.db import books/cells.xlsx
books/cells.xlsx: sheet 'Dự án', row 2, column E (capacity_mw): '=SUM(A1:A2)': a formula, not a value (paste it as values)
books/cells.xlsx: sheet 'Dự án', row 3, column E (capacity_mw): 'lớn': not a number of MW (write 1435.2, with a dot)
books/cells.xlsx: sheet 'Mốc', row 4, column F: 'thừa': a value in a column without a header
books/cells.xlsx: sheet 'Mốc', row 5, column C (planned): '#N/A': an error value, not a value
books/cells.xlsx: sheet 'Mốc', row 2, column C (planned): '31/02/2019': no such day in the calendar
books/cells.xlsx: sheet 'Mốc', row 3, column C (planned): '29/02/1900': no such day in the calendar
books/cells.xlsx: sheet 'Mốc', row 6, column B (key): 'constrution_start': unknown milestone key; did you mean 'construction_start'?
books/cells.xlsx: sheet 'Mốc', row 7, column E (reason): 'bão': unknown delay category 'bão' (one of site_clearance, weather, supply_chain, financing, permitting, grid, investor, other)
books/cells.xlsx: sheet 'Mốc', row 8, column C (planned): '0': not a date (use 2019-07-15, 15/07/2019, 07/2019, 2019-07 or 2019)
books/cells.xlsx: sheet 'Liên kết', row 2, column C (ghi_chu): 'gấp': unknown field (one of from, to, type, lag_days, lag_minutes, lag_calendar)
[2]
$ tiendo --db books.db import books/merged.xlsx
books/merged.xlsx: sheet 'Dự án', row 1, column D (province): 'D1:E1': merged header cells (give each column its own header)
[2]
$ tiendo --db books.db import books/not-a-workbook.xlsx
books/not-a-workbook.xlsx: not a workbook: no xl/workbook.xml in the archive
[2]
$ tiendo --db books.db import books/plain-text.xlsx
books/plain-text.xlsx: not a workbook: not a zip archive
[2]
$ tiendo --db books.db import books/bomb.xlsx
books/bomb.xlsx: xl/worksheets/sheet1.xml: inflates to 1610612736 bytes, more than a workbook's part may (1073741824; a zip bomb?)
[2]
$ tiendo --db books.db import books/liar.xlsx
books/liar.xlsx: sheet 'Dự án': inflates to more than the archive declares (a zip bomb?)
[2]
$ tiendo --db books.db import books/deep.xlsx
books/deep.xlsx: sheet 'Dự án': XML nested deeper than 64 levels, refused (a workbook's is not)
[2]
$ tiendo --db books.db import books/formulas.xlsx 2> formulas.out; echo "exit $?"; grep -c 'a formula, not a value' formulas.out; tail -1 formulas.out
exit 2
1000
books/formulas.xlsx: sheet 'Dự án': more than 1000 problems; the first 1000 are listed
$ tiendo --db books.db import books/laughs.xlsx
books/laughs.xlsx: sheet 'Dự án': XML with a DOCTYPE, refused (a workbook has none; entities are neither declared nor expanded)
[2]
$ tiendo --db books.db import books/external.xlsx
books/external.xlsx: sheet 'Dự án': XML with a DOCTYPE, refused (a workbook has none; entities are neither declared nor expanded)
[2]
# A cell's value, a shared string and one XML tag each far longer than a cell holds (8 MiB to
# 600 MiB inflated), refused as they grow, never held whole: one line naming the file, sheet, row
# and column.
$ tiendo --db books.db import books/long-value.xlsx
books/long-value.xlsx: sheet 'Dự án', row 2, column E (capacity_mw): '1111111111111111111111111111111111111111...': longer than a spreadsheet cell holds (32767 characters)
[2]
$ tiendo --db books.db import books/long-shared.xlsx
books/long-shared.xlsx: xl/sharedStrings.xml: shared string 0 is longer than a cell holds (32767 characters)
[2]
$ tiendo --db books.db import books/long-tag.xlsx
books/long-tag.xlsx: sheet 'Dự án', row 2, column E (capacity_mw): an XML tag longer than 1048576 bytes, refused (a workbook's are short; a cell holds at most 32767 characters)
[2]
$ tiendo --db books.db import books/other.xlsx
books/other.xlsx: no sheet is a tiendo table (projects need 'code', milestones 'project' and 'key', dependencies 'from' and 'to')
[2]
$ tiendo --db books.db import books/bomb.xlsx books/good-1904.xlsx more.csv
books/bomb.xlsx: xl/worksheets/sheet1.xml: inflates to 1610612736 bytes, more than a workbook's part may (1073741824; a zip bomb?)
more.csv:2: project: 'LS-KHANHKHE': no such project
[2]
$ tiendo --db books.db history --format csv | wc -l
8
