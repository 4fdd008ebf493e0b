#!/usr/bin/env python3
"""The scope rule over real HTTP: a write is allowed only when every project whose figures it
changes lies in the writer's provinces — its own rows, a parent it names or leaves, the successor
of a link it adds or changes — on every face (the API's import, its dry run, the /import page).
And a dependency cycle of 4,000 milestones sent to the API is a clean 400 naming 20 of them, with
the server alive after it.

Usage (from the source directory):  python3 tests/web/scope_test.py PATH_TO_TIENDO
Exit 0 when every check passed, 1 otherwise.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

if len(sys.argv) != 2:
    sys.exit("usage: scope_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
PASSWORD = "correct horse battery"
FAILED = []
PROJECT_HEADER = "code,name,technology,province,parent\n"
LINK_HEADER = "from,to,type,lag_days\n"


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'}  {name}" + ("" if ok else f"\n      {str(detail)[:400]}"),
          flush=True)
    if not ok:
        FAILED.append(name)


def cli(database, *args, stdin=None):
    return subprocess.run([TIENDO, "--db", database, *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheaders(), data


def cookies_of(headers):
    return {value.split("=", 1)[0]: value.split(";")[0].split("=", 1)[1]
            for key, value in headers if key.lower() == "set-cookie"}


def session(port, name):
    """Logs in through the form; returns the Cookie header of the session."""
    _, headers, body = request(port, "GET", "/login")
    login_cookie = "; ".join(f"{k}={v}" for k, v in cookies_of(headers).items())
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf_token": token, "username": name, "password": PASSWORD,
                                   "next": "/"})
    status, headers, _ = request(port, "POST", "/login", form,
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "Cookie": login_cookie})
    assert status == 303, status
    return f"tiendo_session={cookies_of(headers)['tiendo_session']}"


def upload_page(port, cookie, name, content, dry_run):
    """Posts one file to the /import page as a browser does, with the page's CSRF token."""
    _, _, page = request(port, "GET", "/import", headers={"Cookie": cookie})
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    boundary = uuid.uuid4().hex
    parts = []
    for field, value in (("csrf_token", token), ("dry_run", "1" if dry_run else "0")):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'
                     f'{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                 f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                 + content.encode() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return request(port, "POST", "/import", b"".join(parts),
                   {"Cookie": cookie,
                    "Content-Type": f"multipart/form-data; boundary={boundary}"})


