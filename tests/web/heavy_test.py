#!/usr/bin/env python3
"""Heavy work and readers over real HTTP (issue 28, items 3 and 9; DESIGN.md "The web workspace").

Usage (from the source directory):  python3 tests/web/heavy_test.py PATH_TO_TIENDO

On a generated portfolio, with `tiendo serve --listen 127.0.0.1:0`:
  (a) while an import's dry run of a large CSV runs, a viewer's API pipeline and dashboard keep
      answering: several answers arrive, one after the other, before the dry run's own answer
      (an order of events, never a time limit, so it cannot flake on a slow machine);
  (b) heavy work runs once per user at a time: a second heavy request of the same user while the
      first runs gets 429 with Retry-After (JSON from the API, a Vietnamese page in the browser);
      more heavy requests at once than the server has processors, from different users, get 429
      past the pool;
  (c) an answer with the same parameters is served from the cache (`X-Tiendo-Cache: hit`, the
      same bytes) until a write changes the portfolio.
Exit 0 when every check passed, 1 otherwise.
"""
import html
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: heavy_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
ENV = dict(os.environ, USER="heavytester", LC_ALL="C.UTF-8")
ENV.pop("TIENDO_DB", None)
PASSWORD = "heavy-test-password"
# What the server counts as its pool: the processors it may run on.
CORES = len(os.sched_getaffinity(0))

PASSED, FAILED = [], []


def check(name, ok, detail=""):
    if ok:
        PASSED.append(name)
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {str(detail)[:800]}", flush=True)
    return bool(ok)


def cli(database, *args, stdin=None):
    result = subprocess.run([TIENDO, "--db", database, *args], input=stdin, capture_output=True,
                            text=True, timeout=600, env=ENV)
    if result.returncode != 0:
        raise RuntimeError(f"tiendo {' '.join(args)} failed: {result.stderr}")
    return result


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    def text(self):
        return self.body.decode("utf-8", "replace")


