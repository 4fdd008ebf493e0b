# Schedule on the small network: a 110 kV line gates two wind farms. Hand-computed, as of 2020-09-01:
# line site_clearance (90 d, not started) ES = as-of 2020-09-01, EF = 2020-11-30;
# line energised EF = 2020-11-30 (predecessor beats its plan 2020-09-30);
# wind A cod EF = 2020-11-30 + 30 = 2020-12-30 (beats construction_start 2019-07-10 + 365 = 2020-07-09
# and the plan 2020-10-31), slip 60; wind B cod 2020-12-30, slip 30 against 2020-11-30.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/small/projects.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/dependencies.csv > /dev/null
$ tiendo schedule --as-of 2020-09-01
milestone                        planned     actual      early start  early finish  late finish  float  critical  slip  driver
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
TV-LINE-110:site_clearance       2020-06                 2020-09-01   2020-11-30    2020-11-30       0  yes        153  as-of date
TV-LINE-110:grid_line_energized  2020-09-30              2020-11-30   2020-11-30    2020-11-30       0  yes         61  TV-LINE-110:site_clearance (FS +0)
TV-WIND-A:investment_policy                  2019-03-15  2019-03-15   2019-03-15                                        actual
TV-WIND-A:construction_start     2019-06-01  2019-07-10  2019-07-10   2019-07-10                                    39  actual
TV-WIND-A:cod                    2020-10-31              2020-12-30   2020-12-30    2020-12-30       0  yes         60  TV-LINE-110:grid_line_energized (FS +30)
TV-WIND-B:construction_start     2020-01     2020-02-01  2020-02-01   2020-02-01                                     1  actual
TV-WIND-B:cod                    2020-11-30              2020-12-30   2020-12-30    2020-12-30       0  yes         30  TV-LINE-110:grid_line_energized (FS +30)
$ tiendo schedule --as-of 2020-09-01 --project TV-WIND-A --format json
{
  "as_of": "2020-09-01",
  "milestones": [
    {"project": "TV-WIND-A", "key": "investment_policy", "planned": null, "actual": "2019-03-15", "early_start": "2019-03-15", "early_finish": "2019-03-15", "late_finish": null, "total_float_days": null, "critical": false, "slip_days": null, "driver": "actual"},
    {"project": "TV-WIND-A", "key": "construction_start", "planned": "2019-06-01", "actual": "2019-07-10", "early_start": "2019-07-10", "early_finish": "2019-07-10", "late_finish": null, "total_float_days": null, "critical": false, "slip_days": 39, "driver": "actual"},
    {"project": "TV-WIND-A", "key": "cod", "planned": "2020-10-31", "actual": null, "early_start": "2020-12-30", "early_finish": "2020-12-30", "late_finish": "2020-12-30", "total_float_days": 0, "critical": true, "slip_days": 60, "driver": "TV-LINE-110:grid_line_energized"}
  ]
}
$ tiendo schedule --as-of 2020-09-01 --project TV-LINE-110 --format csv
milestone,planned,actual,early start,early finish,late finish,float,critical,slip,driver
TV-LINE-110:site_clearance,2020-06,,2020-09-01,2020-11-30,2020-11-30,0,yes,153,as-of date
TV-LINE-110:grid_line_energized,2020-09-30,,2020-11-30,2020-11-30,2020-11-30,0,yes,61,TV-LINE-110:site_clearance (FS +0)
$ tiendo explain TV-WIND-A:cod --as-of 2020-09-01
TV-WIND-A:cod  early finish 2020-12-30 (float 0, critical)
  ← FS +30 TV-LINE-110:grid_line_energized  early finish 2020-11-30 (float 0, critical)
  ← FS +0 TV-LINE-110:site_clearance  early finish 2020-11-30 (float 0, critical)
  ← set by as-of date
$ tiendo explain TV-WIND-A:cod --as-of 2020-09-01 --lang vi
TV-WIND-A:cod  dự kiến sớm nhất 30/12/2020 (dự trữ 0, găng)
  ← FS +30 TV-LINE-110:grid_line_energized  dự kiến sớm nhất 30/11/2020 (dự trữ 0, găng)
  ← FS +0 TV-LINE-110:site_clearance  dự kiến sớm nhất 30/11/2020 (dự trữ 0, găng)
  ← do ngày dữ liệu
