#!/usr/bin/env python3
"""HTTP tests of `tiendo serve`, written from the contract (DESIGN.md "The web workspace" and the
lead's server contract), independent of the server's code.

Usage (from the source directory):  python3 tests/web/http_test.py PATH_TO_TIENDO

It builds temporary databases with `tiendo demo`, adds accounts and tokens with `tiendo user`,
starts `tiendo serve --listen 127.0.0.1:0`, and checks over loopback: every status code of the
contract, roles and province scope (a refused write changes nothing; an allowed write is in the
change log with the user's name), API answers equal to the CLI's JSON, HTML escaping of hostile
text, hostile requests (path traversal, oversized headers, garbage, slow clients), sessions and
cookies. Requests are written by hand on raw sockets, so nothing normalises an attack away.

Each check prints "ok" or "FAIL" with its name; a failure names the request and the answer.
Exit 0 when every check passed, 1 otherwise.
"""
import csv
import datetime
import io
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile
from html.parser import HTMLParser

if len(sys.argv) != 2:
    sys.exit("usage: http_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
SOURCE_DIR = os.getcwd()
STARTED = time.monotonic()

# ----------------------------------------------------------------------------------------------
# Results

PASSED = []
FAILED = []


def check(name, ok, detail=""):
    """Records one named check; a failure keeps its detail (the request and what came back)."""
    if ok:
        PASSED.append(name)
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append((name, detail))
        print(f"FAIL  {name}\n      {detail}", flush=True)
    return bool(ok)


def group(function):
    """Runs one group of checks; an exception in the test itself is a failure, not an abort."""
    try:
        function()
    except Exception as error:  # noqa: BLE001 - a broken group must not hide the others
        import traceback

        check(f"{function.__name__}: ran to the end", False,
              f"{type(error).__name__}: {error}\n{traceback.format_exc()}")


# ----------------------------------------------------------------------------------------------
# Raw HTTP over sockets


class Response:
    def __init__(self, request_summary, status=None, reason="", headers=None, body=b"",
                 raw=b"", error=None):
        self.request = request_summary
        self.status = status
        self.reason = reason
        self.headers = headers or []
        self.body = body
        self.raw = raw
        self.error = error

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def cookies(self):
        """name -> (value, the whole Set-Cookie line)."""
        jar = {}
        for line in self.header_all("Set-Cookie"):
            first = line.split(";", 1)[0]
            if "=" in first:
                name, value = first.split("=", 1)
                jar[name.strip()] = (value.strip(), line)
        return jar

    def summary(self):
        if self.status is None:
            return f"{self.request} -> no answer ({self.error or 'connection closed'})"
        body = self.body[:400]
        return (f"{self.request} -> {self.status} {self.reason} "
                f"[Content-Type: {self.header('Content-Type')}; Location: {self.header('Location')}]"
                f" body={body!r}")


def _encode(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def parse_response(data, request_summary):
    if not data:
        return Response(request_summary, error="no bytes")
    head, separator, rest = data.partition(b"\r\n\r\n")
    if not separator:
        return Response(request_summary, raw=data, error=f"incomplete answer {data[:200]!r}")
    lines = head.split(b"\r\n")
    match = re.match(rb"HTTP/\d\.\d (\d{3}) ?(.*)", lines[0])
    if not match:
        return Response(request_summary, raw=data, error=f"bad status line {lines[0][:200]!r}")
    headers = []
    for line in lines[1:]:
        if b":" in line:
            key, value = line.split(b":", 1)
            headers.append((key.decode("latin-1").strip(), value.decode("latin-1").strip()))
    response = Response(request_summary, int(match.group(1)), match.group(2).decode("latin-1"),
                        headers, rest, data)
    if (response.header("Transfer-Encoding") or "").lower() == "chunked":
        body, position = b"", 0
        while True:
            end = rest.find(b"\r\n", position)
            if end < 0:
                break
            size = int(rest[position:end].split(b";")[0] or b"0", 16)
            if size == 0:
                break
            body += rest[end + 2:end + 2 + size]
            position = end + 2 + size + 2
        response.body = body
    elif response.header("Content-Length") is not None:
        response.body = rest[:int(response.header("Content-Length"))]
    return response


def _complete(data):
    """True when data holds a whole answer (so a kept-alive connection need not be waited out)."""
    head, separator, rest = data.partition(b"\r\n\r\n")
    if not separator:
        return False
    match = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
    if match:
        return len(rest) >= int(match.group(1))
    if re.search(rb"\r\ntransfer-encoding:\s*chunked", head, re.I):
        return rest.endswith(b"0\r\n\r\n")
    return False


def send_raw(port, data, timeout=10.0, shut_write=False, tls=False, summary=None, pause=None):
    """Sends bytes as they are and reads the answer. data may be a list of pieces (pause between)."""
    summary = summary or repr(data[:120] if isinstance(data, bytes) else data[0][:120])
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as error:
        return Response(summary, error=f"connect: {error}")
    try:
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock)
        pieces = data if isinstance(data, list) else [data]
        try:
            for index, piece in enumerate(pieces):
                if index and pause:
                    time.sleep(pause)
                sock.sendall(piece)
            if shut_write and not tls:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer (413) and close before the whole body is sent
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if _complete(b"".join(chunks)):
                break
        return parse_response(b"".join(chunks), summary)
    finally:
        try:
            sock.close()
        except OSError:
            pass


def http(port, method, target, headers=(), body=None, timeout=15.0, tls=False,
         content_length=True):
    """One request with Connection: close. target is sent exactly as given (str or bytes)."""
    target_bytes = _encode(target)
    lines = [_encode(method) + b" " + target_bytes + b" HTTP/1.1",
             b"Host: 127.0.0.1:%d" % port, b"Connection: close"]
    names = set()
    for key, value in headers:
        names.add(key.lower())
        lines.append(_encode(key) + b": " + _encode(value))
    if body is not None and content_length and "content-length" not in names \
            and "transfer-encoding" not in names:
        lines.append(b"Content-Length: %d" % len(body))
    data = b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")
    shown = " ".join(f"{k}: {str(v)[:60]}" for k, v in headers)
    body_shown = "" if body is None else f" body={body[:160]!r}" + (
        f"...({len(body)} bytes)" if len(body) > 160 else "")
    summary = f"{method} {target_bytes.decode('latin-1')[:200]} [{shown}]{body_shown}"
    return send_raw(port, data, timeout=timeout, tls=tls, summary=summary)


# ----------------------------------------------------------------------------------------------
# HTML helpers


class PageScan(HTMLParser):
    """Collects forms, text and any sign that hostile text became markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.injected = []
        self.text = []
        self.forms = []
        self.external = []
        self._script = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key, value in attrs:
            value = value or ""
            if key.startswith("on") and "alert(" in value:
                self.injected.append(f"<{tag} {key}={value!r}>")
            if key in ("src", "href", "action", "formaction") and \
                    value.strip().lower().startswith("javascript:"):
                self.injected.append(f"<{tag} {key}={value!r}>")
        if tag == "img" and attributes.get("src") == "x":
            self.injected.append("<img src=x>")
        if tag == "script":
            self._script = True
        for key in ("src",) if tag in ("script", "img", "iframe", "audio", "video") else ():
            self._note_external(tag, key, attributes.get(key))
        if tag == "link":
            self._note_external(tag, "href", attributes.get("href"))
        if tag == "form":
            self.forms.append({"action": attributes.get("action"),
                               "method": (attributes.get("method") or "get").lower(),
                               "fields": []})
        elif tag == "input" and self.forms and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            self.forms[-1]["fields"].append([attributes["name"], attributes.get("value") or ""])
        elif tag == "textarea" and self.forms and attributes.get("name"):
            self._textarea = [attributes["name"], ""]
            self.forms[-1]["fields"].append(self._textarea)
        elif tag == "select" and self.forms and attributes.get("name"):
            self._select = [attributes["name"], None]
            self.forms[-1]["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            value = attributes.get("value") or ""
            if self._select[1] is None or "selected" in attributes:
                self._select[1] = value

    def _note_external(self, tag, key, value):
        if not value:
            return
        lowered = value.strip().lower()
        if lowered.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", lowered) and \
                not lowered.startswith("data:"):
            self.external.append(f"<{tag} {key}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            if self._select is not None and self._select[1] is None:
                self._select[1] = ""
            self._select = None

    def handle_data(self, data):
        if self._script and "alert(" in data:
            self.injected.append(f"<script>{data[:80]!r}")
        if self._textarea is not None:
            self._textarea[1] += data
        self.text.append(data)


def scan(html_text):
    scanner = PageScan()
    scanner.feed(html_text)
    scanner.close()
    return scanner


RAW_HOSTILE = ["<script>alert(", "<img src=x onerror", "<svg onload", "<iframe src=javascript",
               "<b onclick"]


def raw_injection(html_text):
    return [marker for marker in RAW_HOSTILE if marker in html_text]


# ----------------------------------------------------------------------------------------------
# The command line and the server process

WORK = tempfile.mkdtemp(prefix="tiendo-http-")
ENV = dict(os.environ, USER="clitester", LC_ALL="C.UTF-8")
ENV.pop("TIENDO_DB", None)


def cli(db, *args, stdin=None, expect=0):
    process = subprocess.run([TIENDO, "--db", db, *args], input=stdin, capture_output=True,
                             text=True, env=ENV, cwd=WORK, timeout=120)
    if expect is not None and process.returncode != expect:
        raise RuntimeError(f"tiendo {' '.join(args)} exited {process.returncode}: "
                           f"{process.stderr.strip()[:500]}")
    return process


def cli_json(db, *args):
    return json.loads(cli(db, *args, "--format", "json").stdout)


class Server:
    def __init__(self, db, *extra, name="server"):
        self.name = name
        self.stderr_path = os.path.join(WORK, f"{name}.stderr")
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(
            [TIENDO, "serve", "--db", db, "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE, stderr=self.stderr, env=ENV, cwd=WORK)
        self.line = self._read_line(20.0)
        match = re.fullmatch(r"listening on (https?)://127\.0\.0\.1:(\d+)", self.line.rstrip("\n"))
        self.tls = bool(match and match.group(1) == "https")
        self.port = int(match.group(2)) if match else None
        # Whatever else it prints is collected (and must be nothing), so a full pipe never blocks it.
        self.more_output = b""
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()

    def _drain(self):
        while True:
            try:
                chunk = os.read(self.process.stdout.fileno(), 65536)
            except OSError:
                break
            if not chunk:
                break
            self.more_output += chunk

    def _read_line(self, timeout):
        data = b""
        deadline = time.monotonic() + timeout
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                byte = os.read(self.process.stdout.fileno(), 1)
                if not byte:
                    break
                data += byte
            elif self.process.poll() is not None:
                break
        return data.decode("utf-8", "replace")

    def alive(self):
        return self.process.poll() is None

    def stderr_tail(self):
        if not self.stderr.closed:
            self.stderr.flush()
        with open(self.stderr_path, "rb") as handle:
            return handle.read()[-800:].decode("utf-8", "replace")

    def req(self, method, target, headers=(), body=None, timeout=15.0, **kwargs):
        return http(self.port, method, target, headers, body, timeout=timeout, tls=self.tls,
                    **kwargs)

    def stop(self, sig=signal.SIGTERM):
        """Stops the server; returns (exit code, whatever else it printed on standard output)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.drain.join(timeout=5)
        self.process.stdout.close()
        self.stderr.close()
        return self.process.returncode, self.more_output.decode("utf-8", "replace")


# ----------------------------------------------------------------------------------------------
# Fixture: one database with the seed portfolio, hostile projects and accounts

DB = os.path.join(WORK, "web.db")
PASSWORDS = {}
TOKENS = {}
SECRETS = []  # session ids, tokens and passwords that must never reach the database file

XSS_NAME_1 = "<script>alert(1)</script>"
XSS_INVESTOR_1 = '"><img src=x onerror=alert(2)>'
XSS_SITE_1 = "' onmouseover='alert(3)' x='"
XSS_SOURCE_1 = "</textarea><svg onload=alert(4)>"
XSS_REASON_1 = "grid:<b onclick=alert(5)>x</b>"
XSS_MILESTONE_NAME_1 = "<iframe src=javascript:alert(6)>"
XSS_NAME_2 = '"><img src=x onerror=alert(7)>'
XSS_NAME_3 = "</title><script>alert(8)</script>'\"&amp;"

ST_REF = ("ST-WIND-QH-01", "investment_policy")  # Sóc Trăng (in Cần Thơ since 2025)
ST_REF_FORM = ("ST-WIND-QH-03", "investment_policy")
ST_REF_CLI = ("ST-WIND-QH-02", "investment_policy")
TV_REF = ("TV-WIND-V1-1", "cod")  # Trà Vinh (in Vĩnh Long)
HG_REF = ("ZZ-HG-1", "cod")  # Hậu Giang: Cần Thơ unit, not Sóc Trăng
LS_REF = ("LS-KHANHKHE", "cod")  # Lạng Sơn
IMPACT_REF = "TV-GRID-110-GIO1-DUYENTRA:grid_line_energized"
AS_OF = "2020-12-31"


def add_account(name, role, *provinces):
    PASSWORDS[name] = f"secret-password-{name}"
    SECRETS.append(PASSWORDS[name])
    arguments = ["user", "add", name, "--role", role, "--password-stdin"]
    for province in provinces:
        arguments += ["--province", province]
    cli(DB, *arguments, stdin=PASSWORDS[name] + "\n")


def issue_token(name):
    output = cli(DB, "user", "token", name).stdout.strip().splitlines()
    token = output[-1].strip()
    TOKENS[name] = token
    SECRETS.append(token)
    return token


def build_fixture():
    cli(DB, "demo")
    cli(DB, "--actor", "clitester", "project", "add", "AA-XSS-1", "--name", XSS_NAME_1,
        "--technology", "solar_farm", "--province", "Sóc Trăng", "--capacity", "10",
        "--investor", XSS_INVESTOR_1, "--site", XSS_SITE_1, "--source", XSS_SOURCE_1)
    cli(DB, "--actor", "clitester", "milestone", "add", "AA-XSS-1:cod", "--planned", "2019-06",
        "--reason", XSS_REASON_1, "--name", XSS_MILESTONE_NAME_1)
    cli(DB, "--actor", "clitester", "project", "add", "AA-XSS-2", "--name", XSS_NAME_2,
        "--technology", "wind_onshore", "--province", "Trà Vinh", "--capacity", "5")
    cli(DB, "--actor", "clitester", "project", "add", "AA-XSS-3", "--name", XSS_NAME_3,
        "--technology", "wind_onshore", "--province", "Sóc Trăng", "--capacity", "6",
        "--investor", "javascript:alert(9)")
    cli(DB, "--actor", "clitester", "project", "add", "ZZ-HG-1", "--name", "Điện mặt trời Hậu Giang",
        "--technology", "solar_farm", "--province", "Hậu Giang", "--capacity", "5")
    cli(DB, "--actor", "clitester", "milestone", "add", "ZZ-HG-1:cod", "--planned", "2022-06")
    add_account("admin", "admin")
    add_account("viewer", "viewer")
    add_account("ed", "editor", "Sóc Trăng")
    add_account("edcu", "editor", "Cần Thơ")
    add_account("off", "viewer")
    add_account("off2", "viewer")
    add_account("lock", "viewer")
    add_account("rev", "viewer")
    for name in ("admin", "viewer", "ed", "edcu", "off", "rev"):
        issue_token(name)
    cli(DB, "user", "set", "off", "--disable")


def bearer(name):
    return ("Authorization", f"Bearer {TOKENS[name]}")


def milestone_rows(db=None):
    return cli_json(db or DB, "milestone", "list")["milestones"]


def history(code, db=None):
    return cli_json(db or DB, "history", code, "--limit", "100000")["changes"]


def milestone_of(code, key, db=None):
    for row in milestone_rows(db):
        if row["project"] == code and row["key"] == key:
            return row
    return None


# ----------------------------------------------------------------------------------------------
# Checks

SERVER = None
SESSIONS = {}  # name -> session cookie value
ASSETS = {}


def expect(name, response, statuses, json_error=None, extra=True, extra_detail=""):
    """A status check. json_error: "error" or "errors" when the body must be that JSON shape."""
    statuses = statuses if isinstance(statuses, (set, tuple, list)) else (statuses,)
    ok = response.status in statuses and extra
    detail = f"{response.summary()}\n      expected status {' or '.join(map(str, statuses))}"
    if ok and json_error:
        content_type = (response.header("Content-Type") or "").lower()
        try:
            body = response.json()
            if json_error == "error":
                shape = isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
            else:
                shape = isinstance(body, dict) and isinstance(body.get("errors"), list) and \
                    body["errors"] and all(isinstance(e, dict) and
                                           {"field", "value", "reason", "message"} <= set(e)
                                           for e in body["errors"])
        except (ValueError, UnicodeDecodeError):
            shape = False
        if not content_type.startswith("application/json") or not shape:
            ok = False
            detail += (f" with JSON {{\"{json_error}\": ...}} "
                       f"({'{' + json_error + ' ...}' if json_error == 'error' else 'each with field, value, reason, message'})"
                       f" and Content-Type application/json")
    if extra_detail and not extra:
        detail += f"\n      {extra_detail}"
    return check(name, ok, detail)


def login_form(server, path="/login"):
    """GET /login: returns (tiendo_login cookie value, hidden csrf_token, response)."""
    response = server.req("GET", path)
    cookie = response.cookies().get("tiendo_login", (None, ""))[0]
    hidden = None
    if response.status == 200:
        for form in scan(response.text).forms:
            for field, value in form["fields"]:
                if field == "csrf_token":
                    hidden = value
    return cookie, hidden, response


def post_login(server, username, password, csrf="same", extra_fields=(), cookie="same"):
    login_cookie, hidden, _ = login_form(server)
    fields = [("username", username), ("password", password)]
    if csrf == "same":
        fields.append(("csrf_token", hidden or ""))
    elif csrf is not None:
        fields.append(("csrf_token", csrf))
    fields += list(extra_fields)
    headers = [("Content-Type", "application/x-www-form-urlencoded")]
    cookie_value = login_cookie if cookie == "same" else cookie
    if cookie_value:
        headers.append(("Cookie", f"tiendo_login={cookie_value}"))
    body = urllib.parse.urlencode(fields).encode()
    return server.req("POST", "/login", headers, body)


def login(server, name):
    response = post_login(server, name, PASSWORDS[name])
    session = response.cookies().get("tiendo_session", (None, ""))[0]
    if session:
        SECRETS.append(session)
    return session, response


def cookie(name):
    return ("Cookie", f"tiendo_session={SESSIONS[name]}")


def csrf_of(session_value):
    response = SERVER.req("GET", "/api/v1/session", [("Cookie", f"tiendo_session={session_value}")])
    try:
        return response.json().get("csrf_token")
    except (ValueError, AttributeError):
        return None


def run_briefly(arguments, seconds=8):
    """Runs a command that should refuse and exit; kills it if it is still running after seconds."""
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                               cwd=WORK)
    try:
        stdout, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        return None, stdout, stderr
    return process.returncode, stdout, stderr


