#!/usr/bin/env python3
"""The web workspace against the CLI on the same database (a section of `make bench`).

Usage: web_bench.py TIENDO [--sizes 20000,100000] [--timed 20000] [--clients 8] [--requests 25]
       [--repeats 5] [--keep DIR]

For each size it generates a portfolio (`tiendo generate --seed 7`), imports it into a new SQLite
database and, at the --timed sizes:
  - times the CLI on that database, --repeats runs each (median, min–max wall time):
    `pipeline --by province,stage --format json`, `alerts --format json`,
    `milestone set REF --forecast DATE`;
  - starts `tiendo serve` on it, warms it (the first answers are not counted), then lets --clients
    concurrent keep-alive clients send --requests requests each, one kind at a time:
    GET /api/v1/pipeline?by=province,stage, GET /api/v1/alerts, PATCH /api/v1/milestones/REF
    (a new forecast, each client its own milestones); p50 and p95 latency per kind;
  - compares the CLI's median with the server's p95 against the issue's targets (pipeline 10x,
    alerts 5x, PATCH 5x). Nothing here passes or fails: the figures are information.
At every size it reads the server's resident memory from /proc/PID/status (VmRSS when warm and after
the load, VmHWM the peak). Prints a Markdown section; bench.py appends it to results.md.
"""
import argparse
import csv
import datetime
import http.client
import itertools
import json
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

AS_OF = "2026-06-30"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "web-bench-password"
TARGETS = {"pipeline": 10, "alerts": 5, "patch": 5}
PHASE_LIMIT = 120  # seconds at most per measured kind, whatever --requests says


def cli(tiendo, database, arguments, stdin=None, stdout=subprocess.PIPE):
    result = subprocess.run([tiendo, "--db", database, *arguments], input=stdin, stdout=stdout,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"tiendo {' '.join(arguments)} failed ({result.returncode}): "
                 f"{result.stderr[-2000:]}")
    return result.stdout