$ tiendo explain TV-WIND-A:nothing --as-of 2020-09-01
tiendo: milestone 'TV-WIND-A:nothing' not found
[3]
# A late 110 kV line: both wind farms' COD move 10 days; 126,5 MW at risk in Vĩnh Long (ex Trà Vinh).
$ tiendo impact TV-LINE-110:grid_line_energized --slip 10 --as-of 2020-09-01
TV-LINE-110:grid_line_energized +10 days

project    name                COD before  COD after   days     MW
──────────────────────────────────────────────────────────────────
TV-WIND-A  Nhà máy điện gió A  2020-12-30  2021-01-09    10     48
TV-WIND-B  Nhà máy điện gió B  2020-12-30  2021-01-09    10   78.5
──────────────────────────────────────────────────────────────────
total      2 projects                                        126.5

province      MW
────────────────
Vĩnh Long  126.5

technology         MW
─────────────────────
wind_nearshore  126.5
$ tiendo impact TV-LINE-110:grid_line_energized --slip 10 --as-of 2020-09-01 --format json --lang vi
{
  "as_of": "2020-09-01",
  "by_province": {
    "Vĩnh Long": 126.5
  },
  "by_technology": {
    "wind_nearshore": 126.5
  },
  "projects": [
    {
      "cod_after": "2021-01-09",
      "cod_before": "2020-12-30",
      "days": 10,
      "mw": 48.0,
      "project": "TV-WIND-A"
    },
    {
      "cod_after": "2021-01-09",
      "cod_before": "2020-12-30",
      "days": 10,
      "mw": 78.5,
      "project": "TV-WIND-B"
    }
  ],
  "slip_days": 10,
  "source": "TV-LINE-110:grid_line_energized",
  "total_mw": 126.5
}
$ tiendo impact TV-WIND-A:construction_start --slip 10 --as-of 2020-09-01
TV-WIND-A:construction_start: done already; only what is not done can slip
[2]
# B's own COD slipping moves B alone: nothing waits for it.
$ tiendo impact TV-WIND-B:cod --slip 5 --as-of 2020-09-01 --format json
{
  "as_of": "2020-09-01",
  "by_province": {
    "Vĩnh Long": 78.5
  },
  "by_technology": {
    "wind_nearshore": 78.5
  },
  "projects": [
    {
      "cod_after": "2021-01-04",
      "cod_before": "2020-12-30",
      "days": 5,
      "mw": 78.5,
      "project": "TV-WIND-B"
    }
  ],
  "slip_days": 5,
  "source": "TV-WIND-B:cod",
  "total_mw": 78.5
}
# Baselines: save, re-plan, compare.
$ tiendo baseline save Q3-2020 && tiendo milestone set TV-WIND-A:cod --planned 2021-03-31 > /dev/null
saved baseline Q3-2020 (7 milestones)
$ tiendo baseline list --format csv | cut -d, -f1,3,4
name,by,milestones
Q3-2020,tester,7
$ tiendo baseline diff Q3-2020 --as-of 2020-09-01
milestone                        baseline    planned now  early finish  slip vs baseline
────────────────────────────────────────────────────────────────────────────────────────
TV-LINE-110:site_clearance       2020-06     2020-06      2020-11-30                 153
TV-LINE-110:grid_line_energized  2020-09-30  2020-09-30   2020-11-30                  61
TV-WIND-A:construction_start     2019-06-01  2019-06-01   2019-07-10                  39
TV-WIND-A:cod                    2020-10-31  2021-03-31   2021-03-31                 151
TV-WIND-B:construction_start     2020-01     2020-01      2020-02-01                   1
TV-WIND-B:cod                    2020-11-30  2020-11-30   2020-12-30                  30
$ tiendo schedule --as-of 2020-09-01 --project TV-WIND-A --baseline Q3-2020 --format csv
milestone,planned,actual,early start,early finish,late finish,float,critical,slip,driver,baseline slip
TV-WIND-A:investment_policy,,2019-03-15,2019-03-15,2019-03-15,,,,,actual,
TV-WIND-A:construction_start,2019-06-01,2019-07-10,2019-07-10,2019-07-10,,,,39,actual,39
TV-WIND-A:cod,2021-03-31,,2021-03-31,2021-03-31,2021-03-31,0,yes,0,planned,151
$ tiendo baseline save Q3-2020
tiendo: baseline 'Q3-2020' exists already; baselines are never overwritten
[4]
$ tiendo baseline diff Q4
tiendo: baseline 'Q4' not found
[3]
$ tiendo schedule --as-of 2020-09-01 --format json | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d[\"milestones\"]), sum(m[\"critical\"] for m in d[\"milestones\"]))"
7 4
