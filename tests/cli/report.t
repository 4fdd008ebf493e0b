# The periodic report on the alerts fixture, period 2020-01-01 to 2020-06-30. Hand-computed:
# MW by stage and technology = every leaf plant: 4 x 10 (solar, biomass) + 50 + 30 (wind) + 600
# (coal; construction started 2020-03-01) = 720 MW; grid works carry none.
# MW by forecast COD year: WF-1 and WF-2 reach COD on 2021-01-30 -> 2021: 80 MW.
# Delayed MW by cause: grid 80 (WF-1, WF-2, behind the line), financing 10 (P-180), not recorded 30
# (P-29, P-30, P-179) = 120 MW; 7 delayed projects including the line itself.
# MW online (the fan chart, 1,000 draws, seed 1): the fixture holds no step done with a plan before
# 2020-06-30, so the forecast has nothing to learn and every draw is the schedule: WF-1 and WF-2's
# 80 MW online by the end of 2021, as the COD-year chart; no other plant has a COD step.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/alerts/projects.csv $TESTS/cli/data/alerts/milestones.csv $TESTS/cli/data/alerts/dependencies.csv > /dev/null
$ tiendo report --from 2020-01-01 --to 2020-06-30 --out report.html
wrote report.html (7 delayed projects, 1 milestones due next quarter)
$ python3 $TESTS/cli/report_check.py charts report.html
scripts 0, external resources 0
stage-technology: total 720 MW, bars 4 summing 720 MW
cod-year: total 80 MW, bars 1 summing 80 MW
delay-causes: total 120 MW, bars 3 summing 120 MW
mw-online-fan: 1000 draws, seed 1, 2 years, in order: yes
  2020: P10 0 / P50 0 / P90 0 MW
  2021: P10 80 / P50 80 / P90 80 MW
