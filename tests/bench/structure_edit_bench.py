#!/usr/bin/env python3
"""A link added and removed, a project's status recorded, a milestone added and a baseline saved at
national scale, measured by hand (not a timed test).

    python3 tests/bench/structure_edit_bench.py build/tiendo [--projects 20000] [--repeats 10]
        [--work DIR]

Generates a portfolio (`tiendo generate`, seed 7, as tests/bench/web_bench.py does) into a new
SQLite file in DIR (reused when it is there), starts `tiendo serve` on it, reads /api/v1/alerts
once (so that the server keeps them), then --repeats times each: a link added
(POST /api/v1/dependencies) and the first /api/v1/alerts after it, the same link removed
(DELETE /api/v1/dependencies/FROM/TO) and the first alerts after it, and a status recorded on the
project's status form (POST /projects/CODE/status, as a browser sends it) and the first alerts
after it, a milestone added (POST /api/v1/projects/CODE/milestones) and removed again
(DELETE /api/v1/milestones/REF) and the first alerts after each; then half as many baselines saved (POST /api/v1/baselines) and the first alerts after each.
Prints the median of each with the load average (one minute) beside it: the machine is shared,
and its load says how much the figures mean.
"""
import argparse
import csv
import http.client
import os
import re
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import web_bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tiendo")
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--work", default="/tmp/tiendo-structure-bench")
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
    with open(os.path.join(directory, "projects.csv"), newline="", encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    with open(os.path.join(directory, "milestones.csv"), newline="", encoding="utf-8") as file:
        refs = [f"{row['project']}:{row['key']}" for row in csv.DictReader(file)]
    server = web_bench.Server(tiendo, database, arguments.work)
    try:
        connection = web_bench.connect(server.port)
        session = web_bench.login(server.port, "bench", web_bench.PASSWORD)
        seconds, status, _, _ = web_bench.request(connection, "GET", "/api/v1/alerts", token)
        print(f"first alerts after start: {seconds * 1000:.0f} ms ({status})")
        figures = {}

        def alerts_after(name):
            load = os.getloadavg()[0]
            alerts, status, _, _ = web_bench.request(connection, "GET", "/api/v1/alerts", token)
            if status != 200:
                sys.exit(f"alerts after {name}: {status}")
            figures.setdefault(name + ": first alerts after", []).append(
                (alerts, os.getloadavg()[0]))
            return load

        def measure(name, method, path, body, expected):
            seconds, status, data, _ = web_bench.request(connection, method, path, token, body)
            if status == 400 and method == "POST":
                return False  # It would close a cycle: refused, nothing written.
            if status != expected:
                sys.exit(f"{method} {path}: {status} {data[:300]!r}")
            figures.setdefault(name, []).append((seconds, alerts_after(name)))
            return True

        def record_status(name, code, status_key):
            path = f"/projects/{urllib.parse.quote(code)}/status"
            _, status, form = web_bench.page(connection, path, session)
            csrf = re.search(rb'name="csrf_token" value="([^"]+)"', form)
            if status != 200 or not csrf:
                sys.exit(f"GET {path}: {status}")
            body = urllib.parse.urlencode({
                "csrf_token": csrf.group(1).decode(), "status": status_key, "date": "01/12/2026",
                "reason_category": "grid", "reason_text": "chờ đấu nối", "source": ""}).encode()
            start = time.perf_counter()
            connection.request("POST", path, body=body, headers={
                "Cookie": f"tiendo_session={session}",
                "Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            data = response.read()
            seconds = time.perf_counter() - start
            if response.status not in (302, 303):
                sys.exit(f"POST {path}: {response.status} {data[:300]!r}")
            figures.setdefault(name, []).append((seconds, alerts_after(name)))

        for number in range(arguments.repeats):
            # Two milestones of different projects, the predecessor's COD before the other's
            # site clearance: a link that closes no cycle in the generated portfolio.
            first = codes[(number * 7919) % len(codes)]
            second = codes[(number * 7919 + 4001) % len(codes)]
            source = next((ref for ref in refs if ref == f"{first}:cod"), None)
            target = next((ref for ref in refs if ref.startswith(second + ":")), None)
            if not source or not target:
                continue
            if not measure("link added (POST)", "POST", "/api/v1/dependencies",
                           {"from": source, "to": target, "type": "FS", "lag_days": 10}, 201):
                continue
            path = (f"/api/v1/dependencies/{urllib.parse.quote(source, safe=':')}/"
                    f"{urllib.parse.quote(target, safe=':')}")
            measure("link removed (DELETE)", "DELETE", path, None, 200)
        for number in range(arguments.repeats):
            code = codes[(number * 104729) % len(codes)]
            record_status("status recorded (form POST)", code,
                          "suspended" if number % 2 == 0 else "active")
        for number in range(arguments.repeats):
            # A milestone added to a project spread over the list (the milestones after it move
            # up one in the portfolio held in memory).
            code = codes[(number * 15485863) % len(codes)]
            key = f"bench_check_{time.time_ns()}"
            measure("milestone added (POST)", "POST",
                    f"/api/v1/projects/{urllib.parse.quote(code)}/milestones",
                    {"key": key, "planned": "2027-03-01", "duration_days": 10,
                     "reason": "grid:chờ đấu nối"}, 201)
            # And removed again (the milestones after it move down one).
            measure("milestone removed (DELETE)", "DELETE",
                    f"/api/v1/milestones/{urllib.parse.quote(code + ':' + key, safe=':')}"
                    "?reason=other%3Abench", None, 200)
        for number in range(max(1, arguments.repeats // 2)):
            measure("baseline saved (POST)", "POST", "/api/v1/baselines",
                    {"name": f"bench {time.time_ns()} {number}"}, 201)
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