def test_startup_refusals():
    missing = os.path.join(WORK, "missing.db")
    code, stdout, stderr = run_briefly([TIENDO, "serve", "--db", missing, "--listen",
                                        "127.0.0.1:0"])
    check("serve: a database that does not exist is refused (non-zero exit, nothing listening, "
          "no file created)",
          code not in (0, None) and b"listening on" not in stdout and not os.path.exists(missing),
          f"tiendo serve --db {missing} -> exit {code} (None: still running after 8 s), "
          f"stdout={stdout[:200]!r}, stderr={stderr[:200]!r}, "
          f"file created: {os.path.exists(missing)}")
    for listen in ("not-a-host-port", "127.0.0.1:99999", "127.0.0.1:http"):
        code, stdout, stderr = run_briefly([TIENDO, "serve", "--db", DB, "--listen", listen])
        check(f"serve: --listen {listen} is refused with a non-zero exit",
              code not in (0, None) and b"listening on" not in stdout,
              f"exit {code} (None: still running after 8 s), stdout={stdout[:200]!r}, "
              f"stderr={stderr[:200]!r}")


def test_health_and_assets():
    response = SERVER.req("GET", "/healthz")
    check("GET /healthz without login -> 200 \"ok\"",
          response.status == 200 and response.body.strip() == b"ok", response.summary())
    for asset, kind in (("tiendo.css", "text/css"), ("tiendo.js", "javascript")):
        path = os.path.join(SOURCE_DIR, "src", "web", "assets", asset)
        expected = open(path, "rb").read() if os.path.exists(path) else None
        response = SERVER.req("GET", f"/assets/{asset}")
        ASSETS[asset] = response.body if response.status == 200 else expected
        check(f"GET /assets/{asset} (no login: the login page needs it) -> 200 {kind}, "
              f"the embedded file's bytes",
              response.status == 200 and kind in (response.header("Content-Type") or "")
              and (expected is None or response.body == expected), response.summary())
    response = SERVER.req("GET", "/assets/nothing.css")
    expect("GET /assets/nothing.css -> 404", response, 404)


def test_redirects_without_session():
    pages = ["/", "/projects", "/projects/ST-WIND-QH-01",
             "/projects/ST-WIND-QH-01/milestones/investment_policy", "/alerts", "/pipeline",
             "/report", "/import", "/history", "/admin/users", "/?lang=en"]
    for page in pages:
        response = SERVER.req("GET", page)
        expect(f"GET {page} without a session -> 303 to /login", response, 303,
               extra=(response.header("Location") or "").startswith("/login"),
               extra_detail="Location must start with /login")
    response = SERVER.req("GET", "/projects", [("Cookie", "tiendo_session=" + "A" * 43)])
    expect("GET /projects with an unknown session id -> 303 to /login", response, 303,
           extra=(response.header("Location") or "").startswith("/login"))
    response = SERVER.req("POST", "/projects/ST-WIND-QH-01/milestones/investment_policy",
                          [("Content-Type", "application/x-www-form-urlencoded")],
                          b"forecast=2021-01&csrf_token=x&version=1")
    check("POST to the milestone form without a session -> 303 to /login or 401/403, never 200",
          response.status in (303, 401, 403), response.summary())


def test_login_page_and_login():
    login_cookie, hidden, response = login_form(SERVER)
    forms = scan(response.text).forms if response.status == 200 else []
    names = {field for form in forms for field, _ in form["fields"]}
    check("GET /login -> 200 HTML form with username, password, csrf_token",
          response.status == 200 and "text/html" in (response.header("Content-Type") or "")
          and {"username", "password", "csrf_token"} <= names, response.summary())
    line = response.cookies().get("tiendo_login", ("", ""))[1]
    check("GET /login sets cookie tiendo_login, HttpOnly",
          bool(login_cookie) and "httponly" in line.lower(), f"Set-Cookie: {line!r}")
    check("GET /login: hidden csrf_token equals the tiendo_login cookie (double submit)",
          bool(hidden) and hidden == login_cookie, f"cookie={login_cookie!r} hidden={hidden!r}")
    other_cookie, other_hidden, _ = login_form(SERVER)
    check("GET /login twice gives different csrf tokens",
          bool(other_hidden) and other_hidden != hidden, f"{hidden!r} vs {other_hidden!r}")

    # The good login, with every cookie flag.
    response = post_login(SERVER, "admin", PASSWORDS["admin"])
    session, line = response.cookies().get("tiendo_session", (None, ""))
    expect("POST /login admin, right password and csrf -> 303 to /", response, 303,
           extra=response.header("Location") == "/" and bool(session),
           extra_detail="Location must be / and a tiendo_session cookie set")
    attributes = [part.strip().lower() for part in line.split(";")[1:]]
    check("session cookie has HttpOnly", "httponly" in attributes, f"Set-Cookie: {line!r}")
    check("session cookie has SameSite=Lax", "samesite=lax" in attributes, f"Set-Cookie: {line!r}")
    check("session cookie has Path=/", "path=/" in attributes, f"Set-Cookie: {line!r}")
    check("session id is a long random value (>= 43 characters, 256 bits)",
          bool(session) and len(session) >= 43, f"session={session!r}")
    if session:
        SECRETS.append(session)
        SESSIONS["admin"] = session
    for name in ("viewer", "ed", "edcu"):
        SESSIONS[name], _ = login(SERVER, name)
    check("two logins give two different session ids",
          len({SESSIONS.get(n) for n in ("admin", "viewer", "ed", "edcu")}) == 4, str(SESSIONS))

    response = SERVER.req("GET", "/", [cookie("admin")])
    check("GET / with the admin session -> 200 HTML",
          response.status == 200 and "text/html" in (response.header("Content-Type") or ""),
          response.summary())

    # next= only to a local path.
    for next_value, expected in (("/projects?province=S%C3%B3c+Tr%C4%83ng", None),
                                 ("//evil.example/", "/"), ("https://evil.example/", "/"),
                                 ("/\\evil.example/", "/"), ("javascript:alert(1)", "/")):
        response = post_login(SERVER, "viewer", PASSWORDS["viewer"],
                              extra_fields=[("next", next_value)])
        session = response.cookies().get("tiendo_session", (None, ""))[0]
        if session:
            SECRETS.append(session)
        location = response.header("Location")
        wanted = next_value if expected is None else expected
        expect(f"POST /login with next={next_value!r} -> 303 to {wanted!r}", response, 303,
               extra=location == wanted, extra_detail=f"Location was {location!r}")
    response = post_login(SERVER, "viewer", PASSWORDS["viewer"],
                          extra_fields=[("next", "/x\r\nSet-Cookie: injected=1")])
    check("POST /login with a CR LF in next: no header injection, no 5xx",
          response.status is not None and response.status < 500
          and "injected" not in response.cookies()
          and "\n" not in (response.header("Location") or ""), response.summary())

    # Bad credentials.
    for label, user, password in (("wrong password", "admin", "wrong-password-123"),
                                  ("unknown user", "nobody", "secret-password-x"),
                                  ("empty password", "viewer", "")):
        response = post_login(SERVER, user, password)
        body_names = {f for form in scan(response.text).forms for f, _ in form["fields"]}
        no_session = not response.cookies().get("tiendo_session", ("",))[0]
        expect(f"POST /login {label} -> 401 with the form again, no session", response, 401,
               extra=no_session and {"username", "password"} <= body_names,
               extra_detail="the answer must re-show the form and set no session")
    response = post_login(SERVER, "off", PASSWORDS["off"])
    check("POST /login of a disabled account with its right password -> 401/403, no session",
          response.status in (401, 403) and not response.cookies().get("tiendo_session", ("",))[0],
          response.summary())

    # CSRF on the login form.
    response = post_login(SERVER, "admin", PASSWORDS["admin"], csrf=None)
    expect("POST /login without csrf_token -> 403, no session", response, 403,
           extra=not response.cookies().get("tiendo_session", ("",))[0])
    response = post_login(SERVER, "admin", PASSWORDS["admin"], csrf="0" * 43)
    expect("POST /login with a csrf_token that is not the cookie's -> 403", response, 403,
           extra=not response.cookies().get("tiendo_session", ("",))[0])
    response = post_login(SERVER, "admin", PASSWORDS["admin"], cookie=None)
    expect("POST /login with the form's csrf_token but no tiendo_login cookie (another site) -> 403",
           response, 403, extra=not response.cookies().get("tiendo_session", ("",))[0])
    response = post_login(SERVER, "admin", PASSWORDS["admin"], csrf="", cookie="")
    expect("POST /login with empty csrf_token and empty cookie -> 403", response, 403,
           extra=not response.cookies().get("tiendo_session", ("",))[0])