gantt: bars 0 summing 0 MW, critical marks 7
$ tiendo report --from 2020-01-01 --to 2020-06-30 --out report.md --lang vi && sed "s/^/> /" report.md
đã ghi report.md (7 dự án chậm tiến độ, 1 mốc đến hạn quý tới)
> # Tình hình phát triển các dự án điện
> 
> Kỳ báo cáo: từ 01/01/2020 đến 30/06/2020
> 
> ## 1. Kết quả đến cuối kỳ
> 
> Điện sinh khối: 2 dự án, 20 MW được bổ sung quy hoạch; 2 dự án, 20 MW được chấp thuận chủ trương đầu tư.
> 
> Điện mặt trời: 2 dự án, 20 MW được bổ sung quy hoạch; 2 dự án, 20 MW được chấp thuận chủ trương đầu tư.
> 
> Nhiệt điện: 1 dự án, 600 MW được bổ sung quy hoạch; 1 dự án, 600 MW được chấp thuận chủ trương đầu tư; 1 dự án, 600 MW đã khởi công.
> 
> Điện gió: 2 dự án, 80 MW được bổ sung quy hoạch; 2 dự án, 80 MW được chấp thuận chủ trương đầu tư; 2 dự án, 80 MW đã khởi công.
> 
> | Loại hình | Đề xuất, xem xét bổ sung quy hoạch | Bổ sung quy hoạch | Chủ trương đầu tư | Khởi công | Vận hành thương mại |
> |---|---:|---:|---:|---:|---:|
> | Điện sinh khối | 0 / 0 | 2 / 20 | 2 / 20 | 0 / 0 | 0 / 0 |
> | Điện mặt trời | 0 / 0 | 2 / 20 | 2 / 20 | 0 / 0 | 0 / 0 |
> | Nhiệt điện | 0 / 0 | 1 / 600 | 1 / 600 | 1 / 600 | 0 / 0 |
> | Điện gió | 0 / 0 | 2 / 80 | 2 / 80 | 2 / 80 | 0 / 0 |
> | **Tổng** | 0 / 0 | 7 / 720 | 7 / 720 | 3 / 680 | 0 / 0 |
> 
> Số dự án và công suất được tính lũy kế: dự án đã khởi công cũng được tính trong số đã bổ sung quy hoạch và đã có chủ trương đầu tư. Chỉ tính các dự án thành phần, không tính công trình lưới điện. (số dự án / MW)
> 
> ## 2. Những thay đổi trong kỳ
> 
> - 1 dự án (600 MW) chuyển sang giai đoạn “Chủ trương đầu tư”: OOS
> - 1 dự án (600 MW) chuyển sang giai đoạn “Đủ thủ tục”: OOS
> - 1 dự án (600 MW) chuyển sang giai đoạn “Đang thi công”: OOS
> 
> | Mốc | Tên dự án | Ngày |
> |---|---|---|
> | OOS: Khởi công | Khởi công trước khi có chủ trương | 01/03/2020 |
> 
> ## 3. Dự án chậm tiến độ
> 
> | Tên dự án | MW | Số ngày chậm | Nguyên nhân | Chuỗi nguyên nhân |
> |---|---:|---:|---|---|
> | WF-1 Điện gió 1 | 50 | 91 | Lưới điện: chậm giải phóng mặt bằng tuyến | WF-1: Vận hành thương mại (COD) ← LINE: Đóng điện đường dây ← dự báo của chủ đầu tư 31/12/2020 |
> | WF-2 Điện gió 2 | 30 | 183 | Lưới điện: chậm giải phóng mặt bằng tuyến | WF-2: Vận hành thương mại (COD) ← LINE: Đóng điện đường dây ← dự báo của chủ đầu tư 31/12/2020 |
> | P-180 Dự án 180 ngày | 10 | 180 | Tài chính: chưa thu xếp được vốn | P-180: Ký hợp đồng mua bán điện ← ngày dữ liệu |
> | P-179 Dự án 179 ngày | 10 | 179 | Chưa ghi nhận | P-179: Ký hợp đồng mua bán điện ← ngày dữ liệu |
> | P-30 Dự án 30 ngày | 10 | 30 | Chưa ghi nhận | P-30: Ký hợp đồng mua bán điện ← ngày dữ liệu |
> | P-29 Dự án 29 ngày | 10 | 29 | Chưa ghi nhận | P-29: Ký hợp đồng mua bán điện ← ngày dữ liệu |
> | LINE Đường dây 110 kV gom điện gió |  | 30 | Lưới điện: chậm giải phóng mặt bằng tuyến | LINE: Đóng điện đường dây ← dự báo của chủ đầu tư 31/12/2020 |
> 
> ## 4. Các mốc đến hạn trong quý tới
> 
> | Mốc | Tên dự án | Ngày |
> |---|---|---|
> | OOS: Chấp thuận chủ trương đầu tư (găng) | Khởi công trước khi có chủ trương | 31/08/2020 |
> 
> ## Biểu đồ
> 
> Công suất (MW) các dự án thành phần đã vận hành thương mại đến cuối mỗi năm, theo 1.000 lần mô phỏng tiến độ (hạt giống 1) học từ độ chậm thực tế của chính danh mục đến 30/06/2020: một nửa số lần mô phỏng có ít nhất mức P50; một lần trong mười có ít hơn P10 và một lần trong mười có nhiều hơn P90. Lệnh tương ứng: tiendo --as-of 2020-06-30 forecast --draws 1000 --seed 1.
> 
> | Cuối năm | P10 (MW) | P50 (MW) | P90 (MW) |
> |---|---:|---:|---:|
> | 2020 | 0 | 0 | 0 |
> | 2021 | 80 | 80 | 80 |
> 
> Số liệu lập từ cơ sở dữ liệu tiendo, 30/06/2020.
# Tình hình phát triển các dự án điện
## 1. Kết quả đến cuối kỳ
## 2. Những thay đổi trong kỳ
## 3. Dự án chậm tiến độ
## 4. Các mốc đến hạn trong quý tới
$ python3 $TESTS/cli/report_check.py render report.html
rendered 900x1400 PNG, with content
$ tiendo report --from 2020-07-01 --to 2020-01-01 --out report.html
--to: '2020-01-01': before --from '2020-07-01'
[2]
$ tiendo report --from 2020-01-01 --to 2020-06-30 --out report.pdf
--out: 'report.pdf': write FILE.html, FILE.md or FILE.docx, or give --format
[2]
# On a generated portfolio with a history the fan has a spread; it is the forecast's own figures for
# the end of the period, and the same report drafted twice is the same file.
$ tiendo generate --projects 300 --seed 5 --out fan > /dev/null && tiendo --db fan.db init > /dev/null && tiendo --db fan.db import fan/projects.csv fan/milestones.csv fan/dependencies.csv > /dev/null
$ tiendo --db fan.db report --from 2026-01-01 --to 2026-06-30 --out fan1.html > /dev/null && tiendo --db fan.db report --from 2026-01-01 --to 2026-06-30 --out fan2.html > /dev/null && cmp fan1.html fan2.html && echo same
same
$ tiendo --db fan.db --as-of 2026-06-30 forecast --draws 1000 --seed 1 --format json 2> /dev/null > fan.json && python3 $TESTS/cli/report_check.py fan fan1.html fan.json
fan chart = forecast --draws 1000 --seed 1: yes (21 years, 20 with a spread)
