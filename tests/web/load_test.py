#!/usr/bin/env python3
"""The web workspace under a bounded loopback load (`tiendo serve`).

On a demo database, 8 client threads for a few seconds:
  - 3 writers PATCH milestone forecasts (each milestone has one writer; every value written is new,
    so each acknowledged write can be found again), as the admin, with a bearer token;
  - 2 API readers GET /api/v1/pipeline, /alerts, /schedule, /projects (filters, search, paging)
    and /projects/CODE;
  - 1 page reader logs in through the form and GETs the HTML pages;
  - 2 contenders (two admin accounts) PATCH the SAME milestone with If-Match of the version both
    have just read: per version exactly one must win (200) and the other get 409 naming the winner.
Then the server is stopped (SIGTERM, exit 0) and the CLI must show every acknowledged write
(`milestone list --format json`: the last value per milestone; `history --format json`: every value,
with the right actor, and no write nobody was told about), no answer may have been a 5xx, and every
API answer must have been JSON. Nothing here is timed: the figures printed are information only.

Usage: load_test.py TIENDO [SECONDS]
"""
import datetime
import http.client
import itertools
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PASSWORD = "load-test-password"
REQUEST_TIMEOUT = 60


class TransportError(Exception):
    """No HTTP answer (connection refused, reset or closed, timeout)."""


class Server:
    """`tiendo --db F serve --listen 127.0.0.1:0`, its output going to files (never a full pipe)."""

    count = 0

    def __init__(self, tiendo, database, work, extra=()):
        Server.count += 1
        stem = os.path.join(work, f"serve-{Server.count}")
        self.out_path, self.err_path = stem + ".out", stem + ".err"
        self.out = open(self.out_path, "wb")
        self.err = open(self.err_path, "wb")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [tiendo, "--db", database, "serve", "--listen", "127.0.0.1:0", *extra],
            stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL, cwd=work)
        self.port = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with open(self.out_path, "rb") as file:
                text = file.read().decode("utf-8", "replace")
            if "\n" in text:
                first = text.split("\n", 1)[0]
                match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)", first)
                if not match:
                    self.kill()
                    raise RuntimeError(f"serve printed {first!r}, expected "
                                       "'listening on http://127.0.0.1:PORT'")
                self.port = int(match.group(1))
                self.ready_seconds = time.monotonic() - self.started
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited ({self.process.returncode}) before listening: "
                                   f"{self.stderr()[-2000:]}")
            time.sleep(0.02)
        self.kill()
        raise RuntimeError("serve did not print 'listening on ...' within 120 s")

    @property
    def pid(self):
        return self.process.pid

    def stderr(self):
        with open(self.err_path, "rb") as file:
            return file.read().decode("utf-8", "replace")

    def stop(self, timeout=30):
        """SIGTERM; returns the exit status (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        self.out.close()
        self.err.close()
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.out.close()
        self.err.close()


class Client:
    """One keep-alive connection; `request` gives (status, headers, body bytes)."""

    def __init__(self, port, token=None, timeout=REQUEST_TIMEOUT):
        self.port, self.token, self.timeout = port, token, timeout
        self.connection = None

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _once(self, method, path, body, headers):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                         timeout=self.timeout)
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.will_close:
            self.close()
        return response.status, response.msg, data

    def request(self, method, path, body=None, headers=None, retry=None):
        headers = dict(headers or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        # A GET may be repeated when a kept-alive connection was closed under it; a write is not.
        attempts = 2 if (retry if retry is not None else method == "GET") else 1
        for attempt in range(attempts):
            reused = self.connection is not None
            try:
                return self._once(method, path, body, headers)
            except (OSError, http.client.HTTPException) as error:
                self.close()
                if attempt + 1 < attempts and reused:
                    continue
                raise TransportError(f"{method} {path}: {type(error).__name__}: {error}") from None
        raise AssertionError("unreachable")


def run_cli(tiendo, database, arguments, work, stdin=None, actor=None):
    command = [tiendo, "--db", database]
    if actor:
        command += ["--actor", actor]
    result = subprocess.run(command + list(arguments), input=stdin, capture_output=True,
                            text=True, cwd=work)
    if result.returncode != 0:
        raise RuntimeError(f"tiendo {' '.join(arguments)} failed ({result.returncode}): "
                           f"{result.stderr.strip()[-2000:]}")
    return result.stdout


def make_demo(tiendo, database, work, users=("admin",)):
    """A demo database with admin accounts; returns {name: token}."""
    run_cli(tiendo, database, ["demo"], work)
    tokens = {}
    for name in users:
        run_cli(tiendo, database, ["user", "add", name, "--role", "admin", "--password-stdin"],
                work, stdin=PASSWORD + "\n")
        lines = [line for line in run_cli(tiendo, database, ["user", "token", name],
                                          work).splitlines() if line.strip()]
        if len(lines) != 1:
            raise RuntimeError(f"user token {name} printed {len(lines)} lines, expected one")
        tokens[name] = lines[0].strip()
    return tokens


def milestones(tiendo, database, work):
    """{(project, key): row} from `milestone list --format json`."""
    rows = json.loads(run_cli(tiendo, database, ["milestone", "list", "--format", "json"], work))
    return {(row["project"], row["key"]): row for row in rows["milestones"]}


def history(tiendo, database, work):
    rows = json.loads(run_cli(tiendo, database, ["history", "--limit", "100000000",
                                                 "--format", "json"], work))
    return rows["changes"]


def forecast_changes(changes):
    """{"CODE:key": [(new, old, actor), ...]} for forecast changes, oldest first."""
    result = {}
    for row in changes:
        if row["field"] == "forecast" and row["entity"].startswith("milestone:"):
            result.setdefault(row["entity"][len("milestone:"):], []).append(
                (row["new"], row["old"], row["actor"]))
    return result


def integrity(database):
    result = subprocess.run(["sqlite3", database, "PRAGMA integrity_check"], capture_output=True,
                            text=True)
    return (result.stdout + result.stderr).strip()


class Dates:
    """Distinct forecast dates, one per write (thread safe)."""

    def __init__(self, start):
        self.start = start
        self.counter = itertools.count()
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            step = next(self.counter)
        return (self.start + datetime.timedelta(days=step)).isoformat()


class Record:
    """What the clients saw: counts by status, problems with the exact request and answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.problems = []
        self.requests = 0

    def count(self, kind, status):
        with self.lock:
            self.requests += 1
            self.statuses[(kind, status)] = self.statuses.get((kind, status), 0) + 1

    def problem(self, text):
        with self.lock:
            self.problems.append(text)