def test_login_throttle():
    statuses = []
    for attempt in range(5):
        statuses.append(post_login(SERVER, "lock", "wrong-password-%d" % attempt).status)
    check("five failed logins for 'lock': the first four -> 401",
          statuses[:4] == [401] * 4, f"statuses {statuses}")
    response = post_login(SERVER, "lock", PASSWORDS["lock"])
    expect("after five failed logins within 15 minutes, the right password -> 429, no session",
           response, 429, extra=not response.cookies().get("tiendo_session", ("",))[0])
    response = post_login(SERVER, "lock", "wrong-password-again")
    expect("... and a sixth wrong password -> 429", response, 429)
    session, response = login(SERVER, "admin")
    expect("another account is not throttled by 'lock' failures (admin login -> 303)", response, 303)


def test_api_authentication():
    response = SERVER.req("GET", "/api/v1/session")
    expect("GET /api/v1/session without credentials -> 401 JSON", response, 401, "error")
    for label, value in (("bad token", "Bearer " + "x" * 43), ("empty bearer", "Bearer "),
                         ("Basic scheme", "Basic YWRtaW46c2VjcmV0LXBhc3N3b3JkLWFkbWlu"),
                         ("token of a disabled account", f"Bearer {TOKENS['off']}"),
                         ("token with a byte changed", "Bearer " + TOKENS["admin"][:-1] +
                          ("A" if TOKENS["admin"][-1] != "A" else "B"))):
        response = SERVER.req("GET", "/api/v1/pipeline", [("Authorization", value)])
        statuses = (401, 403) if "disabled" in label else 401
        expect(f"GET /api/v1/pipeline with {label} -> {statuses} JSON", response, statuses, "error")
    for method, target, body in (("PATCH", f"/api/v1/milestones/{ST_REF[0]}:{ST_REF[1]}",
                                  b'{"forecast": "2021-03"}'),
                                 ("POST", "/api/v1/import", b"project,key\n"),
                                 ("GET", "/api/v1/projects", None),
                                 ("GET", "/api/v1/projects/LS-KHANHKHE", None)):
        before = milestone_rows()
        response = SERVER.req(method, target, [("Content-Type", "application/json")], body)
        expect(f"{method} {target} without credentials -> 401 JSON, nothing written", response,
               401, "error", extra=milestone_rows() == before)
    # One kind of secret never stands in for another.
    login_cookie, _, _ = login_form(SERVER)
    api_csrf = csrf_of(SESSIONS["admin"]) or "none"
    for label, headers in (
            ("the tiendo_login cookie's value as a session", [("Cookie", f"tiendo_session={login_cookie}")]),
            ("the CSRF token as a session", [("Cookie", f"tiendo_session={api_csrf}")]),
            ("an API token as a session", [("Cookie", f"tiendo_session={TOKENS['admin']}")]),
            ("a session id as a Bearer token", [("Authorization", f"Bearer {SESSIONS['admin']}")]),
            ("the CSRF token as a Bearer token", [("Authorization", f"Bearer {api_csrf}")])):
        response = SERVER.req("GET", "/api/v1/session", headers)
        expect(f"GET /api/v1/session with {label} -> 401", response, 401, "error")
    response = SERVER.req("GET", "/api/v1/alerts", [("Cookie", "tiendo_session=" + "B" * 43)])
    expect("GET /api/v1/alerts with an unknown session cookie -> 401 JSON", response, 401, "error")
    for name, role, provinces in (("admin", "admin", []), ("viewer", "viewer", []),
                                  ("ed", "editor", ["Sóc Trăng"]), ("edcu", "editor", ["Cần Thơ"])):
        response = SERVER.req("GET", "/api/v1/session", [bearer(name)])
        try:
            body = response.json()
            ok = response.status == 200 and body.get("user") == name and body.get("role") == role \
                and body.get("provinces") == provinces and "csrf_token" in body
        except ValueError:
            ok = False
        check(f"GET /api/v1/session with {name}'s token -> user {name}, role {role}, "
              f"provinces {provinces}", ok, response.summary())
    response = SERVER.req("GET", "/api/v1/session", [cookie("ed")])
    try:
        body = response.json()
        ok = response.status == 200 and body.get("user") == "ed" and \
            isinstance(body.get("csrf_token"), str) and len(body["csrf_token"]) >= 16
    except ValueError:
        ok = False
    check("GET /api/v1/session with ed's session cookie -> ed and a csrf_token", ok,
          response.summary())
    check("API answers are application/json; charset=utf-8",
          (response.header("Content-Type") or "").replace(" ", "").lower()
          == "application/json;charset=utf-8", response.summary())


def api_json(target, who="viewer"):
    response = SERVER.req("GET", target, [bearer(who)])
    try:
        return response, response.json()
    except (ValueError, UnicodeDecodeError):
        return response, None


def compare_api_cli(label, target, cli_args):
    response, body = api_json(target)
    expected = cli_json(DB, *cli_args)
    detail = response.summary()
    if body is not None and body != expected:
        detail = (f"GET {target} differs from tiendo {' '.join(cli_args)} --format json\n"
                  f"      api={json.dumps(body, ensure_ascii=False)[:600]}\n"
                  f"      cli={json.dumps(expected, ensure_ascii=False)[:600]}")
    return check(label, response.status == 200 and body == expected, detail)


def q(value):
    return urllib.parse.quote(value, safe="")


def test_api_equals_cli():
    cases = [
        ("/api/v1/pipeline", ["pipeline"]),
        (f"/api/v1/pipeline?as_of={AS_OF}", ["--as-of", AS_OF, "pipeline"]),
        (f"/api/v1/pipeline?as_of={AS_OF}&by=province,technology",
         ["--as-of", AS_OF, "pipeline", "--by", "province,technology"]),
        (f"/api/v1/pipeline?as_of={AS_OF}&by=stage,cod_year",
         ["--as-of", AS_OF, "pipeline", "--by", "stage,cod_year"]),
        (f"/api/v1/pipeline?as_of={AS_OF}&by=investor", ["--as-of", AS_OF, "pipeline", "--by",
                                                         "investor"]),
        (f"/api/v1/pipeline?as_of={AS_OF}&by=province&province={q('Cần Thơ')}",
         ["--as-of", AS_OF, "pipeline", "--by", "province", "--province", "Cần Thơ"]),
        (f"/api/v1/pipeline?as_of={AS_OF}&by=province&legacy_provinces=1",
         ["--as-of", AS_OF, "pipeline", "--by", "province", "--legacy-provinces"]),
        (f"/api/v1/pipeline?as_of={AS_OF}&technology=wind&stage=operating",
         ["--as-of", AS_OF, "pipeline", "--technology", "wind", "--stage", "operating"]),
        ("/api/v1/alerts", ["alerts"]),
        (f"/api/v1/alerts?as_of={AS_OF}", ["--as-of", AS_OF, "alerts"]),
        (f"/api/v1/alerts?as_of={AS_OF}&min_severity=warning",
         ["--as-of", AS_OF, "alerts", "--min-severity", "warning"]),
        (f"/api/v1/schedule?as_of={AS_OF}", ["--as-of", AS_OF, "schedule"]),
        (f"/api/v1/schedule?project=LS-KHANHKHE&as_of={AS_OF}",
         ["--as-of", AS_OF, "schedule", "--project", "LS-KHANHKHE"]),
        ("/api/v1/schedule?project=TV-WIND-V1-1", ["schedule", "--project", "TV-WIND-V1-1"]),
        (f"/api/v1/impact?ref={IMPACT_REF}&slip=30&as_of={AS_OF}",
         ["--as-of", AS_OF, "impact", IMPACT_REF, "--slip", "30"]),
        (f"/api/v1/impact?ref={q(IMPACT_REF)}&slip=45",
         ["impact", IMPACT_REF, "--slip", "45"]),
        ("/api/v1/forecast", ["forecast"]),
        (f"/api/v1/forecast?as_of={AS_OF}&draws=300&seed=7&target=2027-06-30",
         ["--as-of", AS_OF, "forecast", "--draws", "300", "--seed", "7", "--target",
          "2027-06-30"]),
        (f"/api/v1/forecast?as_of={AS_OF}&draws=200&by=technology_group,province",
         ["--as-of", AS_OF, "forecast", "--draws", "200", "--by", "technology_group,province"]),
        (f"/api/v1/forecast?as_of={AS_OF}&draws=200&by=province&legacy_provinces=1",
         ["--as-of", AS_OF, "forecast", "--draws", "200", "--by", "province",
          "--legacy-provinces"]),
        (f"/api/v1/forecast?as_of={AS_OF}&draws=200&project=LS-KHANHKHE&target=2027-01-01",
         ["--as-of", AS_OF, "forecast", "--draws", "200", "--project", "LS-KHANHKHE",
          "--target", "2027-01-01"]),
    ]
    for target, arguments in cases:
        compare_api_cli(f"GET {target} == tiendo {' '.join(arguments)} --format json",
                        target, arguments)

    # The forecast's JSON text is the command line's, byte for byte (same seed, same draw).
    target = f"/api/v1/forecast?as_of={AS_OF}&draws=250&seed=11&target=2026-12-31&by=technology"
    response = SERVER.req("GET", target, [bearer("viewer")])
    printed = cli(DB, "--as-of", AS_OF, "forecast", "--draws", "250", "--seed", "11", "--target",
                  "2026-12-31", "--by", "technology", "--format", "json").stdout.encode()
    check(f"GET {target}: the bytes of tiendo forecast ... --format json",
          response.status == 200 and response.body == printed,
          f"{response.summary()[:300]}; cli printed {len(printed)} bytes")

    # Projects.
    expected = cli_json(DB, "project", "list")["projects"]
    response, body = api_json("/api/v1/projects?limit=1000")
    by_code = {p["code"]: p for p in expected}
    ok = body is not None and body.get("total") == len(expected) and \
        {p.get("code"): p for p in body.get("projects", [])} == by_code
    check("GET /api/v1/projects?limit=1000: total and every project as in project list --format json",
          response.status == 200 and ok, response.summary()[:600])
    all_projects = body.get("projects", []) if body else []
    response, body = api_json("/api/v1/projects")
    check("GET /api/v1/projects: 50 projects by default, total = all",
          body is not None and len(body.get("projects", [])) == 50
          and body.get("total") == len(expected), response.summary()[:300])
    response, body = api_json("/api/v1/projects?limit=2&offset=1")
    check("GET /api/v1/projects?limit=2&offset=1: the 2nd and 3rd of the full list",
          body is not None and body.get("projects") == all_projects[1:3]
          and body.get("total") == len(expected), response.summary()[:300])
    for province in ("Sóc Trăng", "soc trang"):
        response, body = api_json(f"/api/v1/projects?limit=1000&province={q(province)}")
        wanted = {p["code"] for p in cli_json(DB, "project", "list", "--province", "Sóc Trăng")
                  ["projects"]}
        got = {p.get("code") for p in (body or {}).get("projects", [])}
        check(f"GET /api/v1/projects?province={province}: the same projects as the CLI filter",
              response.status == 200 and got == wanted and body.get("total") == len(wanted),
              f"{response.summary()[:200]}; missing {sorted(wanted - got)[:5]}, "
              f"extra {sorted(got - wanted)[:5]}")
    for search in ("thuy dien ban nhung", "THỦY ĐIỆN BẢN NHÙNG", "Ban Nhung"):
        response, body = api_json(f"/api/v1/projects?q={q(search)}")
        codes = [p.get("code") for p in (body or {}).get("projects", [])]
        check(f"GET /api/v1/projects?q={search} (accent/case-insensitive) finds LS-BANNHUNG",
              response.status == 200 and "LS-BANNHUNG" in codes, response.summary()[:300])
    response, body = api_json("/api/v1/projects?limit=5000")
    check("GET /api/v1/projects?limit=5000: refused (400) or at most 1000 projects",
          response.status == 400 or (response.status == 200 and body is not None
                                     and len(body.get("projects", [])) <= 1000),
          response.summary()[:300])

    # One project.
    shown = cli_json(DB, "project", "show", "LS-KHANHKHE")
    rows = [r for r in milestone_rows() if r["project"] == "LS-KHANHKHE"]
    response, body = api_json("/api/v1/projects/LS-KHANHKHE")
    body = body or {}
    project_part = shown.get("project", shown) if isinstance(shown, dict) else {}
    same_fields = all(body.get(k) == v for k, v in project_part.items()
                      if k not in ("milestones", "dependencies"))
    check("GET /api/v1/projects/LS-KHANHKHE: the fields of project show --format json",
          response.status == 200 and same_fields,
          f"{response.summary()[:400]}\n      cli={json.dumps(shown, ensure_ascii=False)[:400]}")
    api_rows = body.get("milestones") or []
    versions_ok = bool(api_rows) and all(isinstance(r.get("version"), int)
                                         and not isinstance(r.get("version"), bool)
                                         for r in api_rows)
    stripped = sorted(({k: v for k, v in r.items() if k != "version"} for r in api_rows),
                      key=lambda r: r.get("key") or "")
    check("GET /api/v1/projects/LS-KHANHKHE: milestones as milestone list rows, each with an "
          "integer version", versions_ok and stripped == sorted(rows, key=lambda r: r["key"]),
          f"api={json.dumps(api_rows, ensure_ascii=False)[:500]}\n      "
          f"cli={json.dumps(rows, ensure_ascii=False)[:500]}")
    dependencies = body.get("dependencies")
    check("GET /api/v1/projects/LS-KHANHKHE: dependencies listed (its 2 links)",
          isinstance(dependencies, list) and len(dependencies) >= 2,
          f"dependencies={dependencies!r}")
    response, body = api_json("/api/v1/projects/AA-XSS-1")
    check("GET /api/v1/projects/AA-XSS-1: hostile name comes back unchanged in JSON",
          body is not None and body.get("name") == XSS_NAME_1 and
          body.get("investor") == XSS_INVESTOR_1, response.summary()[:300])


