#!/usr/bin/env python3
"""`tiendo serve` on PostgreSQL while the database server goes away and comes back, over loopback,
on a PostgreSQL server of its own (tests/postgres/server.py), which it stops on purpose:

- while the server is stopped (a clean stop, then a crash), an API request and a page answer
  503 Service Unavailable with one line naming the database server, as the command line does with
  exit 5; so do a login, an API write and a form's post, and none of the writes changes anything;
- once the server is back, the next request is answered again (200), without restarting tiendo;
- a server restarted between two requests, with none while it was away, costs no request a 503.

Usage: postgres_outage_test.py TIENDO
"""
import html
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "postgres"))
import server  # noqa: E402

TIENDO = os.path.abspath(sys.argv[1])
SMALL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "data", "small")
PASSWORD = "a long enough password"
PASSED = FAILED = 0


def check(what, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
        print(f"ok   {what}", flush=True)
    else:
        FAILED += 1
        print(f"FAIL {what}" + (f": {str(detail)[:600]}" if detail else ""), flush=True)


def tiendo(uri, *args, stdin=None):
    return subprocess.run([TIENDO, "--db", uri, *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def count(uri, table):
    result = subprocess.run(["psql", "-q", "-X", "-t", "-A", uri, "-c",
                             f"SELECT count(*) FROM {table}"], capture_output=True, text=True)
    return int(result.stdout.strip()) if result.returncode == 0 else None


def forecast_of(uri, reference):
    code, key = reference.split(":")
    result = subprocess.run(["psql", "-q", "-X", "-t", "-A", uri, "-c",
                             "SELECT coalesce(m.forecast, '') FROM milestone m JOIN project p ON "
                             f"p.id = m.project_id WHERE p.code = '{code}' AND m.key = '{key}'"],
                            capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


class Client:
    """Requests on fresh connections, with a bearer token or a browser's cookies."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token
        self.cookies = {}

    def request(self, method, path, body=None, content_type=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Content-Type", ""), text

    def form(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields),
                            "application/x-www-form-urlencoded")

    def login(self):
        _, _, page = self.request("GET", "/login")
        return self.form("/login", {"username": "admin", "password": PASSWORD,
                                    "csrf_token": hidden(page, "csrf_token"), "next": "/"})


def hidden(page, name):
    match = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page)
    return html.unescape(match.group(1)) if match else None


def alert_text(page):
    """The text of the page's error paragraph, or None."""
    match = re.search(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1)) if match else None


def one_line_naming(message, host):
    return message is not None and "\n" not in message.strip() and host in message


def unavailable_checks(label, api, browser, port, host, form_token, version, uri_down_check):
    """Requests while the database server is away: 503 and one line naming it, nothing written."""
    status, kind, body = api.request("GET", "/api/v1/projects")
    message = json.loads(body).get("error") if kind.startswith("application/json") else None
    check(f"{label}: API GET -> 503 with one line naming {host}",
          status == 503 and one_line_naming(message, host), f"{status} {body}")
    status, _, body = api.request("GET", "/api/v1/pipeline?by=province")
    check(f"{label}: a second API GET -> 503 again", status == 503, f"{status} {body[:300]}")
    status, kind, page = browser.request("GET", "/projects")
    check(f"{label}: page GET /projects -> 503 HTML with one line naming {host}",
          status == 503 and kind.startswith("text/html") and
          one_line_naming(alert_text(page), host), f"{status} {kind} {page[:600]}")
    # The page's "try again" link repeats the request's target: escaped, never raw markup.
    status, kind, page = browser.request("GET", '/projects?search="><b>typed</b>')
    check(f"{label}: the 503 page's link repeats the target escaped",
          status == 503 and "<b>typed</b>" not in page and
          'href="/projects?search=&quot;&gt;&lt;b&gt;typed' in page, f"{status} {page[:900]}")
    status, kind, body = api.request("PATCH", "/api/v1/milestones/TV-WIND-B:cod",
                                     json.dumps({"forecast": "2023-03", "reason": "grid:mất"}),
                                     "application/json")
    message = json.loads(body).get("error") if kind.startswith("application/json") else None
    check(f"{label}: API PATCH -> 503 with one line naming {host}",
          status == 503 and one_line_naming(message, host), f"{status} {body}")
    status, kind, page = browser.form("/projects/TV-WIND-B/milestones/cod",
                                      {"csrf_token": form_token, "version": version,
                                       "forecast": "2023-04", "reason": "grid:mất điện"})
    check(f"{label}: form post of a milestone -> 503 HTML naming {host}",
          status == 503 and one_line_naming(alert_text(page), host), f"{status} {page[:600]}")
    stranger = Client(port)
    status, kind, page = stranger.login()
    check(f"{label}: a login -> 503, the form again with one line naming {host}",
          status == 503 and kind.startswith("text/html") and
          one_line_naming(alert_text(page), host) and hidden(page, "csrf_token"),
          f"{status} {page[:600]}")
    uri_down_check(label)


def main():
    with tempfile.TemporaryDirectory(prefix="tiendo-outage-") as work:
        directory = os.path.join(work, "server")
        server.start(directory)
        process = None
        try:
            uri = server.createdb(directory, "outage")
            host = server.base_uri(directory).split("@", 1)[1]
            for step in (("init",),
                         ("import", *(os.path.join(SMALL, name) for name in
                                      ("projects.csv", "milestones.csv", "dependencies.csv")))):
                result = tiendo(uri, *step)
                if result.returncode != 0:
                    raise SystemExit(f"tiendo {step[0]}: {result.stderr}")
            tiendo(uri, "user", "add", "admin", "--role", "admin", "--password-stdin",
                   stdin=PASSWORD + "\n")
            token = tiendo(uri, "user", "token", "admin").stdout.strip().splitlines()[-1].strip()
            process = subprocess.Popen([TIENDO, "serve", "--db", uri, "--listen", "127.0.0.1:0"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            port = int(process.stdout.readline().strip().rsplit(":", 1)[1])
            api = Client(port, token)
            browser = Client(port)
            status, _, _ = browser.login()
            check("log in while the database is up -> 303", status == 303, status)
            status, _, body = api.request("GET", "/api/v1/projects")
            check("API GET while the database is up -> 200", status == 200, f"{status} {body}")
            status, _, page = browser.request("GET", "/projects/TV-WIND-B/milestones/cod")
            form_token, version = hidden(page, "csrf_token"), hidden(page, "version")
            check("the milestone form while the database is up -> 200",
                  status == 200 and form_token and version, f"{status} {page[:300]}")
            forecast_before = forecast_of(uri, "TV-WIND-B:cod")
            log_before = count(uri, "change_log")

            def command_line_down(label):
                result = tiendo(uri, "project", "list")
                lines = [line for line in result.stderr.splitlines() if line.strip()]
                check(f"{label}: the command line: exit 5, one line naming {host}",
                      result.returncode == 5 and len(lines) == 1 and host in lines[0],
                      f"exit {result.returncode}: {result.stderr}")

            def back_up(label):
                status, _, body = api.request("GET", "/api/v1/projects")
                check(f"{label}, then back: API GET -> 200 without restarting tiendo",
                      status == 200 and "TV-WIND-B" in body, f"{status} {body[:300]}")
                status, _, page = browser.request("GET", "/projects")
                check(f"{label}, then back: page GET /projects -> 200",
                      status == 200 and "TV-WIND-B" in page, f"{status} {page[:300]}")
                check(f"{label}, then back: nothing of the writes tried meanwhile was written",
                      forecast_of(uri, "TV-WIND-B:cod") == forecast_before and
                      count(uri, "change_log") == log_before,
                      f"{forecast_of(uri, 'TV-WIND-B:cod')!r} vs {forecast_before!r}, "
                      f"{count(uri, 'change_log')} vs {log_before} change-log rows")

            # A clean stop: the server ends every connection and refuses new ones.
            server.halt(directory)
            unavailable_checks("stopped", api, browser, port, host, form_token, version,
                               command_line_down)
            server.resume(directory)
            back_up("stopped")
            status, _, _ = Client(port).login()
            check("stopped, then back: a login -> 303", status == 303, status)

            # A crash: connections end without a word from the server.
            server.crash(directory)
            unavailable_checks("crashed", api, browser, port, host, form_token, version,
                               command_line_down)
            server.resume(directory)
            back_up("crashed")

            # Restarted while nobody asked: the connections tiendo holds are dead, and the first
            # request after finds that out, opens them again and is answered.
            server.crash(directory)
            server.resume(directory)
            status, _, body = api.request("GET", "/api/v1/projects")
            check("restarted between requests: the next API GET -> 200", status == 200,
                  f"{status} {body[:300]}")
            server.crash(directory)
            server.resume(directory)
            status, _, page = browser.request("GET", "/projects")
            check("restarted between requests: the next page -> 200", status == 200,
                  f"{status} {page[:300]}")

            # The edit goes through once the server is back: the 503s were the outage, not the
            # edit.
            status, _, body = api.request("PATCH", "/api/v1/milestones/TV-WIND-B:cod",
                                          json.dumps({"forecast": "2023-05"}), "application/json")
            check("back: API PATCH -> 200 and written", status == 200 and
                  forecast_of(uri, "TV-WIND-B:cod") not in (forecast_before, None) and
                  count(uri, "change_log") > log_before, f"{status} {body[:300]}")
        finally:
            if process:
                process.send_signal(signal.SIGTERM)
                try:
                    _, errors = process.communicate(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    _, errors = process.communicate()
                check("tiendo serve ends cleanly on SIGTERM", process.returncode == 0,
                      f"exit {process.returncode}: {errors[-600:]}")
            server.stop(directory)
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
