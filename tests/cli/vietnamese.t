# --lang vi translates every label a person reads: headers of every table, yes/no, totals, side
# states, severities, alert kinds and the messages of the commands that write. CSV headers too,
# with plain numbers; JSON never changes. On the seed demo database.
$ tiendo demo > /dev/null && echo built
built
$ python3 $TESTS/cli/vietnamese_check.py tiendo
checked 37 tables and 30 messages: no English wording with --lang vi
$ tiendo --as-of 2020-12-31 --lang vi project list --technology hydro
mã           tên                          công nghệ  tỉnh      MW  giai đoạn
────────────────────────────────────────────────────────────────────────────────
LS-BACGIANG  Nhà máy Thủy điện Bắc Giang  Thủy điện  Lạng Sơn      Đang thi công
LS-BANNHUNG  Thủy điện Bản Nhùng          Thủy điện  Lạng Sơn      Đang thi công
LS-KHANHKHE  Nhà máy thủy điện Khánh Khê  Thủy điện  Lạng Sơn      Đang thi công
LS-VANGPUOC  Thủy điện Vằng Puộc          Thủy điện  Lạng Sơn      Đang thi công
# Milestones and their delay reasons by their labels, not their keys and category codes.
$ tiendo --as-of 2020-12-31 --lang vi project show LS-KHANHKHE | grep -A4 "^mốc"
mốc                              kế hoạch  thực tế  dự báo   lý do
──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
Bồi thường, giải phóng mặt bằng                              Giải phóng mặt bằng: một số người dân trên địa bàn còn đòi hỏi quyền lợi liên quan đến đền bù giải phóng mặt bằng
Tích nước hồ chứa                                   12/2019
Vận hành thương mại (COD)        09/2019                     Thời tiết: thời tiết, mưa lũ diễn biến phức tạp
$ tiendo --as-of 2020-12-31 --lang vi project show ST-SUSPENDED
mã            ST-SUSPENDED
tên           Tạm dừng
công nghệ     Điện gió trên bờ
tỉnh          Sóc Trăng
công suất MW  10
giai đoạn     Tạm dừng
trạng thái    tạm dừng 01/03/2020 
$ tiendo --as-of 2020-12-31 --lang vi milestone list --project LS-KHANHKHE
mốc                                số ngày  kế hoạch  bắt đầu thực tế  thực tế  dự báo   lý do
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
LS-KHANHKHE:site_clearance               0                                               site_clearance:một số người dân trên địa bàn còn đòi hỏi quyền lợi liên quan đến đền bù giải phóng mặt bằng
LS-KHANHKHE:reservoir_impoundment        0                                      12/2019
LS-KHANHKHE:cod                          0  09/2019                                      weather:thời tiết, mưa lũ diễn biến phức tạp
$ tiendo --as-of 2020-12-31 --lang vi depend list --project LS-KHANHKHE
từ                                 đến                                kiểu  độ trễ
──────────────────────────────────────────────────────────────────────────────────
LS-KHANHKHE:site_clearance         LS-KHANHKHE:reservoir_impoundment  FS         0
LS-KHANHKHE:reservoir_impoundment  LS-KHANHKHE:cod                    FS         0
$ tiendo --as-of 2020-12-31 --lang vi schedule --project LS-KHANHKHE --baseline q4
mốc                                kế hoạch  thực tế  bắt đầu sớm  dự kiến sớm nhất  hoàn thành muộn  dự trữ  tới hạn  chậm  quyết định bởi                             chậm so với gốc
───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
LS-KHANHKHE:site_clearance                            31/12/2020   31/12/2020        31/12/2020            0  có             ngày dữ liệu
LS-KHANHKHE:reservoir_impoundment                     31/12/2020   31/12/2020        31/12/2020            0  có             LS-KHANHKHE:site_clearance (FS +0)
LS-KHANHKHE:cod                    09/2019            31/12/2020   31/12/2020        31/12/2020            0  có        458  LS-KHANHKHE:reservoir_impoundment (FS +0)  519
$ tiendo --as-of 2020-12-31 --lang vi schedule --project LS-KHANHKHE --format csv
mốc,kế hoạch,thực tế,bắt đầu sớm,dự kiến sớm nhất,hoàn thành muộn,dự trữ,tới hạn,chậm,quyết định bởi
LS-KHANHKHE:site_clearance,,,31/12/2020,31/12/2020,31/12/2020,0,có,,ngày dữ liệu
LS-KHANHKHE:reservoir_impoundment,,,31/12/2020,31/12/2020,31/12/2020,0,có,,LS-KHANHKHE:site_clearance (FS +0)
LS-KHANHKHE:cod,09/2019,,31/12/2020,31/12/2020,31/12/2020,0,có,458,LS-KHANHKHE:reservoir_impoundment (FS +0)
$ tiendo --as-of 2020-12-31 --lang vi explain LS-KHANHKHE:cod
LS-KHANHKHE:cod  dự kiến sớm nhất 31/12/2020 (dự trữ 0, găng)
  ← FS +0 LS-KHANHKHE:reservoir_impoundment  dự kiến sớm nhất 31/12/2020 (dự trữ 0, găng)
  ← FS +0 LS-KHANHKHE:site_clearance  dự kiến sớm nhất 31/12/2020 (dự trữ 0, găng)
  ← do ngày dữ liệu
