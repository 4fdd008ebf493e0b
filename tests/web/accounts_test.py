#!/usr/bin/env python3
"""Accounts are an admin's business, and the last admin stays (issue 28, item 6), over real HTTP.

Usage (from the source directory):  python3 tests/web/accounts_test.py PATH_TO_TIENDO

- The change log's account rows (accounts created with their role and provinces, tokens issued,
  passwords changed) and the login names in them are shown to an admin only: on /history, on the
  dashboard, and in the API's history when the server has one.
- Failed logins are kept in the database: a lock outlives a restart of the server; it is counted
  per name and client address, the address being the socket's peer, or the last hop of
  X-Forwarded-For only when the peer was given with --trusted-proxy (a header from any other peer
  is ignored); the 429 says Retry-After.
- The last enabled admin cannot be locked or demoted in /admin/users (400, in Vietnamese), and a
  lock or a role change is made once confirmed (the form's box, or the page that asks).
- `Authorization: bearer TOKEN` in any case of the scheme is accepted.
- The tiendo_login cookie is short-lived and removed once the login succeeds; a login redirect
  keeps the query string of the page asked for, and still refuses to send anyone elsewhere.
Exit 0 when every check passed, 1 otherwise.
"""
import html
import http.client
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: accounts_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
PASSWORD = "correct horse battery"
FAILED = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'}  {name}" + ("" if ok else f"\n      {str(detail)[:600]}"),
          flush=True)
    if not ok:
        FAILED.append(name)
    return ok


