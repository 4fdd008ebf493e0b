#!/usr/bin/env python3
"""Backtest of `tiendo forecast`: hide history, forecast, compare with what happened.

Usage: forecast_backtest.py TIENDO [--projects 20000] [--seed 11] [--cut 2024-06-30]
                            [--until 2026-06-30] [--history-until 2036-06-30] [--draws 1000]
                            [--forecast-with OTHER_TIENDO] [--keep]

A generated portfolio with history up to --history-until (`generate --progress`: the truth, long
after the cut, so that most CODs open at the cut have happened in it) is cut at D0 (--cut): every
actual date and actual start after D0 is removed, and so is every investor forecast of a milestone
not done by D0 (the generator writes a late step's true finish as its forecast, which no one knew
at D0). The cut is imported into a database of its own, `tiendo forecast --as-of D0 --target D1`
runs on it (with --forecast-with, another build runs it: two builds compared on one portfolio), and
each project whose COD was open at D0 is scored against the full history:

- calibration: expected calibration error of P(COD by D1) over ten equal-width bins; and the P80
  interval, P10-P90 (in 80% of the draws the COD falls within it), over the open CODs whose date the
  full history knows (those never done by --history-until count as outside when their P90 is
  earlier, and are left out otherwise), with the share of CODs at or before P10, P50, P80 and P90
  (10%, 50%, 80% and 90% for a forecast that is right). Also over the CODs that happened by D1
  only, as the issue first phrased it, beside what a right forecast would show on that subset (it
  is not 80%: a COD that happened by D1 is an early one, so more of them fall before P10).
- skill: Brier score of P(COD by D1) against the deterministic schedule's yes/no (its early finish
  at D0 by D1) and against one rate for all projects (the share of CODs open at D0 - (D1 - D0) that
  happened by D0: what a planner knew at D0); mean absolute error of the P50 date and of the
  schedule's early finish, over the CODs that happened by D1, and over all the CODs the full history
  knows.

The figures are printed as a Markdown section; with --check the issue's targets are judged too
(exit 1 when one fails), which `make test` does on a small portfolio.
"""
import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(tiendo, arguments, **kwargs):
    return subprocess.run([tiendo, *arguments], check=True, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, **kwargs).stdout


def day(text):
    """The day a tiendo date means: a coarse date is the end of its period."""
    if not text:
        return None
    parts = text.split("-")
    if len(parts) == 3:
        return datetime.date.fromisoformat(text)
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(int(parts[0]), 12, 31)


