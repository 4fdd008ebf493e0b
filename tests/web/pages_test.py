#!/usr/bin/env python3
"""HTTP tests of the core pages of `tiendo serve`: the dashboard, the project list, a project's
page and the milestone form (DESIGN.md "The web workspace").

Usage (from the source directory):  python3 tests/web/pages_test.py PATH_TO_TIENDO

It builds a demo database, adds accounts and a few projects of its own with the command line
(one with a hostile name, one with diacritics), starts `tiendo serve --listen 127.0.0.1:0` and
checks over loopback: pages answer 200 with a session and 303 without; the milestone form's
round trip and its refusals (bad date 400 with the CLI's message, stale version 409 naming the
other writer, another province 403, no csrf_token 403 — each writing nothing); accent-insensitive
search; paging; escaping on every page; Vietnamese by default and English with ?lang=en.
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
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: pages_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])

PASSED, FAILED = [], []
HOSTILE = "<script>alert(1)</script>"


def check(name, ok, detail=""):
    if ok:
        PASSED.append(name)
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {str(detail)[:600]}", flush=True)
    return bool(ok)


def cli(database, *args, stdin=None, check_status=True):
    result = subprocess.run([TIENDO, "--db", database, *args], input=stdin, capture_output=True,
                            text=True, timeout=120)
    if check_status and result.returncode != 0:
        raise RuntimeError(f"tiendo {' '.join(args)} failed: {result.stderr}")
    return result


class Browser:
    """A client that keeps cookies by hand and never follows redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def login(self, name, password):
        status, _, page = self.get("/login")
        token = hidden(page, "csrf_token")
        status, headers, _ = self.post("/login", {"username": name, "password": password,
                                                  "csrf_token": token, "next": "/"})
        if status != 303 or "tiendo_session" not in self.cookies:
            raise RuntimeError(f"login of {name} failed: {status}")


def hidden(page, name):
    match = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page)
    return html.unescape(match.group(1)) if match else None


def input_value(page, name):
    match = re.search(r'<input id="%s" name="%s" type="text" value="([^"]*)"' %
                      (re.escape(name), re.escape(name)), page)
    return html.unescape(match.group(1)) if match else None


