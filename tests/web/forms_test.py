#!/usr/bin/env python3
"""Forms change only what they were sent, and an actual date cannot lie in the future, over real
HTTP on loopback (issue 28, items 7 and 10), with the standard library only.

Usage (from the source directory):  python3 tests/web/forms_test.py PATH_TO_TIENDO

It builds a small database with the command line, starts `tiendo serve --listen 127.0.0.1:0`
with TIENDO_TODAY=2026-12-07 (the day the clock stands for) and checks, for every form that
writes fields:
- the milestone form (/projects/CODE/milestones/KEY): a POST of a subset of the fields leaves the
  others as they are; a date sent empty clears it; a reason or source sent empty keeps the stored
  one (they describe the change); a future actual or actual_start is refused with 400 naming the
  field and nothing written; a coarse date counts by its first day;
- the account form (/admin/users/NAME, action save): role, provinces and password each change
  only when sent; provinces sent empty clear them;
- PATCH /api/v1/milestones/CODE:key refuses a future actual with 400 naming the field.

Each check prints "ok" or "FAIL" with its name. Exit 0 when every check passed, 1 otherwise.
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: forms_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="tiendo-forms-")
TODAY = "2026-12-07"
ENV = dict(os.environ, USER="formtester", LC_ALL="C.UTF-8", TIENDO_TODAY=TODAY)
ENV.pop("TIENDO_DB", None)
DB = os.path.join(WORK, "forms.db")
FAILED = []


def check(name, ok, detail=""):
    if ok:
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {detail}", flush=True)
    return bool(ok)


def cli(*args, stdin=None, expect=0):
    process = subprocess.run([TIENDO, "--db", DB, *args], input=stdin, capture_output=True,
                             text=True, env=ENV, cwd=WORK, timeout=120)
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


SERVER = None


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def cookie(self, name):
        for key, value in self.headers:
            if key.lower() == "set-cookie" and value.startswith(name + "="):
                return value.split(";", 1)[0].split("=", 1)[1]
        return None

    def summary(self):
        return f"{self.status} Location={self.header('Location')!r} body={self.body[:400]!r}"


def request(method, target, session=None, body=None, headers=None, cookies=""):
    connection = http.client.HTTPConnection("127.0.0.1", SERVER.port, timeout=60)
    headers = dict(headers or {})
    jar = [f"tiendo_session={session}"] if session else []
    if cookies:
        jar.append(cookies)
    if jar:
        headers["Cookie"] = "; ".join(jar)
    connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    answer = Answer(response.status, response.getheaders(), response.read())
    connection.close()
    return answer


def post_form(target, session, fields):
    return request("POST", target, session, urllib.parse.urlencode(fields).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})


PASSWORDS = {}


def add_account(name, role, *provinces):
    PASSWORDS[name] = f"secret-password-{name}"
    arguments = ["user", "add", name, "--role", role, "--password-stdin"]
    for province in provinces:
        arguments += ["--province", province]
    cli(*arguments, stdin=PASSWORDS[name] + "\n")


def login(name, password=None):
    answer = request("GET", "/login")
    token = answer.cookie("tiendo_login") or ""
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', answer.text))
    hidden.update({"username": name, "password": password or PASSWORDS[name]})
    answer = request("POST", "/login", None, urllib.parse.urlencode(hidden).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"},
                     cookies=f"tiendo_login={token}")
    return answer.cookie("tiendo_session")


def csrf(session):
    return json.loads(request("GET", "/api/v1/session", session).text)["csrf_token"]


def milestone(code, key):
    for entry in cli_json("milestone", "list", "--project", code)["milestones"]:
        if entry["key"] == key:
            return entry
    raise KeyError(f"{code}:{key}")


def form_version(session, code, key):
    answer = request("GET", f"/projects/{code}/milestones/{key}", session)
    found = re.search(r'name="version" value="(\d+)"', answer.text)
    if not found:
        raise RuntimeError(f"no version in the form: {answer.summary()}")
    return found.group(1)


def changes():
    return len(cli_json("history", "--limit", "100000")["changes"])


# ----------------------------------------------------------------------------------------------


def build_fixture():
    cli("init")
    cli("project", "add", "FT-1", "--name", "Điện mặt trời thử", "--technology", "solar_farm",
        "--province", "Sóc Trăng", "--capacity", "10")
    cli("milestone", "add", "FT-1:construction_start", "--planned", "2026-03-31",
        "--duration", "30")
    cli("milestone", "add", "FT-1:cod", "--planned", "2027-06-30", "--forecast", "2027-09",
        "--reason", "grid:đường dây chậm", "--source", "CV 12/SCT")
    add_account("admin", "admin")
    add_account("ed", "editor", "Sóc Trăng")
    add_account("reader", "viewer", "Sóc Trăng", "Bạc Liêu")


def test_milestone_form(session):
    url = "/projects/FT-1/milestones/cod"
    before = milestone("FT-1", "cod")
    answer = request("GET", url, session)
    check("the milestone form starts reason and source empty, showing the stored ones",
          re.search(r'name="reason_text" type="text" value=""', answer.text) and
          re.search(r'name="source" type="text" value=""', answer.text) and
          "CV 12/SCT" in answer.text, answer.text[:300])

    answer = post_form(url, session, [("csrf_token", csrf(session)),
                                      ("version", form_version(session, "FT-1", "cod")),
                                      ("forecast", "2027-08")])
    after = milestone("FT-1", "cod")
    check("POST of csrf_token, version and forecast only -> 303", answer.status == 303,
          answer.summary())
    check("... changes the forecast", after["forecast"] == "2027-08-31", f"{after}")
    check("... and leaves planned, actual, reason and source as they were",
          all(after[field] == before[field]
              for field in ("planned", "actual_start", "actual", "reason", "source")),
          f"before {before}\n      after {after}")

    answer = post_form(url, session, [("csrf_token", csrf(session)),
                                      ("version", form_version(session, "FT-1", "cod")),
                                      ("reason", ""), ("source", ""), ("planned", "2027-05-31")])
    after = milestone("FT-1", "cod")
    check("reason and source sent empty keep the stored ones (they describe the change)",
          answer.status == 303 and after["reason"] == before["reason"] and
          after["source"] == before["source"] and after["planned"] == "2027-05-31",
          f"{answer.summary()}\n      {after}")

    answer = post_form(url, session, [("csrf_token", csrf(session)),
                                      ("version", form_version(session, "FT-1", "cod")),
                                      ("forecast", "")])
    after = milestone("FT-1", "cod")
    check("a date sent empty clears it, the others stay",
          answer.status == 303 and after["forecast"] is None and
          after["planned"] == "2027-05-31" and after["reason"] == before["reason"],
          f"{answer.summary()}\n      {after}")

    answer = post_form(url, session, [("csrf_token", csrf(session)),
                                      ("version", form_version(session, "FT-1", "cod")),
                                      ("forecast", "2028-03"), ("reason", "financing:vốn vay"),
                                      ("source", "QĐ 99")])
    after = milestone("FT-1", "cod")
    last = cli_json("history", "FT-1")["changes"][-1]
    check("a reason and source typed are stored and describe the change",
          answer.status == 303 and after["reason"] == "financing:vốn vay" and
          after["source"] == "QĐ 99" and last["reason"] == "financing:vốn vay" and
          last["source"] == "QĐ 99", f"{after}\n      {last}")

    # The date rule through the form: today is 2026-12-07.
    count = changes()
    version = form_version(session, "FT-1", "construction_start")
    url = "/projects/FT-1/milestones/construction_start"
    LABELS = {"actual": "thực tế", "actual_start": "bắt đầu thực tế"}
    for field, value in (("actual", "15/08/2030"), ("actual_start", "2026-12-08"),
                         ("actual", "2027")):
        answer = post_form(url, session, [("csrf_token", csrf(session)), ("version", version),
                                          (field, value)])
        check(f"form: {field} {value} (after today) -> 400 naming the field and value, in "
              "Vietnamese", answer.status == 400 and
              f"{LABELS[field]}: &#39;{value}&#39;" in answer.text
              and "sau ngày hôm nay (07/12/2026)" in answer.text,
              re.findall(r"<li>.*?</li>", answer.text))
    check("... nothing written", changes() == count and
          milestone("FT-1", "construction_start")["actual"] is None)
    answer = post_form(url, session, [("csrf_token", csrf(session)), ("version", version),
                                      ("actual_start", "11/2026"), ("actual", "12/2026")])
    after = milestone("FT-1", "construction_start")
    check("form: a coarse actual counts by its first day (12/2026 on 7 December 2026) -> 303",
          answer.status == 303 and after["actual"] == "2026-12-31", f"{answer.summary()} {after}")


def test_patch(session):
    token = csrf(session)
    count = changes()
    for body in ({"actual": "2030-08-15"}, {"actual_start": "2026-12-08"}):
        answer = request("PATCH", "/api/v1/milestones/FT-1:cod", session, json.dumps(body),
                         {"Content-Type": "application/json", "X-CSRF-Token": token})
        errors = json.loads(answer.text).get("errors", []) if answer.status == 400 else []
        field = next(iter(body))
        check(f"PATCH {field} {body[field]} (after today) -> 400 naming the field and value",
              answer.status == 400 and errors and errors[0].get("field") == field and
              errors[0].get("value") == body[field], answer.summary())
    check("... nothing written", changes() == count)
    answer = request("PATCH", "/api/v1/milestones/FT-1:cod", session,
                     json.dumps({"actual": TODAY}),
                     {"Content-Type": "application/json", "X-CSRF-Token": token})
    check("PATCH actual today -> 200", answer.status == 200, answer.summary())
    count = changes()
    for dry_run in ("1", "0"):
        answer = request("POST", f"/api/v1/import?dry_run={dry_run}", session,
                         "project,key,actual\nFT-1,construction_start,2027-01-15\n".encode(),
                         {"Content-Type": "text/csv", "X-CSRF-Token": token})
        errors = json.loads(answer.text).get("errors", []) if answer.status == 400 else []
        check(f"POST /api/v1/import?dry_run={dry_run} with an actual after today -> 400 naming "
              "the field", answer.status == 400 and errors and
              errors[0].get("field") == "actual" and errors[0].get("value") == "2027-01-15",
              answer.summary())
    check("... nothing written", changes() == count)


def account(name):
    for entry in cli_json("user", "list")["accounts"]:
        if entry["name"] == name:
            return entry
    raise KeyError(name)


def test_account_form(admin):
    url = "/admin/users/reader"
    before = account("reader")
    answer = post_form(url, admin, [("csrf_token", csrf(admin)), ("action", "save"),
                                    ("role", "viewer")])
    after = account("reader")
    check("account form: role only -> 303, provinces and password unchanged",
          answer.status == 303 and after["provinces"] == before["provinces"] and
          login("reader") is not None, f"{answer.summary()}\n      {before}\n      {after}")
    answer = post_form(url, admin, [("csrf_token", csrf(admin)), ("action", "save"),
                                    ("provinces", "Sóc Trăng")])
    after = account("reader")
    check("account form: provinces only -> 303, the role unchanged",
          answer.status == 303 and after["provinces"] == ["Sóc Trăng"] and
          after["role"] == before["role"], f"{answer.summary()}\n      {after}")
    answer = post_form(url, admin, [("csrf_token", csrf(admin)), ("action", "save"),
                                    ("provinces", ""), ("password", "")])
    after = account("reader")
    check("account form: provinces sent empty clear them; a password sent empty is kept",
          answer.status == 303 and after["provinces"] == [] and login("reader") is not None,
          f"{answer.summary()}\n      {after}")
    answer = post_form("/admin/users/ed", admin, [("csrf_token", csrf(admin)),
                                                  ("action", "save"), ("password",
                                                                       "another-password-1")])
    check("account form: password only -> 303, the editor keeps role and provinces",
          answer.status == 303 and account("ed")["role"] == "editor" and
          account("ed")["provinces"] == ["Sóc Trăng"] and
          login("ed", "another-password-1") is not None, answer.summary())


def main():
    global SERVER
    try:
        build_fixture()
        SERVER = Server()
        admin = login("admin")
        editor = login("ed")
        test_milestone_form(editor)
        test_patch(editor)
        test_account_form(admin)
    finally:
        if SERVER:
            SERVER.stop()
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"{'FAILED: ' + ', '.join(FAILED) if FAILED else 'all checks passed'}")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
