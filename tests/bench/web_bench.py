#!/usr/bin/env python3
"""The web workspace against the CLI on the same database (a section of `make bench`).

Usage: web_bench.py TIENDO [--sizes 20000,100000] [--timed 20000] [--clients 8] [--requests 25]
       [--repeats 5] [--keep DIR] [--quick] [--no-load] [--no-waits]

`--quick` is `--sizes 20000 --timed 20000 --repeats 3` with 10 saves; with
`--no-load` as well, the issue-30 figures alone take a few minutes at 20,000 projects.

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
    alerts 5x, PATCH 5x);
  - then measures what issue 30 asks of one user among others (`--no-waits` leaves it out): the
    dashboard (GET /, logged in) --dashboard-requests times (200: a p95 of fewer samples is one
    of their few worst, scheduler noise) 10 ms apart when nothing else runs, and as many times
    (more, until two reports were built meanwhile) while another account builds the periodic
    report in a loop (GET /report and /report.docx, a new period each time so that nothing is
    answered from the cache), p50 and p95 of each (goal: busy p95 at most 2x idle); a PATCH of a not-yet-done milestone's forecast
    followed by GET /api/v1/schedule?project=CODE, checked to show it (or later) as the early finish, --saves times,
    against the CLI's full `schedule --format json` on the same database (goal: 1/100); and the
    first dashboard after each of those saves against the same dashboard asked again (goal: 2x).
Nothing here passes or fails: the figures are information.
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
import multiprocessing
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


# ---- what issue 30 asks: no request waits for another ----

def login(port, name, password):
    """Logs in through the form, as a browser does; answers the session cookie's value."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode("utf-8", "replace")
    cookies = response.headers.get_all("Set-Cookie") or []
    login_cookie = next((c.split(";", 1)[0] for c in cookies if c.startswith("tiendo_login=")), "")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields.update({"username": name, "password": password})
    connection.request("POST", "/login", body=urllib.parse.urlencode(fields).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded",
                                "Cookie": login_cookie})
    response = connection.getresponse()
    response.read()
    connection.close()
    for cookie in response.headers.get_all("Set-Cookie") or []:
        if cookie.startswith("tiendo_session="):
            return cookie.split(";", 1)[0].split("=", 1)[1]
    sys.exit(f"login of {name} failed: {response.status}")


def page(connection, path, session):
    """GET of a page with the session cookie: (seconds, status, body)."""
    start = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": f"tiendo_session={session}"})
    response = connection.getresponse()
    data = response.read()
    return time.perf_counter() - start, response.status, data