def cli(database, *args, stdin=None):
    return subprocess.run([TIENDO, "--db", database, *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


class Server:
    def __init__(self, database, *options):
        self.process = subprocess.Popen(
            [TIENDO, "--db", database, "serve", "--listen", "127.0.0.1:0", *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline().rsplit(":", 1)[1])

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.getheaders(), data.decode("utf-8", "replace")

    def login_form(self, path="/login"):
        """A fresh login form: the cookie line, its one-time value and the hidden next."""
        status, headers, body = self.request("GET", path)
        cookie = next(v for k, v in headers if k.lower() == "set-cookie")
        token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
        hidden_next = html.unescape(re.search(r'name="next" value="([^"]*)"', body).group(1))
        return cookie, token, hidden_next

    def login(self, name, password, forwarded_for=None, next_page="/"):
        """POST /login; returns (status, headers, body)."""
        cookie, token, _ = self.login_form()
        body = urllib.parse.urlencode({"csrf_token": token, "username": name,
                                       "password": password, "next": next_page})
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": cookie.split(";")[0]}
        if forwarded_for is not None:
            headers["X-Forwarded-For"] = forwarded_for
        return self.request("POST", "/login", body, headers)

    def session(self, name):
        status, headers, body = self.login(name, PASSWORD)
        assert status == 303, (name, status, body[:300])
        for key, value in headers:
            if key.lower() == "set-cookie" and value.startswith("tiendo_session="):
                return value.split(";")[0]
        raise AssertionError("no session cookie")

    def page(self, session, path):
        return self.request("GET", path, headers={"Cookie": session})

    def post_form(self, session, path, fields):
        _, _, body = self.page(session, "/admin/users")
        token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
        return self.request("POST", path, urllib.parse.urlencode({"csrf_token": token, **fields}),
                            {"Content-Type": "application/x-www-form-urlencoded",
                             "Cookie": session})


def header(headers, name):
    return next((v for k, v in headers if k.lower() == name.lower()), None)


def set_cookies(headers):
    return [v for k, v in headers if k.lower() == "set-cookie"]


def account_state(database, name):
    row = sqlite3.connect(database).execute(
        "SELECT role, disabled FROM account WHERE name = ?", (name,)).fetchone()
    return row


def test_account_rows(server, database):
    sessions = {name: server.session(name) for name in ("admin", "ed", "viewer")}
    for name, session in sessions.items():
        status, _, history = server.page(session, "/history")
        status_home, _, home = server.page(session, "/")
        shown = "account:" in history or "hidden.login" in history
        shown_home = "account:" in home or "hidden.login" in home
        if name == "admin":
            check("/history shows the account rows to an admin",
                  status == 200 and "tài khoản hidden.login" in history and
                  "vai trò: người xem" in history, history[:300])
            check("the dashboard shows the account rows to an admin, in words",
                  status_home == 200 and "tài khoản hidden.login" in home, home[:300])
        else:
            check(f"/history shows no account row nor login name to {name}",
                  status == 200 and not shown and "project" in history.lower(), history[:300])
            check(f"the dashboard shows no account row nor login name to {name}",
                  status_home == 200 and not shown_home, home[:300])
    # A viewer's /history still lists the portfolio's changes (the rows left out are only the
    # account rows, not the latest 200 of everything).
    _, _, history = server.page(sessions["viewer"], "/history")
    check("a viewer's /history still lists project changes", "<tbody" in history and
          history.count("<tr") > 10, history[:300])

    tokens = {name: cli(database, "user", "token", name).stdout.split()[0]
              for name in ("admin", "viewer")}
    status, _, _ = server.request("GET", "/api/v1/history",
                                  headers={"Authorization": f"Bearer {tokens['viewer']}"})
    if status == 404:
        print("      (this server has no GET /api/v1/history: nothing to check there)")
    else:
        _, _, admin_body = server.request(
            "GET", "/api/v1/history", headers={"Authorization": f"Bearer {tokens['admin']}"})
        _, _, viewer_body = server.request(
            "GET", "/api/v1/history", headers={"Authorization": f"Bearer {tokens['viewer']}"})
        check("GET /api/v1/history: account rows for an admin",
              "account:hidden.login" in admin_body, admin_body[:300])
        check("GET /api/v1/history: no account row nor login name for a viewer",
              "account:" not in viewer_body and "hidden.login" not in viewer_body,
              viewer_body[:300])
    return tokens


def test_bearer_case(server, tokens):
    for scheme in ("Bearer", "bearer", "BEARER", "bEaReR"):
        status, _, body = server.request(
            "GET", "/api/v1/session", headers={"Authorization": f"{scheme} {tokens['viewer']}"})
        check(f"Authorization: {scheme} TOKEN -> 200", status == 200 and '"viewer"' in body,
              (status, body[:200]))
    for value in (f"Basic {tokens['viewer']}", f"bearer{tokens['viewer']}", "bearer "):
        status, _, _ = server.request("GET", "/api/v1/session", headers={"Authorization": value})
        check(f"Authorization: {value[:12]}... -> 401", status == 401, status)


def test_login_cookie_and_redirect(server):
    status, headers, body = server.request("GET", "/login")
    line = next(v for v in set_cookies(headers) if v.startswith("tiendo_login="))
    age = re.search(r"Max-Age=(\d+)", line)
    check("GET /login: the tiendo_login cookie lives at most 15 minutes",
          age is not None and 0 < int(age.group(1)) <= 900, line)

    status, headers, _ = server.login("viewer", PASSWORD)
    cleared = [v for v in set_cookies(headers) if v.startswith("tiendo_login=")]
    check("a login that succeeds removes the tiendo_login cookie (empty, Max-Age=0)",
          status == 303 and len(cleared) == 1 and cleared[0].startswith("tiendo_login=;") and
          "Max-Age=0" in cleared[0] and "Path=/" in cleared[0], (status, cleared))
    status, headers, _ = server.login("viewer", "wrong password!")
    check("a failed login keeps a login cookie for the form shown again",
          status == 401 and any(v.startswith("tiendo_login=") and "Max-Age=0" not in v
                                for v in set_cookies(headers)), set_cookies(headers))
    # A successful login above forgave the failure; start from no failures for the next tests.
    server.login("viewer", PASSWORD)

    asked = "/projects?province=S%C3%B3c+Tr%C4%83ng&stage=approved"
    status, headers, _ = server.request("GET", asked)
    location = header(headers, "Location") or ""
    check("a page asked without a session: 303 to /login?next=...", status == 303 and
          location.startswith("/login?next="), (status, location))
    next_value = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("next", [""])[0]
    kept = urllib.parse.urlsplit(next_value)
    check("the login redirect keeps the path and the whole query",
          kept.path == "/projects" and urllib.parse.parse_qs(kept.query) ==
          {"province": ["Sóc Trăng"], "stage": ["approved"]}, next_value)
    cookie, token, hidden_next = server.login_form(location)
    check("the login form carries that page as next", hidden_next == next_value,
          (hidden_next, next_value))
    body = urllib.parse.urlencode({"csrf_token": token, "username": "viewer",
                                   "password": PASSWORD, "next": hidden_next})
    status, headers, _ = server.request("POST", "/login", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie.split(";")[0]})
    back = header(headers, "Location")
    check("after the login, back to the page with its query", status == 303 and
          back == next_value, (status, back))
    session = next(v.split(";")[0] for v in set_cookies(headers)
                   if v.startswith("tiendo_session="))
    status, _, page = server.page(session, back)
    check("that page answers with its filter", status == 200 and "Sóc Trăng" in page, status)
    # A page asked in English comes back once, its language not added a second time.
    _, headers, _ = server.request("GET", "/pipeline?by=stage&lang=en")
    location = header(headers, "Location") or ""
    cookie, token, hidden_next = server.login_form(location)
    body = urllib.parse.urlencode({"csrf_token": token, "username": "viewer",
                                   "password": PASSWORD, "next": hidden_next})
    status, headers, _ = server.request("POST", "/login?lang=en", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie.split(";")[0]})
    back = header(headers, "Location") or ""
    check("a page asked in English: back to it with its query, lang=en once",
          status == 303 and urllib.parse.parse_qs(urllib.parse.urlsplit(back).query) ==
          {"by": ["stage"], "lang": ["en"]}, back)
    # Still no open redirect, whatever the query holds.
    for hostile in ("//evil.example/?a=1", "https://evil.example/", "/\\evil.example"):
        status, headers, _ = server.login("viewer", PASSWORD, next_page=hostile)
        check(f"next={hostile!r} -> back to /", status == 303 and
              header(headers, "Location") == "/", header(headers, "Location"))
    # A query with a quote, an ampersand inside a value and a long tail is kept exactly.
    asked = "/projects?q=" + urllib.parse.quote("a&b\"<c>") + "&province=L%E1%BA%A1ng+S%C6%A1n"
    _, headers, _ = server.request("GET", asked)
    location = header(headers, "Location") or ""
    next_value = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("next", [""])[0]
    check("a value holding '&' and quotes stays one value",
          urllib.parse.parse_qs(urllib.parse.urlsplit(next_value).query) ==
          {"q": ['a&b"<c>'], "province": ["Lạng Sơn"]}, next_value)


def test_failed_logins_survive_restart(database):
    server = Server(database)
    try:
        statuses = [server.login("victim", f"wrong password {i}")[0] for i in range(5)]
        check("five failed logins: each 401", statuses == [401] * 5, statuses)
        status, headers, body = server.login("victim", PASSWORD)
        retry = header(headers, "Retry-After")
        check("the sixth, right, is refused 429 with Retry-After in seconds (at most 15 minutes)",
              status == 429 and retry is not None and retry.isdigit() and
              0 < int(retry) <= 900, (status, retry))
        check("the 429 page says it in Vietnamese",
              "Quá nhiều lần đăng nhập sai" in body and "phút" in body, body[:400])
        status, headers, _ = server.login("victim", PASSWORD, forwarded_for="198.51.100.23")
        check("X-Forwarded-For from a peer not given with --trusted-proxy is ignored (still 429)",
              status == 429, status)
        rows = sqlite3.connect(database).execute(
            "SELECT address, failures, locked_until > 0 FROM login_failure WHERE name = 'victim' "
            "ORDER BY address").fetchall()
        check("the failures are in the database, per address and for the name",
              rows == [("*", 5, 0), ("127.0.0.1", 5, 1)], rows)
    finally:
        server.stop()
    server = Server(database)
    try:
        status, headers, _ = server.login("victim", PASSWORD)
        check("after a restart of the server the name is still locked (429, Retry-After)",
              status == 429 and (header(headers, "Retry-After") or "").isdigit(), status)
        status, _, _ = server.login("viewer", PASSWORD)
        check("... and other names log in", status == 303, status)
    finally:
        server.stop()


def test_trusted_proxy(database):
    refused = cli(database, "serve", "--listen", "127.0.0.1:0", "--trusted-proxy", "proxy.local")
    check("--trusted-proxy takes addresses only (exit 2, one line)",
          refused.returncode == 2 and "--trusted-proxy: 'proxy.local'" in refused.stderr,
          refused.stderr)
    server = Server(database, "--trusted-proxy", "127.0.0.1")
    try:
        for i in range(5):
            server.login("roamer", f"wrong password {i}", forwarded_for="203.0.113.5")
        status, headers, _ = server.login("roamer", PASSWORD, forwarded_for="203.0.113.5")
        check("behind a trusted proxy: five failures from one client lock it (429, Retry-After)",
              status == 429 and header(headers, "Retry-After") is not None, status)
        status, _, _ = server.login("roamer", PASSWORD,
                                    forwarded_for="203.0.113.6, 203.0.113.5")
        check("... the last hop is the client: a spoofed first entry changes nothing (429)",
              status == 429, status)
        status, _, _ = server.login("roamer", PASSWORD, forwarded_for="203.0.113.5, 192.0.2.44")
        check("... another client address logs in with the same name (303)", status == 303,
              status)
        status, _, _ = server.login("roamer", PASSWORD, forwarded_for="not an address")
        check("... a header that names no address counts as the proxy's own (303 here)",
              status == 303, status)
    finally:
        server.stop()


def test_last_admin(server, database):
    admin = server.session("admin")

    def post(name, fields):
        return server.post_form(admin, f"/admin/users/{name}", fields)

    status, _, body = post("admin", {"action": "disable", "confirm": "1"})
    check("/admin/users: locking the last admin -> 400 in Vietnamese, nothing changed",
          status == 400 and "quản trị viên cuối cùng" in body and
          account_state(database, "admin") == ("admin", 0), (status, body[-600:]))
    status, _, body = post("admin", {"action": "save", "role": "viewer", "provinces": "",
                                     "confirm": "1"})
    check("/admin/users: demoting the last admin -> 400 in Vietnamese, nothing changed",
          status == 400 and "quản trị viên cuối cùng" in body and
          account_state(database, "admin") == ("admin", 0), (status, body[-600:]))
    status, _, body = server.page(admin, "/admin/users")
    check("/admin/users: the lock button comes with a confirmation box",
          'name="confirm" value="1"' in body, body[:200])

    status, _, body = post("ed", {"action": "disable"})
    check("locking without ticking the confirmation answers a page that asks, nothing changed",
          status == 200 and "Khoá tài khoản ed?" in body and
          '<input type="hidden" name="confirm" value="1">' in body and
          '<input type="hidden" name="action" value="disable">' in body and
          account_state(database, "ed")[1] == 0, (status, body[-400:]))
    status, _, _ = post("ed", {"action": "disable", "confirm": "1"})
    check("locking with the confirmation -> 303, locked", status == 303 and
          account_state(database, "ed")[1] == 1, status)
    post("ed", {"action": "enable"})
    status, _, body = post("viewer", {"action": "save", "role": "admin", "provinces": ""})
    check("a role change without ticking the confirmation answers a page that asks, nothing "
          "changed", status == 200 and "Đổi vai trò của tài khoản viewer?" in body and
          '<input type="hidden" name="role" value="admin">' in body and
          account_state(database, "viewer")[0] == "viewer", (status, body[-400:]))
    status, _, _ = post("viewer", {"action": "save", "role": "viewer",
                                   "provinces": "Trà Vinh"})
    check("saving provinces with the role unchanged needs no confirmation (303)",
          status == 303, status)
    status, _, _ = post("viewer", {"action": "save", "role": "admin", "provinces": "",
                                   "confirm": "1"})
    check("a role change with the confirmation -> 303", status == 303 and
          account_state(database, "viewer")[0] == "admin", status)
    status, _, _ = post("admin", {"action": "disable", "confirm": "1"})
    check("with a second enabled admin, the first may be locked (303)", status == 303 and
          account_state(database, "admin") == ("admin", 1), status)
    result = cli(database, "user", "set", "viewer", "--disable")
    check("... and the command line refuses to lock the one left (exit 2, one line)",
          result.returncode == 2 and result.stderr.count("\n") == 1 and
          "last enabled admin" in result.stderr, result.stderr)


def main():
    work = tempfile.mkdtemp(prefix="tiendo-accounts-")
    server = None
    try:
        database = os.path.join(work, "accounts.db")
        assert cli(database, "demo").returncode == 0
        for name, role, provinces in (("admin", "admin", []), ("ed", "editor", ["Lạng Sơn"]),
                                      ("viewer", "viewer", []), ("victim", "viewer", []),
                                      ("roamer", "viewer", []), ("hidden.login", "viewer", [])):
            options = [item for province in provinces for item in ("--province", province)]
            added = cli(database, "user", "add", name, "--role", role, *options,
                        "--password-stdin", stdin=PASSWORD + "\n")
            assert added.returncode == 0, added.stderr
        server = Server(database)
        tokens = test_account_rows(server, database)
        test_bearer_case(server, tokens)
        test_login_cookie_and_redirect(server)
        server.stop()
        server = None
        test_failed_logins_survive_restart(database)
        test_trusted_proxy(database)
        server = Server(database)
        test_last_admin(server, database)
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(FAILED)} failed" if FAILED else "all passed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