def test_bad_parameters():
    cases = [
        f"/api/v1/pipeline?as_of=2019-13-45",
        f"/api/v1/pipeline?as_of=yesterday",
        f"/api/v1/pipeline?by=colour",
        f"/api/v1/pipeline?technology=steam_engine",
        f"/api/v1/pipeline?stage=dreaming",
        f"/api/v1/pipeline?province={q('Atlantis')}",
        f"/api/v1/alerts?as_of=2019-02-30",
        f"/api/v1/alerts?min_severity=apocalyptic",
        f"/api/v1/schedule?as_of=2019-13-45",
        f"/api/v1/impact?ref={q(IMPACT_REF)}&slip=abc",
        f"/api/v1/impact?ref={q(IMPACT_REF)}",
        f"/api/v1/impact?slip=10",
        f"/api/v1/projects?limit=abc",
        f"/api/v1/projects?limit=-1",
        f"/api/v1/projects?offset=minus",
        f"/api/v1/projects?stage=dreaming",
        "/api/v1/projects?q=%FF%FE",
        "/api/v1/pipeline?province=%C3%28",
        "/api/v1/alerts?as_of=2020-12-31%00",
        "/api/v1/forecast?draws=0",
        "/api/v1/forecast?draws=10001",
        "/api/v1/forecast?draws=1000000000",
        "/api/v1/forecast?draws=many",
        "/api/v1/forecast?seed=-1",
        "/api/v1/forecast?target=2026-13-45",
        "/api/v1/forecast?by=stage",
        "/api/v1/forecast?by=colour",
        "/api/v1/forecast?legacy_provinces=2",
        "/api/v1/forecast?as_of=yesterday",
        # A yes-or-no parameter is 0 or 1 on every route, never silently taken as no.
        "/api/v1/pipeline?legacy_provinces=yes",
        "/api/v1/alerts?legacy_provinces=true",
        "/api/v1/projects?legacy_provinces=2",
    ]
    for target in cases:
        response = SERVER.req("GET", target, [bearer("viewer")])
        expect(f"GET {target} -> 400 with errors", response, 400, "errors")
    response = SERVER.req("GET", "/api/v1/pipeline?as_of=2019-13-45", [bearer("viewer")])
    try:
        error = response.json()["errors"][0]
        cli_message = cli(DB, "--as-of", "2019-13-45", "pipeline", expect=None).stderr.strip()
        # The API names its parameter (as_of) where the CLI names its option (--as-of); the rest of
        # the line is the CLI's.
        ok = error.get("value") == "2019-13-45" and error.get("field") == "as_of" and \
            error.get("message", "").split(": ", 1)[-1] == cli_message.split(": ", 1)[-1]
    except (ValueError, KeyError, IndexError, TypeError):
        ok, error, cli_message = False, None, None
    check("400 for as_of=2019-13-45 names the value and carries the CLI's one-line message",
          ok, f"error={error!r}; CLI said {cli_message!r}")
    response = SERVER.req("GET", b"/api/v1/projects?q=\xff\xfeabc", [bearer("viewer")])
    expect("GET /api/v1/projects?q=<raw bytes FF FE> (invalid UTF-8, not percent-encoded) -> 400",
           response, 400)
    response = SERVER.req("GET", "/api/v1/forecast?draws=10001", [bearer("viewer")])
    try:
        error = response.json()["errors"][0]
        ok = error.get("field") == "draws" and error.get("value") == "10001" and \
            "10,000" in error.get("message", "")
    except (ValueError, KeyError, IndexError, TypeError):
        ok, error = False, None
    check("400 for draws=10001 names draws and its limit of 10,000", ok, f"error={error!r}")
    for target in ("/api/v1/schedule?project=NOPE-0", "/api/v1/forecast?project=NOPE-0",
                   f"/api/v1/impact?ref=NOPE-0:cod&slip=5",
                   f"/api/v1/impact?ref=LS-KHANHKHE:nokey&slip=5"):
        response = SERVER.req("GET", target, [bearer("viewer")])
        expect(f"GET {target} (unknown project/milestone) -> 404 or 400, JSON", response,
               (400, 404), "error" if response.status == 404 else "errors")


def test_not_found_and_methods():
    for target in ("/api/v1/nothing", "/api/v2/pipeline", "/api/v1/projects/NOPE-0",
                   "/api/v1/projects/%3Cscript%3Ealert(1)%3C%2Fscript%3E"):
        response = SERVER.req("GET", target, [bearer("viewer")])
        expect(f"GET {target} -> 404 JSON", response, 404, "error")
    for ref in ("ST-WIND-QH-01:nokey", "NOPE-0:cod"):
        response = SERVER.req("PATCH", f"/api/v1/milestones/{ref}",
                              [bearer("admin"), ("Content-Type", "application/json")],
                              b'{"forecast": "2021-03"}')
        expect(f"PATCH /api/v1/milestones/{ref} (unknown) -> 404 JSON", response, 404, "error")
    response = SERVER.req("PATCH", "/api/v1/milestones/no-colon-here",
                          [bearer("admin"), ("Content-Type", "application/json")],
                          b'{"forecast": "2021-03"}')
    expect("PATCH /api/v1/milestones/no-colon-here -> 404 or 400", response, (400, 404))
    for page in ("/nothing", "/projects/NOPE-0", "/projects/ST-WIND-QH-01/milestones/nokey",
                 "/projects/%3Cscript%3Ealert(10)%3C%2Fscript%3E"):
        response = SERVER.req("GET", page, [cookie("viewer")])
        expect(f"GET {page} with a session -> 404", response, 404,
               extra=not raw_injection(response.text) and not scan(response.text).injected,
               extra_detail="and the 404 page must not reflect markup")
    # DELETE /api/v1/projects/CODE removes a project (projects_test.py); PUT is no route.
    for method, target in (("PUT", "/api/v1/projects/LS-KHANHKHE"),
                           ("PUT", f"/api/v1/milestones/{ST_REF[0]}:{ST_REF[1]}"),
                           ("POST", "/api/v1/pipeline")):
        response = SERVER.req(method, target, [bearer("admin"),
                                               ("Content-Type", "application/json")], b"{}")
        expect(f"{method} {target} -> 405 or 404 JSON, nothing written", response, (404, 405),
               "error")


def patch(ref, body, *headers):
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return SERVER.req("PATCH", f"/api/v1/milestones/{ref[0]}:{ref[1]}",
                      [("Content-Type", "application/json"), *headers], data)


def version_of(ref, who="viewer"):
    _, body = api_json(f"/api/v1/projects/{ref[0]}", who)
    for row in (body or {}).get("milestones", []):
        if row.get("key") == ref[1]:
            return row.get("version")
    return None


def state(ref):
    return milestone_rows(), history(ref[0])


def test_patch_scope():
    ref_text = lambda ref: f"{ref[0]}:{ref[1]}"  # noqa: E731
    refused = [
        ("viewer", ST_REF, (bearer("viewer"),), "a viewer"),
        ("ed", TV_REF, (bearer("ed"),), "editor of Sóc Trăng on Trà Vinh"),
        ("ed", HG_REF, (bearer("ed"),), "editor of Sóc Trăng on Hậu Giang (same unit, other legacy "
                                         "province)"),
        ("ed", LS_REF, (bearer("ed"),), "editor of Sóc Trăng on Lạng Sơn"),
        ("edcu", TV_REF, (bearer("edcu"),), "editor of Cần Thơ on Trà Vinh"),
    ]
    for who, ref, headers, label in refused:
        before = state(ref)
        response = patch(ref, {"forecast": "2024-03", "reason": "grid:chờ đấu nối"}, *headers)
        expect(f"PATCH {ref_text(ref)} by {label} -> 403 JSON", response, 403, "error")
        check(f"... and nothing changed (milestone list and history {ref[0]} identical)",
              state(ref) == before, f"after {response.summary()}")

    # Viewer's session cookie with the right CSRF header is still refused by role.
    viewer_csrf = csrf_of(SESSIONS["viewer"])
    before = state(ST_REF)
    response = patch(ST_REF, {"forecast": "2024-03"}, cookie("viewer"),
                     ("X-CSRF-Token", viewer_csrf or ""))
    expect("PATCH by a viewer's session with its CSRF token -> 403", response, 403, "error")
    check("... and nothing changed", state(ST_REF) == before, response.summary())

    # Allowed writes.
    allowed = [("ed", ST_REF, "2021-03", "2021-03-31", "editor of Sóc Trăng on Sóc Trăng"),
               ("edcu", ST_REF, "15/08/2021", "2021-08-15",
                "editor of Cần Thơ (current unit) on Sóc Trăng (its legacy province)"),
               ("edcu", HG_REF, "2022-09", "2022-09-30", "editor of Cần Thơ on Hậu Giang"),
               ("admin", LS_REF, "2021", "2021-12-31", "admin anywhere")]
    for who, ref, value, iso, label in allowed:
        earlier = history(ref[0])
        old_version = version_of(ref)
        response = patch(ref, {"forecast": value, "reason": "grid:chờ đấu nối",
                               "source": f"CV {who}/SCT"}, bearer(who))
        try:
            body = response.json()
        except ValueError:
            body = {}
        expect(f"PATCH {ref_text(ref)} forecast={value} by {label} -> 200 with the milestone",
               response, 200, extra=body.get("forecast") == iso and
               isinstance(body.get("version"), int) and body.get("version") != old_version,
               extra_detail=f"forecast must be {iso} and version new (was {old_version})")
        row = milestone_of(*ref)
        check(f"... milestone list shows forecast {iso}", row and row.get("forecast") == iso,
              f"row={row!r}")
        new = [change for change in history(ref[0]) if change not in earlier]
        check(f"... tiendo history {ref[0]} --format json has the change, actor {who!r}",
              bool(new) and all(change.get("actor") == who for change in new)
              and any("forecast" in str(change.get("field")) for change in new),
              f"new rows: {json.dumps(new, ensure_ascii=False)[:400]}")

    # Cookie authentication: the CSRF header.
    admin_csrf = csrf_of(SESSIONS["admin"])
    for label, extra in (("without X-CSRF-Token", ()),
                         ("with a wrong X-CSRF-Token", (("X-CSRF-Token", "0" * 43),)),
                         ("with ed's CSRF token", (("X-CSRF-Token", csrf_of(SESSIONS["ed"]) or "x"),)),
                         ("with an empty X-CSRF-Token", (("X-CSRF-Token", ""),))):
        before = state(ST_REF)
        response = patch(ST_REF, {"forecast": "2025-01"}, cookie("admin"), *extra)
        expect(f"PATCH with admin's session cookie {label} -> 403", response, 403, "error")
        check("... and nothing changed", state(ST_REF) == before, response.summary())
    response = patch(ST_REF, {"forecast": "2021-04", "source": "cookie write"}, cookie("admin"),
                     ("X-CSRF-Token", admin_csrf or ""))
    expect("PATCH with admin's session cookie and its X-CSRF-Token -> 200", response, 200)
    recent = [c for c in history(ST_REF[0]) if c.get("actor") == "admin"]
    check("... in history with actor 'admin'", bool(recent),
          f"history actors {[c.get('actor') for c in history(ST_REF[0])][-5:]}")
    response = SERVER.req("GET", "/api/v1/pipeline", [cookie("admin")])
    expect("GET with a session cookie needs no X-CSRF-Token -> 200", response, 200)

    # null clears.
    response = patch(ST_REF, {"forecast": None}, bearer("ed"))
    row = milestone_of(*ST_REF)
    expect("PATCH {\"forecast\": null} -> 200 and the forecast is cleared", response, 200,
           extra=row is not None and row.get("forecast") is None, extra_detail=f"row={row!r}")


