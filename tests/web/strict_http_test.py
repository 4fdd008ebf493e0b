#!/usr/bin/env python3
"""The HTTP layer is strict and bounded, and nothing a client sends kills the server (issue 28,
items 1 and 5), over real sockets on loopback.

Usage (from the source directory):  python3 tests/web/strict_http_test.py PATH_TO_TIENDO

- What RFC 9112 says a server MUST reject is answered 400 (or 411, 414, 431) and the
  connection closed: two Content-Lengths, a signed one, a field line without a colon, whitespace
  before a colon, a folded line, bare LF, HTTP/1.1 without Host, chunked bodies, other versions.
- Header bytes and count are bounded (431), and 400,000 header lines neither get a 200 nor leave
  the process holding their memory.
- A body is refused on its head, before it is read: 401 without credentials, 403 for a role that
  may not send it, 413 past the limit (the test sends only the head and still gets the answer).
- Requests sent back to back on one connection are all answered, in order.
- Connections that send half a head hold no worker: with 70 of them open (more than the 64
  workers) another client is answered.
- 150 logins at once: every connection gets an HTTP answer (a 503 carries Retry-After).
- Every POST/PATCH route, as each role, gets the largest and deepest bodies the limits allow and
  the longest lines (a 30 KB and a 1 MB CSV header, 5,000 columns, 100,000 columns of one name, a cycle of 4,000 milestones,
  JSON nested 100,000 deep, 2,000 form fields, a 1 MB field, multipart of the same): a 4xx each
  time, and the server still answers.
Exit 0 when every check passed, 1 otherwise.
"""
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: strict_http_test.py PATH_TO_TIENDO")
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
                          text=True, timeout=300)


