#!/usr/bin/env python3
"""The periodic report at national scale (a section of `make bench`).

Usage: report_bench.py TIENDO [--projects 20000] [--repeats 3]

On a generated portfolio (`tiendo generate`, seed 1) it times `tiendo report` as HTML and as a
Word document for the quarter before the generated progress date, with the size of each file, and
`/report` and `/report.docx` over HTTP from `tiendo serve` (the first request of a period: nothing
cached). Goal (issue 30): at most 5 s and 3 MB at 20,000 projects. It also states the generated
portfolio's capacity (leaf projects), which follows Vietnam's mix (docs/formats.md).
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "web"))

PERIOD = ["--from", "2026-04-01", "--to", "2026-06-30"]
# Measured on the commit before the report was bounded (74338c1), same machine, 20,000 projects
# of the old generator (2.5 TW): `tiendo --lang vi report` wrote 40.0 MB in 196 s.
BEFORE = "196 s and 40.0 MB (74338c1, every late project listed, a 39 MB Gantt)"


def timed(command, env=None):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - start


def capacity_gw(directory):
    with open(os.path.join(directory, "projects.csv"), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    parents = {row["parent"] for row in rows if row["parent"]}
    return sum(float(row["capacity_mw"] or 0) for row in rows
               if row["code"] not in parents) / 1000


def section(tiendo, projects=20000, repeats=3, keep=None):
    work = keep or tempfile.mkdtemp(prefix="tiendo-report-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        directory = os.path.join(work, f"report-portfolio-{projects}")
        database = os.path.join(work, f"report-{projects}.db")
        if os.path.exists(database):
            os.remove(database)
        subprocess.run([tiendo, "generate", "--projects", str(projects), "--seed", "1", "--out",
                        directory], check=True, stdout=subprocess.DEVNULL)
        gigawatts = capacity_gw(directory)
        subprocess.run([tiendo, "--db", database, "init"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([tiendo, "--db", database, "import",
                        *(os.path.join(directory, f"{table}.csv")
                          for table in ("projects", "milestones", "dependencies"))],
                       check=True, stdout=subprocess.DEVNULL)
        rows = []
        for kind in ("html", "docx"):
            out = os.path.join(work, f"report.{kind}")
            seconds = []
            for _ in range(repeats):
                if os.path.exists(out):
                    os.remove(out)
                seconds.append(timed([tiendo, "--db", database, "--lang", "vi", "report", *PERIOD,
                                      "--out", out]))
            rows.append((f"`tiendo report --format {kind}`", seconds, os.path.getsize(out)))

        import common  # tests/web/common.py: tiendo serve on loopback
        common.TIENDO = tiendo
        workspace = common.Workspace("report-bench", today=None)
        shutil.copy(database, workspace.db)
        workspace.add_account("planner", "viewer")
        server = workspace.serve()
        try:
            session = server.login("planner")
            for path in ("/report", "/report.docx"):
                seconds, size = [], 0
                for repeat in range(repeats):
                    # A new period each time: nothing is answered from the cache.
                    start = time.perf_counter()
                    answer = server.get(f"{path}?from=0{repeat + 1}/04/2026&to=30/06/2026",
                                        session)
                    seconds.append(time.perf_counter() - start)
                    if answer.status != 200:
                        sys.exit(f"{path} answered {answer.status}")
                    size = len(answer.body)
                rows.append((f"`GET {path}` (not cached)", seconds, size))
        finally:
            server.stop()
            workspace.remove()
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    lines = ["## The periodic report at national scale", "",
             f"{projects:,} generated projects (seed 1, {gigawatts:,.0f} GW "
             "of leaf projects), the quarter 01/04/2026-30/06/2026 in Vietnamese; "
             f"{repeats} runs each, median (min-max). Goal: at most 5 s and 3 MB. "
             f"Before the report was bounded: {BEFORE}.", "",
             "| what | time | size |", "|---|---:|---:|"]
    for label, seconds, size in rows:
        lines.append(f"| {label} | {statistics.median(seconds):.2f} s "
                     f"({min(seconds):.2f}-{max(seconds):.2f}) | {size / 1e6:.2f} MB |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tiendo")
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    print(section(os.path.abspath(arguments.tiendo), arguments.projects, arguments.repeats))


if __name__ == "__main__":
    main()
