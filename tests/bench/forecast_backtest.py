#!/usr/bin/env python3
"""Backtest of `tiendo forecast`: hide history, forecast, compare with what happened.

Usage: forecast_backtest.py TIENDO [--projects 20000] [--seed 11] [--cut 2024-06-30]
                            [--until 2026-06-30] [--draws 1000] [--keep]

A generated portfolio (history up to 2026-06-30) is cut at D0 (--cut): every actual date and actual
start after D0 is removed, and so is every investor forecast of a milestone not done by D0 (the
generator writes a late step's true finish as its forecast, which no one knew at D0). The cut is
imported into a database of its own, `tiendo forecast --as-of D0 --target D1` runs on it, and each
project whose COD was open at D0 is scored against the full history at D1 (--until):

- calibration: expected calibration error of P(COD by D1) over ten equal-width bins, and how many of
  the CODs that happened by D1 fell within the P10-P90 interval (an 80% interval);
- skill: Brier score of P(COD by D1) against the deterministic schedule's yes/no (its early finish
  at D0 by D1) and against one rate for all projects (the share of CODs open at D0 - (D1 - D0) that
  happened by D0: what a planner knew at D0); mean absolute error of the P50 date and of the
  schedule's early finish, over the CODs that happened by D1.

Nothing here passes or fails: the figures are information, printed as a Markdown section.
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


def backtest(tiendo, projects=20000, seed=11, cut="2024-06-30", until="2026-06-30", draws=1000,
             keep=False):
    work = tempfile.mkdtemp(prefix="tiendo-backtest-")
    try:
        cut_day, until_day = day(cut), day(until)
        full = os.path.join(work, "full")
        run(tiendo, ["generate", "--projects", str(projects), "--seed", str(seed), "--out", full])
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
        answer = json.loads(run(tiendo, ["--db", database, "--as-of", cut, "forecast", "--draws",
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
                "p10": day(row["cod_p10"]), "p50": day(row["cod_p50"]), "p90": day(row["cod_p90"]),
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
        mae_p50 = (sum(abs((s["p50"] - s["actual"]).days) for s in happened) / len(happened)
                   if happened else float("nan"))
        mae_schedule = (sum(abs((s["schedule"] - s["actual"]).days) for s in happened)
                        / len(happened) if happened else float("nan"))
        calibration = "\n".join(
            f"| {i / 10:.1f}–{(i + 1) / 10:.1f} | {len(b):,} | "
            f"{sum(p for p, _ in b) / len(b):.3f} | {sum(o for _, o in b) / len(b):.3f} |"
            for i, b in enumerate(bins) if b)
        return f"""### Forecast backtest

`tests/bench/forecast_backtest.py`: {projects:,} generated projects (seed {seed}), history cut at
{cut}, `tiendo forecast --as-of {cut} --target {until} --draws {draws}` on the cut
({seconds:.1f} s), scored against what the full history says happened by {until}. {n:,} CODs were
open at the cut; {len(happened):,} of them happened by {until}.

| measure | forecast | deterministic schedule | one rate for all ({rate:.3f}) |
|---|---:|---:|---:|
| Brier score of "COD by {until}" (lower is better) | {brier:.4f} | {brier_schedule:.4f} | {brier_rate:.4f} |
| expected calibration error, ten bins | {ece:.4f} | | |
| CODs that happened within P10–P90 | {inside / max(1, len(happened)):.1%} ({inside:,} of {len(happened):,}) | | |
| mean absolute error of the date, days (P50 / early finish) | {mae_p50:.1f} | {mae_schedule:.1f} | |

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
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--keep", action="store_true")
    arguments = parser.parse_args()
    print(backtest(os.path.abspath(arguments.tiendo), arguments.projects, arguments.seed,
                   arguments.cut, arguments.until, arguments.draws, arguments.keep))


if __name__ == "__main__":
    main()