def test_patch_conflicts():
    version = version_of(ST_REF)
    check("the milestone has an integer version", isinstance(version, int), f"version={version!r}")
    response = patch(ST_REF, {"forecast": "2021-05"}, bearer("admin"), ("If-Match", str(version)))
    try:
        newer = response.json().get("version")
    except ValueError:
        newer = None
    expect(f"PATCH with the current If-Match: {version} -> 200", response, 200,
           extra=isinstance(newer, int) and newer != version)
    before = state(ST_REF)
    started = datetime.datetime.now(datetime.timezone.utc)
    response = patch(ST_REF, {"forecast": "2021-06"}, bearer("ed"), ("If-Match", str(version)))
    try:
        body = response.json()
    except ValueError:
        body = {}
    expect("PATCH with a stale If-Match after another write -> 409 JSON", response, 409, "error")
    stamp = body.get("changed_at") or ""
    try:
        when = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc)
        recent = abs((when - started).total_seconds()) < 300
    except ValueError:
        recent = False
    check("... the 409 names who changed it (changed_by 'admin'), when (UTC, "
          "YYYY-MM-DDTHH:MM:SSZ, just now) and the current version",
          body.get("changed_by") == "admin" and recent and body.get("version") == newer,
          f"{response.summary()}; expected changed_by admin, version {newer}")
    check("... and nothing was written", state(ST_REF) == before, "")
    response = patch(ST_REF, {"forecast": "2021-07"}, bearer("ed"), ("If-Match", f'"{newer}"'))
    expect(f'PATCH with If-Match: "{newer}" (quoted current version) -> 200', response, 200)
    before = state(ST_REF)
    response = patch(ST_REF, {"forecast": "2021-08"}, bearer("ed"), ("If-Match", "banana"))
    check("PATCH with If-Match: banana -> refused (400/409/412), nothing written",
          response.status in (400, 409, 412) and state(ST_REF) == before, response.summary())

    # Another writer (the CLI) while the server runs.
    version = version_of(ST_REF_CLI)
    cli(DB, "--actor", "clitester", "milestone", "set", f"{ST_REF_CLI[0]}:{ST_REF_CLI[1]}",
        "--forecast", "2022-06", "--source", "CLI write")
    response, body = api_json(f"/api/v1/projects/{ST_REF_CLI[0]}")
    row = next((r for r in (body or {}).get("milestones", []) if r.get("key") == ST_REF_CLI[1]), {})
    check("after a CLI write while serving, GET /api/v1/projects/CODE shows it at once",
          row.get("forecast") == "2022-06-30" and row.get("version") != version,
          f"row={row!r} (version before {version})")
    before = state(ST_REF_CLI)
    response = patch(ST_REF_CLI, {"forecast": "2022-07"}, bearer("ed"), ("If-Match", str(version)))
    try:
        body = response.json()
    except ValueError:
        body = {}
    expect("PATCH with the version read before a CLI write -> 409 naming the CLI's actor "
           "'clitester'", response, 409, "error", extra=body.get("changed_by") == "clitester",
           extra_detail=f"changed_by={body.get('changed_by')!r}")
    check("... and nothing was written", state(ST_REF_CLI) == before, "")

    cli(DB, "--actor", "clitester", "milestone", "set", IMPACT_REF, "--forecast", "2021-09")
    compare_api_cli("after a CLI write: /api/v1/impact equals the CLI at once",
                    f"/api/v1/impact?ref={IMPACT_REF}&slip=30&as_of={AS_OF}",
                    ["--as-of", AS_OF, "impact", IMPACT_REF, "--slip", "30"])
    compare_api_cli("after a CLI write: /api/v1/schedule equals the CLI at once",
                    f"/api/v1/schedule?as_of={AS_OF}", ["--as-of", AS_OF, "schedule"])
    compare_api_cli("after a CLI write: /api/v1/alerts equals the CLI at once",
                    f"/api/v1/alerts?as_of={AS_OF}", ["--as-of", AS_OF, "alerts"])
    cli(DB, "--actor", "clitester", "project", "add", "ZZ-CLI-NEW", "--name", "Dự án mới từ CLI",
        "--technology", "solar_farm", "--province", "Trà Vinh", "--capacity", "7")
    response, body = api_json("/api/v1/projects/ZZ-CLI-NEW")
    check("after CLI project add: GET /api/v1/projects/ZZ-CLI-NEW -> 200 at once",
          response.status == 200 and (body or {}).get("name") == "Dự án mới từ CLI",
          response.summary())
    compare_api_cli("after CLI project add: /api/v1/pipeline equals the CLI at once",
                    f"/api/v1/pipeline?as_of={AS_OF}&by=province,technology",
                    ["--as-of", AS_OF, "pipeline", "--by", "province,technology"])

    # Accounts changed by the CLI while serving.
    cli(DB, "user", "revoke", "rev")
    response = SERVER.req("GET", "/api/v1/session", [bearer("rev")])
    expect("after `user revoke rev` while serving, rev's token -> 401", response, (401, 403),
           "error")
    session, _ = login(SERVER, "off2")
    cli(DB, "user", "set", "off2", "--disable")
    response = SERVER.req("GET", "/api/v1/session", [("Cookie", f"tiendo_session={session}")])
    check("after `user set off2 --disable` while serving, off2's open session is refused (401/403)",
          response.status in (401, 403), response.summary())


def test_patch_sequence():
    # The server keeps two copies of the portfolio and edits the one nobody reads, which then
    # catches up with the other: after every write, accepted or refused, each copy in turn must
    # answer as the database does. Six writes rotate the copies three times.
    steps = [
        ("IMPACT_REF", IMPACT_REF.split(":"), {"forecast": "2021-10"}, 200),
        ("TV_REF", TV_REF, {"forecast": "2022-03"}, 200),
        ("TV_REF (bad date)", TV_REF, {"forecast": "2021-13-45"}, 400),
        ("IMPACT_REF again", IMPACT_REF.split(":"), {"forecast": "2021-11"}, 200),
        ("LS_REF", LS_REF, {"forecast": "2023-02"}, 200),
        ("TV_REF again", TV_REF, {"forecast": "2022-05"}, 200),
    ]
    for label, ref, body, status in steps:
        response = patch(ref, body, bearer("admin"))
        expect(f"PATCH {label} {body} -> {status}", response, status)
        compare_api_cli(f"... then /api/v1/schedule?as_of equals the CLI",
                        f"/api/v1/schedule?as_of={AS_OF}", ["--as-of", AS_OF, "schedule"])
        compare_api_cli(f"... and /api/v1/schedule (today) equals the CLI", "/api/v1/schedule",
                        ["schedule"])
    compare_api_cli("after the sequence: /api/v1/alerts equals the CLI",
                    f"/api/v1/alerts?as_of={AS_OF}", ["--as-of", AS_OF, "alerts"])
    for code in (TV_REF[0], LS_REF[0], IMPACT_REF.split(":")[0]):
        response, body = api_json(f"/api/v1/projects/{code}")
        api_rows = sorted(({k: v for k, v in r.items() if k != "version"}
                           for r in (body or {}).get("milestones") or []),
                          key=lambda r: r.get("key") or "")
        rows = sorted((r for r in milestone_rows() if r["project"] == code),
                      key=lambda r: r["key"])
        check(f"after the sequence: the milestones of GET /api/v1/projects/{code} are the "
              "database's", response.status == 200 and rows and api_rows == rows,
              f"api={json.dumps(api_rows, ensure_ascii=False)[:400]}\n      "
              f"db={json.dumps(rows, ensure_ascii=False)[:400]}")


