#!/usr/bin/env python3
"""Writes other than a milestone's at national scale, measured by hand (not a timed test).

    python3 tests/bench/link_edit_bench.py build/tiendo [--projects 20000] [--repeats 10]
        [--work DIR]

Generates a portfolio (`tiendo generate`, seed 7, as tests/bench/web_bench.py does) into a new
SQLite file in DIR (reused when it is there), starts `tiendo serve` on it, reads /api/v1/alerts
once (so that the server keeps them), then --repeats times each: a PATCH of a dependency's lag
(/api/v1/dependencies/FROM/TO) and the first /api/v1/alerts after it, then a PATCH of a project's
investor (/api/v1/projects/CODE) and the first alerts after it. Prints the median of each with
the load average (one minute) beside it: the machine is shared, and its load says how much the
figures mean.
"""
import argparse
import csv
import os
import statistics
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import web_bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tiendo")
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--work", default="/tmp/tiendo-link-bench")
    arguments = parser.parse_args()
    tiendo = os.path.abspath(arguments.tiendo)
    os.makedirs(arguments.work, exist_ok=True)
    database = os.path.join(arguments.work, f"web-{arguments.projects}.db")
    directory = os.path.join(arguments.work, f"portfolio-{arguments.projects}")
    if os.path.exists(database):
        token = web_bench.cli(tiendo, database, ["user", "token", "bench"]).strip()
        token = token.splitlines()[-1].strip()
    else:
        database, token, _, directory = web_bench.prepare(tiendo, arguments.projects,
                                                          arguments.work)
    with open(os.path.join(directory, "dependencies.csv"), newline="", encoding="utf-8") as file:
        links = [(row["from"], row["to"]) for row in csv.DictReader(file)]
    with open(os.path.join(directory, "projects.csv"), newline="", encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    server = web_bench.Server(tiendo, database, arguments.work)
    try:
        connection = web_bench.connect(server.port)
        seconds, status, _, _ = web_bench.request(connection, "GET", "/api/v1/alerts", token)
        print(f"first alerts after start: {seconds * 1000:.0f} ms ({status})")
        figures = {}

        def measure(name, method, path, body):
            seconds, status, data, _ = web_bench.request(connection, method, path, token, body)
            if status != 200:
                sys.exit(f"{method} {path}: {status} {data[:300]!r}")
            load = os.getloadavg()[0]
            alerts, status, _, _ = web_bench.request(connection, "GET", "/api/v1/alerts", token)
            if status != 200:
                sys.exit(f"alerts after {name}: {status}")
            figures.setdefault(name, []).append((seconds, load))
            figures.setdefault(name + ": first alerts after", []).append(
                (alerts, os.getloadavg()[0]))

        for number in range(arguments.repeats):
            source, target = links[(number * 7919) % len(links)]
            path = (f"/api/v1/dependencies/{urllib.parse.quote(source, safe=':')}/"
                    f"{urllib.parse.quote(target, safe=':')}")
            measure("dependency PATCH", "PATCH", path, {"lag_days": 5 + number})
        for number in range(arguments.repeats):
            code = codes[(number * 104729) % len(codes)]
            measure("project PATCH", "PATCH", f"/api/v1/projects/{urllib.parse.quote(code)}",
                    {"investor": f"Nhà đầu tư {number}"})
        for name, samples in figures.items():
            times = [seconds for seconds, _ in samples]
            loads = [load for _, load in samples]
            print(f"{name}: median {statistics.median(times) * 1000:.0f} ms over {len(times)} "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; load "
                  f"{min(loads):.1f}-{max(loads):.1f})")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