def dashboards(port, session, count, pause=0.01, until=None):
    """At least `count` dashboards one after the other on one keep-alive connection, `pause`
    seconds apart (so that they spread over the seconds a report takes to build, rather than
    all falling inside a few milliseconds of it), and more until `until()` says the phase may
    end: latencies, statuses."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    latencies, statuses = [], {}
    deadline = time.perf_counter() + PHASE_LIMIT * 2
    while len(latencies) < count or (until is not None and not until()):
        if time.perf_counter() > deadline:
            break
        seconds, status, _ = page(connection, "/", session)
        latencies.append(seconds)
        statuses[status] = statuses.get(status, 0) + 1
        time.sleep(pause)
    connection.close()
    return latencies, statuses


def report_loop(port, session, stopping, built, results):
    """ReportLoop's process: builds reports until `stopping` is set, counting each in `built`,
    then puts what it got (answers by kind and status, seconds each) in `results`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    answers, seconds_each = {}, []
    for number in itertools.count():
        day = datetime.date(2026, 4, 1) - datetime.timedelta(days=number // 2)
        path = "/report" if number % 2 == 0 else "/report.docx"
        seconds, status, _ = page(connection, f"{path}?from={day.strftime('%d/%m/%Y')}"
                                  "&to=30/06/2026", session)
        seconds_each.append(seconds)
        key = f"{path} {status}"
        answers[key] = answers.get(key, 0) + 1
        with built.get_lock():
            built.value += 1
        if stopping.is_set():
            break
        if status == 429:
            time.sleep(0.2)
    connection.close()
    results.put((answers, seconds_each))


class ReportLoop:
    """Another client building the periodic report, HTML then Word, a new period each time (the
    first day of the quarter moves), until stop(). Counts what it got. It runs in a process of
    its own: as a thread of the measuring one, its reading of a report held Python's interpreter
    lock while a dashboard's answer waited to be read (up to the 5 ms switch interval), a delay
    of the client that the busy dashboard's p95 counted as the server's."""

    def __init__(self, port, session):
        self.stopping = multiprocessing.Event()
        self.built = multiprocessing.Value("i", 0)
        self.results = multiprocessing.Queue()
        self.answers, self.seconds = {}, []
        self.process = multiprocessing.Process(
            target=report_loop, args=(port, session, self.stopping, self.built, self.results))
        self.process.start()

    def count(self):
        """How many reports were built so far."""
        return self.built.value

    def stop(self):
        self.stopping.set()
        self.answers, self.seconds = self.results.get()
        self.process.join()


def open_refs(directory):
    """Milestones not done yet, whose forecast moves the schedule: CODE:key."""
    with open(os.path.join(directory, "milestones.csv"), newline="", encoding="utf-8") as file:
        return [f"{row['project']}:{row['key']}" for row in csv.DictReader(file)
                if not row.get("actual")]


def forecast_settled(port, session, seconds=120):
    """Waits until the dashboard no longer says its fan chart is being drawn: the background
    forecast of the present portfolio is done and holds no core."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        _, _, data = page(connection, "/", session)
        if "Dự báo đang được tính" not in data.decode("utf-8", "replace"):
            break
        time.sleep(0.5)
    connection.close()


def save(connection, token, ref, date):
    """PATCH of `ref`'s forecast: (seconds, status)."""
    seconds, status, _, _ = request(
        connection, "PATCH", f"/api/v1/milestones/{urllib.parse.quote(ref, safe=':')}", token,
        {"forecast": date})
    return seconds, status


def connect(port):
    """A new keep-alive connection: one left idle while other clients worked may have been
    closed by the server."""
    return http.client.HTTPConnection("127.0.0.1", port, timeout=600)


def waits(tiendo, database, port, token, refs, dashboard_requests, saves, repeats):
    """Issue 30's figures on a warm server: a dict the report turns into a table."""
    figures = {}
    schedule_args = ["--as-of", AS_OF, "schedule", "--format", "json"]
    figures["schedule"] = [timed_cli(tiendo, database, schedule_args) for _ in range(repeats)]
    viewer = login(port, "bench", PASSWORD)
    reporter = login(port, "reporter", PASSWORD)
    # Dates far later than anything generated, so that each milestone's early finish is its new
    # forecast itself (or later still, pushed by an earlier save of the same project) and the
    # read shows whether the save is in it.
    dates = (
        (datetime.date(2040, 1, 1) + datetime.timedelta(days=number)).isoformat()
        for number in itertools.count())

    # PATCH answered, then the project's schedule read back: no page has asked for a forecast
    # yet, so nothing else runs on the server.
    connection = connect(port)
    patches, reads, inconsistent, refused = [], [], [], {}
    for ref in refs[:saves]:
        date = next(dates)
        code, key = ref.split(":", 1)
        seconds, status = save(connection, token, ref, date)
        if status != 200:
            refused[status] = refused.get(status, 0) + 1
            continue
        read_seconds, status, data, _ = request(
            connection, "GET", f"/api/v1/schedule?project={urllib.parse.quote(code)}&as_of="
            f"{AS_OF}", token)
        patches.append(seconds)
        reads.append(seconds + read_seconds)
        entry = next((m for m in json.loads(data).get("milestones", []) if m["key"] == key), {})
        if status != 200 or not entry.get("early_finish") or entry["early_finish"] < date:
            inconsistent.append(f"{ref}: early finish {entry.get('early_finish')} after a PATCH "
                                f"of its forecast to {date}")

    # The dashboard idle, then while another client builds reports.
    dashboards(port, viewer, 3)  # warm: the first answers are not counted
    forecast_settled(port, viewer)
    load_before = os.getloadavg()[0]
    figures["idle"] = dashboards(port, viewer, dashboard_requests)
    loop = ReportLoop(port, reporter)
    time.sleep(1.0)  # the first report is being built when the dashboards start
    # The busy dashboards go on until two more reports were built meanwhile, so that every
    # part of a report's work (the schedules of its period, the HTML, the Word document) ran
    # beside them.
    built_before = loop.count()
    figures["busy"] = dashboards(port, viewer, dashboard_requests,
                                 until=lambda: loop.count() >= built_before + 2)
    loop.stop()
    figures["reports"] = (loop.answers, loop.seconds)
    figures["load"] = max(load_before, os.getloadavg()[0])

    # The first dashboard after a save, and the same dashboard asked again: each save starts a
    # new background forecast, as it would for a user.
    forecast_settled(port, viewer)
    connection.close()
    connection, dashboard_connection = connect(port), connect(port)
    first, cached = [], []
    for ref in refs[saves:2 * saves]:
        _, status = save(connection, token, ref, next(dates))
        if status != 200:
            refused[status] = refused.get(status, 0) + 1
            continue
        first.append(page(dashboard_connection, "/", viewer)[0])
        cached.append(statistics.median(
            page(dashboard_connection, "/", viewer)[0] for _ in range(3)))
    connection.close()
    dashboard_connection.close()
    figures.update(patches=patches, reads=reads, first=first, cached=cached,
                   inconsistent=inconsistent, refused=refused)
    return figures


def ratio_text(value):
    return f"1/{1 / value:.0f}" if value < 1 else f"{value:.1f}x"


def waits_report(results, dashboard_requests, saves, repeats):
    """The issue-30 table: each figure, its goal and the issue's "before"."""
    lines = ["### No request waits for another (issue 30)", "",
             "A warm `tiendo serve` on a generated portfolio (seed 7) in SQLite, logged in through "
             "the form. "
             f"Dashboard: GET / "
             f"{dashboard_requests} times one after the other, 10 ms apart, idle, then as many "
             "times or more (until two reports were built meanwhile) while "
             "another account builds the periodic report in a loop (GET /report, GET /report.docx, "
             "a new period each time: nothing from the cache); the sample counts are given with "
             "the p95. PATCH: "
             f"{saves} PATCHes of a not-yet-done milestone's forecast (bearer token) before any "
             "page has started a forecast, each followed by GET /api/v1/schedule?project=CODE, "
             "checked to show the new forecast (or later) as the milestone's early finish. "
             f"First dashboard after a save: {saves} more PATCHes, each followed by the dashboard "
             "once (the first after the save, which also starts a new background forecast) and "
             "three times more (cached, median). "
             f"CLI: {repeats} runs of `schedule --format json`, median.", "",
             "| projects | figure | measured | goal | before (issue 30) |",
             "|---:|---|---:|---:|---|"]
    for size, result in results.items():
        figures = result.get("waits")
        if not figures:
            continue
        idle, busy = figures["idle"][0], figures["busy"][0]
        idle_p95, busy_p95 = percentile(idle, 0.95), percentile(busy, 0.95)
        answers, report_seconds = figures["reports"]
        built = ", ".join(f"{count} × {key}" for key, count in sorted(answers.items()))
        lines.append(
            f"| {size:,} | dashboard p95 idle → while a report is built (p50 "
            f"{milliseconds(percentile(idle, 0.5))} → {milliseconds(percentile(busy, 0.5))}; "
            f"the other client got {built}, "
            f"median {milliseconds(statistics.median(report_seconds))}) | "
            f"{milliseconds(idle_p95)} → {milliseconds(busy_p95)} ({len(idle)} and {len(busy)} "
            f"dashboards) = "
            f"**{busy_p95 / idle_p95:.1f}x** | ≤ 2x | dashboard waited 48 s under a report |")
        schedule = statistics.median(figures["schedule"])
        if figures["patches"]:
            patch = statistics.median(figures["patches"])
            read = statistics.median(figures["reads"])
            lines.append(
                f"| {size:,} | PATCH answered (median, p95 {milliseconds(percentile(figures['patches'], 0.95))}) "
                f"/ CLI `schedule --format json` ({milliseconds(min(figures['schedule']))}–"
                f"{milliseconds(max(figures['schedule']))}) | {milliseconds(patch)} / "
                f"{milliseconds(schedule)} = **{ratio_text(patch / schedule)}** | ≤ 1/100 | "
                "28 ms / 1.13 s = 1/40 |")
            lines.append(
                f"| {size:,} | PATCH + the project's schedule read back, consistent "
                f"({len(figures['reads']) - len(figures['inconsistent'])} of "
                f"{len(figures['reads'])}) / CLI schedule | {milliseconds(read)} / "
                f"{milliseconds(schedule)} = **{ratio_text(read / schedule)}** | ≤ 1/100 | – |")
            first, cached = statistics.median(figures["first"]), statistics.median(
                figures["cached"])
            lines.append(
                f"| {size:,} | first dashboard after a save (median, max "
                f"{milliseconds(max(figures['first']))}) / cached dashboard | "
                f"{milliseconds(first)} / {milliseconds(cached)} = **{first / cached:.1f}x** | "
                "≤ 2x | 1.07 s / 0.14 s = 7.8x |")
        lines.append("")
        lines.append(f"Load average at {size:,} during the dashboards: {figures['load']:.1f} on "
                     f"{os.cpu_count()} cores.")
        for note in figures["inconsistent"][:5]:
            lines.append(f"- inconsistent read: {note}")
        if figures["refused"]:
            lines.append(f"- PATCHes refused: {figures['refused']}")
        bad = {**{k: v for k, v in figures["idle"][1].items() if k != 200},
               **{k: v for k, v in figures["busy"][1].items() if k != 200}}
        if bad:
            lines.append(f"- dashboards answered other than 200: {bad}")
    return "\n".join(lines) + "\n"


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
    # The other client of the busy dashboards: a viewer building the periodic report.
    cli(tiendo, database, ["user", "add", "reporter", "--role", "viewer", "--password-stdin"],
        stdin=PASSWORD + "\n")
    token = cli(tiendo, database, ["user", "token", "bench"]).strip().splitlines()[-1].strip()
    with open(os.path.join(directory, "milestones.csv"), newline="", encoding="utf-8") as file:
        refs = [f"{row['project']}:{row['key']}" for row in csv.DictReader(file)]
    return database, token, refs, directory


def run_size(tiendo, size, timed, clients, requests, repeats, work, parts):
    database, token, refs, directory = prepare(tiendo, size, work)
    rng = random.Random(size)
    sample = rng.sample(refs, clients * requests + repeats + 1)
    taken = set(sample)
    unfinished = [ref for ref in open_refs(directory) if ref not in taken]
    rng.shuffle(unfinished)
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
        if timed and parts["load"]:
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
        if timed and parts["waits"]:
            print(f"web bench: {size} projects: dashboards, saves ...", file=sys.stderr,
                  flush=True)
            result["waits"] = waits(tiendo, database, server.port, token, unfinished,
                                    parts["dashboard_requests"], parts["saves"], repeats)
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
            keep=None, load=True, waits=True, dashboard_requests=200, saves=15):
    """The Markdown section (bench.py calls this)."""
    parts = {"load": load, "waits": waits, "dashboard_requests": dashboard_requests,
             "saves": saves}
    tiendo = os.path.abspath(tiendo)
    work = keep or tempfile.mkdtemp(prefix="tiendo-web-bench-")
    os.makedirs(work, exist_ok=True)
    results = {}
    try:
        for size in sizes:
            print(f"web bench: {size} projects ...", file=sys.stderr, flush=True)
            results[size] = run_size(tiendo, size, size in timed, clients, requests, repeats,
                                     work, parts)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, clients, requests, repeats) if load else ""
    if waits:
        text += ("\n" if text else "") + waits_report(results, dashboard_requests, saves, repeats)
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tiendo")
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--timed", default="20000", help="sizes where latencies are measured")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25, help="per client and kind")
    parser.add_argument("--repeats", type=int, default=5, help="CLI runs per command")
    parser.add_argument("--keep", help="keep the generated files in this directory")
    parser.add_argument("--quick", action="store_true",
                        help="20,000 projects only, 3 CLI runs and 10 saves")
    parser.add_argument("--no-load", action="store_true",
                        help="leave out the concurrent pipeline, alerts and PATCH clients")
    parser.add_argument("--no-waits", action="store_true",
                        help="leave out the issue-30 figures (dashboards, saves)")
    parser.add_argument("--dashboard-requests", type=int, default=200,
                        help="dashboards idle, and as many while a report is built")
    parser.add_argument("--saves", type=int, default=15,
                        help="PATCHes each followed by a read and the first dashboard")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.sizes = arguments.timed = "20000"
        arguments.repeats = min(arguments.repeats, 3)

        arguments.saves = min(arguments.saves, 10)
    print(section(arguments.tiendo, [int(s) for s in arguments.sizes.split(",")],
                  [int(s) for s in arguments.timed.split(",") if s], arguments.clients,
                  arguments.requests, arguments.repeats, arguments.keep,
                  load=not arguments.no_load, waits=not arguments.no_waits,
                  dashboard_requests=arguments.dashboard_requests, saves=arguments.saves))


if __name__ == "__main__":
    main()