def test_patch_bad_bodies():
    bodies = [
        ("bad date 2019-13-45", {"forecast": "2019-13-45"}, "forecast"),
        ("bad date 31/02/2021", {"planned": "31/02/2021"}, "planned"),
        ("broken JSON", b'{"forecast": "2021-03"', None),
        ("not JSON at all", b"forecast=2021-03", None),
        ("empty body", b"", None),
        ("a JSON array", b'["forecast", "2021-03"]', None),
        ("a JSON string", b'"2021-03"', None),
        ("forecast as a number", {"forecast": 20210301}, "forecast"),
        ("forecast as a list", {"forecast": ["2021-03"]}, "forecast"),
        ("forecast as an object", {"forecast": {"date": "2021-03"}}, "forecast"),
        ("duration_days as text", {"duration_days": "ten"}, "duration_days"),
        ("duration_days negative", {"duration_days": -5}, "duration_days"),
        ("duration_days fractional", {"duration_days": 1.5}, "duration_days"),
        ("duration_days huge", b'{"duration_days": 99999999999999999999999}', "duration_days"),
        ("duration_days 1e309", b'{"duration_days": 1e309}', None),
        ("name as true", {"name": True}, "name"),
        ("unknown field", {"colour": "red"}, "colour"),
        ("unknown field beside a good one", {"forecast": "2021-03", "colour": "red"}, "colour"),
        ("bad reason category", {"reason": "bogus:text"}, "reason"),
        ("control character in source", {"source": "a\u001bb"}, "source"),
        ("newline in name", {"name": "line one\nline two"}, "name"),
        ("invalid UTF-8 bytes in a string", b'{"source": "caf\xe9 \xff\xfe"}', None),
        ("lone surrogate escape", b'{"source": "\\ud800"}', None),
        ("NUL escape in text", b'{"source": "a\\u0000b"}', "source"),
        ("deeply nested JSON (100000 levels)", b"[" * 100000 + b"]" * 100000, None),
        ("duplicate keys with a bad date", b'{"forecast": "2021-03", "forecast": "2019-13-45"}',
         None),
    ]
    before = state(ST_REF)
    for label, body, field in bodies:
        response = patch(ST_REF, body, bearer("admin"))
        if label.startswith("duplicate keys"):
            check("PATCH with duplicate keys (last one a bad date) -> 400 or 200, never 5xx",
                  response.status in (200, 400), response.summary())
            continue
        ok_field = True
        if response.status == 400 and field:
            try:
                ok_field = any(e.get("field") == field for e in response.json().get("errors", []))
            except (ValueError, AttributeError):
                ok_field = False
        expect(f"PATCH {ST_REF[0]}:{ST_REF[1]} with {label} -> 400 with errors"
               + (f" naming field {field!r}" if field else ""), response, 400, "errors",
               extra=ok_field, extra_detail=f"an error's field must be {field!r}")
    after = state(ST_REF)
    # The duplicate-key case may legitimately write; compare only when it did not.
    check("after every bad PATCH body, the milestone and its history are unchanged",
          after == before or len(after[1]) == len(before[1]) + 1, "")
    response = patch(ST_REF, {"forecast": "2019-13-45"}, bearer("admin"))
    cli_message = cli(DB, "--actor", "x", "milestone", "set", f"{ST_REF[0]}:{ST_REF[1]}",
                      "--forecast", "2019-13-45", expect=2).stderr.strip()
    try:
        error = response.json()["errors"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        error = {}
    check("400 for forecast 2019-13-45: field forecast, value 2019-13-45, message = the CLI's line",
          error.get("field") == "forecast" and error.get("value") == "2019-13-45"
          and bool(error.get("message")) and error.get("message") in cli_message
          and len(error.get("message")) >= len(cli_message) // 2,
          f"error={error!r}; CLI said {cli_message!r}")


def test_import():
    header = "project,key,name,duration_days,planned,actual_start,actual,forecast,reason,source\n"
    st_row = milestone_of("ST-WIND-QH-04", "investment_policy")
    name = st_row["name"] if st_row else "Chủ trương đầu tư"
    st_csv = (header + csv_line(["ST-WIND-QH-04", "investment_policy", name, "0", "", "", "",
                                 "2023-05", "", "import-test"])).encode()
    tv_name = (milestone_of("TV-WIND-V1-2", "cod") or {}).get("name") or "COD"
    tv_csv = (header + csv_line(["TV-WIND-V1-2", "cod", tv_name, "0", "", "", "", "2023-05", "",
                                 "import-test"])).encode()
    bad_csv = (header + csv_line(["ST-WIND-QH-04", "investment_policy", name, "0", "", "", "",
                                  "2019-13-45", "", "x"])
               + "ST-WIND-QH-05,investment_policy,x,0,,,,2019-02-30,,x\n").encode()
    csv_type = ("Content-Type", "text/csv; charset=utf-8")

    def snapshot():
        return milestone_rows(), history("ST-WIND-QH-04"), history("TV-WIND-V1-2")

    before = snapshot()
    response = SERVER.req("POST", "/api/v1/import?dry_run=1", [bearer("ed"), csv_type], st_csv)
    try:
        body = response.json()
        keys = {"projects_added", "projects_changed", "milestones_added", "milestones_changed",
                "dependencies_added", "dependencies_changed", "dependencies_removed",
                "change_log_rows"}
        shape = body.get("dry_run") is True and keys <= set(body.get("summary", {})) and \
            body["summary"]["milestones_changed"] == 1
    except (ValueError, AttributeError, KeyError, TypeError):
        shape = False
    expect("POST /api/v1/import?dry_run=1 (editor, own province) -> 200 summary, dry_run true, "
           "1 milestone changed", response, 200, extra=shape)
    check("... and nothing written", snapshot() == before, "")
    for label, who, data in (("a viewer", "viewer", st_csv),
                             ("editor of Sóc Trăng with a Trà Vinh row", "ed", tv_csv),
                             ("editor with one own and one foreign row", "ed",
                              st_csv + tv_csv.split(b"\n", 1)[1])):
        response = SERVER.req("POST", "/api/v1/import", [bearer(who), csv_type], data)
        expect(f"POST /api/v1/import by {label} -> 403", response, 403, "error")
        check("... and nothing written", snapshot() == before, "")
    project_header = ("code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,"
                      "target_cod,lat,lon,site,source\n")
    projects = {p["code"]: p for p in cli_json(DB, "project", "list")["projects"]}
    moved = projects["ST-WIND-QH-05"]
    move_csv = (project_header + csv_line([
        moved["code"], moved["name"], moved["technology"], "Trà Vinh",
        "" if moved["capacity_mw"] is None else str(moved["capacity_mw"]), "", "", "",
        moved["recorded_stage"] or "", "", "", "", "", "moved by an editor"])).encode()
    before_move = cli_json(DB, "project", "show", "ST-WIND-QH-05")
    response = SERVER.req("POST", "/api/v1/import", [bearer("ed"), csv_type], move_csv)
    expect("POST /api/v1/import by the Sóc Trăng editor moving ST-WIND-QH-05 to Trà Vinh -> 403",
           response, 403, "error")
    check("... and the project is unchanged",
          cli_json(DB, "project", "show", "ST-WIND-QH-05") == before_move, "")
    new_csv = (project_header + csv_line(["ZZ-ED-NEW", "Dự án của biên tập viên", "solar_farm",
                                          "Sóc Trăng", "3", "", "", "", "proposed", "", "", "",
                                          "", "test"])).encode()
    response = SERVER.req("POST", "/api/v1/import?dry_run=1", [bearer("ed"), csv_type], new_csv)
    expect("POST /api/v1/import?dry_run=1 by the Sóc Trăng editor adding a Sóc Trăng project -> 200",
           response, 200)
    foreign_csv = new_csv.replace("Sóc Trăng".encode(), "Trà Vinh".encode())
    response = SERVER.req("POST", "/api/v1/import?dry_run=1", [bearer("ed"), csv_type],
                          foreign_csv)
    expect("POST /api/v1/import?dry_run=1 by the Sóc Trăng editor adding a Trà Vinh project -> 403",
           response, 403, "error")
    response = SERVER.req("POST", "/api/v1/import", [bearer("admin"), csv_type], bad_csv)
    errors = []
    try:
        errors = response.json().get("errors", [])
    except (ValueError, AttributeError):
        pass
    expect("POST /api/v1/import with two bad dates -> 400 listing both problems", response, 400,
           "errors", extra=len(errors) >= 2)
    check("... and nothing written", snapshot() == before, "")
    response = SERVER.req("POST", "/api/v1/import", [cookie("admin"), csv_type], st_csv)
    expect("POST /api/v1/import with a session cookie and no X-CSRF-Token -> 403", response, 403,
           "error")
    check("... and nothing written", snapshot() == before, "")
    response = SERVER.req("POST", "/api/v1/import", [bearer("ed"), csv_type], st_csv)
    try:
        body = response.json()
        ok = body.get("dry_run") is False and body["summary"]["milestones_changed"] == 1
    except (ValueError, AttributeError, KeyError, TypeError):
        ok = False
    expect("POST /api/v1/import (editor, own province) -> 200, dry_run false", response, 200,
           extra=ok)
    row = milestone_of("ST-WIND-QH-04", "investment_policy")
    changes = history("ST-WIND-QH-04")
    check("... written: forecast 2023-05-31, history actor 'ed'",
          row and row.get("forecast") == "2023-05-31" and
          any(c.get("actor") == "ed" for c in changes),
          f"row={row!r}; actors {[c.get('actor') for c in changes][-3:]}")

    # multipart with two files.
    projects_csv = ("code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,"
                    "target_cod,lat,lon,site,source\n"
                    "ZZ-IMP-1,Dự án nhập thử,solar_farm,Sóc Trăng,12,,,,proposed,,,,,test\n").encode()
    milestones_csv = (header + "ZZ-IMP-1,cod,Vận hành thương mại,0,2024-06,,,,,test\n").encode()
    boundary = "----tiendo-test-boundary-7d1f"
    parts = []
    for field, filename, content in (("a", "projects.csv", projects_csv),
                                     ("b", "milestones.csv", milestones_csv)):
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                     f"filename=\"{filename}\"\r\nContent-Type: text/csv\r\n\r\n".encode()
                     + content + b"\r\n")
    multipart = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = SERVER.req("POST", "/api/v1/import?dry_run=1",
                          [bearer("admin"),
                           ("Content-Type", f"multipart/form-data; boundary={boundary}")],
                          multipart)
    try:
        summary = response.json()["summary"]
        ok = summary["projects_added"] == 1 and summary["milestones_added"] == 1
    except (ValueError, KeyError, TypeError):
        ok = False
    expect("POST /api/v1/import?dry_run=1 multipart (projects + milestones) -> 200, 1 project and "
           "1 milestone added", response, 200, extra=ok)
    response, _ = api_json("/api/v1/projects/ZZ-IMP-1")
    expect("... dry run: ZZ-IMP-1 does not exist afterwards", response, 404)
    response = SERVER.req("POST", "/api/v1/import", [bearer("viewer"), csv_type],
                          b"\xef\xbb\xbf" + st_csv.replace(b"import-test", b"caf\xe9\xff"))
    check("POST /api/v1/import with invalid UTF-8 in a cell (as viewer or anyone): 400 or 403, "
          "nothing written", response.status in (400, 403), response.summary())
    response = SERVER.req("POST", "/api/v1/import",
                          [bearer("admin"), csv_type],
                          st_csv.replace(b"import-test", b"caf\xe9\xff"))
    expect("POST /api/v1/import (admin) with invalid UTF-8 in a cell -> 400", response, 400, "errors")
    response = SERVER.req("POST", "/api/v1/import", [bearer("admin"), csv_type],
                          b"what,is,this\n1,2,3\n")
    expect("POST /api/v1/import with an unknown CSV header -> 400", response, 400, "errors")