def request(port, method, path, headers=None, body=None, sent=None, timeout=600):
    """One request on its own connection; `sent` (an Event) is set once the body is written."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        if sent is not None:
            sent.set()
        response = connection.getresponse()
        body = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        # A login answers with two cookies (the session, and the login form's cookie removed).
        headers["set-cookie-all"] = [v for k, v in response.getheaders()
                                     if k.lower() == "set-cookie"]
        return Answer(response.status, headers, body)
    finally:
        connection.close()


class Server:
    def __init__(self, database, folder):
        self.stderr = open(os.path.join(folder, "serve.stderr"), "wb")
        self.process = subprocess.Popen(
            [TIENDO, "--db", database, "serve", "--listen", "127.0.0.1:0", "--max-body",
             str(200 << 20)],
            stdout=subprocess.PIPE, stderr=self.stderr, env=ENV)
        line = self.process.stdout.readline().decode()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            raise RuntimeError(f"serve printed {line!r}")
        self.port = int(match.group(1))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.stderr.close()


class Browser:
    """A session through the login form; cookies kept by hand."""

    def __init__(self, port, name):
        self.port, self.cookies = port, {}
        page = self.get("/login").text()
        token = html.unescape(re.search(r'name="csrf_token" value="([^"]*)"', page).group(1))
        answer = self.request("POST", "/login", {"username": name, "password": PASSWORD,
                                                  "csrf_token": token, "next": "/"})
        if answer.status != 303 or "tiendo_session" not in self.cookies:
            raise RuntimeError(f"login of {name}: {answer.status}")

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = request(self.port, method, path, headers, body)
        for value in answer.headers.get("set-cookie-all", []):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer

    def get(self, path):
        return self.request("GET", path)


class Background:
    """A request made on a thread of its own; `answer` once `done` is set."""

    def __init__(self, port, method, path, headers=None, body=None):
        self.sent, self.done = threading.Event(), threading.Event()
        self.answer, self.error = None, None
        self.thread = threading.Thread(target=self._run,
                                       args=(port, method, path, headers, body), daemon=True)
        self.thread.start()

    def _run(self, *args):
        try:
            self.answer = request(*args, sent=self.sent)
        except Exception as error:  # noqa: BLE001 - told to the check that waits for it
            self.error = error
            self.sent.set()
        finally:
            self.done.set()

    def wait(self):
        self.done.wait(900)
        if self.error:
            raise self.error
        return self.answer


def multipart(files, fields=None):
    boundary = "heavy-test-boundary-7d1f"
    parts = []
    for name, value in (fields or {}).items():
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                     f"{value}\r\n".encode())
    for name, content in files:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                     f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n".encode() + content +
                     b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def is_retry_after(value):
    return value is not None and value.isdigit() and int(value) >= 1


def main():
    folder = tempfile.mkdtemp(prefix="tiendo-heavy-test-")
    database = os.path.join(folder, "heavy.db")
    server = None
    try:
        served = os.path.join(folder, "served")
        cli(database, "generate", "--projects", "1500", "--seed", "3", "--out", served)
        cli(database, "init")
        cli(database, "import", *(os.path.join(served, f"{table}.csv")
                                  for table in ("projects", "milestones", "dependencies")))
        # The dry run's files: a larger portfolio, most of its projects new to the database.
        upload = os.path.join(folder, "upload")
        cli(database, "generate", "--projects", "10000", "--seed", "5", "--out", upload)
        names = ["admin"] + [f"viewer{i}" for i in range(CORES + 2)]
        tokens = {}
        for name in names:
            # viewer0 may import (an editor): a viewer's import, dry run or not, is refused on its
            # head (403) before the heavy-work limit is asked.
            role = {"admin": ["admin"], "viewer0": ["editor", "--province", "Sóc Trăng"]}.get(
                name, ["viewer"])
            cli(database, "user", "add", name, "--role", *role,
                "--password-stdin", stdin=PASSWORD + "\n")
            tokens[name] = cli(database, "user", "token", name).stdout.strip().splitlines()[-1]

        def bearer(name):
            return {"Authorization": f"Bearer {tokens[name]}"}

        server = Server(database, folder)
        port = server.port
        viewer = Browser(port, "viewer0")

        # ---- (a) Readers answer while an import's dry run runs. ----
        pipeline_before = request(port, "GET", "/api/v1/pipeline", bearer("viewer1"))
        check("(a) the viewer's pipeline answers 200", pipeline_before.status == 200,
              pipeline_before.status)
        files = []
        for table in ("projects", "milestones", "dependencies"):
            with open(os.path.join(upload, f"{table}.csv"), "rb") as file:
                files.append((f"{table}.csv", file.read()))
        body, content_type = multipart(files)
        dry_run = Background(port, "POST", "/api/v1/import?dry_run=1",
                             {**bearer("admin"), "Content-Type": content_type}, body)
        dry_run.sent.wait(600)
        answered_during = []
        while not dry_run.done.is_set():
            pipeline = request(port, "GET", "/api/v1/pipeline", bearer("viewer1"))
            dashboard = viewer.get("/")
            if not dry_run.done.is_set():
                answered_during.append((pipeline, dashboard))
        result = dry_run.wait()
        print(f"      {len(answered_during)} pipeline and dashboard answers during the dry run",
              flush=True)
        check("(a) the dry run answers 200 and writes nothing",
              result.status == 200 and json.loads(result.body)["dry_run"] is True,
              (result.status, result.body[:300]))
        # A reader that waited for the dry run could answer once at most before it (the one that
        # came in before the dry run took the database); these answered one after the other.
        check("(a) a viewer's pipeline and dashboard answer again and again before the dry run "
              "finishes", len(answered_during) >= 3, f"{len(answered_during)} answered during it")
        check("(a) every answer during the dry run is 200, the pipeline as before it",
              all(p.status == 200 and d.status == 200 and p.body == pipeline_before.body
                  for p, d in answered_during),
              [(p.status, d.status) for p, d in answered_during][:5])

        # ---- (b) One heavy request per user; no more at once than processors. ----
        forecast = "/api/v1/forecast?draws=10000&seed={}"
        first = Background(port, "GET", forecast.format(101), bearer("viewer0"))
        first.sent.wait(60)
        second = request(port, "GET", forecast.format(102), bearer("viewer0"))
        # Whichever of the two took the user's slot first runs; the other is refused at once.
        if second.status == 200:
            refused, running = first.wait(), second
        else:
            refused, running = second, None
        check("(b) a second heavy request of the same user gets 429 with Retry-After, as JSON",
              refused.status == 429 and is_retry_after(refused.header("Retry-After")) and
              refused.header("Content-Type").startswith("application/json") and
              "already running" in refused.text(),
              (refused.status, refused.headers, refused.body[:300]))
        if running is None:
            page = viewer.get("/report")
            still_running = not first.done.is_set()
            check("(b) in the browser the same user's report gets a Vietnamese 429 page with "
                  "Retry-After while the forecast runs",
                  still_running and page.status == 429 and
                  is_retry_after(page.header("Retry-After")) and
                  "Máy chủ đang bận" in page.text() and "Hãy thử lại sau" in page.text() and
                  page.header("Content-Type").startswith("text/html"),
                  (still_running, page.status, page.headers, page.text()[:400]))
            export = viewer.get("/export/milestones.csv")
            check("(b) so does an export of the whole portfolio",
                  export.status == 429 and "Máy chủ đang bận" in export.text(),
                  (export.status, export.text()[:300]))
            csrf = json.loads(viewer.get("/api/v1/session").body)["csrf_token"]
            form, form_type = multipart([("projects.csv", files[0][1][:2000])],
                                        {"csrf_token": csrf, "dry_run": "1"})
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in viewer.cookies.items()),
                       "Content-Type": form_type}
            preview = request(port, "POST", "/import", headers, form)
            check("(b) and an import's dry run from the browser",
                  preview.status == 429 and "Máy chủ đang bận" in preview.text() and
                  is_retry_after(preview.header("Retry-After")),
                  (preview.status, preview.text()[:300]))
            check("(b) the forecast was still running through these refusals",
                  not first.done.is_set())
            running = first.wait()
        check("(b) the heavy request that ran answers 200", running.status == 200,
              (running.status, running.body[:300]))

        crowd = [Background(port, "GET", forecast.format(200 + i), bearer(f"viewer{i + 1}"))
                 for i in range(CORES + 1)]
        answers = [request_.wait() for request_ in crowd]
        statuses = sorted(answer.status for answer in answers)
        busy = [answer for answer in answers if answer.status == 429]
        check(f"(b) {CORES + 1} heavy requests of different users at once on {CORES} processors: "
              "some run (200), those past the pool get 429 with Retry-After",
              set(statuses) <= {200, 429} and busy and statuses.count(200) >= 1 and
              all(is_retry_after(answer.header("Retry-After")) for answer in busy) and
              all(b"processors" in answer.body for answer in busy), statuses)

        # ---- (c) The same parameters again: from the cache, until a write. ----
        cached = "/api/v1/forecast?draws=300&seed=77"
        one = request(port, "GET", cached, bearer("viewer1"))
        two = request(port, "GET", cached, bearer("viewer2"))
        check("(c) a forecast is made once (miss), then served from the cache (hit), the same",
              one.status == 200 and two.status == 200 and
              one.header("X-Tiendo-Cache") == "miss" and two.header("X-Tiendo-Cache") == "hit" and
              one.body == two.body, (one.status, one.headers, two.status, two.headers))
        report_one, report_two = viewer.get("/report"), viewer.get("/report")
        check("(c) the report too",
              report_one.status == 200 and report_two.status == 200 and
              report_one.header("X-Tiendo-Cache") == "miss" and
              report_two.header("X-Tiendo-Cache") == "hit",
              (report_one.status, report_one.headers, report_two.status, report_two.headers))
        export_one = viewer.get("/export/projects.csv")
        export_two = viewer.get("/export/projects.csv")
        check("(c) and an export of the whole portfolio",
              export_one.status == 200 and export_two.header("X-Tiendo-Cache") == "hit" and
              export_one.body == export_two.body, (export_one.status, export_two.headers))

        projects = json.loads(request(port, "GET", "/api/v1/projects?limit=1",
                                      bearer("admin")).body)["projects"]
        code = projects[0]["code"]
        detail = json.loads(request(port, "GET", f"/api/v1/projects/{code}", bearer("admin")).body)
        key = detail["milestones"][0]["key"]
        patch = request(port, "PATCH", f"/api/v1/milestones/{code}:{key}",
                        {**bearer("admin"), "Content-Type": "application/json"},
                        json.dumps({"source": "heavy test: a write"}))
        check("(c) a write through the API answers 200", patch.status == 200,
              (patch.status, patch.body[:300]))
        three = request(port, "GET", cached, bearer("viewer1"))
        check("(c) after a write the forecast is made again (miss)",
              three.status == 200 and three.header("X-Tiendo-Cache") == "miss",
              (three.status, three.headers))
        cli(database, "--actor", "heavytester", "milestone", "set", f"{code}:{key}", "--source",
            "heavy test: another process")
        four = request(port, "GET", cached, bearer("viewer1"))
        check("(c) after a write of another process too",
              four.status == 200 and four.header("X-Tiendo-Cache") == "miss",
              (four.status, four.headers))
        export_three = viewer.get("/export/projects.csv")
        check("(c) and the export is made again from the portfolio as written",
              export_three.status == 200 and export_three.header("X-Tiendo-Cache") == "miss",
              (export_three.status, export_three.headers))
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