def show(method, path, body, status, data):
    sent = f" {json.dumps(body, ensure_ascii=False)}" if body is not None else ""
    answer = data.decode("utf-8", "replace").rstrip()
    if len(answer) > 400:
        answer = answer[:400] + "..."
    return f"{method} {path}{sent} -> {status} {answer}"


def checked(record, client, kind, method, path, body=None, headers=None, expect=(200,),
            want_json=True):
    """Sends one request; records 5xx, unexpected statuses and non-JSON answers.
    Returns (status, parsed JSON or None, raw bytes, headers) or None without an answer."""
    try:
        status, response_headers, data = client.request(method, path, body, headers)
    except TransportError as error:
        record.count(kind, "no answer")
        record.problem(f"no answer: {error}")
        return None
    record.count(kind, status)
    if status >= 500:
        record.problem("5xx: " + show(method, path, body, status, data))
    elif status not in expect:
        record.problem(f"unexpected status (wanted {expect}): "
                       + show(method, path, body, status, data))
    parsed = None
    if want_json:
        content_type = response_headers.get("Content-Type", "")
        if not content_type.startswith("application/json"):
            record.problem(f"Content-Type {content_type!r}, not JSON: "
                           + show(method, path, body, status, data))
        try:
            parsed = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            record.problem(f"answer is not valid JSON ({error}): "
                           + show(method, path, body, status, data))
    return status, parsed, data, response_headers


def quote_ref(ref):
    return urllib.parse.quote(ref, safe=":")