$ tiendo --as-of 2020-12-31 --lang vi impact TV-GRID-110-GIO1-DUYENTRA:site_clearance --slip 90
TV-GRID-110-GIO1-DUYENTRA:site_clearance +90 ngày

dự án         tên                               COD trước   COD sau     số ngày  MW
───────────────────────────────────────────────────────────────────────────────────
TV-WIND-V1-1  Nhà máy điện gió 1 (vị trí V1-1)  31/12/2020  31/03/2021       90  48
───────────────────────────────────────────────────────────────────────────────────
Tổng          1 dự án                                                            48

tỉnh       MW
─────────────
Vĩnh Long  48

công nghệ        MW
───────────────────
Điện gió gần bờ  48
$ tiendo --as-of 2020-12-31 --lang vi impact TV-GRID-110-GIO1-DUYENTRA:site_clearance --slip 90 --format csv
dự án,tên,COD trước,COD sau,số ngày,MW
TV-WIND-V1-1,Nhà máy điện gió 1 (vị trí V1-1),31/12/2020,31/03/2021,90,48
Tổng,1 dự án,,,,48
$ tiendo --as-of 2020-12-31 --lang vi baseline list | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/'
tên  lưu lúc (UTC)         người lưu  số mốc
────────────────────────────────────────────
q4   TIME  tester         52
$ tiendo --as-of 2020-12-31 --lang vi baseline diff q4
mốc              kế hoạch gốc  kế hoạch hiện tại  dự kiến sớm nhất  chậm so với gốc
───────────────────────────────────────────────────────────────────────────────────
LS-KHANHKHE:cod  07/2019       09/2019            31/12/2020                    519
$ tiendo --as-of 2020-12-31 --lang vi pipeline --by technology_group
nhóm công nghệ  dự án        MW        MWp
──────────────────────────────────────────
Điện sinh khối      3        37
Thủy điện           4         0
Khác               20     7.508
Điện mặt trời      12      41,7  698,57824
Nhiệt điện          9     5.008
Điện gió           45   2.937,2
──────────────────────────────────────────
Tổng               93  15.531,9  698,57824
$ tiendo --as-of 2020-12-31 --lang vi pipeline --by stage --format csv
giai đoạn,dự án,MW,MWp
"Đề xuất, khảo sát",42,8334,647
Bổ sung quy hoạch,18,3303.8,
Chủ trương đầu tư,4,1425.72,
Đang thi công,19,1716.68,
Vận hành thương mại,9,741.7,51.57824
Tạm dừng,1,10,
Tổng,93,15531.9,698.57824
$ tiendo --as-of 2020-12-31 --lang vi pipeline --compare 2019-01-01
đạt giai đoạn        dự án   MW  mã dự án
────────────────────────────────────────────────
Đề xuất, khảo sát        0    0
Bổ sung quy hoạch        0    0
Chủ trương đầu tư        0    0
Đủ thủ tục               1    0  LS-BANNHUNG
Đang thi công            1    0  LS-BANNHUNG
Đóng điện, chạy thử      1  688  TV-DUYENHAI-3MR
Vận hành thương mại      1  688  TV-DUYENHAI-3MR
$ tiendo --as-of 2020-12-31 --lang vi alerts --min-severity warning --technology hydro
mức độ        loại                      dự án        mốc                        số ngày  MW  nội dung                                                  lý do                                            chuỗi nguyên nhân
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
nghiêm trọng  chậm so với kế hoạch gốc  LS-KHANHKHE  Vận hành thương mại (COD)      519      Chậm 519 ngày so với kế hoạch gốc (07/2019 → 31/12/2020)  Thời tiết: thời tiết, mưa lũ diễn biến phức tạp  LS-KHANHKHE: Vận hành thương mại (COD) ← LS-KHANHKHE: Tích nước hồ chứa ← LS-KHANHKHE: Bồi thường, giải phóng mặt bằng ← ngày dữ liệu
nghiêm trọng  quá hạn                   LS-KHANHKHE  Vận hành thương mại (COD)      458      Quá hạn 458 ngày so với kế hoạch (09/2019)                Thời tiết: thời tiết, mưa lũ diễn biến phức tạp  LS-KHANHKHE: Vận hành thương mại (COD) ← LS-KHANHKHE: Tích nước hồ chứa ← LS-KHANHKHE: Bồi thường, giải phóng mặt bằng ← ngày dữ liệu
nghiêm trọng  chậm COD                  LS-KHANHKHE  Vận hành thương mại (COD)      458      Chậm 458 ngày so với kế hoạch (COD 09/2019 → 31/12/2020)  Thời tiết: thời tiết, mưa lũ diễn biến phức tạp  LS-KHANHKHE: Vận hành thương mại (COD) ← LS-KHANHKHE: Tích nước hồ chứa ← LS-KHANHKHE: Bồi thường, giải phóng mặt bằng ← ngày dữ liệu
$ tiendo --as-of 2020-12-31 --lang vi alerts --by reason
lý do      dự án  MW
────────────────────
Thời tiết      1   0
$ tiendo --as-of 2020-12-31 --lang vi history ST-SUSPENDED | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME                /'
lúc (UTC)             người thực hiện  đối tượng             trường   cũ  mới                                                                                                            lý do  nguồn
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
TIME                  tester           project:ST-SUSPENDED  created      code=ST-SUSPENDED; name=Tạm dừng; technology=wind_onshore; province=Sóc Trăng; capacity_mw=10; stage=proposed
TIME                  tester           project:ST-SUSPENDED  status       suspended 2020-03-01
$ tiendo --as-of 2020-12-31 --lang vi project status ST-SUSPENDED active --date 2020-09-01
ST-SUSPENDED: đang triển khai từ 01/09/2020
$ tiendo --as-of 2020-12-31 --lang vi import $FIXTURES/seed/projects.csv --dry-run
chạy thử, không ghi gì. sẽ nhập dự án: thêm 0, sửa 0; mốc: thêm 0, sửa 0; phụ thuộc: thêm 0, sửa 0
# JSON is the same whatever the language.
$ tiendo --as-of 2020-12-31 --lang vi alerts --format json > vi.json && tiendo --as-of 2020-12-31 alerts --format json > en.json && cmp vi.json en.json && echo same
same