def csv_line(cells):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def big_request(server, method, target, headers, size, chunked=False):
    head = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers]
    block = b"a,b,c\n" * 10922 + b"abcd"  # 65536 bytes
    if chunked:
        head.append("Transfer-Encoding: chunked")
    else:
        head.append(f"Content-Length: {size}")
    pieces = [("\r\n".join(head) + "\r\n\r\n").encode()]
    remaining = size
    while remaining > 0:
        part = block[:min(remaining, len(block))]
        pieces.append(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
        remaining -= len(part)
    if chunked:
        pieces.append(b"0\r\n\r\n")
    return send_raw(server.port, [b"".join(pieces)], timeout=30, tls=server.tls,
                    summary=f"{method} {target} with a {size}-byte body"
                            + (" (chunked)" if chunked else ""))


def test_body_limits():
    limit = 20 * 1024 * 1024
    csv_type = ("Content-Type", "text/csv")
    before = milestone_rows()
    response = big_request(SERVER, "POST", "/api/v1/import", [bearer("admin"), csv_type],
                           limit + 1)
    expect("POST /api/v1/import with 20 MiB + 1 byte -> 413 JSON", response, 413, "error")
    response = big_request(SERVER, "POST", "/api/v1/import", [bearer("admin"), csv_type],
                           limit + 1, chunked=True)
    # A chunked body has no length to check before it is read, so the server refuses chunked
    # bodies of any size (411 Length Required) rather than read one without bound.
    expect("POST /api/v1/import, chunked, 20 MiB + 1 byte -> 411 or 413", response, (411, 413))
    response = big_request(SERVER, "PATCH", f"/api/v1/milestones/{ST_REF[0]}:{ST_REF[1]}",
                           [bearer("admin"), ("Content-Type", "application/json")], limit + 4096)
    expect("PATCH with a 20 MiB + 4 KiB body -> 413", response, 413)
    check("... nothing written by the oversized bodies", milestone_rows() == before, "")
    response = SERVER.req("GET", "/healthz")
    check("GET /healthz after the oversized bodies -> 200", response.status == 200,
          response.summary())

    small_db = os.path.join(WORK, "small.db")
    shutil.copy(DB, small_db)
    small = Server(small_db, "--max-body", "1024", name="small")
    try:
        check("serve --max-body 1024 starts", small.port is not None,
              f"line={small.line!r}; stderr={small.stderr_tail()!r}")
        if small.port is None:
            return
        token = TOKENS["admin"]
        payload = {"source": "x" * 2000}
        response = small.req("PATCH", f"/api/v1/milestones/{ST_REF[0]}:{ST_REF[1]}",
                             [("Authorization", f"Bearer {token}"),
                              ("Content-Type", "application/json")],
                             json.dumps(payload).encode())
        expect("--max-body 1024: PATCH with a 2 KB body -> 413", response, 413, "error")
        body = json.dumps({"source": "y" * (1024 - len('{"source": ""}'))}).encode()
        response = small.req("PATCH", f"/api/v1/milestones/{ST_REF[0]}:{ST_REF[1]}",
                             [("Authorization", f"Bearer {token}"),
                              ("Content-Type", "application/json")], body)
        check(f"--max-body 1024: PATCH with exactly {len(body)} bytes is not refused as too large",
              response.status == 200, response.summary())
        response = small.req("POST", "/login", [("Content-Type",
                                                 "application/x-www-form-urlencoded")],
                             b"username=admin&password=" + b"p" * 4000 + b"&csrf_token=x")
        expect("--max-body 1024: POST /login with a 4 KB form -> 413", response, 413)
        response = big_request(small, "POST", "/api/v1/import",
                               [("Authorization", f"Bearer {token}"), csv_type], 5000,
                               chunked=True)
        expect("--max-body 1024: chunked 5000-byte import -> 411 or 413", response, (411, 413))
    finally:
        small.stop()


def test_pages():
    pages = [("viewer", "/"), ("viewer", "/projects"), ("viewer", "/projects/LS-KHANHKHE"),
             ("admin", "/projects/LS-KHANHKHE/milestones/cod"), ("viewer", "/alerts"),
             ("viewer", "/pipeline"), ("viewer", "/report"), ("admin", "/import"),
             ("viewer", "/history"), ("viewer", "/?lang=en"), ("viewer", "/projects?lang=en"),
             ("ed", "/"), ("admin", "/admin/users")]
    for who, page in pages:
        response = SERVER.req("GET", page, [cookie(who)])
        found = scan(response.text).external if response.status == 200 else []
        expect(f"GET {page} as {who} -> 200 HTML, no outside host referenced", response, 200,
               extra="text/html" in (response.header("Content-Type") or "") and not found,
               extra_detail=f"outside references: {found}")
    # The dashboard shows the fan chart of MW online with the API's draws and seed, drawn off the
    # request threads: the first visit may find it being drawn, a later one finds it.
    for page, words in (("/", "lần mô phỏng"), ("/?lang=en", "draws")):
        deadline = time.time() + 120
        while True:
            response = SERVER.req("GET", page, [cookie("viewer")])
            if 'data-chart="mw-online-fan"' in response.text or time.time() > deadline:
                break
            time.sleep(0.5)
        check(f"GET {page}: the fan chart of MW online (1,000 draws, seed 1) is on the dashboard",
              response.status == 200 and 'data-chart="mw-online-fan"' in response.text
              and 'data-draws="1000"' in response.text and 'data-seed="1"' in response.text
              and words in response.text and "P10" in response.text, response.summary()[:200])
    vi = SERVER.req("GET", "/alerts", [cookie("viewer")])
    en = SERVER.req("GET", "/alerts?lang=en", [cookie("viewer")])
    check("GET /alerts?lang=en differs from the Vietnamese page", vi.body != en.body and
          en.status == 200, en.summary()[:200])
    for who, status in (("viewer", 403), ("ed", 403), ("admin", 200)):
        response = SERVER.req("GET", "/admin/users", [cookie(who)])
        expect(f"GET /admin/users as {who} -> {status}", response, status)
        if who == "admin":
            check("/admin/users shows no password hash and no token",
                  "$argon2" not in response.text and
                  not any(token in response.text for token in TOKENS.values()),
                  "found a hash or token in the page")


def form_of(response):
    for form in scan(response.text).forms:
        names = [field for field, _ in form["fields"]]
        if "forecast" in names:
            return form
    return None


def test_milestone_form():
    code, key = ST_REF_FORM
    path = f"/projects/{code}/milestones/{key}"
    response = SERVER.req("GET", path, [cookie("admin")])
    form = form_of(response)
    names = {field for field, _ in (form or {"fields": []})["fields"]}
    wanted = {"planned", "actual_start", "actual", "forecast", "reason_text", "source",
              "csrf_token", "version"}
    check(f"GET {path} -> 200 with the form fields {sorted(wanted)}",
          response.status == 200 and wanted <= names, f"{response.summary()[:300]}; fields {names}")
    if not form:
        return
    admin_fields = {field: value for field, value in form["fields"]}

    def post(who, changes, drop=(), target=path):
        """Posts the form as `who` was served it (a browser would), with some fields changed."""
        served = form_of(SERVER.req("GET", target, [cookie(who)]))
        if served:
            data = {field: value for field, value in served["fields"]}
        else:  # e.g. a viewer is not shown the form: post the admin's with the viewer's token
            data = dict(admin_fields)
            data["csrf_token"] = csrf_of(SESSIONS[who]) or ""
        # Each forecast below moves later than the one before: the form wants a reason with it.
        data.update({"reason_category": "other", "reason_text": "kiểm thử biểu mẫu"})
        data.update(changes)
        for name in drop:
            data.pop(name, None)
        body = urllib.parse.urlencode(list(data.items())).encode()
        return SERVER.req("POST", target, [cookie(who),
                                           ("Content-Type", "application/x-www-form-urlencoded")],
                          body)

    before = state(ST_REF_FORM)
    response = post("viewer", {"forecast": "2026-01"})
    expect("POST the milestone form as a viewer (with its own csrf_token) -> 403", response, 403)
    check("... and nothing changed", state(ST_REF_FORM) == before, "")
    response = post("edcu", {"forecast": "2026-01"})
    expect("POST the milestone form as the Cần Thơ editor on a Sóc Trăng project -> 303",
           response, 303)
    row = milestone_of(code, key)
    check("... written: forecast 2026-01-31, history actor 'edcu'",
          row and row.get("forecast") == "2026-01-31" and
          any(c.get("actor") == "edcu" for c in history(code)), f"row={row!r}")
    before = state(ST_REF_FORM)
    response = post("admin", {"forecast": "2026-02"}, drop=("csrf_token",))
    expect("POST the milestone form without csrf_token -> 403", response, 403)
    response = post("admin", {"forecast": "2026-02", "csrf_token": "0" * 43})
    expect("POST the milestone form with a wrong csrf_token -> 403", response, 403)
    check("... and nothing changed", state(ST_REF_FORM) == before, "")
    response = post("admin", {"forecast": "2019-13-45", "source": '"><script>alert(13)</script>'})
    cli_message = cli(DB, "milestone", "set", f"{code}:{key}", "--forecast", "2019-13-45",
                      expect=2).stderr.strip()
    page_text = "".join(scan(response.text).text)
    # The CLI's problem, its value as it is, its field by its label and its reason in the page's
    # language (Vietnamese, from the catalogue po/vi.po).
    cli_place, cli_reason = cli_message.rsplit("': ", 1)
    cli_place = re.sub(r"^-*forecast", "dự báo", cli_place)
    expect("POST the milestone form with forecast 2019-13-45 -> 400 with the form and the CLI's "
           "message, its reason in Vietnamese", response, 400,
           extra=form_of(response) is not None and cli_place.lower() in page_text.lower() and
           cli_reason not in page_text and "không" in page_text,
           extra_detail=f"the page must show {cli_place!r} and a Vietnamese reason")
    check("... the re-shown form does not turn the hostile source into markup",
          not raw_injection(response.text) and not scan(response.text).injected,
          f"{raw_injection(response.text)} {scan(response.text).injected}")
    check("... and nothing changed", state(ST_REF_FORM) == before, "")
    old_version = dict(form_of(SERVER.req("GET", path, [cookie("admin")]))["fields"]).get("version")
    response = post("admin", {"forecast": "2026-03", "source": "form write"})
    expect(f"POST the milestone form (admin, current version) -> 303 to /projects/{code}",
           response, 303, extra=response.header("Location") == f"/projects/{code}?saved={key}",
           extra_detail=f"Location={response.header('Location')!r}")
    row = milestone_of(code, key)
    check("... written: forecast 2026-03-31 and history actor 'admin'",
          row and row.get("forecast") == "2026-03-31" and
          any(c.get("actor") == "admin" for c in history(code)), f"row={row!r}")
    before = state(ST_REF_FORM)
    response = post("admin", {"forecast": "2026-04", "version": old_version})
    expect("POST the milestone form with the old version -> 409", response, 409)
    check("... and nothing changed", state(ST_REF_FORM) == before, "")
    before = state(TV_REF)
    response = post("ed", {"forecast": "2026-05"},
                    target=f"/projects/{TV_REF[0]}/milestones/{TV_REF[1]}")
    expect("POST the Trà Vinh milestone form as the Sóc Trăng editor -> 403", response, 403)
    check("... and nothing changed", state(TV_REF) == before, "")


def test_escaping():
    # The pages that exist must answer 200; the ones with hostile parameters may refuse (4xx).
    pages = [("/", 200), ("/projects", 200), ("/projects?q=alert", 200), ("/projects?q=xss", 200),
             ("/projects/AA-XSS-1", 200), ("/projects/AA-XSS-2", 200), ("/projects/AA-XSS-3", 200),
             ("/projects/AA-XSS-1/milestones/cod", 200), (f"/alerts?as_of={AS_OF}", 200),
             ("/alerts", 200), ("/history", 200), ("/pipeline", 200), ("/report", 200),
             ("/pipeline?by=investor", None),
             ("/projects?q=%3Cscript%3Ealert(12)%3C%2Fscript%3E", None),
             ("/projects?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(12)%3E", None),
             ("/projects?province=%3Cscript%3Ealert(12)%3C%2Fscript%3E", None),
             ("/?lang=%22%3E%3Cscript%3Ealert(12)%3C%2Fscript%3E", None)]
    for page, status in pages:
        response = SERVER.req("GET", page, [cookie("admin")])
        injected = raw_injection(response.text) + scan(response.text).injected
        answered = response.status == 200 if status else \
            response.status is not None and response.status < 500
        check(f"GET {page}: {'200, ' if status else 'no 5xx, '}hostile text never becomes markup",
              answered and not injected, f"{response.summary()[:300]}; injected: {injected}")
    for page, texts in (("/projects/AA-XSS-1", [XSS_NAME_1, XSS_INVESTOR_1, XSS_SITE_1]),
                        ("/projects/AA-XSS-2", [XSS_NAME_2]),
                        ("/projects/AA-XSS-3", [XSS_NAME_3])):
        response = SERVER.req("GET", page, [cookie("admin")])
        text = "".join(scan(response.text).text)
        missing = [t for t in texts if t not in text]
        check(f"GET {page}: the hostile strings are shown as text", response.status == 200
              and not missing, f"not shown as text: {missing}")
    response = SERVER.req("GET", "/projects?lang=en", [cookie("admin")])
    listing = "".join(scan(response.text).text)
    check("GET /projects: AA-XSS-1's name appears as text on the first page",
          XSS_NAME_1 in listing, response.summary()[:200])
    response = SERVER.req("GET", "/login?next=%22%3E%3Cscript%3Ealert(11)%3C%2Fscript%3E")
    injected = raw_injection(response.text) + scan(response.text).injected
    check("GET /login?next=\"><script>...: not reflected as markup", response.status == 200
          and not injected, f"{response.summary()[:200]}; injected: {injected}")


TRAVERSALS = [
    "/assets/../../etc/passwd", "/assets/../../../../../../etc/passwd",
    "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/assets/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/assets/..%252f..%252f..%252fetc%252fpasswd",
    "/assets/..\\..\\..\\etc\\passwd", "/assets/..%5c..%5c..%5cetc%5cpasswd",
    "/assets/%5c..%5c..%5cetc%5cpasswd", "/assets//etc/passwd", "/assets/%2fetc%2fpasswd",
    "/assets/%2Fetc%2Fpasswd", "//etc/passwd", "/etc/passwd", "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd", "/assets/....//....//....//etc/passwd",
    "/assets/..%c0%af..%c0%af..%c0%afetc/passwd",
    "/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/assets/..%00/etc/passwd",
    "/assets/tiendo.css%00.txt", "/assets/tiendo.css%00../../etc/passwd",
    "/assets/..;/..;/etc/passwd", "/assets/.%2e/.%2e/etc/passwd",
    "/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/secret.txt", "/assets/secret.txt",
    "/assets/../web.db", "/web.db", "/assets/%2e%2e/web.db", "/assets/../../../../proc/self/environ",
    "/assets/../src/web/assets/tiendo.css", "/assets/./tiendo.css/../../secret.txt",
    "/assets/tiendo.css/..%2f..%2fsecret.txt", "/assets/~/secret.txt",
    "/assets/../../../../../../../../../../../../../../../../../../etc/shadow",
    "/static/../../etc/passwd", "/api/v1/../../etc/passwd", "/projects/../../etc/passwd",
]


def test_traversal():
    work_marker = "TIENDO-SECRET-MARKER-" + str(random.randint(10 ** 8, 10 ** 9))
    with open(os.path.join(WORK, "secret.txt"), "w") as handle:
        handle.write(work_marker)
    os.makedirs(os.path.join(WORK, "assets"), exist_ok=True)
    with open(os.path.join(WORK, "assets", "secret.txt"), "w") as handle:
        handle.write(work_marker)
    allowed = [body for body in ASSETS.values() if body]
    targets = [t.encode() for t in TRAVERSALS]
    targets += [b"/assets/tiendo.css\x00.txt", b"/assets/..\x00/..\x00/etc/passwd",
                b"/assets/" + os.path.join(WORK, "secret.txt").encode(),
                b"/assets/%2f" + urllib.parse.quote(os.path.join(WORK, "secret.txt")[1:],
                                                    safe="").encode(),
                b"../../etc/passwd", b"etc/passwd", b"*", b"http://127.0.0.1/etc/passwd",
                b"file:///etc/passwd", b"http://evil.example/assets/../../etc/passwd"]
    problems = []
    for target in targets:
        for headers in ((), (cookie("admin"),)):
            response = http(SERVER.port, "GET", target, headers, timeout=10)
            body = response.body
            leaked = (b"root:" in body or work_marker.encode() in body
                      or b"SQLite format 3" in body or b"TIENDO_" in body and b"PATH=" in body)
            bad_200 = response.status == 200 and target.startswith(b"/assets") and \
                body not in allowed
            if response.status is not None and response.status >= 500 or leaked or bad_200:
                problems.append(f"{response.summary()[:300]} (leaked={leaked}, "
                                f"200-not-an-asset={bad_200})")
    check(f"path traversal: {len(targets)} paths x (no session, admin session): no file outside "
          "the embedded assets, no 5xx", not problems, "\n      ".join(problems[:12]))
    response = SERVER.req("GET", "/healthz")
    check("after the traversal attempts: /healthz -> 200 and the process is alive",
          response.status == 200 and SERVER.alive(), response.summary())


def test_hostile_requests():
    port = SERVER.port
    rng = random.Random(20201231)
    garbage = [
        b"\r\n\r\n", b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\n\r\n", b"G\x00ET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551616\r\n\r\n",
        b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"ffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
        b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nabcde",
        b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\nGET /admin/users HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n: no-name\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\n Folded: header\r\n\r\n",
        b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n\r\n",
        b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\x00\r\n\r\n",
        b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: tiendo_session\r\n\r\n",
        b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: ;;;=;tiendo_session=;;\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nCookie: tiendo_session=\xff\xfe%00\r\n\r\n",
        b"GET /api/v1/projects?limit=1&limit=2&offset=%%% HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/projects?%zz=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%%%%%%%% HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /projects?q=%u003cscript HTTP/1.1\r\nHost: x\r\n\r\n",
        b"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"BREW /coffee HTCPCP/1.0\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" * 4,
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
        b"PATCH /api/v1/milestones/ST-WIND-QH-01:investment_policy HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
        b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 40\r\n\r\nusername=%ff%fe&password=%00&csrf_token=",
        b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
        b"boundary=zz\r\nContent-Length: 20\r\n\r\n--zz\r\nbroken\r\n--",
        b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\n"
        b"Content-Length: 5\r\n\r\nhello",
    ]
    for _ in range(40):
        length = rng.randint(1, 3000)
        blob = bytes(rng.getrandbits(8) for _ in range(length))
        garbage.append(blob + (b"\r\n\r\n" if rng.random() < 0.7 else b""))
    for _ in range(20):
        method = rng.choice([b"GET", b"POST", b"PATCH", b"HEAD", b"DELETE", b"get", b"X" * 300])
        path = b"/" + bytes(rng.choice(b"abc/%.:?&=#\\\x00\xff~;") for _ in range(rng.randint(0, 80)))
        garbage.append(method + b" " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    results = [None] * len(garbage)

    def run(index):
        results[index] = send_raw(port, garbage[index], timeout=8, shut_write=True,
                                  summary=f"raw {garbage[index][:90]!r}")

    threads = []
    for index in range(len(garbage)):
        thread = threading.Thread(target=run, args=(index,))
        threads.append(thread)
        thread.start()
        if len(threads) % 6 == 0:
            for waiting in threads[-6:]:
                waiting.join()
    for thread in threads:
        thread.join()
    bad = [r.summary()[:250] for r in results if r and r.status is not None and r.status >= 500]
    check(f"{len(garbage)} malformed or random requests: never a 5xx", not bad,
          "\n      ".join(bad[:10]))
    response = SERVER.req("GET", "/healthz")
    check("after the malformed requests: /healthz -> 200, process alive",
          response.status == 200 and SERVER.alive(), response.summary())

    # Oversized headers and request lines.
    oversized = [
        ("a 64 KiB header value", [("X-Big", "a" * 65536)], "/healthz"),
        ("a 1 MiB header value", [("X-Big", "a" * (1 << 20))], "/api/v1/session"),
        ("10000 headers", [(f"X-H{i}", "v") for i in range(10000)], "/healthz"),
        ("a 64 KiB cookie", [("Cookie", "tiendo_session=" + "c" * 65536)], "/"),
        ("a 64 KiB bearer token", [("Authorization", "Bearer " + "t" * 65536)], "/api/v1/session"),
        ("a 100 KiB request target", [], "/api/v1/projects?q=" + "a" * 102400),
        ("a 100 KiB path", [], "/" + "a/" * 51200),
    ]
    for label, headers, target in oversized:
        response = SERVER.req("GET", target, headers, timeout=15)
        check(f"{label}: 4xx or closed, never 5xx or 200 with the oversized data accepted as auth",
              (response.status is None or 400 <= response.status < 500
               or (response.status in (200, 303) and "session" not in target)),
              response.summary()[:300])
    response = SERVER.req("GET", "/healthz")
    check("after the oversized headers: /healthz -> 200, process alive",
          response.status == 200 and SERVER.alive(), response.summary())

    # Slow clients must not block others.
    slow = []
    for data in (b"GET /healthz HTTP/1.1\r\nHost: x\r\n",
                 b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc",
                 b"GET /api/v1/pi", b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                    b"chunked\r\n\r\n10\r\nabc"):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(data)
        slow.append(sock)
    time.sleep(0.3)
    timings = []
    for target in ("/healthz", "/api/v1/alerts", "/healthz", "/api/v1/pipeline", "/healthz"):
        start = time.monotonic()
        response = SERVER.req("GET", target, [bearer("viewer")], timeout=5)
        timings.append((target, response.status, round(time.monotonic() - start, 2)))
    check("with 4 slow clients holding half-sent requests, other clients are answered within 3 s",
          all(status == 200 and seconds < 3 for _, status, seconds in timings), str(timings))
    for sock in slow:
        sock.close()

    # Concurrency: many clients at once get the same right answer.
    expected = cli_json(DB, "--as-of", AS_OF, "alerts")
    answers = []

    def fetch():
        for _ in range(3):
            response = SERVER.req("GET", f"/api/v1/alerts?as_of={AS_OF}", [bearer("viewer")],
                                  timeout=20)
            try:
                answers.append(response.status == 200 and response.json() == expected)
            except ValueError:
                answers.append(False)

    threads = [threading.Thread(target=fetch) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check("36 concurrent /api/v1/alerts requests all answer 200 with the CLI's JSON",
          len(answers) == 36 and all(answers), f"{answers.count(True)} of {len(answers)} right")

    # Header injection through a query value.
    response = SERVER.req("GET", "/projects?lang=en%0d%0aSet-Cookie:%20injected=1", [cookie("viewer")])
    check("a CR LF in a query value does not inject a header", response.status is not None and
          response.status < 500 and "injected" not in response.cookies(), response.summary()[:300])
    response = SERVER.req("GET", "/healthz")
    check("after every hostile request: /healthz -> 200 and the process is alive",
          response.status == 200 and SERVER.alive(), response.summary())


def test_logout():
    session, response = login(SERVER, "viewer")
    check("viewer logs in for the logout test", bool(session), response.summary())
    token = csrf_of(session)
    headers = [("Cookie", f"tiendo_session={session}"),
               ("Content-Type", "application/x-www-form-urlencoded")]
    response = SERVER.req("POST", "/logout", headers, b"")
    expect("POST /logout without csrf_token -> 403", response, 403)
    response = SERVER.req("GET", "/api/v1/session", [("Cookie", f"tiendo_session={session}")])
    expect("... the session still works after the refused logout", response, 200)
    response = SERVER.req("POST", "/logout", headers,
                          urllib.parse.urlencode({"csrf_token": token or ""}).encode())
    expect("POST /logout with the session's csrf_token -> 303 to /login", response, 303,
           extra=(response.header("Location") or "").startswith("/login"))
    response = SERVER.req("GET", "/", [("Cookie", f"tiendo_session={session}")])
    expect("after logout, the old cookie on a page -> 303 to /login", response, 303,
           extra=(response.header("Location") or "").startswith("/login"))
    response = SERVER.req("GET", "/api/v1/session", [("Cookie", f"tiendo_session={session}")])
    expect("after logout, the old cookie on the API -> 401", response, 401, "error")


def test_secrets_not_stored(server_was_stopped):
    blobs = b""
    for entry in os.listdir(WORK):
        if entry.startswith("web.db"):
            with open(os.path.join(WORK, entry), "rb") as handle:
                blobs += handle.read()
    found = [secret[:6] + "..." for secret in set(SECRETS) if secret and secret.encode() in blobs]
    check(f"no session id, token or password ({len(set(SECRETS))} values) appears in the database "
          f"files{' (after stop)' if server_was_stopped else ''}", not found,
          f"found in the database bytes: {found}")
    for arguments in (("user", "list"), ("user", "list", "--format", "json")):
        output = cli(DB, *arguments).stdout
        leaked = [s[:6] + "..." for s in set(SECRETS) if s and s in output]
        check(f"tiendo {' '.join(arguments)} prints no hash, token or password",
              "$argon2" not in output and not leaked and not re.search(r"[0-9a-f]{64}", output),
              f"output: {output[:300]!r}; leaked {leaked}")


def test_tls():
    if not shutil.which("openssl"):
        print("skip  TLS checks: no openssl command to make a certificate")
        return
    key, cert = os.path.join(WORK, "key.pem"), os.path.join(WORK, "cert.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                           "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                          capture_output=True, timeout=30)
    if made.returncode != 0:
        print("skip  TLS checks: openssl could not make a certificate")
        return
    server = Server(DB, "--tls-cert", cert, "--tls-key", key, name="tls")
    try:
        check("serve --tls-cert/--tls-key prints 'listening on https://127.0.0.1:PORT'",
              server.port is not None and server.tls,
              f"line={server.line!r}; stderr={server.stderr_tail()!r}")
        if server.port is None:
            return
        response = server.req("GET", "/healthz")
        check("TLS: GET /healthz -> 200", response.status == 200, response.summary())
        login_cookie, hidden, _ = login_form(server)
        response = server.req("POST", "/login", [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", f"tiendo_login={login_cookie}")],
            urllib.parse.urlencode({"username": "viewer", "password": PASSWORDS["viewer"],
                                    "csrf_token": hidden or ""}).encode())
        value, line = response.cookies().get("tiendo_session", (None, ""))
        if value:
            SECRETS.append(value)
        attributes = [part.strip().lower() for part in line.split(";")[1:]]
        check("TLS: the session cookie is Secure, HttpOnly, SameSite=Lax",
              response.status == 303 and {"secure", "httponly", "samesite=lax"} <= set(attributes),
              f"{response.summary()[:200]}; Set-Cookie {line!r}")
        response = http(server.port, "GET", "/healthz", timeout=5)
        again = server.req("GET", "/healthz")
        check("TLS: a plain-HTTP request to the TLS port gets no 5xx and the server goes on",
              (response.status is None or response.status < 500) and again.status == 200,
              f"{response.summary()[:200]}; then {again.summary()[:200]}")
    finally:
        code, rest = server.stop(signal.SIGINT)
        check("TLS server: SIGINT stops it with exit 0", code == 0, f"exit {code}")


def test_import_workbook():
    """A workbook (.xlsx) uploaded to the API: as a raw body with its content type, and as a
    multipart file named .xlsx; a zip that is no workbook is refused, nothing written."""
    book = subprocess.run([TIENDO, "--db", DB, "export", "--format", "xlsx"], capture_output=True,
                          env=ENV, cwd=WORK, timeout=120, check=True).stdout
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = SERVER.req("POST", "/api/v1/import?dry_run=1",
                          [bearer("admin"), ("Content-Type", xlsx_type)], book)
    try:
        summary = response.json()["summary"]
        unchanged = summary["projects_added"] == 0 and summary["projects_changed"] == 0 and \
            summary["milestones_changed"] == 0 and summary["dependencies_added"] == 0
    except (ValueError, KeyError, TypeError):
        unchanged = False
    expect("POST /api/v1/import?dry_run=1 of the exported workbook (xlsx content type) -> 200, "
           "nothing would change", response, 200, extra=unchanged)
    boundary = "----tiendo-workbook-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"tiến độ quý III.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + book + f"\r\n--{boundary}--\r\n".encode()
    response = SERVER.req("POST", "/api/v1/import?dry_run=1",
                          [bearer("admin"),
                           ("Content-Type", f"multipart/form-data; boundary={boundary}")], body)
    expect("POST /api/v1/import?dry_run=1 multipart with a file named .xlsx -> 200", response, 200)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("readme.txt", "không phải sổ tính")
    before = milestone_rows()
    response = SERVER.req("POST", "/api/v1/import",
                          [bearer("admin"), ("Content-Type", xlsx_type)], archive.getvalue())
    try:
        messages = [error.get("message", "") for error in response.json()["errors"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        messages = []
    expect("POST /api/v1/import of a zip that is no workbook -> 400 'upload.xlsx: not a "
           "workbook: ...', nothing written", response, 400, "errors",
           extra=any(m.startswith("upload.xlsx: not a workbook") for m in messages) and
           milestone_rows() == before, extra_detail=repr(messages))


def main():
    global SERVER
    print(f"tiendo: {TIENDO}\nwork:   {WORK}", flush=True)
    build_fixture()
    print(f"fixture built in {time.monotonic() - STARTED:.1f} s", flush=True)
    group(test_startup_refusals)
    SERVER = Server(DB)
    try:
        ok = check("serve prints exactly 'listening on http://127.0.0.1:PORT' when ready",
                   SERVER.port is not None,
                   f"first line {SERVER.line!r}; alive={SERVER.alive()}; "
                   f"stderr={SERVER.stderr_tail()!r}")
        if not ok:
            return
        for function in (test_health_and_assets, test_redirects_without_session,
                         test_login_page_and_login, test_api_authentication, test_api_equals_cli,
                         test_bad_parameters, test_not_found_and_methods, test_patch_scope,
                         test_patch_conflicts, test_patch_sequence, test_patch_bad_bodies, test_import,
                         test_import_workbook, test_pages,
                         test_milestone_form, test_escaping, test_login_throttle,
                         test_traversal, test_hostile_requests, test_body_limits, test_logout):
            if not SERVER.alive():
                check(f"server alive before {function.__name__}", False,
                      f"exit {SERVER.process.returncode}; stderr={SERVER.stderr_tail()!r}")
                break
            group(function)
            print(f"      [{function.__name__} done at {time.monotonic() - STARTED:.1f} s]",
                  flush=True)
        group(lambda: test_secrets_not_stored(False))
    finally:
        code, rest = SERVER.stop()
        if SERVER.port is not None:
            check("SIGTERM stops the server with exit 0", code == 0,
                  f"exit {code}; stderr={SERVER.stderr_tail()!r}")
            check("the server printed nothing more on standard output than its one line",
                  rest.strip() == "", f"more output: {rest[:300]!r}")
    group(lambda: test_secrets_not_stored(True))
    group(test_tls)


if __name__ == "__main__":
    try:
        main()
    finally:
        elapsed = time.monotonic() - STARTED
        print(f"\n{len(PASSED)} checks passed, {len(FAILED)} failed, in {elapsed:.1f} s")
        for name, detail in FAILED:
            print(f"FAILED: {name}\n        {detail}")
        if not FAILED:
            shutil.rmtree(WORK, ignore_errors=True)
        else:
            print(f"(work files kept in {WORK})")
    sys.exit(1 if FAILED or not PASSED else 0)