def writer(port, token, refs, dates, record, deadline, acknowledged):
    """PATCHes forecasts of its own milestones until the deadline; records each 200."""
    client = Client(port, token)
    last_version = {}
    for ref in itertools.cycle(refs):
        if time.monotonic() >= deadline:
            break
        value = dates.next()
        body = {"forecast": value}
        path = f"/api/v1/milestones/{quote_ref(ref)}"
        answer = checked(record, client, "PATCH", "PATCH", path, body)
        if answer is None or answer[0] != 200 or not isinstance(answer[1], dict):
            continue
        milestone = answer[1]
        version = milestone.get("version")
        acknowledged.append((ref, value, "admin", version))
        if milestone.get("forecast") != value:
            record.problem(f"the answer's forecast is {milestone.get('forecast')!r}, not "
                           f"{value!r}: " + show("PATCH", path, body, 200, answer[2]))
        if not isinstance(version, int) or isinstance(version, bool):
            record.problem("the answer has no integer version: "
                           + show("PATCH", path, body, 200, answer[2]))
        elif ref in last_version and version <= last_version[ref]:
            record.problem(f"{ref}: version {version} after {last_version[ref]} (not increasing)")
        else:
            last_version[ref] = version
    client.close()


def api_reader(port, token, codes, record, deadline, seed):
    rng = random.Random(seed)
    client = Client(port, token)
    searches = ["hoa binh", "tra vinh", "soc trang", "gio", "solar", "LS-"]
    while time.monotonic() < deadline:
        choice = rng.randrange(8)
        code = rng.choice(codes)
        if choice == 0:
            path, kind, keys = "/api/v1/pipeline", "GET pipeline", ("as_of", "rows", "total")
        elif choice == 1:
            path, kind, keys = ("/api/v1/pipeline?by=province,technology", "GET pipeline",
                                ("as_of", "group_by", "rows", "total"))
        elif choice == 2:
            path, kind, keys = "/api/v1/alerts", "GET alerts", ("as_of", "alerts")
        elif choice == 3:
            path, kind, keys = ("/api/v1/alerts?min_severity=warning", "GET alerts",
                                ("as_of", "alerts"))
        elif choice == 4:
            path, kind, keys = (f"/api/v1/schedule?project={urllib.parse.quote(code)}",
                                "GET schedule", ("as_of", "milestones"))
        elif choice == 5:
            offset = rng.randrange(0, 120)
            path, kind, keys = (f"/api/v1/projects?limit={rng.choice((10, 50, 1000))}"
                                f"&offset={offset}", "GET projects", ("total", "projects"))
        elif choice == 6:
            query = urllib.parse.quote(rng.choice(searches))
            path, kind, keys = f"/api/v1/projects?q={query}", "GET projects", ("total", "projects")
        else:
            path, kind, keys = (f"/api/v1/projects/{urllib.parse.quote(code)}", "GET project",
                                ("milestones", "dependencies"))
        answer = checked(record, client, kind, "GET", path)
        if answer and answer[0] == 200 and answer[1] is not None:
            missing = [key for key in keys if not isinstance(answer[1], dict) or key not in answer[1]]
            if missing:
                record.problem(f"answer without {missing}: " + show("GET", path, None, 200,
                                                                     answer[2]))
            elif kind == "GET project":
                for row in answer[1]["milestones"]:
                    if not isinstance(row.get("version"), int):
                        record.problem(f"milestone without an integer version: "
                                       + show("GET", path, None, 200, answer[2]))
                        break
    client.close()


def cookies_of(headers):
    result = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        result[name.strip()] = rest.split(";", 1)[0]
    return result


def hidden_csrf(html):
    for pattern in (r'name="csrf_token"[^>]*value="([^"]*)"', r'value="([^"]*)"[^>]*name="csrf_token"'):
        match = re.search(pattern, html)
        if match:
            return match.group(1)
    return None