def main():
    work = tempfile.mkdtemp(prefix="tiendo-scope-")
    server = None
    try:
        database = os.path.join(work, "scope.db")
        assert cli(database, "demo").returncode == 0
        for name, province in (("ls", "Lạng Sơn"), ("st", "Sóc Trăng")):
            assert cli(database, "user", "add", name, "--role", "editor", "--province", province,
                       "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
        tokens = {name: cli(database, "user", "token", name).stdout.split()[0]
                  for name in ("ls", "st")}
        # Made by the command line, which acts for whoever may open the file: a Lạng Sơn plant
        # whose parent is a Sóc Trăng one, and a link from Lạng Sơn into Sóc Trăng.
        for args in (("project", "set", "LS-VANGPUOC", "--parent", "ST-BIOMASS-TRAU"),
                     ("depend", "add", "LS-BANNHUNG:construction_start",
                      "ST-WIND-QH-01:investment_policy")):
            made = cli(database, *args)
            assert made.returncode == 0, made.stderr

        server = subprocess.Popen([TIENDO, "--db", database, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        port = int(server.stdout.readline().rsplit(":", 1)[1])

        def api_import(who, content, dry_run=False):
            path = "/api/v1/import" + ("?dry_run=1" if dry_run else "")
            return request(port, "POST", path, content.encode(),
                           {"Authorization": f"Bearer {tokens[who]}",
                            "Content-Type": "text/csv; charset=utf-8"})

        def state():
            return (cli(database, "export", "--format", "csv").stdout,
                    cli(database, "history", "--format", "csv").stdout)

        before = state()
        foreign_parent = PROJECT_HEADER + "LS-NEW,Tổ máy mới,wind_onshore,Lạng Sơn,ST-BIOMASS-BAMIA\n"
        for dry_run in (True, False):
            status, _, body = api_import("ls", foreign_parent, dry_run)
            check(f"API import{' dry run' if dry_run else ''}: a new Lạng Sơn unit whose parent is "
                  "a Sóc Trăng plant -> 403 naming the plant",
                  status == 403 and b"ST-BIOMASS-BAMIA" in body, (status, body[:300]))
        ls_cookie = session(port, "ls")
        for dry_run in (True, False):
            status, _, body = upload_page(port, ls_cookie, "projects.csv", foreign_parent, dry_run)
            check(f"/import page{' preview' if dry_run else ''}: the same file -> 403, "
                  "in Vietnamese", status == 403 and "Không được phép".encode() in body
                  and "không có gì được ghi".encode() in body, (status, body[-600:]))
        own_parent = PROJECT_HEADER + "LS-NEW,Tổ máy mới,wind_onshore,Lạng Sơn,LS-KHANHKHE\n"
        status, _, body = api_import("ls", own_parent, True)
        check("API import dry run: the same unit under a Lạng Sơn plant -> 200",
              status == 200, (status, body[:300]))

        leave = PROJECT_HEADER + "LS-VANGPUOC,Thủy điện Vằng Puộc,hydro,Lạng Sơn,\n"
        status, _, body = api_import("ls", leave)
        check("API import: a Lạng Sơn plant leaving its Sóc Trăng parent -> 403",
              status == 403 and b"ST-BIOMASS-TRAU" in body, (status, body[:300]))
        status, _, body = api_import("ls", leave.replace(",\n", ",LS-KHANHKHE\n"))
        check("API import: ... or moving to a Lạng Sơn parent -> 403",
              status == 403 and b"ST-BIOMASS-TRAU" in body, (status, body[:300]))

        into = LINK_HEADER + "LS-KHANHKHE:cod,ST-WIND-QH-01:investment_policy,FS,0\n"
        status, _, body = api_import("ls", into)
        check("API import: adding a link whose successor is in Sóc Trăng -> 403",
              status == 403 and b"ST-WIND-QH-01" in body, (status, body[:300]))
        changed = LINK_HEADER + "LS-BANNHUNG:construction_start,ST-WIND-QH-01:investment_policy,FS,30\n"
        status, _, body = api_import("ls", changed)
        check("API import: changing the lag of a link whose successor is in Sóc Trăng -> 403",
              status == 403, (status, body[:300]))
        check("... and nothing of all that was written", state() == before)

        status, _, body = api_import("st", changed)
        check("API import: the Sóc Trăng editor changes that lag -> 200",
              status == 200, (status, body[:300]))
        from_foreign = LINK_HEADER + "ST-WIND-QH-01:investment_policy,LS-KHANHKHE:site_clearance,FS,0\n"
        status, _, body = api_import("ls", from_foreign)
        check("API import: a link whose predecessor only is in Sóc Trăng -> 200",
              status == 200, (status, body[:300]))
        links = cli(database, "depend", "list", "--format", "csv").stdout
        check("... and it is written",
              "ST-WIND-QH-01:investment_policy,LS-KHANHKHE:site_clearance" in links, links[:300])

        # A dependency cycle through 4,000 projects' cod, sent whole to the API: one short line.
        projects = "code,name,technology,province\n" + "".join(
            f"LS-C-{i},Dự án,wind_onshore,Lạng Sơn\n" for i in range(4000))
        milestones = "project,key,planned\n" + "".join(
            f"LS-C-{i},cod,2021-01-01\n" for i in range(4000))
        cycle = "from,to\n" + "".join(f"LS-C-{i}:cod,LS-C-{(i + 1) % 4000}:cod\n"
                                      for i in range(4000))
        boundary = uuid.uuid4().hex
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f'Content-Type: text/csv\r\n\r\n{content}\r\n'.encode()
            for name, content in (("projects.csv", projects), ("milestones.csv", milestones),
                                  ("dependencies.csv", cycle))) + f"--{boundary}--\r\n".encode()
        status, _, answer = request(port, "POST", "/api/v1/import?dry_run=1", body,
                                    {"Authorization": f"Bearer {tokens['ls']}",
                                     "Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            reasons = [error.get("reason", "") for error in json.loads(answer)["errors"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            reasons = []
        text = " ".join(reasons)
        check("API import of a 4,000-milestone cycle -> 400 naming 20 and '… and 3,980 more'",
              status == 400 and "LS-C-19:cod -> … and 3,980 more" in text
              and "LS-C-20:cod" not in text, (status, answer[:600]))
        status, _, _ = request(port, "GET", "/healthz")
        check("the server answers after it", status == 200 and server.poll() is None)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(FAILED)} failed" if FAILED else "all passed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
