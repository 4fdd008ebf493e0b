# The pipeline over a fixture with a parent and children, a grid work, solar MWp, a side state and two
# province schemes. Hand-computed as of 2020-12-31 (LS-HYDRO suspended from 2020-06-01):
# in_plan LP-3 1800; approved LP-2 1320 + HG-SOLAR 40 (50.5 MWp, policy done 2020-03-10);
# construction LP-1 1200 (started 2015); commissioning TV-WIND 48 (commissioned 2020-12-20);
# suspended LS-HYDRO 12.5. Total 6 leaves, 4,420.5 MW; the parent LP and the grid line are not counted.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/pipeline/projects.csv $TESTS/cli/data/pipeline/milestones.csv $TESTS/cli/data/pipeline/dependencies.csv > /dev/null && tiendo project status LS-HYDRO suspended --date 2020-06-01 --reason "chờ điều chỉnh quy hoạch" > /dev/null
$ tiendo pipeline --as-of 2020-12-31
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
stage          projects       MW   MWp
──────────────────────────────────────
in_plan               1    1,800
approved              2    1,360  50.5
construction          1    1,200
commissioning         1       48
suspended             1     12.5
──────────────────────────────────────
total                 6  4,420.5  50.5
$ tiendo pipeline --as-of 2020-12-31 --lang vi
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
giai đoạn            dự án       MW   MWp
─────────────────────────────────────────
Bổ sung quy hoạch        1    1.800
Chủ trương đầu tư        2    1.360  50,5
Đang thi công            1    1.200
Đóng điện, chạy thử      1       48
Tạm dừng                 1     12,5
─────────────────────────────────────────
Tổng                     6  4.420,5  50,5
$ tiendo pipeline --as-of 2020-12-31 --by province --format json
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
{
  "as_of": "2020-12-31",
  "group_by": [
    "province"
  ],
  "rows": [
    {
      "mw": 4360.0,
      "mwp": 50.5,
      "projects": 4,
      "province": "Cần Thơ"
    },
    {
      "mw": 12.5,
      "projects": 1,
      "province": "Lạng Sơn"
    },
    {
      "mw": 48.0,
      "projects": 1,
      "province": "Vĩnh Long"
    }
  ],
  "total": {
    "mw": 4420.5,
    "mwp": 50.5,
    "projects": 6
  }
}
$ tiendo pipeline --as-of 2020-12-31 --by province --legacy-provinces --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
province,projects,MW,MWp
Hậu Giang,1,40,50.5
Lạng Sơn,1,12.5,
Sóc Trăng,3,4320,
Trà Vinh,1,48,
total,6,4420.5,50.5
$ tiendo pipeline --as-of 2020-12-31 --by technology --province "Cần Thơ" --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
technology,projects,MW,MWp
coal,3,4320,
solar_farm,1,40,50.5
total,4,4360,50.5
$ tiendo pipeline --as-of 2020-12-31 --by technology --province "soc trang" --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
technology,projects,MW,MWp
coal,3,4320,
total,3,4320,
$ tiendo pipeline --as-of 2020-12-31 --province "Cần Thơ" --legacy-provinces --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
stage,projects,MW,MWp
total,0,0,
$ tiendo pipeline --as-of 2020-12-31 --technology thermal --by investor --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
investor,projects,MW,MWp
Banpu,1,1800,
PVN,1,1200,
Tata Power,1,1320,
total,3,4320,
# Before the gate milestones: on 2020-01-01 HG-SOLAR is in plan, TV-WIND approved, LS-HYDRO active.
$ tiendo pipeline --as-of 2020-01-01 --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
stage,projects,MW,MWp
in_plan,2,1840,50.5
approved,3,1380.5,
construction,1,1200,
total,6,4420.5,50.5
# COD year from the forecast (LP-1's overdue cod lands on the as-of date, 2020) and from the plan (2019).
$ tiendo pipeline --as-of 2020-12-31 --by cod_year --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
cod_year,projects,MW,MWp
2020,2,1212.5,
2021,2,88,50.5
2030,1,1800,
(none),1,1320,
total,6,4420.5,50.5
$ tiendo pipeline --as-of 2020-12-31 --by cod_year --cod-basis planned --format csv
warning: LP: capacity 4300 MW differs from the sum of its children, 4320 MW (children counted)
cod_year,projects,MW,MWp
2019,1,1200,
2020,1,12.5,
2021,2,88,50.5
2030,1,1800,
(none),1,1320,
total,6,4420.5,50.5
# What moved in 2020: HG-SOLAR reached approved; TV-WIND climbed from approved to commissioning.
$ tiendo pipeline --as-of 2020-12-31 --compare 2020-01-01
reached stage  projects  MW  codes
─────────────────────────────────────
proposed              0   0
in_plan               0   0
approved              1  40  HG-SOLAR
permitted             1  48  TV-WIND
construction          1  48  TV-WIND
commissioning         1  48  TV-WIND
operating             0   0
$ tiendo pipeline --by county
--by: 'county': unknown field (province, technology, technology_group, stage, cod_year, investor)
[2]
$ tiendo pipeline --stage built
--stage: 'built': unknown stage (proposed, in_plan, approved, permitted, construction, commissioning, operating, suspended, cancelled, retired)
[2]