def main():
    folder = tempfile.mkdtemp(prefix="tiendo-pages-test-")
    database = os.path.join(folder, "demo.db")
    server = None
    try:
        cli(database, "demo")
        password = "secret-password"
        projects = json.loads(cli(database, "project", "list", "--format", "json").stdout)
        projects = projects["projects"] if isinstance(projects, dict) else projects
        milestones = json.loads(cli(database, "milestone", "list", "--format", "json").stdout)
        milestones = milestones["milestones"] if isinstance(milestones, dict) else milestones
        with_forecastable = {m["project"] for m in milestones if m.get("actual") is None}
        provinces = []
        for project in projects:
            if project["province"] not in provinces and project["code"] in with_forecastable:
                provinces.append(project["province"])
        home, other = provinces[0], provinces[1]
        target = next(p for p in projects if p["province"] == home and p["code"] in with_forecastable)
        code = target["code"]
        milestone = next(m for m in milestones if m["project"] == code and m.get("actual") is None)
        key = milestone["key"]
        foreign = next(p for p in projects if p["province"] == other and p["code"] in with_forecastable)
        foreign_key = next(m["key"] for m in milestones
                           if m["project"] == foreign["code"] and m.get("actual") is None)

        cli(database, "user", "add", "admin", "--role", "admin", "--password-stdin",
            stdin=password + "\n")
        cli(database, "user", "add", "viewer", "--role", "viewer", "--password-stdin",
            stdin=password + "\n")
        cli(database, "user", "add", "editor", "--role", "editor", "--province", home,
            "--password-stdin", stdin=password + "\n")
        # A hostile name and a name with diacritics, in the editor's province.
        cli(database, "project", "add", "XSS-1", "--name", HOSTILE, "--technology", "solar_farm",
            "--province", home, "--capacity", "12.5", "--investor", HOSTILE, "--site", HOSTILE)
        cli(database, "milestone", "add", "XSS-1:cod", "--duration", "0", "--planned", "2021-06",
            check_status=False)
        cli(database, "project", "add", "HB-TEST", "--name", "Điện mặt trời Hòa Bình thử nghiệm",
            "--technology", "solar_farm", "--province", home, "--capacity", "7.25")

        server = subprocess.Popen([TIENDO, "--db", database, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        port = int(re.search(r":(\d+)$", line.strip()).group(1))

        anonymous = Browser(port)
        admin, viewer, editor = Browser(port), Browser(port), Browser(port)
        admin.login("admin", password)
        viewer.login("viewer", password)
        editor.login("editor", password)

        # ---- Every page: 200 with a session, 303 to /login without. ----
        pages = ["/", "/?as_of=2020-06-30", "/projects", f"/projects/{code}",
                 f"/projects/{code}?as_of=2020-06-30", f"/projects/{code}/milestones/{key}"]
        for path in pages:
            status, headers, _ = anonymous.get(path)
            check(f"GET {path} without a session: 303 to /login",
                  status == 303 and headers.get("location", "").startswith("/login"),
                  (status, headers.get("location")))
            for name, browser in (("admin", admin), ("viewer", viewer), ("editor", editor)):
                status, headers, page = browser.get(path)
                check(f"GET {path} as {name}: 200 HTML", status == 200 and
                      headers.get("content-type", "").startswith("text/html"), (status, page[:300]))
        status, _, page = admin.get("/projects/NO-SUCH-PROJECT")
        check("unknown project: 404 page", status == 404 and "NO-SUCH-PROJECT" in page, status)
        status, _, _ = admin.get(f"/projects/{code}/milestones/no_such_key")
        check("unknown milestone: 404", status == 404, status)

        # ---- The dashboard shows its sections. ----
        status, _, page = admin.get("/?as_of=2020-06-30")
        for marker in ('data-chart="stage-technology"', 'data-chart="cod-year"',
                       "Cảnh báo nghiêm trọng nhất", "Thay đổi gần đây"):
            check(f"dashboard holds {marker}", marker in page)
        check("dashboard links alerts to project pages", 'href="/projects/' in page)
        status, _, page = editor.get("/")
        check("editor's dashboard names their province first", html.escape(home) in page
              and "scope=all" in page)

        # ---- The milestone form round trip. ----
        form_path = f"/projects/{code}/milestones/{key}"
        status, _, page = editor.get(form_path)
        token, version = hidden(page, "csrf_token"), hidden(page, "version")
        check("form carries csrf_token and version", token and version is not None, page[:300])
        fields = {name: input_value(page, name) or "" for name in
                  ("planned", "actual_start", "actual", "forecast", "reason", "source")}
        def as_vietnamese(iso):
            parts = iso.split("-") if iso else []
            return "/".join(reversed(parts))
        check("form shows the planned date as a Vietnamese reader writes it, at its precision",
              fields["planned"] == as_vietnamese(milestone.get("planned") or ""),
              (fields["planned"], milestone.get("planned")))
        history_before = json.loads(cli(database, "history", code, "--format", "json").stdout)
        new_forecast = "15/08/2021"
        form = dict(fields, forecast=new_forecast, reason="grid:line late", csrf_token=token,
                    version=version)
        status, headers, _ = editor.post(form_path, form)
        check("POST a new forecast: 303 to the project page",
              status == 303 and
              headers.get("location") == f"/projects/{code}?saved={key}",
              (status, headers.get("location")))
        listed = json.loads(cli(database, "milestone", "list", "--project", code, "--format",
                                "json").stdout)
        listed = listed["milestones"] if isinstance(listed, dict) else listed
        now = next(m for m in listed if m["key"] == key)
        check("the CLI lists the new forecast", now.get("forecast") == "2021-08-15", now)
        history = json.loads(cli(database, "history", code, "--format", "json").stdout)["changes"]
        check("history names the editor", any(c["actor"] == "editor" and c["field"] == "forecast"
                                               for c in history), history[-3:])
        check("only the changed fields were written",
              {c["field"] for c in history[len(history_before["changes"]):]} <= {"forecast",
                                                                                  "reason"},
              history[len(history_before["changes"]):])
        page = editor.get(form_path)[2]
        status, headers, _ = editor.post(form_path + "?lang=en",
                                         dict(form, forecast="16/08/2021",
                                              csrf_token=hidden(page, "csrf_token"),
                                              version=hidden(page, "version")))
        check("POST in English keeps ?lang=en", status == 303 and
              headers.get("location") == f"/projects/{code}?lang=en&saved={key}",
              (status, headers))
        editor.cookies.pop("tiendo_lang", None)

        def change_count():
            return len(json.loads(cli(database, "history", "--format", "json",
                                      "--limit", "100000").stdout)["changes"])

        # A bad date: 400, the CLI's message, the typed values kept, nothing written.
        page = editor.get(form_path)[2]
        token, version = hidden(page, "csrf_token"), hidden(page, "version")
        before = change_count()
        bad = cli(database, "milestone", "set", f"{code}:{key}", "--forecast", "31/02/2021",
                  check_status=False)
        message = bad.stderr.strip().splitlines()[-1]
        message = re.sub(r"^(tiendo: |error: )", "", message)
        status, _, page = editor.post(form_path, dict(fields, forecast="31/02/2021",
                                                      planned=fields["planned"], csrf_token=token,
                                                      version=version))
        check("bad date: 400", status == 400, status)
        # The CLI's problem, its reason worded in Vietnamese from the catalogue (po/vi.po).
        reason = message.rsplit("': ", 1)[1]
        check("bad date: the CLI's message, its field and reason in Vietnamese",
              re.sub(r"^-*forecast", "dự báo", message.rsplit("': ", 1)[0]).lower()
              in html.unescape(page).lower() and
              reason not in html.unescape(page) and
              "không có ngày này trong lịch" in html.unescape(page), (message, page[-800:]))
        check("bad date: the typed value is shown again", input_value(page, "forecast") ==
              "31/02/2021")
        check("bad date: nothing written", change_count() == before)

        # A stale version: someone else writes in between; 409 names them.
        page = editor.get(form_path)[2]
        token, version = hidden(page, "csrf_token"), hidden(page, "version")
        cli(database, "--actor", "hanh.other", "milestone", "set", f"{code}:{key}", "--forecast",
            "2021-09-30", "--reason", "weather:rain")
        before = change_count()
        status, _, page = editor.post(form_path, dict(fields, forecast="2021-10-31",
                                                      csrf_token=token, version=version))
        check("stale version: 409 naming the other writer",
              status == 409 and "hanh.other" in page, (status, page[-600:]))
        check("stale version: nothing written", change_count() == before)
        check("stale version: a link to reload the form", f'href="{form_path}"' in page)

        # An editor outside the province: read-only form, POST 403, nothing written.
        foreign_path = f"/projects/{foreign['code']}/milestones/{foreign_key}"
        status, _, page = editor.get(foreign_path)
        check("editor outside the province: the form is read-only",
              status == 200 and "readonly" in page and 'type="submit" class="primary"' not in page)
        before = change_count()
        status, _, _ = editor.post(foreign_path, {"forecast": "2030-01-01", "csrf_token": token,
                                                  "version": hidden(page, "version")})
        check("editor outside the province: 403", status == 403, status)
        check("editor outside the province: nothing written", change_count() == before)
        # A viewer: 403 as well, even when nothing changed.
        page = viewer.get(form_path)[2]
        status, _, _ = viewer.post(form_path, {"csrf_token": hidden(page, "csrf_token"),
                                               "version": hidden(page, "version"),
                                               "forecast": "2030-01-01"})
        check("viewer POST: 403", status == 403, status)
        check("viewer: nothing written", change_count() == before)

        # No csrf_token: 403, nothing written.
        page = editor.get(form_path)[2]
        status, _, _ = editor.post(form_path, {"forecast": "2030-01-01",
                                               "version": hidden(page, "version")})
        check("POST without csrf_token: 403", status == 403, status)
        check("POST without csrf_token: nothing written", change_count() == before)

        # ---- Search and paging. ----
        status, _, page = admin.get("/projects?q=hoa+binh")
        check("search 'hoa binh' finds Hòa Bình", "HB-TEST" in page and
              "Hòa Bình" in html.unescape(page), page[-500:])
        status, _, page = admin.get("/projects?q=" + urllib.parse.quote("HOA BÌNH"))
        check("search ignores case and accents", "HB-TEST" in page)
        status, _, page = admin.get("/projects?stage=nonsense")
        check("unknown stage: 400 with the message", status == 400 and "nonsense" in page, status)
        total = len(projects) + 2
        status, _, page = admin.get("/projects?limit=5")
        pages_count = (total + 4) // 5
        check("paging: page 1 of M", f"Trang 1 / {pages_count}" in page,
              re.findall(r"Trang [^<]*", page))
        check("paging: a next link", 'rel="next" href="/projects?limit=5&amp;page=2"' in page)
        status, _, page = admin.get(f"/projects?province={urllib.parse.quote(home)}&limit=2"
                                    "&page=2")
        check("paging keeps the filters", "rel=\"prev\"" in page and
              f"province={urllib.parse.quote(home, safe='')}" in page and "page=3" in page,
              re.findall(r'rel="(?:prev|next)" href="[^"]*"', page))
        rows = page.count('<tr><td data-label="Mã"><a href="/projects/')
        check("paging: at most the limit's rows", 0 < rows <= 2, rows)

        # ---- Escaping of a hostile name on every page. ----
        hostile_pages = ["/", "/projects", "/projects?q=XSS", "/projects/XSS-1",
                         "/projects/XSS-1/milestones/cod", "/?lang=en", "/projects/XSS-1?lang=en"]
        for path in hostile_pages:
            status, _, page = admin.get(path)
            admin.cookies.pop("tiendo_lang", None)
            check(f"{path}: the hostile name never appears as markup",
                  status in (200, 404) and HOSTILE not in page, status)
        page = admin.get("/projects/XSS-1")[2]
        check("the hostile name is shown as text", html.escape(HOSTILE, quote=False) in page or
              "&lt;script&gt;alert(1)&lt;/script&gt;" in page)
        page = admin.get("/")[2]
        check("dashboard's recent changes show the hostile name escaped",
              "&lt;script&gt;alert(1)&lt;/script&gt;" in page)

        # ---- Languages and number format. ----
        page = admin.get("/projects?q=XSS")[2]
        check("Vietnamese by default: 'Dự án'", "Dự án" in page and 'lang="vi"' in page)
        check("Vietnamese decimal comma: 12,5", ">12,5<" in page, re.findall(r"12.5", page))
        page = admin.get("/projects?q=XSS&lang=en")[2]
        admin.cookies.pop("tiendo_lang", None)
        check("?lang=en: English labels", "Projects" in page and "Technology" in page and
              'lang="en"' in page and "Dự án" not in page)
        check("?lang=en: decimal point 12.5", ">12.5<" in page)
        page = admin.get(f"/projects/{code}?lang=en")[2]
        admin.cookies.pop("tiendo_lang", None)
        check("project page in English", "Milestones" in page and "Dependencies" in page and
              "History" in page)
        page = admin.get(f"/projects/{code}")[2]
        check("project page in Vietnamese", "Các mốc tiến độ" in page and "Lịch sử" in page)
        check("project page has a Gantt strip", 'class="gantt"' in page)
        check("project page links each milestone's form", f'href="{form_path}"' in page)
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{len(PASSED)} passed, {len(FAILED)} failed")
    return 0 if not FAILED else 1


if __name__ == "__main__":
    sys.exit(main())