def timed_cli(tiendo, database, arguments):
    start = time.perf_counter()
    cli(tiendo, database, arguments, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def memory(pid):
    """(VmRSS, VmHWM) in kilobytes."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


class Server:
    def __init__(self, tiendo, database, work):
        self.out_path = os.path.join(work, "serve.out")
        self.err_path = os.path.join(work, "serve.err")
        self.out, self.err = open(self.out_path, "wb"), open(self.err_path, "wb")
        start = time.perf_counter()
        self.process = subprocess.Popen(
            [tiendo, "--db", database, "serve", "--listen", "127.0.0.1:0"],
            stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL, cwd=work)
        while True:
            with open(self.out_path, "rb") as file:
                text = file.read().decode("utf-8", "replace")
            if "\n" in text:
                match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)",
                                     text.split("\n", 1)[0])
                if not match:
                    self.stop()
                    sys.exit(f"serve printed {text.splitlines()[0]!r}")
                self.port = int(match.group(1))
                self.ready = time.perf_counter() - start
                return
            if self.process.poll() is not None:
                with open(self.err_path, encoding="utf-8", errors="replace") as file:
                    sys.exit(f"serve exited ({self.process.returncode}): {file.read()[-2000:]}")
            if time.perf_counter() - start > 600:
                self.stop()
                sys.exit("serve did not listen within 600 s")
            time.sleep(0.01)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.out.close()
        self.err.close()


def request(connection, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        body = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return time.perf_counter() - start, response.status, data, response.will_close


def load(port, token, clients, requests, make_request):
    """`clients` threads, each its own keep-alive connection, `requests` requests each.
    make_request(client, index) -> (method, path, body). Returns (latencies, statuses, seconds)."""
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.perf_counter() + PHASE_LIMIT

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        for index in range(requests):
            if time.perf_counter() > deadline:
                break
            method, path, body = make_request(number, index)
            try:
                seconds, status, _, will_close = request(connection, method, path, token, body)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                with lock:
                    statuses[type(error).__name__] = statuses.get(type(error).__name__, 0) + 1
                continue
            if will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            with lock:
                latencies.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - start


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def milliseconds(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def prepare(tiendo, size, work):
    directory = os.path.join(work, f"portfolio-{size}")
    subprocess.run([tiendo, "generate", "--projects", str(size), "--seed", "7", "--out",
                    directory], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    database = os.path.join(work, f"web-{size}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    cli(tiendo, database, ["init"])
    cli(tiendo, database, ["import", *(os.path.join(directory, name) for name in
                                       ("projects.csv", "milestones.csv", "dependencies.csv"))])
    cli(tiendo, database, ["user", "add", "bench", "--role", "admin", "--password-stdin"],
        stdin=PASSWORD + "\n")
    token = cli(tiendo, database, ["user", "token", "bench"]).strip().splitlines()[-1].strip()
    with open(os.path.join(directory, "milestones.csv"), newline="", encoding="utf-8") as file:
        refs = [f"{row['project']}:{row['key']}" for row in csv.DictReader(file)]
    return database, token, refs


def run_size(tiendo, size, timed, clients, requests, repeats, work):
    database, token, refs = prepare(tiendo, size, work)
    rng = random.Random(size)
    sample = rng.sample(refs, clients * requests + repeats + 1)
    cli_refs, server_refs = sample[:repeats + 1], sample[repeats + 1:]
    result = {"milestones": len(refs), "load": os.getloadavg()[0]}
    counter = itertools.count()  # next() on it is atomic: the PATCH clients share it

    def new_date():
        return (datetime.date(2027, 1, 1) + datetime.timedelta(days=next(counter))).isoformat()

    def patch_path(ref):
        return f"/api/v1/milestones/{urllib.parse.quote(ref, safe=':')}"

    if timed:
        pipeline_args = ["--as-of", AS_OF, "pipeline", "--by", "province,stage", "--format", "json"]
        alerts_args = ["--as-of", AS_OF, "alerts", "--format", "json"]
        # The writes first, so that the server later reads the database the CLI read.
        patch_times = [timed_cli(tiendo, database, ["--actor", "bench", "milestone", "set", ref,
                                                    "--forecast", new_date()])
                       for ref in cli_refs[:repeats]]
        cli_pipeline = json.loads(cli(tiendo, database, pipeline_args))   # also the warm-up
        cli_alerts = json.loads(cli(tiendo, database, alerts_args))
        result["cli"] = {
            "pipeline": [timed_cli(tiendo, database, pipeline_args) for _ in range(repeats)],
            "alerts": [timed_cli(tiendo, database, alerts_args) for _ in range(repeats)],
            "patch": patch_times,
        }

    server = Server(tiendo, database, work)
    result["ready"] = server.ready
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        pipeline_path = f"/api/v1/pipeline?by=province,stage&as_of={AS_OF}"
        alerts_path = f"/api/v1/alerts?as_of={AS_OF}"
        notes = []
        first = {}
        for name, path in (("pipeline", pipeline_path), ("alerts", alerts_path)):
            for attempt in range(3):
                seconds, status, data, _ = request(connection, "GET", path, token)
                if attempt == 0:
                    first[name] = seconds
                if status != 200:
                    notes.append(f"GET {path} answered {status}: {data[:300]!r}")
                    break
            if timed and status == 200:
                expected = cli_pipeline if name == "pipeline" else cli_alerts
                answer = json.loads(data)
                if answer != expected:
                    key = "rows" if name == "pipeline" else "alerts"
                    rows, cli_rows = answer.get(key, []), expected.get(key, [])
                    first_difference = next(
                        (i for i, (a, b) in enumerate(zip(rows, cli_rows)) if a != b),
                        min(len(rows), len(cli_rows)))
                    notes.append(
                        f"GET {path} differs from the CLI's JSON at {size:,} projects: "
                        f"{len(rows)} {key} against the CLI's {len(cli_rows)}, first difference "
                        f"at #{first_difference}: "
                        f"{json.dumps(rows[first_difference:first_difference + 1])[:300]} against "
                        f"{json.dumps(cli_rows[first_difference:first_difference + 1])[:300]}")
        ref = server_refs[-1]
        _, status, data, _ = request(connection, "PATCH", patch_path(ref), token,
                                     {"forecast": new_date()})
        if status != 200:
            notes.append(f"PATCH {patch_path(ref)} answered {status}: {data[:300]!r}")
        connection.close()
        result["first"] = first
        result["warm_memory"] = memory(server.process.pid)
        if timed:
            phases = {
                "pipeline": lambda client, index: ("GET", pipeline_path, None),
                "alerts": lambda client, index: ("GET", alerts_path, None),
                "patch": lambda client, index: (
                    "PATCH", patch_path(server_refs[client * requests + index]),
                    {"forecast": new_date()}),
            }
            result["server"] = {}
            for name, make in phases.items():
                latencies, statuses, seconds = load(server.port, token, clients, requests, make)
                result["server"][name] = (latencies, statuses, seconds)
                bad = {k: v for k, v in statuses.items() if k != 200}
                if bad:
                    notes.append(f"{name}: answers other than 200: {bad}")
        result["memory"] = memory(server.process.pid)
        result["load"] = max(result["load"], os.getloadavg()[0])
        result["notes"] = notes
    finally:
        server.stop()
    return result


def report(results, clients, requests, repeats):
    lines = ["### The web workspace against the CLI", "",
             f"Same database, generated with seed 7; as-of {AS_OF}; {os.cpu_count()} cores. "
             f"Server: warm, {clients} concurrent keep-alive clients × {requests} requests per kind "
             f"(loopback, HTTP/1.1, bearer token). CLI: {repeats} runs, median (min–max) wall "
             "time, each run a new process. Information only: nothing here passes or fails.", "",
             "| projects | milestones | request | server p50 | server p95 | req/s | CLI command "
             "| CLI median (min–max) | CLI / server p95 | target |",
             "|---:|---:|---|---:|---:|---:|---|---:|---:|---:|"]
    labels = {"pipeline": ("GET /api/v1/pipeline?by=province,stage",
                           "`pipeline --by province,stage --format json`"),
              "alerts": ("GET /api/v1/alerts", "`alerts --format json`"),
              "patch": ("PATCH /api/v1/milestones/REF", "`milestone set REF --forecast DATE`")}
    for size, result in results.items():
        if "server" not in result:
            continue
        for name, (http_label, cli_label) in labels.items():
            latencies, _, seconds = result["server"][name]
            cli_times = result["cli"][name]
            median = statistics.median(cli_times)
            if latencies:
                p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
                speedup = median / p95
                verdict = "met" if speedup >= TARGETS[name] else "not met"
                cells = (f"{milliseconds(p50)} | {milliseconds(p95)} | "
                         f"{len(latencies) / seconds:.0f} | {cli_label} | {milliseconds(median)} "
                         f"({milliseconds(min(cli_times))}–{milliseconds(max(cli_times))}) | "
                         f"{speedup:.1f}x | ≥{TARGETS[name]}x ({verdict})")
            else:
                cells = f"– | – | – | {cli_label} | {milliseconds(median)} | – | ≥{TARGETS[name]}x"
            lines.append(f"| {size:,} | {result['milestones']:,} | {http_label} | {cells} |")
    lines += ["", "Server memory (/proc/PID/status) and start-up:", "",
              "| projects | milestones | listening after | first pipeline | first alerts | "
              "VmRSS warm | VmRSS after the load | VmHWM (peak) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, result in results.items():
        first = result.get("first", {})
        lines.append(
            f"| {size:,} | {result['milestones']:,} | {result['ready']:.2f} s | "
            f"{milliseconds(first['pipeline']) if 'pipeline' in first else '–'} | "
            f"{milliseconds(first['alerts']) if 'alerts' in first else '–'} | "
            f"{result['warm_memory'][0] / 1024:.0f} MiB | {result['memory'][0] / 1024:.0f} MiB | "
            f"{result['memory'][1] / 1024:.0f} MiB |")
    lines += ["", "Machine load (1-minute load average, the higher of before and after) per size: "
              + ", ".join(f"{size:,}: {result['load']:.1f}" for size, result in results.items())
              + f" on {os.cpu_count()} cores; other work on the machine slows both sides."]
    notes = [note for result in results.values() for note in result.get("notes", [])]
    if notes:
        lines.append("")
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def section(tiendo, sizes=(20000, 100000), timed=(20000,), clients=8, requests=25, repeats=5,
            keep=None):
    """The Markdown section (bench.py calls this)."""
    tiendo = os.path.abspath(tiendo)
    work = keep or tempfile.mkdtemp(prefix="tiendo-web-bench-")
    os.makedirs(work, exist_ok=True)
    results = {}
    try:
        for size in sizes:
            print(f"web bench: {size} projects ...", file=sys.stderr, flush=True)
            results[size] = run_size(tiendo, size, size in timed, clients, requests, repeats,
                                     work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return report(results, clients, requests, repeats)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tiendo")
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--timed", default="20000", help="sizes where latencies are measured")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25, help="per client and kind")
    parser.add_argument("--repeats", type=int, default=5, help="CLI runs per command")
    parser.add_argument("--keep", help="keep the generated files in this directory")
    arguments = parser.parse_args()
    print(section(arguments.tiendo, [int(s) for s in arguments.sizes.split(",")],
                  [int(s) for s in arguments.timed.split(",") if s], arguments.clients,
                  arguments.requests, arguments.repeats, arguments.keep))


if __name__ == "__main__":
    main()
