#!/usr/bin/env python3
"""Regression tests for what an attack on `tiendo serve` once found (a security review of the
server over loopback), each written to fail if the weakness came back.

Usage (from the source directory):  python3 tests/web/attack_test.py PATH_TO_TIENDO

- A PATCH body nested 100,000 levels deep once overflowed the stack while its refusal was worded:
  now 400, and the server answers afterwards.
- Requests with an empty password were counted as failed logins and a flood of invented names
  emptied the whole failed-login table, unlocking a locked name: now a form without a password is
  not a guess, and a flood leaves a locked name locked.
- Guesses sent at once were all checked before any was counted: now each is counted before its
  password is checked, so a sixth concurrent guess is refused (429) even when it is right.
- A Range header of thousands of ranges made a kilobyte request into a 40 MB answer: the server
  no longer serves byte ranges at all (it reads requests itself, src/web/http_server.h), so the
  answer is the whole small asset once (200), never one copy per range.
- Assets carried both "no-store" and "max-age" caching headers: now one.
- A project code of dots was accepted and its page could not be linked: now refused (exit 2).
Exit 0 when every check passed, 1 otherwise.
"""
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: attack_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
PASSWORD = "correct horse battery"
FAILED = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'}  {name}" + ("" if ok else f"\n      {str(detail)[:400]}"),
          flush=True)
    if not ok:
        FAILED.append(name)


def cli(database, *args, stdin=None):
    return subprocess.run([TIENDO, "--db", database, *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheaders(), data


def login_form(port):
    """A fresh login form: its one-time value, in the cookie and in the hidden field."""
    status, headers, body = request(port, "GET", "/login")
    cookie = next(v for k, v in headers if k.lower() == "set-cookie").split(";")[0]
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    return cookie, token


def login(port, form, name, password):
    cookie, token = form
    body = urllib.parse.urlencode({"csrf_token": token, "username": name, "password": password,
                                   "next": "/"})
    status, _, _ = request(port, "POST", "/login", body,
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": cookie})
    return status


def main():
    work = tempfile.mkdtemp(prefix="tiendo-attack-")
    server = None
    try:
        database = os.path.join(work, "attack.db")
        assert cli(database, "demo").returncode == 0
        for name, role in (("admin", "admin"), ("viewer", "viewer"), ("victim", "viewer"),
                           ("racer", "viewer")):
            assert cli(database, "user", "add", name, "--role", role, "--password-stdin",
                       stdin=PASSWORD + "\n").returncode == 0
        viewer_token = cli(database, "user", "token", "viewer").stdout.split()[0]
        admin_token = cli(database, "user", "token", "admin").stdout.split()[0]

        dots = cli(database, "project", "add", "..", "--name", "x", "--technology", "coal",
                   "--province", "Sóc Trăng")
        check("a project code of dots alone is refused (exit 2)", dots.returncode == 2,
              dots.stderr)

        server = subprocess.Popen([TIENDO, "--db", database, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        port = int(server.stdout.readline().rsplit(":", 1)[1])

        deep = '{"forecast":' + "[" * 100_000 + "]" * 100_000 + "}"
        # An admin's, since a viewer's body is now refused on its head (403) before it is read.
        status, _, body = request(port, "PATCH", "/api/v1/milestones/LS-KHANHKHE:cod", deep,
                                  {"Authorization": f"Bearer {admin_token}",
                                   "Content-Type": "application/json"})
        check("a body nested 100,000 deep: 400", status == 400, (status, body[:200]))
        status, _, _ = request(port, "GET", "/healthz")
        check("the server answers after the deep body", status == 200 and server.poll() is None)
        shallow = '{"forecast": [[["x"]]]}'
        status, _, body = request(port, "PATCH", "/api/v1/milestones/LS-KHANHKHE:cod", shallow,
                                  {"Authorization": f"Bearer {viewer_token}",
                                   "Content-Type": "application/json"})
        check("a nested value is refused without echoing it", status in (400, 403) and
              b"[[[" not in body, (status, body[:200]))

        form = login_form(port)
        for _ in range(5):
            login(port, form, "victim", "wrong password!")
        check("five failed logins lock the name", login(port, form, "victim", PASSWORD) == 429)
        for index in range(300):
            login(port, form, f"nobody{index}", "")
        check("logins without a password do not unlock a locked name",
              login(port, form, "victim", PASSWORD) == 429)
        for _ in range(8):
            login(port, form, "viewer", "")
        check("logins without a password are not counted against a name",
              login(port, form, "viewer", PASSWORD) == 303)

        results = []
        lock = threading.Lock()

        def guess(password):
            status = login(port, form, "racer", password)
            with lock:
                results.append((password, status))

        threads = [threading.Thread(target=guess, args=("wrong password!",)) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        check("five concurrent wrong guesses: each refused",
              sorted(s for _, s in results) == [401] * 5, results)
        check("the sixth guess, right, is refused while the name is locked",
              login(port, form, "racer", PASSWORD) == 429)

        ranges = "bytes=" + ",".join(["0-"] * 2700)
        status, _, body = request(port, "GET", "/assets/tiendo.css", headers={"Range": ranges})
        check("a Range of 2,700 ranges: the asset once (200), not a 40 MB answer",
              status == 200 and len(body) < 200_000, (status, len(body)))
        status, headers, _ = request(port, "GET", "/assets/tiendo.css")
        caching = [v for k, v in headers if k.lower() == "cache-control"]
        check("an asset has one Cache-Control", status == 200 and caching == ["max-age=3600"],
              caching)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(FAILED)} failed" if FAILED else "all passed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
