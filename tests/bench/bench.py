#!/usr/bin/env python3
"""tiendo at national scale against what a planner would otherwise use (`make bench`).

Usage: bench.py TIENDO [--sizes 5000,20000,100000] [--repeats 3] [--peer-limit 20000]
       [--out tests/bench/results.md] [--no-web] [--only SECTIONS] [--quick]

`--only cli,web,waits,forecast,report,postgres,excel` runs only the sections named (`web` is the
server against the CLI, `waits` issue 30's dashboard, save and PATCH figures on the same server);
`--quick` is `--only waits,report --repeats 2`: issue 30's figures at 20,000 projects in a few
minutes. Each section also runs alone: tests/bench/web_bench.py, report_bench.py, ...

For each size it generates a portfolio (`tiendo generate`, seed 1) and measures, several times,
the wall time and peak memory (/usr/bin/time) of:
  - import of the three CSVs into a new database vs the sqlite3 shell's `.import` of the same
    files into plain tables (the floor);
  - schedule (load + full CPM + JSON out) vs tests/bench/networkx_schedule.py, a Python +
    networkx script doing the same rules over the same CSVs (up to --peer-limit projects);
  - pipeline --by province,stage vs the equivalent single SQL query (pipeline.sql) run by the
    sqlite3 shell on those plain tables, with the index a planner would add;
  - alerts and impact (a line's energisation slipping 90 days).
Before timing, each comparison is checked: networkx and tiendo must agree on every early and late
finish, and the SQL query on every pipeline row, or the bench stops. The results table (Markdown,
median and min-max over the repeats) is written to --out and printed, followed by the web workspace
section (tests/bench/web_bench.py: `tiendo serve` against the CLI; --no-web leaves it out) and
the forecast's speed and backtest (tests/bench/forecast_backtest.py; --no-forecast leaves it out)
and the periodic report at 20,000 projects (tests/bench/report_bench.py: time and size of the
HTML and Word report, CLI and web; --no-report leaves it out) and the PostgreSQL store
(tests/bench/postgres_bench.py; --no-postgres leaves it out).
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

AS_OF = "2026-06-30"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Debian's interpreter, where python3-networkx is installed, whatever python3 is first on PATH.
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def measure(command, stdout_path=os.devnull, stdin_path=None, cwd=None):
    """Runs one shell command; returns (seconds, peak resident kilobytes)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as memory:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", memory.name, "sh", "-c", command]
        with open(stdout_path, "wb") as out:
            stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
            start = time.perf_counter()
            result = subprocess.run(wrapped, stdout=out, stdin=stdin, stderr=subprocess.PIPE,
                                    cwd=cwd)
            elapsed = time.perf_counter() - start
            if stdin_path:
                stdin.close()
        if result.returncode != 0:
            sys.exit(f"failed ({result.returncode}): {command}\n{result.stderr.decode()[-2000:]}")
        kilobytes = int(memory.read().strip().splitlines()[-1])
    return elapsed, kilobytes


class Series:
    def __init__(self):
        self.seconds, self.kilobytes = [], []

    def add(self, sample):
        self.seconds.append(sample[0])
        self.kilobytes.append(sample[1])

    @property
    def median(self):
        return statistics.median(self.seconds)

    def text(self):
        if not self.seconds:
            return "–"
        return f"{self.median:.2f} s ({min(self.seconds):.2f}–{max(self.seconds):.2f})"

    def memory(self):
        return f"{max(self.kilobytes) / 1024:.0f} MiB" if self.kilobytes else "–"


def pipeline_rows(path, has_header):
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    if has_header:
        rows = [row for row in rows[1:] if row[0] != "total"]
    return sorted((r[0], r[1], int(r[2]), round(float(r[3] or 0), 3)) for r in rows)