def log_in(port, record, name):
    """Logs in through the form; returns the Cookie header value or None."""
    client = Client(port)
    answer = checked(record, client, "GET page", "GET", "/login", want_json=False)
    if answer is None or answer[0] != 200:
        return None
    csrf = hidden_csrf(answer[2].decode("utf-8", "replace"))
    login_cookie = cookies_of(answer[3]).get("tiendo_login")
    if csrf is None or login_cookie is None:
        record.problem(f"GET /login: no csrf_token field ({csrf is not None}) or no tiendo_login "
                       f"cookie ({login_cookie is not None})")
        return None
    form = urllib.parse.urlencode({"username": name, "password": PASSWORD, "csrf_token": csrf})
    answer = checked(record, client, "POST login", "POST", "/login", form,
                     {"Content-Type": "application/x-www-form-urlencoded",
                      "Cookie": f"tiendo_login={login_cookie}"}, expect=(303,), want_json=False)
    client.close()
    if answer is None or answer[0] != 303:
        return None
    session = cookies_of(answer[3]).get("tiendo_session")
    if not session:
        record.problem("POST /login answered 303 without a tiendo_session cookie")
        return None
    return f"tiendo_session={session}"


def page_reader(port, codes, refs, record, deadline, seed):
    rng = random.Random(seed)
    cookie = log_in(port, record, "admin")
    if cookie is None:
        return
    client = Client(port)
    while time.monotonic() < deadline:
        code = urllib.parse.quote(rng.choice(codes))
        project, key = rng.choice(refs).split(":", 1)
        path = rng.choice(["/", "/projects", "/projects?q=tra+vinh", f"/projects/{code}",
                           f"/projects/{urllib.parse.quote(project)}/milestones/{key}",
                           "/alerts", "/pipeline", "/history", "/alerts?lang=en"])
        answer = checked(record, client, "GET page", "GET", path, headers={"Cookie": cookie},
                         want_json=False)
        if answer and answer[0] == 200:
            content_type = answer[3].get("Content-Type", "")
            if not content_type.startswith("text/html"):
                record.problem(f"GET {path}: Content-Type {content_type!r}, not text/html")
    client.close()


def version_of(record, client, ref):
    project, key = ref.split(":", 1)
    answer = checked(record, client, "GET project", "GET",
                     f"/api/v1/projects/{urllib.parse.quote(project)}")
    if not answer or answer[0] != 200 or not isinstance(answer[1], dict):
        return None
    for row in answer[1].get("milestones", []):
        if row.get("key") == key:
            return row.get("version")
    record.problem(f"GET /api/v1/projects/{project}: no milestone {key}")
    return None


def contender(index, port, token, ref, dates, record, rounds, barrier, state, results):
    """Reads the version, waits for the other contender to have read it too, PATCHes with it.
    The barrier's action decides, once for both, whether the deadline has passed (state)."""
    client = Client(port, token)
    try:
        for round_ in range(rounds):
            barrier.wait(timeout=REQUEST_TIMEOUT)
            if state["stop"]:
                break
            version = version_of(record, client, ref)
            barrier.wait(timeout=REQUEST_TIMEOUT)
            value = dates.next()
            # Quotes are allowed around the version; one contender uses them.
            tag = f'"{version}"' if index == 1 else str(version)
            body = {"forecast": value}
            path = f"/api/v1/milestones/{quote_ref(ref)}"
            answer = checked(record, client, "PATCH If-Match", "PATCH", path, body,
                             {"If-Match": tag}, expect=(200, 409))
            results[round_][index] = (version, value, answer)
            barrier.wait(timeout=REQUEST_TIMEOUT)
    except threading.BrokenBarrierError:
        record.problem(f"contender {index}: the other contender stopped")
    except BaseException:
        barrier.abort()  # let the other one go rather than wait for this one
        raise
    finally:
        client.close()


