#!/usr/bin/env python3
"""HTTP tests of the analysis, import and admin pages of `tiendo serve` (/alerts, /pipeline,
/report, /export/..., /import, /history, /admin/users), with the standard library only.

Usage (from the source directory):  python3 tests/web/more_pages_test.py PATH_TO_TIENDO

It builds a demo database with hostile project text and a few accounts, starts
`tiendo serve --listen 127.0.0.1:0`, logs in through the login form and checks: each page answers
200 with a session and 303 to /login without; /admin/users is the admin's only; hostile text is
shown as text; an import's dry run writes nothing, its confirmation writes, a bad CSV is refused
with the command line's file/row/field message and nothing written, and an editor cannot import
another province's project; every POST without the form's csrf_token is refused with 403.

Each check prints "ok" or "FAIL" with its name. Exit 0 when every check passed, 1 otherwise.
"""
import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from html.parser import HTMLParser

if len(sys.argv) != 2:
    sys.exit("usage: more_pages_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="tiendo-pages-")
ENV = dict(os.environ, USER="clitester", LC_ALL="C.UTF-8")
ENV.pop("TIENDO_DB", None)
DB = os.path.join(WORK, "pages.db")
AS_OF = "2020-06-30"

FAILED = []


def check(name, ok, detail=""):
    if ok:
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {detail}", flush=True)
    return bool(ok)


# ----------------------------------------------------------------------------------------------
# The command line and the server


def cli(*args, stdin=None, expect=0, cwd=None):
    process = subprocess.run([TIENDO, "--db", DB, *args], input=stdin, capture_output=True,
                             text=True, env=ENV, cwd=cwd or WORK, timeout=120)
    if expect is not None and process.returncode != expect:
        raise RuntimeError(f"tiendo {' '.join(args)} exited {process.returncode}: "
                           f"{process.stderr.strip()[:500]}")
    return process


def cli_json(*args):
    return json.loads(cli(*args, "--format", "json").stdout)


class Server:
    def __init__(self):
        self.process = subprocess.Popen(
            [TIENDO, "serve", "--db", DB, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
            stderr=open(os.path.join(WORK, "server.stderr"), "wb"), env=ENV, cwd=WORK)
        line = self.process.stdout.readline().decode()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            raise RuntimeError(f"tiendo serve printed {line!r}")
        self.port = int(match.group(1))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def cookies(self):
        jar = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                first = value.split(";", 1)[0]
                if "=" in first:
                    name, content = first.split("=", 1)
                    jar[name.strip()] = content.strip()
        return jar

    def summary(self):
        return f"{self.status} Location={self.header('Location')!r} body={self.body[:300]!r}"


SERVER = None


def request(method, target, session=None, body=None, content_type=None, extra_cookies=""):
    connection = http.client.HTTPConnection("127.0.0.1", SERVER.port, timeout=60)
    headers = {}
    cookies = []
    if session:
        cookies.append(f"tiendo_session={session}")
    if extra_cookies:
        cookies.append(extra_cookies)
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    if content_type:
        headers["Content-Type"] = content_type
    connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    answer = Answer(response.status, response.getheaders(), response.read())
    connection.close()
    return answer


def get(target, session=None):
    return request("GET", target, session)


def post_form(target, session, fields):
    return request("POST", target, session, urllib.parse.urlencode(fields).encode(),
                   "application/x-www-form-urlencoded")


def multipart(fields, files):
    """fields: [(name, value)]; files: [(field, filename, bytes)] -> (body, content type)."""
    boundary = "----tiendo-pages-test-5c1b"
    parts = []
    for name, value in fields:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                     .encode() + value.encode() + b"\r\n")
    for field, filename, content in files:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                     f"filename=\"{filename}\"\r\nContent-Type: text/csv\r\n\r\n".encode()
                     + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def post_multipart(target, session, fields, files=()):
    body, content_type = multipart(fields, files)
    return request("POST", target, session, body, content_type)


# ----------------------------------------------------------------------------------------------
# HTML


class Page(HTMLParser):
    """The text of a page, its forms (fields as a browser would send them) and any hostile markup."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.forms = []
        self.injected = []
        self.titles = []
        self._select = None
        self._script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key, value in attrs:
            if key.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.injected.append(f"<{tag} {key}={value!r}>")
        if tag in ("script", "iframe", "svg") or (tag == "img" and attributes.get("src") == "x"):
            if tag != "script" or attributes.get("src") != "/assets/tiendo.js":
                self.injected.append(f"<{tag}> {attributes}")
        if tag == "svg" and "onload" not in attributes:
            self.injected.pop()  # the report's charts are SVG; only a hostile one is flagged
        if "title" in attributes:
            self.titles.append(attributes["title"])
        if tag == "form":
            self.forms.append({"action": attributes.get("action"), "fields": [],
                               "method": (attributes.get("method") or "get").lower()})
        elif tag == "input" and self.forms and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind in ("submit", "button", "file"):
                return
            self.forms[-1]["fields"].append((attributes["name"], attributes.get("value") or ""))
        elif tag == "select" and self.forms and attributes.get("name"):
            self._select = [attributes["name"], None]
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in attributes:
                self._select[1] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            self.forms[-1]["fields"].append((self._select[0], self._select[1] or ""))
            self._select = None

    def handle_data(self, data):
        self.text.append(data)

    def all_text(self):
        return "".join(self.text)


RAW_HOSTILE = ["<script>alert(", "<img src=x onerror", "<svg onload", "<b onclick"]


def injected(html):
    return [marker for marker in RAW_HOSTILE if marker in html] + Page(html).injected


# ----------------------------------------------------------------------------------------------
# Fixture

PASSWORDS = {}
SESSIONS = {}
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_INVESTOR = '"><img src=x onerror=alert(2)>'
HOSTILE_REASON = "grid:<b onclick=alert(5)>x</b>"
PROJECT_HEADER = ("code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,"
                  "target_cod,lat,lon,site,source\n")
MILESTONE_HEADER = "project,key,name,duration_days,planned,actual_start,actual,forecast,reason,source\n"


def csv_line(cells):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def add_account(name, role, *provinces):
    PASSWORDS[name] = f"secret-password-{name}"
    arguments = ["user", "add", name, "--role", role, "--password-stdin"]
    for province in provinces:
        arguments += ["--province", province]
    cli(*arguments, stdin=PASSWORDS[name] + "\n")


def build_fixture():
    cli("demo")
    cli("project", "add", "AA-XSS-1", "--name", HOSTILE_NAME, "--technology", "solar_farm",
        "--province", "Sóc Trăng", "--capacity", "10", "--investor", HOSTILE_INVESTOR)
    cli("milestone", "add", "AA-XSS-1:cod", "--planned", "2019-06", "--reason", HOSTILE_REASON)
    add_account("admin", "admin")
    add_account("viewer", "viewer")
    add_account("ed", "editor", "Sóc Trăng")


def login(name):
    answer = get("/login")
    token = answer.cookies().get("tiendo_login", "")
    form = Page(answer.text).forms[0]
    fields = dict(form["fields"])
    fields.update({"username": name, "password": PASSWORDS[name]})
    answer = request("POST", "/login", None, urllib.parse.urlencode(fields).encode(),
                     "application/x-www-form-urlencoded", extra_cookies=f"tiendo_login={token}")
    return answer.cookies().get("tiendo_session")


def csrf(name):
    return json.loads(get("/api/v1/session", SESSIONS[name]).text)["csrf_token"]


def state():
    """What an import could change: every project, milestone and dependency, and the change log."""
    return (cli("export", "--what", "projects").stdout,
            cli("export", "--what", "milestones").stdout,
            cli("export", "--what", "dependencies").stdout,
            len(cli_json("history", "--limit", "100000")["changes"]))


# ----------------------------------------------------------------------------------------------
# Checks

PAGES = ["/alerts", f"/alerts?as_of={AS_OF}&min_severity=warning&lang=en",
         f"/alerts?as_of={AS_OF}&kind=cod_slip&province=S%C3%B3c%20Tr%C4%83ng",
         "/pipeline", f"/pipeline?by=province&by=technology_group&as_of={AS_OF}&lang=en",
         "/pipeline?by=cod_year&by=investor&technology=solar&stage=operating",
         "/report", "/report?from=2020-01-01&to=2020-03-31&lang=en",
         "/report?from=2020-01-01&to=2020-06-30&province=Ninh%20Thu%E1%BA%ADn",
         "/import", "/history", "/history?project=AA-XSS-1", "/history?lang=en"]


def test_pages_need_a_session():
    for page in PAGES + ["/admin/users", "/export/projects.csv", "/export/milestones.csv",
                         "/export/dependencies.csv", "/export/portfolio.xlsx"]:
        answer = get(page)
        check(f"GET {page} without a session -> 303 to /login", answer.status == 303 and
              (answer.header("Location") or "").startswith("/login"), answer.summary())
    for page in PAGES:
        answer = get(page, SESSIONS["viewer"])
        check(f"GET {page} as viewer -> 200 HTML", answer.status == 200 and
              "text/html" in (answer.header("Content-Type") or ""), answer.summary())


def test_page_contents():
    answer = get(f"/alerts?as_of={AS_OF}", SESSIONS["viewer"])
    page = Page(answer.text)
    filters = [form for form in page.forms if form["method"] == "get" and
               form["action"] == "/alerts"]
    names = {name for name, _ in filters[0]["fields"]} if filters else set()
    check("/alerts has a GET filter form with min_severity, kind, province, technology, as_of",
          {"min_severity", "kind", "province", "technology", "as_of"} <= names, f"{names}")
    check("/alerts shows severity badges and links to projects",
          'class="badge severity-' in answer.text and 'href="/projects/' in answer.text,
          answer.text[:500])
    alerts = cli_json("alerts", "--as-of", AS_OF)["alerts"]
    codes = {alert["project"] for alert in alerts}
    shown = set(re.findall(r'href="/projects/([^"?]+)[?"]', answer.text))
    check("/alerts lists the projects `tiendo alerts` lists (first page)",
          shown and shown <= codes and (len(alerts) > 200 or shown == codes),
          f"page {sorted(shown)[:10]} vs cli {sorted(codes)[:10]}")
    answer = get("/alerts?min_severity=urgent", SESSIONS["viewer"])
    check("/alerts?min_severity=urgent -> 400 with the message, the form kept",
          answer.status == 400 and "mức độ tối thiểu: 'urgent'" in Page(answer.text).all_text() and
          'action="/alerts"' in answer.text, answer.summary())
    answer = get("/alerts?as_of=2019-13-45", SESSIONS["viewer"])
    check("/alerts?as_of=2019-13-45 -> 400", answer.status == 400, answer.summary())

    answer = get(f"/pipeline?by=province&as_of={AS_OF}&lang=en", SESSIONS["viewer"])
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", answer.text, re.S)
    cli_rows = cli_json("pipeline", "--by", "province", "--as-of", AS_OF)
    check("/pipeline?by=province shows a row per province and a total",
          answer.status == 200 and 'class="total"' in answer.text and
          len(rows) >= 2, answer.summary())
    check("/pipeline's JSON twin exists for the same question (sanity)", bool(cli_rows), "")
    answer = get("/pipeline?by=color", SESSIONS["viewer"])
    check("/pipeline?by=color -> 400 with the message", answer.status == 400 and
          "color" in Page(answer.text).all_text(), answer.summary())
    answer = get("/pipeline", SESSIONS["viewer"])
    for export in ("/export/projects.csv", "/export/milestones.csv", "/export/dependencies.csv",
                   "/export/portfolio.xlsx"):
        check(f"/pipeline links {export}", f'href="{export}"' in answer.text, "")

    answer = get("/report?from=2020-01-01&to=2020-03-31", SESSIONS["viewer"])
    check("/report?from=2020-01-01&to=2020-03-31 is the periodic report with its charts",
          answer.status == 200 and "<svg" in answer.text and "01/01/2020" in answer.text,
          answer.summary())
    answer = get("/report?from=2020-04-01&to=2020-03-31", SESSIONS["viewer"])
    check("/report with to before from -> 400", answer.status == 400, answer.summary())

    for name, header in (("projects", "code,name,technology"),
                         ("milestones", "project,key,name"), ("dependencies", "")):
        answer = get(f"/export/{name}.csv", SESSIONS["viewer"])
        disposition = answer.header("Content-Disposition") or ""
        expected = cli("export", "--what", name).stdout
        check(f"/export/{name}.csv: an attachment, a byte order mark, then `tiendo export --what {name}`",
              answer.status == 200 and disposition.startswith("attachment") and
              f'filename="{name}.csv"' in disposition and answer.body.startswith(b"\xef\xbb\xbf")
              and answer.text[1:] == expected and answer.text[1:].startswith(header),
              f"{answer.status} {disposition!r} {answer.text[:40]!r}")
    answer = get("/export/portfolio.xlsx", SESSIONS["viewer"])
    check("/export/portfolio.xlsx: an attachment, a zip (xlsx) file",
          answer.status == 200 and answer.body[:2] == b"PK" and
          "attachment" in (answer.header("Content-Disposition") or ""), answer.summary()[:100])

    answer = get("/history?project=NO-SUCH", SESSIONS["viewer"])
    check("/history?project=NO-SUCH -> 404 with the message", answer.status == 404 and
          "NO-SUCH" in Page(answer.text).all_text(), answer.summary())
    answer = get("/history?project=AA-XSS-1", SESSIONS["viewer"])
    # The reason by its category's label ("Lưới điện: ..."), never the stored "grid:...".
    check("/history?project=AA-XSS-1 shows the actor and the reason",
          "clitester" in answer.text and
          "Lưới điện: " + HOSTILE_REASON.split(":", 1)[1] in Page(answer.text).all_text() and
          HOSTILE_REASON not in Page(answer.text).all_text(), answer.summary())


def test_admin_only():
    for who in ("viewer", "ed"):
        answer = get("/admin/users", SESSIONS[who])
        check(f"GET /admin/users as {who} -> 403", answer.status == 403, answer.summary())
        before = cli_json("user", "list")
        answer = post_form("/admin/users", SESSIONS[who],
                           [("csrf_token", csrf(who)), ("name", "sneaky"), ("role", "admin"),
                            ("provinces", ""), ("password", "long-enough-password")])
        check(f"POST /admin/users as {who} -> 403, nothing written",
              answer.status == 403 and cli_json("user", "list") == before, answer.summary())
        answer = post_form("/admin/users/viewer", SESSIONS[who],
                           [("csrf_token", csrf(who)), ("action", "save"), ("role", "admin"),
                            ("provinces", "")])
        check(f"POST /admin/users/viewer as {who} -> 403, nothing written",
              answer.status == 403 and cli_json("user", "list") == before, answer.summary())
    answer = get("/admin/users", SESSIONS["admin"])
    text = Page(answer.text).all_text()
    check("GET /admin/users as admin -> 200 listing the accounts, no hash",
          answer.status == 200 and all(name in text for name in ("admin", "viewer", "ed")) and
          "$argon2" not in answer.text and "secret-password" not in answer.text,
          answer.summary())
    nav = get("/alerts", SESSIONS["viewer"]).text
    check("the navigation offers /admin/users to the admin only",
          'href="/admin/users"' in answer.text and 'href="/admin/users"' not in nav, "")


def accounts():
    return {row["name"]: row for row in cli_json("user", "list")["accounts"]}


def test_admin_changes():
    admin = SESSIONS["admin"]
    token = csrf("admin")
    answer = post_form("/admin/users", admin,
                       [("csrf_token", token), ("name", "newed"), ("role", "editor"),
                        ("provinces", "Ninh Thuận, Bình Thuận"),
                        ("password", "a-good-password")])
    check("POST /admin/users (add an editor of two provinces) -> 303 to /admin/users",
          answer.status == 303 and (answer.header("Location") or "").startswith("/admin/users"),
          answer.summary())
    row = accounts().get("newed")
    check("... the account exists with its role and provinces",
          row and row["role"] == "editor" and row["provinces"] == ["Ninh Thuận", "Bình Thuận"],
          f"{row}")
    answer = get(answer.header("Location") or "/admin/users", admin)
    check("... and the page says so", "newed" in Page(answer.text).all_text() and
          'class="notice"' in answer.text, answer.summary())

    before = accounts()
    cli_message = cli("user", "add", "shortpw", "--role", "viewer", "--password-stdin",
                      stdin="short\n", expect=2).stderr.strip()
    answer = post_form("/admin/users", admin, [("csrf_token", token), ("name", "shortpw"),
                                               ("role", "viewer"), ("provinces", ""),
                                               ("password", "short")])
    text = Page(answer.text).all_text()
    # The page words the operation's message in its language (the catalogue's Vietnamese).
    check("POST /admin/users with a short password -> 400 with the message in Vietnamese, "
          "nothing written",
          answer.status == 400 and "mật khẩu: ngắn hơn" in text and accounts() == before,
          f"{answer.summary()}\n      CLI: {cli_message!r}")
    check("... the refused form keeps the name but never the password",
          'value="shortpw"' in answer.text and 'value="short"' not in answer.text, "")
    cli_message = cli("user", "add", "noprov", "--role", "editor", "--password-stdin",
                      stdin="a-good-password\n", expect=None).stderr.strip()
    answer = post_form("/admin/users", admin, [("csrf_token", token), ("name", "noprov"),
                                               ("role", "editor"), ("provinces", ""),
                                               ("password", "a-good-password")])
    # In the page's language, never naming the command line's options (--role, --province).
    text = Page(answer.text).all_text()
    check("POST /admin/users: an editor without a province -> 400 in Vietnamese, no option",
          answer.status == 400 and "cần ít nhất một tỉnh" in text and "--" not in text and
          accounts() == before, f"{answer.summary()}\n      CLI: {cli_message!r}")
    answer = post_form("/admin/users", admin, [("csrf_token", token), ("name", "viewer"),
                                               ("role", "viewer"), ("provinces", ""),
                                               ("password", "a-good-password")])
    check("POST /admin/users with a name taken -> 400, nothing written",
          answer.status == 400 and accounts() == before, answer.summary())
    answer = post_form("/admin/users", admin, [("csrf_token", token), ("name", "x1"),
                                               ("role", "boss"), ("provinces", ""),
                                               ("password", "a-good-password")])
    check("POST /admin/users with role boss -> 400 naming the role", answer.status == 400 and
          "boss" in Page(answer.text).all_text() and accounts() == before, answer.summary())

    answer = post_form("/admin/users/newed", admin, [("csrf_token", token), ("action", "save"),
                                                     ("role", "viewer"), ("provinces", ""),
                                                     ("password", ""), ("confirm", "1")])
    row = accounts().get("newed")
    check("POST /admin/users/newed (role viewer, no province) -> 303, changed",
          answer.status == 303 and row["role"] == "viewer" and row["provinces"] == [],
          f"{answer.summary()} {row}")
    answer = post_form("/admin/users/newed", admin, [("csrf_token", token), ("action", "disable"),
                                                     ("confirm", "1")])
    check("POST /admin/users/newed disable -> 303, disabled",
          answer.status == 303 and accounts()["newed"]["disabled"] is True, answer.summary())
    answer = post_form("/admin/users/newed", admin, [("csrf_token", token), ("action", "enable")])
    check("POST /admin/users/newed enable -> 303, enabled again",
          answer.status == 303 and accounts()["newed"]["disabled"] is False, answer.summary())
    answer = post_form("/admin/users/nobody", admin, [("csrf_token", token), ("action", "disable")])
    check("POST /admin/users/nobody -> 404", answer.status == 404, answer.summary())
    changes = cli_json("history", "--limit", "100000")["changes"]
    check("the account changes are in the change log with the admin as actor",
          any(c["actor"] == "admin" and "newed" in json.dumps(c, ensure_ascii=False)
              for c in changes), "no change by admin naming newed")


def test_escaping():
    # A reason reads by its category's label: "Lưới điện: <b ...>x</b>", "Grid: <b ...>x</b>".
    hostile_text = HOSTILE_REASON.split(":", 1)[1]
    for page, hostile in ((f"/alerts?as_of={AS_OF}", ["Lưới điện: " + hostile_text]),
                          (f"/alerts?as_of={AS_OF}&lang=en", ["Grid: " + hostile_text]),
                          ("/pipeline?by=investor", [HOSTILE_INVESTOR]),
                          ("/pipeline?by=investor&by=province&lang=en", [HOSTILE_INVESTOR]),
                          ("/history", [HOSTILE_NAME]),
                          ("/history?project=AA-XSS-1", [HOSTILE_NAME, HOSTILE_INVESTOR]),
                          ("/report", []),
                          ("/alerts?province=%3Cscript%3Ealert(1)%3C/script%3E", []),
                          ("/history?project=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E", []),
                          ("/admin/users?updated=%3Cscript%3Ealert(1)%3C/script%3E", [])):
        answer = get(page, SESSIONS["admin"])
        page_scan = Page(answer.text)
        shown = page_scan.all_text() + "".join(page_scan.titles)
        missing = [text for text in hostile if text not in shown]
        found = injected(answer.text)
        check(f"GET {page}: hostile text shown as text, never as markup",
              answer.status < 500 and not found and not missing,
              f"{answer.status}; injected {found}; not shown {missing}")
    answer = get(f"/alerts?as_of={AS_OF}", SESSIONS["admin"])
    check("/alerts names the hostile project (its name column) escaped",
          HOSTILE_NAME in Page(answer.text).all_text() and "&lt;script&gt;" in answer.text, "")


def upload_fields(answer):
    """The confirm form of a preview: its fields, as the browser will post them."""
    for form in Page(answer.text).forms:
        fields = dict(form["fields"])
        if fields.get("dry_run") == "0":
            return form["fields"]
    return None


def test_import():
    admin = SESSIONS["admin"]
    token = csrf("admin")
    projects_csv = (PROJECT_HEADER + csv_line(["ZZ-WEB-IMP", "Điện gió nhập từ trang web",
                                               "wind_onshore", "Sóc Trăng", "30", "", "", "",
                                               "proposed", "", "", "", "", "more_pages_test"]))
    milestones_csv = MILESTONE_HEADER + "ZZ-WEB-IMP,cod,Vận hành thương mại,0,2024-06,,,,,test\n"
    files = [("files", "projects.csv", projects_csv.encode()),
             ("files", "milestones.csv", milestones_csv.encode())]

    before = state()
    answer = post_multipart("/import", admin, [("csrf_token", token), ("dry_run", "1")], files)
    text = Page(answer.text).all_text()
    check("POST /import dry_run=1 (two files) -> 200 preview: 1 project, 1 milestone added",
          answer.status == 200 and re.search(r"dự án: thêm 1, sửa 0; mốc: thêm 1", text),
          answer.summary())
    check("... and nothing written", state() == before, "")
    confirm = upload_fields(answer)
    check("... with a confirm form keeping both files", confirm is not None and
          sum(1 for name, _ in confirm if name == "kept_content") == 2, f"{confirm}")
    if not confirm:
        return
    answer = post_multipart("/import", admin, confirm)
    check("POST the confirm form -> 200, written", answer.status == 200 and
          cli("project", "show", "ZZ-WEB-IMP", expect=None).returncode == 0, answer.summary())
    answer = get("/projects?q=nhap%20tu%20trang", admin)
    check("the project is found on /projects?q=... (accent-insensitive)",
          answer.status == 200 and "ZZ-WEB-IMP" in answer.text, answer.summary())
    changes = cli_json("history", "ZZ-WEB-IMP")["changes"]
    check("the import is in the change log with the admin as actor",
          changes and all(change["actor"] == "admin" for change in changes), f"{changes[:2]}")

    # A bad file: refused with the command line's own file/row/field message, nothing written.
    bad = PROJECT_HEADER + csv_line(["ZZ-WEB-BAD", "Dự án lỗi", "wind_onshore", "Sóc Trăng",
                                     "lots", "", "", "", "proposed", "", "", "", "", "x"])
    folder = os.path.join(WORK, "bad")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "projects.csv"), "w", encoding="utf-8") as handle:
        handle.write(bad)
    before = state()
    cli_lines = [re.sub(r"^(error|lỗi): ", "", line) for line in
                 cli("import", "projects.csv", expect=None, cwd=folder).stderr.strip().splitlines()]
    cli_lines = [line for line in cli_lines if "projects.csv" in line]
    for dry in ("1", "0"):
        answer = post_multipart("/import", admin, [("csrf_token", token), ("dry_run", dry)],
                                [("files", "projects.csv", bad.encode())])
        text = Page(answer.text).all_text()
        check(f"POST /import dry_run={dry} with capacity 'lots' -> 400 with the CLI's message "
              f"naming the file, row and field", answer.status == 400 and cli_lines and
              all(line in text for line in cli_lines) and "capacity_mw" in text,
              f"{answer.summary()}\n      CLI: {cli_lines}")
        check("... and nothing written", state() == before, "")

    answer = post_multipart("/import", admin, [("csrf_token", token), ("dry_run", "1")],
                            [("files", "", b"")])
    check("POST /import with no file chosen -> 400", answer.status == 400, answer.summary())

    # An editor of Sóc Trăng importing a Trà Vinh project: 403 at preview and at confirmation.
    foreign = (PROJECT_HEADER + csv_line(["ZZ-WEB-TV", "Dự án Trà Vinh", "solar_farm",
                                          "Trà Vinh", "5", "", "", "", "proposed", "", "", "", "",
                                          "x"])).encode()
    ed_token = csrf("ed")
    for dry in ("1", "0"):
        answer = post_multipart("/import", SESSIONS["ed"],
                                [("csrf_token", ed_token), ("dry_run", dry)],
                                [("files", "projects.csv", foreign)])
        check(f"POST /import dry_run={dry} by the Sóc Trăng editor with a Trà Vinh project -> 403",
              answer.status == 403, answer.summary())
        check("... and nothing written", state() == before, "")
    # Confirming content the editor never previewed is checked the same way.
    kept = [("csrf_token", ed_token), ("dry_run", "0"), ("kept_name", "projects.csv"),
            ("kept_content", __import__("base64").b64encode(foreign).decode())]
    answer = post_multipart("/import", SESSIONS["ed"], kept)
    check("POST /import confirm with a forged kept file by the editor -> 403, nothing written",
          answer.status == 403 and state() == before, answer.summary())
    own = foreign.replace("Trà Vinh".encode(), "Sóc Trăng".encode()).replace(b"ZZ-WEB-TV",
                                                                              b"ZZ-WEB-ST")
    answer = post_multipart("/import", SESSIONS["ed"], [("csrf_token", ed_token), ("dry_run", "1")],
                            [("files", "projects.csv", own)])
    confirm = upload_fields(answer)
    answer = post_multipart("/import", SESSIONS["ed"], confirm or [])
    check("the Sóc Trăng editor imports a Sóc Trăng project: preview then confirm -> written",
          answer.status == 200 and
          cli("project", "show", "ZZ-WEB-ST", expect=None).returncode == 0, answer.summary())
    answer = post_multipart("/import", SESSIONS["viewer"],
                            [("csrf_token", csrf("viewer")), ("dry_run", "1")],
                            [("files", "projects.csv", own.replace(b"ZZ-WEB-ST", b"ZZ-WEB-VW"))])
    check("POST /import by a viewer -> 403, nothing written", answer.status == 403 and
          cli("project", "show", "ZZ-WEB-VW", expect=None).returncode != 0, answer.summary())


def test_csrf():
    before = (state(), cli_json("user", "list"))
    own = (PROJECT_HEADER + csv_line(["ZZ-CSRF", "x", "solar_farm", "Sóc Trăng", "5", "", "", "",
                                      "proposed", "", "", "", "", "x"])).encode()
    for label, token in (("missing", None), ("wrong", "0" * 43)):
        extra = [] if token is None else [("csrf_token", token)]
        answers = [
            ("/import", post_multipart("/import", SESSIONS["admin"], extra + [("dry_run", "0")],
                                       [("files", "projects.csv", own)])),
            ("/admin/users", post_form("/admin/users", SESSIONS["admin"],
                                       extra + [("name", "csrfuser"), ("role", "viewer"),
                                                ("provinces", ""),
                                                ("password", "a-good-password")])),
            ("/admin/users/viewer", post_form("/admin/users/viewer", SESSIONS["admin"],
                                              extra + [("action", "disable")])),
        ]
        for target, answer in answers:
            check(f"POST {target} with the csrf_token {label} -> 403", answer.status == 403,
                  answer.summary())
    check("... and nothing written by any of them", (state(), cli_json("user", "list")) == before,
          "")
    answer = post_form("/admin/users", None, [("name", "x"), ("role", "viewer")])
    check("POST /admin/users without a session -> 303 to /login", answer.status == 303, "")


def main():
    global SERVER
    build_fixture()
    SERVER = Server()
    try:
        for name in ("admin", "viewer", "ed"):
            SESSIONS[name] = login(name)
        check("logged in through the form as admin, viewer and ed", all(SESSIONS.values()),
              f"{SESSIONS}")
        for test in (test_pages_need_a_session, test_page_contents, test_admin_only,
                     test_admin_changes, test_escaping, test_import, test_csrf):
            try:
                test()
            except Exception as error:  # noqa: BLE001 - a broken group must not hide the others
                import traceback
                check(f"{test.__name__} ran to the end", False,
                      f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    finally:
        SERVER.stop()
    shutil.rmtree(WORK, ignore_errors=True)
    print(f"{'FAILED' if FAILED else 'passed'}: {len(FAILED)} failures", flush=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