def run_size(tiendo, size, repeats, peer_limit, work):
    directory = os.path.join(work, f"portfolio-{size}")
    generated = Series()
    generated.add(measure(f"{tiendo} generate --projects {size} --seed 1 --out {directory}"))
    files = " ".join(os.path.join(directory, name)
                     for name in ("projects.csv", "milestones.csv", "dependencies.csv"))
    with open(os.path.join(directory, "milestones.csv"), encoding="utf-8") as file:
        milestone_count = sum(1 for _ in file) - 1
    database = os.path.join(work, f"tiendo-{size}.db")
    plain = os.path.join(work, f"plain-{size}.db")
    results = {"milestones": milestone_count, "generate": generated}

    results["import"], results["sqlite_import"] = Series(), Series()
    for _ in range(repeats):
        for path in (database, plain):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
        subprocess.run([tiendo, "--db", database, "init"], check=True, stdout=subprocess.DEVNULL)
        results["import"].add(measure(f"{tiendo} --db {database} import {files}"))
        imports = " ".join(f"'.import --csv {os.path.join(directory, table)}.csv {table}'"
                           for table in ("projects", "milestones", "dependencies"))
        results["sqlite_import"].add(measure(f"sqlite3 {plain} {imports}"))
    subprocess.run(["sqlite3", plain, f".import --csv {ROOT}/fixtures/provinces.csv provinces"],
                   check=True)
    # The index a planner would add for pipeline.sql: the done milestones by key, with their
    # project, so that the query reads no milestone row.
    subprocess.run(["sqlite3", plain, "CREATE INDEX milestones_done ON milestones(key, actual, "
                    "project); ANALYZE;"], check=True)

    tiendo_json = os.path.join(work, f"schedule-{size}.json")
    peer_json = os.path.join(work, f"networkx-{size}.json")
    peer_script = os.path.join(HERE, "networkx_schedule.py")
    results["schedule"], results["networkx"] = Series(), Series()
    for _ in range(repeats):
        results["schedule"].add(measure(
            f"{tiendo} --db {database} --as-of {AS_OF} schedule --format json", tiendo_json))
    if size <= peer_limit:
        check = subprocess.run([PYTHON, peer_script, directory, AS_OF, "--check", tiendo_json],
                               capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit(f"networkx and tiendo disagree at {size}: {check.stdout}{check.stderr}")
        results["agreement"] = check.stdout.strip()
        for _ in range(repeats):
            results["networkx"].add(
                measure(f"{PYTHON} {peer_script} {directory} {AS_OF}", peer_json))

    tiendo_csv = os.path.join(work, f"pipeline-{size}.csv")
    sql_csv = os.path.join(work, f"pipeline-sql-{size}.csv")
    results["pipeline"], results["sql_pipeline"] = Series(), Series()
    for _ in range(repeats):
        results["pipeline"].add(measure(
            f"{tiendo} --db {database} --as-of {AS_OF} pipeline --by province,stage --format csv",
            tiendo_csv))
        results["sql_pipeline"].add(measure(f"sqlite3 -csv {plain}", sql_csv,
                                            stdin_path=os.path.join(HERE, "pipeline.sql")))
    if pipeline_rows(tiendo_csv, True) != pipeline_rows(sql_csv, False):
        sys.exit(f"the SQL pipeline and tiendo's differ at {size}: see {tiendo_csv}, {sql_csv}")

    with open(os.path.join(directory, "projects.csv"), newline="", encoding="utf-8") as file:
        line = next(row["code"] for row in csv.DictReader(file) if row["technology"] == "grid")
    results["alerts"], results["impact"] = Series(), Series()
    for _ in range(repeats):
        results["alerts"].add(measure(
            f"{tiendo} --db {database} --as-of {AS_OF} alerts --format csv"))
        results["impact"].add(measure(
            f"{tiendo} --db {database} --as-of {AS_OF} impact {line}:grid_line_energized "
            "--slip 90 --format json"))
    return results


def ratio(slow, fast):
    if not slow.seconds or not fast.seconds:
        return "–"
    return f"{slow.median / fast.median:.1f}x"


def report(all_results, sizes, repeats, command):
    lines = [f"Command: `{command}` — {repeats} runs each, median (min–max) wall time, peak "
             f"resident memory of the slowest-memory run; as-of {AS_OF}; "
             f"{os.cpu_count()} cores.", ""]
    lines.append("| projects | milestones | what | tiendo | peer | peer / tiendo | "
                 "tiendo memory | peer memory |")
    lines.append("|---:|---:|---|---:|---:|---:|---:|---:|")
    pairs = [("import", "sqlite_import", "import CSVs (peer: sqlite3 .import)"),
             ("schedule", "networkx", "schedule JSON (peer: Python + networkx)"),
             ("pipeline", "sql_pipeline", "pipeline --by province,stage (peer: SQL)"),
             ("alerts", None, "alerts"), ("impact", None, "impact --slip 90")]
    for size in sizes:
        results = all_results[size]
        for ours, theirs, label in pairs:
            peer = results[theirs] if theirs else Series()
            lines.append(f"| {size:,} | {results['milestones']:,} | {label} | "
                         f"{results[ours].text()} | {peer.text()} | {ratio(peer, results[ours])} "
                         f"| {results[ours].memory()} | {peer.memory()} |")
    lines.append("")
    lines.append("Growth (median time per step, each size against the one before; linear means "
                 "the time ratio stays near the size ratio):")
    lines.append("")
    lines.append("| step | " + " | ".join(f"{a:,} → {b:,}" for a, b in zip(sizes, sizes[1:]))
                 + " |")
    lines.append("|---|" + "---:|" * (len(sizes) - 1))
    for step in ("import", "schedule", "pipeline", "alerts", "impact"):
        cells = []
        for a, b in zip(sizes, sizes[1:]):
            time_ratio = all_results[b][step].median / all_results[a][step].median
            cells.append(f"{time_ratio:.2f}x time for {b / a:.0f}x projects")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines.append("")
    for size in sizes:
        if "agreement" in all_results[size]:
            lines.append(f"- {size:,} projects: networkx and tiendo agree: "
                         f"{all_results[size]['agreement']}.")
    lines.append("- Every pipeline comparison: the SQL query and tiendo give the same rows.")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tiendo")
    parser.add_argument("--sizes", default="5000,20000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer-limit", type=int, default=20000)
    parser.add_argument("--out", default=os.path.join(HERE, "results.md"))
    parser.add_argument("--keep", help="keep the generated files in this directory")
    parser.add_argument("--no-web", action="store_true", help="skip the web workspace section")
    parser.add_argument("--no-forecast", action="store_true",
                        help="skip the forecast's speed and backtest section")
    parser.add_argument("--no-report", action="store_true",
                        help="skip the periodic report section")
    parser.add_argument("--no-postgres", action="store_true",
                        help="skip the PostgreSQL section")
    parser.add_argument("--excel-size", type=int, default=20000,
                        help="projects of the Excel round trip section (0 skips it)")
    parser.add_argument("--only", help="run only these sections: cli, web, waits, forecast, "
                        "report, postgres, excel (comma-separated)")
    parser.add_argument("--quick", action="store_true",
                        help="issue 30's figures alone: --only waits,report --repeats 2")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.only = arguments.only or "waits,report"
        arguments.repeats = min(arguments.repeats, 2)
    everything = {"cli", "web", "waits", "forecast", "report", "postgres", "excel"}
    chosen = set(arguments.only.split(",")) if arguments.only else everything
    if chosen - everything:
        sys.exit(f"--only: unknown sections {', '.join(sorted(chosen - everything))}")
    arguments.no_web = arguments.no_web or not ({"web", "waits"} & chosen)
    arguments.no_forecast = arguments.no_forecast or "forecast" not in chosen
    arguments.no_report = arguments.no_report or "report" not in chosen
    arguments.no_postgres = arguments.no_postgres or "postgres" not in chosen
    if "excel" not in chosen:
        arguments.excel_size = 0
    tiendo = os.path.abspath(arguments.tiendo)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    work = arguments.keep or tempfile.mkdtemp(prefix="tiendo-bench-")
    os.makedirs(work, exist_ok=True)
    all_results = {}
    try:
        for size in sizes if "cli" in chosen else []:
            print(f"bench: {size} projects ...", file=sys.stderr, flush=True)
            all_results[size] = run_size(tiendo, size, arguments.repeats, arguments.peer_limit,
                                         work)
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)
    command = ("make bench" if len(sys.argv) == 2 else
               "python3 tests/bench/bench.py " + " ".join(sys.argv[1:]))
    text = report(all_results, sizes, arguments.repeats, command) if all_results else (
        f"Command: `{command}`; {os.cpu_count()} cores.\n")
    if not arguments.no_web:
        import web_bench  # tests/bench/web_bench.py: `tiendo serve` against the CLI
        web_sizes = (20000, 100000) if "web" in chosen else (20000,)
        text += "\n" + web_bench.section(tiendo, sizes=web_sizes, repeats=max(arguments.repeats, 3),
                                         keep=arguments.keep, load="web" in chosen,
                                         waits="waits" in chosen)
    if not arguments.no_forecast:
        import forecast_backtest  # tests/bench/forecast_backtest.py: speed and backtest
        text += "\n" + forecast_backtest.section(tiendo, keep=bool(arguments.keep))
    if not arguments.no_report:
        import report_bench  # tests/bench/report_bench.py: the periodic report at 20,000
        text += "\n" + report_bench.section(tiendo, projects=20000, repeats=arguments.repeats)
    if not arguments.no_postgres:
        import postgres_bench  # tests/bench/postgres_bench.py: the shared store
        text += "\n" + postgres_bench.section(tiendo, size=20000, repeats=arguments.repeats)
    if arguments.excel_size:
        import excel_bench  # tests/bench/excel_bench.py: importing a workbook against CSV files
        text += "\n" + excel_bench.section(tiendo, size=arguments.excel_size,
                                           repeats=arguments.repeats, keep=arguments.keep)
    with open(arguments.out, "w", encoding="utf-8") as file:
        file.write(text)
    print(text)


if __name__ == "__main__":
    main()