def judge_contest(record, results, names, ref):
    """Per round: same version read, one 200 and one 409 naming the winner. Returns the winners'
    (value, actor) in order and the losers' values."""
    winners, losers = [], []
    for round_, pair in enumerate(results):
        if any(entry is None for entry in pair):
            break
        (version_a, _, answer_a), (version_b, _, answer_b) = pair
        if answer_a is None or answer_b is None:
            record.problem(f"If-Match round {round_}: a PATCH got no answer")
            break
        if version_a != version_b or not isinstance(version_a, int):
            record.problem(f"If-Match round {round_}: the contenders read versions "
                           f"{version_a!r} and {version_b!r}")
            continue
        statuses = sorted((answer_a[0], answer_b[0]))
        if statuses != [200, 409]:
            texts = [show("PATCH", f"/api/v1/milestones/{ref} (If-Match: {version_a})",
                          {"forecast": pair[i][1]}, pair[i][2][0], pair[i][2][2]) for i in (0, 1)]
            record.problem(f"If-Match round {round_}: statuses {statuses}, expected one 200 and "
                           f"one 409: {texts[0]} | {texts[1]}")
            for i in (0, 1):
                (winners if pair[i][2][0] == 200 else losers).append((pair[i][1], names[i]))
            continue
        win = 0 if answer_a[0] == 200 else 1
        lose = 1 - win
        winner_body, loser_body = pair[win][2][1], pair[lose][2][1]
        winners.append((pair[win][1], names[win]))
        losers.append((pair[lose][1], names[lose]))
        if not isinstance(winner_body, dict) or winner_body.get("forecast") != pair[win][1]:
            record.problem(f"If-Match round {round_}: the winner's answer {winner_body!r}")
            continue
        new_version = winner_body.get("version")
        if not isinstance(new_version, int) or new_version <= version_a:
            record.problem(f"If-Match round {round_}: version {new_version!r} after {version_a}")
        if not isinstance(loser_body, dict):
            continue
        for key in ("error", "changed_by", "changed_at", "version"):
            if key not in loser_body:
                record.problem(f"If-Match round {round_}: 409 without {key!r}: {loser_body!r}")
        if loser_body.get("changed_by") != names[win]:
            record.problem(f"If-Match round {round_}: 409 says changed_by "
                           f"{loser_body.get('changed_by')!r}, the winner was {names[win]!r}")
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(loser_body.get("changed_at"))):
            record.problem(f"If-Match round {round_}: changed_at {loser_body.get('changed_at')!r}")
        if loser_body.get("version") != new_version:
            record.problem(f"If-Match round {round_}: 409 says version "
                           f"{loser_body.get('version')!r}, the winner's answer {new_version!r}")
    return winners, losers


def verify_database(record, tiendo, database, work, acknowledged, contest_ref, winners, losers):
    """The CLI view after the server stopped."""
    rows = milestones(tiendo, database, work)
    changes = forecast_changes(history(tiendo, database, work))
    last = {}
    for ref, value, actor, _ in acknowledged:
        last[ref] = value
    for ref, value in last.items():
        project, key = ref.split(":", 1)
        found = rows.get((project, key), {}).get("forecast")
        if found != value:
            record.problem(f"milestone list: {ref} forecast {found!r}, the last acknowledged write "
                           f"was {value!r}")
    logged = {(ref, new, actor) for ref, entries in changes.items() for new, _, actor in entries}
    missing = [(ref, value, actor) for ref, value, actor, _ in acknowledged
               if (ref, value, actor) not in logged]
    for ref, value, actor in missing[:10]:
        record.problem(f"history: no forecast change {ref} -> {value} by {actor}")
    if len(missing) > 10:
        record.problem(f"history: {len(missing) - 10} more acknowledged writes missing")
    # No write that nobody was told about, and each change starts from the one before.
    told = {(ref, value) for ref, value, _, _ in acknowledged}
    told |= {(contest_ref, value) for value, _ in winners}
    for ref, entries in changes.items():
        for index, (new, old, actor) in enumerate(entries):
            if actor in ("admin", "admin2") and (ref, new) not in told:
                record.problem(f"history: {ref} forecast {new} by {actor} was never acknowledged")
            if index > 0 and old != entries[index - 1][0]:
                record.problem(f"history: {ref} forecast changed from {old!r}, but the change "
                               f"before had left {entries[index - 1][0]!r} (a lost update)")
    if winners:
        project, key = contest_ref.split(":", 1)
        found = rows.get((project, key), {}).get("forecast")
        if found != winners[-1][0]:
            record.problem(f"If-Match: {contest_ref} forecast {found!r}, the last winner wrote "
                           f"{winners[-1][0]!r}")
        entries = [(new, actor) for new, _, actor in changes.get(contest_ref, [])]
        if entries != winners:
            record.problem(f"If-Match: history of {contest_ref} is {entries[:6]}..., the winners "
                           f"were {winners[:6]}...")
        lost = {value for value, _ in losers} & {new for new, _ in entries}
        if lost:
            record.problem(f"If-Match: refused values in the history: {sorted(lost)[:5]}")
    return last