def cut_portfolio(source, target, cut):
    os.makedirs(target, exist_ok=True)
    for name in ("projects.csv", "dependencies.csv"):
        shutil.copy(os.path.join(source, name), os.path.join(target, name))
    with open(os.path.join(source, "milestones.csv"), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
        fields = list(rows[0].keys())
    for row in rows:
        if row["actual"] and day(row["actual"]) > cut:
            row["actual"] = ""
        if row["actual_start"] and day(row["actual_start"]) > cut:
            row["actual_start"] = ""
        if not row["actual"]:
            row["forecast"] = ""
            row["reason"] = ""
    with open(os.path.join(target, "milestones.csv"), "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def cod_actuals(directory):
    """Project -> the day its COD step was done (cod, or grid_line_energized for a grid work)."""
    with open(os.path.join(directory, "milestones.csv"), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    cods, lines = {}, {}
    for row in rows:
        if row["key"] == "cod":
            cods[row["project"]] = day(row["actual"])
        elif row["key"] == "grid_line_energized":
            lines[row["project"]] = day(row["actual"])
    return {**lines, **cods}


def backtest(tiendo, projects=20000, seed=11, cut="2024-06-30", until="2026-06-30",
             history_until="2036-06-30", draws=1000, keep=False, forecast_with=None,
             metrics=None):
    """The Markdown section; `metrics`, when a dict, also receives the figures --check judges."""
    work = tempfile.mkdtemp(prefix="tiendo-backtest-")
    try:
        cut_day, until_day, horizon_day = day(cut), day(until), day(history_until)
        full = os.path.join(work, "full")
        run(tiendo, ["generate", "--projects", str(projects), "--seed", str(seed), "--progress",
                     history_until, "--out", full])
        truth = cod_actuals(full)
        hidden = os.path.join(work, "cut")
        cut_portfolio(full, hidden, cut_day)
        database = os.path.join(work, "cut.db")
        run(tiendo, ["--db", database, "init"])
        run(tiendo, ["--db", database, "import", *(os.path.join(hidden, name) for name in
                                                   ("projects.csv", "milestones.csv",
                                                    "dependencies.csv"))])
        known = cod_actuals(hidden)
        start = time.perf_counter()
        answer = json.loads(run(forecast_with or tiendo,
                                ["--db", database, "--as-of", cut, "forecast", "--draws",
                                 str(draws), "--target", until, "--format", "json"]))
        seconds = time.perf_counter() - start

        # One rate for all: of the CODs open one horizon before D0, the share done by D0.
        horizon = until_day - cut_day
        earlier = cut_day - horizon
        open_then = [p for p, d in known.items() if d is None or d > earlier]
        rate = (sum(1 for p in open_then if known[p] is not None and known[p] <= cut_day)
                / max(1, len(open_then)))

        scored = []
        for row in answer["projects"]:
            project = row["project"]
            if known.get(project) is not None:
                continue  # Its COD was history at D0: nothing to forecast.
            actual = truth.get(project)
            happened = actual is not None and actual <= until_day
            scored.append({
                "p": row["p_cod_by_target"], "happened": happened, "actual": actual,
                "p10": day(row["cod_p10"]), "p50": day(row["cod_p50"]),
                "p80": day(row["cod_p80"]), "p90": day(row["cod_p90"]),
                "schedule": day(row["schedule_cod"]),
            })
        n = len(scored)
        if n == 0:
            return "### Forecast backtest\n\nNo COD was open at the cut date.\n"
        outcome = [1.0 if s["happened"] else 0.0 for s in scored]
        brier = sum((s["p"] - o) ** 2 for s, o in zip(scored, outcome)) / n
        deterministic = [1.0 if s["schedule"] <= until_day else 0.0 for s in scored]
        brier_schedule = sum((d - o) ** 2 for d, o in zip(deterministic, outcome)) / n
        brier_rate = sum((rate - o) ** 2 for o in outcome) / n
        bins = [[] for _ in range(10)]
        for s, o in zip(scored, outcome):
            bins[min(9, int(s["p"] * 10))].append((s["p"], o))
        ece = sum(abs(sum(p for p, _ in b) / len(b) - sum(o for _, o in b) / len(b)) * len(b)
                  for b in bins if b) / n
        happened = [s for s in scored if s["happened"]]
        inside = sum(1 for s in happened if s["p10"] <= s["actual"] <= s["p90"])
        # What a right forecast would show on the CODs that happened by D1: of a project given
        # probability p of COD by D1, P(P10 <= COD <= P90 and COD <= D1) = max(0, min(p, 0.9) - 0.1).
        right_inside = sum(max(0.0, min(s["p"], 0.9) - 0.1) for s in scored)
        right_happened = sum(s["p"] for s in scored)
        mae_p50 = (sum(abs((s["p50"] - s["actual"]).days) for s in happened) / len(happened)
                   if happened else float("nan"))
        mae_schedule = (sum(abs((s["schedule"] - s["actual"]).days) for s in happened)
                        / len(happened) if happened else float("nan"))

        # Over every open COD whose date the full history knows (and those still open at its end
        # whose P90 is earlier: outside, late).
        dated = [s for s in scored if s["actual"] is not None]
        overdue = [s for s in scored if s["actual"] is None and s["p90"] < horizon_day]
        left_out = n - len(dated) - len(overdue)
        judged = len(dated) + len(overdue)
        dated_inside = sum(1 for s in dated if s["p10"] <= s["actual"] <= s["p90"])
        share_by = {name: sum(1 for s in dated if s["actual"] <= s[name]) / max(1, judged)
                    for name in ("p10", "p50", "p80", "p90")}
        before_p10 = sum(1 for s in dated if s["actual"] < s["p10"])
        after_p90 = sum(1 for s in dated if s["actual"] > s["p90"]) + len(overdue)
        mae_all = (sum(abs((s["p50"] - s["actual"]).days) for s in dated) / len(dated)
                   if dated else float("nan"))
        mae_all_schedule = (sum(abs((s["schedule"] - s["actual"]).days) for s in dated)
                            / len(dated) if dated else float("nan"))
        if metrics is not None:
            metrics.update(brier=brier, brier_schedule=brier_schedule, brier_rate=brier_rate,
                           ece=ece, happened=len(happened),
                           inside_happened=inside / max(1, len(happened)),
                           mae_p50=mae_p50, mae_schedule=mae_schedule)
        calibration = "\n".join(
            f"| {i / 10:.1f}–{(i + 1) / 10:.1f} | {len(b):,} | "
            f"{sum(p for p, _ in b) / len(b):.3f} | {sum(o for _, o in b) / len(b):.3f} |"
            for i, b in enumerate(bins) if b)
        builds = f" (forecast by `{forecast_with}`)" if forecast_with else ""
        return f"""### Forecast backtest

`tests/bench/forecast_backtest.py`: {projects:,} generated projects (seed {seed}, history to
{history_until}), history cut at {cut}, `tiendo forecast --as-of {cut} --target {until} --draws
{draws}` on the cut{builds} ({seconds:.1f} s), scored against the full history. {n:,} CODs were open
at the cut; {len(happened):,} of them happened by {until}, {len(dated):,} by {history_until}.

| measure | forecast | deterministic schedule | one rate for all ({rate:.3f}) |
|---|---:|---:|---:|
| Brier score of "COD by {until}" (lower is better) | {brier:.4f} | {brier_schedule:.4f} | {brier_rate:.4f} |
| expected calibration error, ten bins | {ece:.4f} | | |
| P80 interval (P10–P90) holds, of the open CODs the full history dates (80% if right) | {dated_inside / max(1, judged):.1%} ({dated_inside:,} of {judged:,}; {before_p10:,} before P10, {after_p90:,} after P90) | | |
| CODs at or before P10 / P50 / P80 / P90 (10% / 50% / 80% / 90% if right) | {share_by["p10"]:.1%} / {share_by["p50"]:.1%} / {share_by["p80"]:.1%} / {share_by["p90"]:.1%} | | |
| P80 interval holds, of the CODs that happened by {until} (a right forecast: {right_inside / max(1e-9, right_happened):.1%}) | {inside / max(1, len(happened)):.1%} ({inside:,} of {len(happened):,}) | | |
| mean absolute error of the date, days, CODs by {until} (P50 / early finish) | {mae_p50:.1f} | {mae_schedule:.1f} | |
| mean absolute error of the date, days, all dated CODs (P50 / early finish) | {mae_all:.1f} | {mae_all_schedule:.1f} | |

{left_out:,} open CODs neither happened by {history_until} nor had a P90 before it: left out of the
interval rows.

| forecast P(COD by {until}) | projects | mean forecast | share that happened |
|---|---:|---:|---:|
{calibration}
"""
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def speed(tiendo, projects=20000, seed=7, as_of="2026-06-30", draws=1000, repeats=3):
    """Median wall time of `schedule` and of `forecast --draws N` on one generated database."""
    work = tempfile.mkdtemp(prefix="tiendo-forecast-speed-")
    try:
        directory = os.path.join(work, "portfolio")
        run(tiendo, ["generate", "--projects", str(projects), "--seed", str(seed), "--out",
                     directory])
        database = os.path.join(work, "speed.db")
        run(tiendo, ["--db", database, "init"])
        run(tiendo, ["--db", database, "import", *(os.path.join(directory, name) for name in
                                                   ("projects.csv", "milestones.csv",
                                                    "dependencies.csv"))])

        def timed(arguments):
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                run(tiendo, ["--db", database, "--as-of", as_of, *arguments])
                times.append(time.perf_counter() - start)
            return sorted(times)[len(times) // 2]

        schedule = timed(["schedule", "--format", "json"])
        forecast = timed(["forecast", "--draws", str(draws), "--format", "json"])
        return (f"| {projects:,} | `schedule --format json` | {schedule:.2f} s | "
                f"`forecast --draws {draws} --format json` | {forecast:.2f} s | "
                f"{forecast / schedule:.1f}x | ≤10x ({'met' if forecast <= 10 * schedule else 'not met'}) |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def section(tiendo, keep=False):
    """What `make bench` adds: the forecast's speed against one schedule, and the backtest."""
    row = speed(tiendo)
    return f"""### Forecast speed

Median of 3 runs, wall time, as-of 2026-06-30, {os.cpu_count()} cores (draws run in parallel).

| projects | one schedule | time | forecast | time | ratio | target |
|---:|---|---:|---|---:|---:|---:|
{row}

{backtest(tiendo, keep=keep)}"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tiendo")
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cut", default="2024-06-30")
    parser.add_argument("--until", default="2026-06-30")
    parser.add_argument("--history-until", default="2036-06-30")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--forecast-with", help="another tiendo build to forecast with")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless the issue's targets hold (make test runs this on a "
                             "small portfolio)")
    arguments = parser.parse_args()
    metrics = {}
    print(backtest(os.path.abspath(arguments.tiendo), arguments.projects, arguments.seed,
                   arguments.cut, arguments.until, arguments.history_until, arguments.draws,
                   arguments.keep,
                   os.path.abspath(arguments.forecast_with) if arguments.forecast_with else None,
                   metrics))
    if not arguments.check:
        return 0
    # The targets of the forecast issue: calibrated within 0.05 over ten bins, the P10-P90
    # interval holding about 80% of the CODs that happened (within ten points on a few hundred),
    # and more skill than the deterministic schedule and than one rate for all.
    checks = [
        ("expected calibration error at most 0.05", metrics["ece"] <= 0.05),
        ("P10-P90 holds 70-90% of the CODs that happened",
         0.70 <= metrics["inside_happened"] <= 0.90 and metrics["happened"] >= 100),
        ("Brier score below the deterministic schedule's",
         metrics["brier"] < metrics["brier_schedule"]),
        ("Brier score below one rate for all", metrics["brier"] < metrics["brier_rate"]),
        ("mean absolute error of P50 below the schedule's early finish",
         metrics["mae_p50"] < metrics["mae_schedule"]),
    ]
    for what, holds in checks:
        print(f"{'ok  ' if holds else 'FAIL'} {what}")
    return 0 if all(holds for _, holds in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