def raw(port, data, timeout=20, half_close=False):
    """Sends bytes and reads what comes back until the server closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        try:
            connection.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # The server may answer and close before reading everything; read its answer.
        if half_close:
            connection.shutdown(socket.SHUT_WR)
        received = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                chunk = connection.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
        return received


def statuses(answer):
    return [int(code) for code in re.findall(rb"^HTTP/1\.1 (\d{3}) ", answer, re.M)]


def first_status(answer):
    found = statuses(answer)
    return found[0] if found else None


def request(port, method, path, body=None, headers=None, timeout=120):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        headers = dict(response.getheaders())
        # A login answers with two cookies (the session, and the login form's cookie removed).
        headers["Set-Cookie"] = "\n".join(v for k, v in response.getheaders()
                                          if k.lower() == "set-cookie")
        return response.status, headers, data
    except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected) as error:
        return None, {}, str(error).encode()
    finally:
        connection.close()


def alive(port, server):
    status, _, _ = request(port, "GET", "/healthz", timeout=30)
    return status == 200 and server.poll() is None


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def session(port, name):
    """Logs in through the form: (cookie header, csrf token of the session)."""
    status, headers, body = request(port, "GET", "/login")
    cookie = re.search(r"tiendo_login=[^;\n]*", headers.get("Set-Cookie", "")).group(0)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf_token": token, "username": name, "password": PASSWORD,
                                   "next": "/"})
    status, headers, _ = request(port, "POST", "/login", form,
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "Cookie": cookie})
    assert status == 303, status
    session_cookie = re.search(r"tiendo_session=[^;\n]*", headers["Set-Cookie"]).group(0)
    status, _, body = request(port, "GET", "/api/v1/session", headers={"Cookie": session_cookie})
    return session_cookie, json.loads(body)["csrf_token"]


def multipart(parts, boundary="tiendoBoundary7"):
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                 "Content-Type: text/csv\r\n\r\n").encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def cycle_files(count):
    """A new project whose `count` milestones are linked in one loop."""
    projects = ("code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,"
                "target_cod,lat,lon,site,source\n"
                "CYCLE-1,Vòng lặp,wind_onshore,Sóc Trăng,10,,,,in_plan,,,,,test\n")
    milestones = ["project,key,name,duration_days,planned,actual_start,actual,forecast,reason,"
                  "source"]
    dependencies = ["from,to,type,lag_days"]
    for index in range(count):
        milestones.append(f"CYCLE-1,step_{index},Bước {index},1,,,,,,test")
        dependencies.append(f"CYCLE-1:step_{index},CYCLE-1:step_{(index + 1) % count},FS,0")
    return [("files", "projects.csv", projects.encode()),
            ("files", "milestones.csv", ("\n".join(milestones) + "\n").encode()),
            ("files", "dependencies.csv", ("\n".join(dependencies) + "\n").encode())]


def main():
    work = tempfile.mkdtemp(prefix="tiendo-strict-")
    server = None
    try:
        database = os.path.join(work, "strict.db")
        assert cli(database, "demo").returncode == 0
        tokens = {}
        for name, role in (("admin", "admin"), ("editor", "editor"), ("viewer", "viewer")):
            extra = ["--province", "Sóc Trăng"] if role == "editor" else []
            added = cli(database, "user", "add", name, "--role", role, *extra, "--password-stdin",
                        stdin=PASSWORD + "\n")
            assert added.returncode == 0, added.stderr
            tokens[name] = cli(database, "user", "token", name).stdout.split()[-1]

        server = subprocess.Popen([TIENDO, "--db", database, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        port = int(server.stdout.readline().rsplit(":", 1)[1])

        # --- What RFC 9112 says to reject -------------------------------------------------
        malformed = {
            "two different Content-Lengths": b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                                             b"Content-Length: 5\r\nContent-Length: 16\r\n\r\n",
            "a signed Content-Length (+16)": b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                                             b"Content-Length: +16\r\n\r\n",
            "a header line without a colon": b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                             b"no colon at all\r\n\r\n",
            "whitespace before a colon": b"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n",
            "a folded header line": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n",
            "HTTP/1.1 without Host": b"GET /healthz HTTP/1.1\r\n\r\n",
            "two Host fields": b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "a Host that is not a host": b"GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n",
            "bare LF line ends": b"GET /healthz HTTP/1.1\nHost: x\n\n",
            "Transfer-Encoding with Content-Length": b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                                                     b"Transfer-Encoding: chunked\r\n"
                                                     b"Content-Length: 4\r\n\r\n0\r\n\r\n",
            "a NUL in a field": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
            "a request line of three spaces": b"GET  /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        }
        for name, data in malformed.items():
            answer = raw(port, data)
            check(f"{name}: 400", first_status(answer) == 400, answer[:200])
        answer = raw(port, b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        check("a chunked body: 411", first_status(answer) == 411, answer[:200])
        answer = raw(port, b"GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n")
        check("HTTP/2.0 in a request line: 400 (nothing a client sends is a 5xx)",
              first_status(answer) == 400, answer[:200])
        answer = raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        check("a well-formed request: 200", first_status(answer) == 200, answer[:200])
        check("the server answers after the malformed requests", alive(port, server))

        # --- Header limits ----------------------------------------------------------------
        many = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 101 + b"\r\n"
        check("101 header fields: 431", first_status(raw(port, many)) == 431)
        big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: " + b"b" * 40_000 + b"\r\n\r\n"
        check("a 40 KB header field: 431", first_status(raw(port, big)) == 431)
        long_line = b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        check("a 9 KB request line: 414", first_status(raw(port, long_line)) == 414)
        before = rss_kib(server.pid)
        flood = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Flood: 0123456789abcdef\r\n" * 400_000
        flood += b"\r\n"
        answers = [first_status(raw(port, flood)) for _ in range(4)]
        after = rss_kib(server.pid)
        check("400,000 header lines (10 MB), four times: 431 each", answers == [431] * 4, answers)
        check("... and the server holds no more than 64 MiB more than before",
              after - before < 64 * 1024, (before, after))

        # --- Bodies refused on their head ---------------------------------------------------
        head_only = (b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                     b"Content-Length: 10000000\r\n\r\n")
        started = time.time()
        answer = raw(port, head_only, timeout=10)
        check("a 10 MB import without credentials, head only: 401 before the body",
              first_status(answer) == 401 and time.time() - started < 8, answer[:200])
        viewer_head = head_only.replace(b"Host: x\r\n", b"Host: x\r\nAuthorization: Bearer "
                                        + tokens["viewer"].encode() + b"\r\n")
        answer = raw(port, viewer_head, timeout=10)
        check("... from a viewer: 403 before the body", first_status(answer) == 403, answer[:200])
        too_big = head_only.replace(b"10000000", b"30000000").replace(
            b"Host: x\r\n", b"Host: x\r\nAuthorization: Bearer " + tokens["editor"].encode()
            + b"\r\n")
        answer = raw(port, too_big, timeout=10)
        check("30 MB from an editor: 413 before the body", first_status(answer) == 413,
              answer[:200])
        page_head = (b"POST /admin/users HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: 5000000\r\n\r\n")
        answer = raw(port, page_head, timeout=10)
        check("a page form without a session, head only: sent to log in before the body",
              first_status(answer) in (303, 401), answer[:200])

        # --- Pipelining -----------------------------------------------------------------------
        two = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
               b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = raw(port, two)
        check("two pipelined requests: both answered, in order", statuses(answer) == [200, 401],
              answer[:300])
        three = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 2 +
                 b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check("three pipelined requests in one packet: three answers",
              statuses(raw(port, three)) == [200, 200, 200])

        # --- Slow heads hold no worker ----------------------------------------------------------
        # More connections than workers (64), each with half a head sent; a whole request sent
        # meanwhile is answered before any of them has finished its head. Then each finishes,
        # and each is answered too.
        slow = []
        for _ in range(70):
            connection = socket.create_connection(("127.0.0.1", port), timeout=20)
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            slow.append(connection)
        time.sleep(0.5)
        for connection in slow[:35]:
            connection.sendall(b"X-Slow: 1\r\n")
        status, _, _ = request(port, "GET", "/healthz", timeout=10)
        check("70 connections with half a head: another client is answered meanwhile",
              status == 200, status)
        finished = 0
        for connection in slow:
            connection.sendall(b"Connection: close\r\n\r\n")
            answer = b""
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                answer += chunk
            finished += first_status(answer) == 200
            connection.close()
        check("... and each of the 70 is answered once its head is whole", finished == 70,
              finished)

        # --- A burst of logins --------------------------------------------------------------
        status, headers, body = request(port, "GET", "/login")
        cookie = re.search(r"tiendo_login=[^;\n]*", headers.get("Set-Cookie", "")).group(0)
        token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()

        def one_login(index):
            form = urllib.parse.urlencode({"csrf_token": token, "username": f"nobody{index}",
                                           "password": "wrong password!", "next": "/"})
            return request(port, "POST", "/login", form,
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": cookie}, timeout=120)

        with concurrent.futures.ThreadPoolExecutor(max_workers=150) as pool:
            results = list(pool.map(one_login, range(150)))
        codes = [status for status, _, _ in results]
        check("150 logins at once: every one answered with HTTP (no reset)",
              all(code is not None for code in codes), [c for c in codes if c is None][:5])
        check("... each a refusal or 'busy' (401, 429, 503)",
              all(code in (401, 429, 503) for code in codes), sorted(set(map(str, codes))))
        busy = [headers for status, headers, _ in results if status == 503]
        check("... every 503 carries Retry-After",
              all("Retry-After" in headers for headers in busy), len(busy))
        check("the server answers after the burst", alive(port, server))

        # --- Every POST/PATCH route, as each role, with the largest and deepest bodies --------
        sessions = {name: session(port, name) for name in ("admin", "editor", "viewer")}
        long_header = ("code," + "x" * 30_000 + "\nA,B\n").encode()
        very_long_header = ("code," + "y" * 1_000_000 + "\nA,B\n").encode()
        columns = (",".join(f"c{index}" for index in range(5000)) + "\n" +
                   ",".join("v" for _ in range(5000)) + "\n").encode()
        same_name = (",".join(["x"] * 3000) + "\n").encode()
        same_name_wide = (",".join(["x"] * 100_000) + "\n").encode()
        cycle_body, cycle_type = multipart(cycle_files(4000))
        deep_json = ('{"forecast":' + "[" * 100_000 + "]" * 100_000 + "}").encode()
        many_fields = "&".join(f"f{index}=v" for index in range(2000)).encode()
        too_many_fields = "&".join(f"f{index}=v" for index in range(2001)).encode()
        huge_field = ("forecast=" + "9" * 1_000_000).encode()
        long_multipart, long_multipart_type = multipart([("files", "projects.csv", long_header)])
        column_multipart, column_multipart_type = multipart([("files", "projects.csv", columns)])
        many_parts, many_parts_type = multipart([("f", "", b"v")] * 2001)
        bodies = [
            ("a CSV with a 30 KB header line", long_header, "text/csv"),
            ("a CSV with a 1 MB header line", very_long_header, "text/csv"),
            ("a CSV of 5,000 columns", columns, "text/csv"),
            ("3,000 columns of one name", same_name, "text/csv"),
            ("100,000 columns of one name (200 KB)", same_name_wide, "text/csv"),
            ("the 30 KB header in multipart", long_multipart, long_multipart_type),
            ("5,000 columns in multipart", column_multipart, column_multipart_type),
            ("a cycle of 4,000 milestones", cycle_body, cycle_type),
            ("JSON nested 100,000 deep", deep_json, "application/json"),
            ("2,000 form fields", many_fields, "application/x-www-form-urlencoded"),
            ("2,001 form fields", too_many_fields, "application/x-www-form-urlencoded"),
            ("a 1 MB form field", huge_field, "application/x-www-form-urlencoded"),
            ("2,001 multipart parts", many_parts, many_parts_type),
        ]
        routes = [("POST", "/api/v1/import"), ("POST", "/api/v1/import?dry_run=1"),
                  ("PATCH", "/api/v1/milestones/ST-LONGPHU-2:construction_start"),
                  ("POST", "/projects/ST-LONGPHU-2/milestones/construction_start"),
                  ("POST", "/import"), ("POST", "/admin/users"), ("POST", "/admin/users/viewer"),
                  ("POST", "/login"), ("POST", "/logout")]
        callers = {"anonymous": {}}
        for name in ("admin", "editor", "viewer"):
            callers[f"{name} (token)"] = {"Authorization": f"Bearer {tokens[name]}"}
            cookie, csrf = sessions[name]
            callers[f"{name} (session)"] = {"Cookie": cookie, "X-CSRF-Token": csrf}
        bad = []
        count = 0
        for method, path in routes:
            for caller, caller_headers in callers.items():
                for body_name, body, content_type in bodies:
                    count += 1
                    status, _, answer = request(port, method, path, body,
                                                {**caller_headers, "Content-Type": content_type})
                    # A page's refusal may be a redirect to the login form (303); never a 2xx,
                    # a 5xx or a dropped connection.
                    if status is None or not (400 <= status < 500 or status == 303):
                        bad.append((method, path, caller, body_name, status, answer[:120]))
                    if server.poll() is not None:
                        bad.append(("server died", method, path, caller, body_name))
                        break
                if server.poll() is not None:
                    break
            if server.poll() is not None:
                break
        check(f"{count} hostile bodies to every POST/PATCH route as each role: 4xx each", not bad,
              bad[:6])
        check("... and the server's memory stayed under 1 GiB", rss_kib(server.pid) < 1 << 20,
              rss_kib(server.pid))
        check("the server answers after all of them", alive(port, server))

        status, _, answer = request(port, "POST", "/api/v1/import?dry_run=1", cycle_body,
                                    {"Authorization": f"Bearer {tokens['admin']}",
                                     "Content-Type": cycle_type})
        text = answer.decode("utf-8", "replace")
        check("a cycle of 4,000 milestones: 400 naming 20 of them and '… and 3,980 more'",
              status == 400 and "3,980 more" in text and "step_19" in text
              and "step_25" not in text, text[:600])
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
    if FAILED:
        print(f"{len(FAILED)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