def main():
    tiendo = os.path.abspath(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 8.0
    record = Record()
    with tempfile.TemporaryDirectory(prefix="tiendo-webload-") as work:
        database = os.path.join(work, "demo.db")
        tokens = make_demo(tiendo, database, work, users=("admin", "admin2"))
        rows = milestones(tiendo, database, work)
        refs = sorted(f"{project}:{key}" for project, key in rows)
        codes = sorted({project for project, _ in rows})
        projects = json.loads(run_cli(tiendo, database, ["project", "list", "--format", "json"],
                                      work))
        project_list = projects["projects"] if isinstance(projects, dict) else projects
        codes = sorted({row["code"] for row in project_list} | set(codes))
        contest_ref = "LS-KHANHKHE:cod" if "LS-KHANHKHE:cod" in refs else refs[0]
        writable = [ref for ref in refs if ref != contest_ref]
        writers = 3
        server = Server(tiendo, database, work)
        print(f"server ready in {server.ready_seconds:.2f} s on port {server.port}")
        acknowledged = []
        dates = Dates(datetime.date(2024, 1, 1))
        contest_dates = Dates(datetime.date(2060, 1, 1))
        rounds = 400
        results = [[None, None] for _ in range(rounds)]
        state = {"stop": False}
        deadline = time.monotonic() + seconds
        barrier = threading.Barrier(
            2, action=lambda: state.__setitem__("stop", time.monotonic() >= deadline))
        threads = []
        for index in range(writers):
            threads.append(threading.Thread(target=writer, args=(
                server.port, tokens["admin"], writable[index::writers], dates, record, deadline,
                acknowledged)))
        for index in range(2):
            threads.append(threading.Thread(target=api_reader, args=(
                server.port, tokens["admin"], codes, record, deadline, index)))
        threads.append(threading.Thread(target=page_reader, args=(
            server.port, codes, refs, record, deadline, 7)))
        names = ("admin", "admin2")
        for index in range(2):
            threads.append(threading.Thread(target=contender, args=(
                index, server.port, tokens[names[index]], contest_ref, contest_dates, record,
                rounds, barrier, state, results)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 4 * REQUEST_TIMEOUT)
        elapsed = time.monotonic() - started
        hung = [thread.name for thread in threads if thread.is_alive()]
        if hung:
            record.problem(f"client threads still waiting for an answer: {hung}")
        status = server.stop()
        if status != 0:
            record.problem(f"the server's exit status after SIGTERM is {status!r}, expected 0; "
                           f"stderr: {server.stderr()[-1000:]}")
        winners, losers = judge_contest(record, results, names, contest_ref)
        last = verify_database(record, tiendo, database, work, acknowledged, contest_ref,
                               winners, losers)
        if not acknowledged:
            record.problem("no PATCH was acknowledged")
        if not winners:
            record.problem("no If-Match round was decided")
        check = integrity(database)
        if check != "ok":
            record.problem(f"PRAGMA integrity_check: {check}")

    counts = {}
    for (kind, status), number in sorted(record.statuses.items(), key=str):
        counts.setdefault(kind, []).append(f"{status}: {number}")
    print(f"{record.requests} requests by 8 clients in {elapsed:.1f} s "
          f"({record.requests / max(elapsed, 1e-9):.0f}/s)")
    for kind, texts in counts.items():
        print(f"  {kind}: {', '.join(texts)}")
    print(f"{len(acknowledged)} acknowledged forecast writes on {len(last)} milestones; "
          f"If-Match on {contest_ref}: {len(winners)} rounds, {len(winners)} won, "
          f"{len(losers)} refused with 409")
    for problem in record.problems[:30]:
        print("FAILED:", problem)
    if len(record.problems) > 30:
        print(f"FAILED: ... and {len(record.problems) - 30} more problems")
    print("passed" if not record.problems else f"{len(record.problems)} problems")
    return 1 if record.problems else 0


if __name__ == "__main__":
    sys.exit(main())
