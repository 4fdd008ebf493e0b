#!/usr/bin/env python3
"""The shared store under stress, on a PostgreSQL server of its own (tests/postgres/server.py):

- writers in several processes at once, some on the same milestone: every acknowledged write is
  in the database with its change-log row, none lost, none half-applied;
- two `tiendo serve` on one database: each sees the other's write before answering, and an edit
  made against a version that changed since is refused with 409;
- SIGKILL during a national import: afterwards the database holds nothing of it or all of it;
- bad input: refused (exit 2), nothing written;
- the server going away in the middle of an import: exit 5, one line naming the server, and once
  it is back, nothing of the import is there;
- a port that accepts connections and never answers (a hung server, a cut network): the command
  gives up after tiendo's default connection timeout with exit 5 and one line naming it.

Usage: postgres_test.py TIENDO
"""
import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "postgres"))
import server  # noqa: E402

TIENDO = os.path.abspath(sys.argv[1])
PASSED = FAILED = 0


def check(what, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
        print(f"ok   {what}")
    else:
        FAILED += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def tiendo(uri, *args, stdin=None, check_exit=True):
    result = subprocess.run([TIENDO, "--db", uri, *args], input=stdin, capture_output=True,
                            text=True)
    if check_exit and result.returncode != 0:
        raise SystemExit(f"tiendo {' '.join(args)}: exit {result.returncode}: {result.stderr}")
    return result


def count(uri, table):
    result = subprocess.run(["psql", "-q", "-X", "-t", "-A", uri, "-c",
                             f"SELECT count(*) FROM {table}"], capture_output=True, text=True)
    return int(result.stdout.strip()) if result.returncode == 0 else None


def concurrent_writers(directory, work):
    uri = server.createdb(directory, "writers")
    tiendo(uri, "init")
    writers, updates = 6, 15
    with open(os.path.join(work, "p.csv"), "w", encoding="utf-8") as projects:
        projects.write("code,name,technology,province,capacity_mw\n")
        for writer in range(writers):
            projects.write(f"W-{writer},Nhà máy {writer},wind_onshore,Trà Vinh,48\n")
    with open(os.path.join(work, "m.csv"), "w", encoding="utf-8") as milestones:
        milestones.write("project,key,planned\n")
        for writer in range(writers):
            for step in range(updates):
                milestones.write(f"W-{writer},step{step},2021-01-01\n")
            milestones.write(f"W-{writer},shared,2021-01-01\n")
    tiendo(uri, "import", os.path.join(work, "p.csv"), os.path.join(work, "m.csv"))
    log_before = count(uri, "change_log")

    def write(writer):
        acknowledged = []
        for step in range(updates):
            forecast = f"2022-{(step % 12) + 1:02d}"
            result = tiendo(uri, "--actor", f"writer-{writer}", "milestone", "set",
                            f"W-{writer}:step{step}", "--forecast", forecast, "--reason",
                            f"grid:chờ đấu nối {writer}-{step}", check_exit=False)
            if result.returncode == 0:
                acknowledged.append((f"W-{writer}:step{step}", forecast))
            # Everyone also writes the first project's shared milestone: the writers race.
            shared = f"2023-{writer + 1:02d}-{step + 1:02d}"
            result = tiendo(uri, "--actor", f"writer-{writer}", "milestone", "set", "W-0:shared",
                            "--forecast", shared, check_exit=False)
            if result.returncode == 0:
                acknowledged.append(("W-0:shared", shared))
        return acknowledged

    with concurrent.futures.ThreadPoolExecutor(max_workers=writers) as pool:
        results = list(pool.map(write, range(writers)))
    acknowledged = [write for result in results for write in result]
    check(f"{writers} writer processes: every one of {writers * updates * 2} writes acknowledged",
          len(acknowledged) == writers * updates * 2, f"{len(acknowledged)} acknowledged")
    history = json.loads(tiendo(uri, "history", "--limit", "100000", "--format", "json").stdout)
    rows = history if isinstance(history, list) else history.get("changes", history)
    logged = {(row["entity"], row.get("new_value") or row.get("new")) for row in rows}
    missing = [(ref, value) for ref, value in acknowledged
               if (f"milestone:{ref}", value) not in logged]
    check("every acknowledged write is in the change log", not missing, str(missing[:3]))
    forecast_rows = [row for row in rows if row["field"] == "forecast"]
    check("one forecast row in the change log per acknowledged write, none half-applied",
          len(forecast_rows) == len(acknowledged) and count(uri, "change_log") - log_before ==
          len(acknowledged) + writers * updates,
          f"{len(forecast_rows)} forecast rows, {count(uri, 'change_log') - log_before} in all, "
          f"for {len(acknowledged)} writes")
    final = json.loads(tiendo(uri, "project", "show", "W-0", "--format", "json").stdout)
    shared_now = [m for m in final["milestones"]
                  if m["key"] == "shared"][0]["forecast"]
    last_logged = [row for row in rows if row["entity"] == "milestone:W-0:shared"][-1]
    check("the shared milestone holds the last acknowledged write",
          shared_now == (last_logged.get("new_value") or last_logged.get("new")),
          f"{shared_now} vs {last_logged}")


def http(port, method, path, token, body=None, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def start_serve(uri):
    process = subprocess.Popen([TIENDO, "serve", "--db", uri, "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    return process, int(line.rsplit(":", 1)[1])


def two_servers(directory, work):
    uri = server.createdb(directory, "servers")
    tiendo(uri, "init")
    with open(os.path.join(work, "p2.csv"), "w", encoding="utf-8") as projects:
        projects.write("code,name,technology,province,capacity_mw\nS-1,Điện gió S1,wind_onshore,"
                       "Sóc Trăng,30\n")
    with open(os.path.join(work, "m2.csv"), "w", encoding="utf-8") as milestones:
        milestones.write("project,key,planned\nS-1,cod,2021-10-31\n")
    tiendo(uri, "import", os.path.join(work, "p2.csv"), os.path.join(work, "m2.csv"))
    tiendo(uri, "user", "add", "admin", "--role", "admin", "--password-stdin",
           stdin="a long enough password\n")
    token = tiendo(uri, "user", "token", "admin").stdout.strip().splitlines()[-1].strip()
    first, first_port = start_serve(uri)
    second, second_port = start_serve(uri)
    try:
        status, project = http(second_port, "GET", "/api/v1/projects/S-1", token)
        version = [m for m in project["milestones"] if m["key"] == "cod"][0]["version"]
        status, _ = http(first_port, "PATCH", "/api/v1/milestones/S-1:cod", token,
                         {"forecast": "2022-03", "reason": "grid:chờ đường dây"},
                         {"If-Match": str(version)})
        check("server A: PATCH with the current version -> 200", status == 200, str(status))
        status, project = http(second_port, "GET", "/api/v1/projects/S-1", token)
        cod = [m for m in project["milestones"] if m["key"] == "cod"][0]
        check("server B answers with server A's write at once",
              cod["forecast_as_entered"] == "2022-03",
              str(cod))
        status, answer = http(second_port, "PATCH", "/api/v1/milestones/S-1:cod", token,
                              {"forecast": "2022-04"}, {"If-Match": str(version)})
        check("server B: PATCH against the version before A's write -> 409", status == 409,
              f"{status} {answer}")
        status, _ = http(first_port, "GET", "/api/v1/schedule?project=S-1&as_of=2021-06-30",
                         token)
        tiendo(uri, "milestone", "set", "S-1:cod", "--forecast", "2022-05")
        status, project = http(first_port, "GET", "/api/v1/projects/S-1", token)
        cod = [m for m in project["milestones"] if m["key"] == "cod"][0]
        check("server A answers with a CLI write at once", cod["forecast_as_entered"] == "2022-05",
              str(cod))
    finally:
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


def import_killed(directory, work):
    generated = os.path.join(work, "generated")
    subprocess.run([TIENDO, "generate", "--projects", "5000", "--out", generated], check=True,
                   stdout=subprocess.DEVNULL)
    files = [os.path.join(generated, name)
             for name in ("projects.csv", "milestones.csv", "dependencies.csv")]
    for delay in (0.3, 1.0, 2.5):
        uri = server.createdb(directory, "killed")
        tiendo(uri, "init")
        process = subprocess.Popen([TIENDO, "--db", uri, "import", *files],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        running = process.poll() is None
        process.kill()
        process.wait()
        projects, milestones = count(uri, "project"), count(uri, "milestone")
        check(f"SIGKILL {delay} s into an import ({'running' if running else 'done'}): "
              f"nothing or everything ({projects} projects, {milestones} milestones)",
              (projects, milestones) in ((0, 0), (5000, milestones)) and
              (projects == 0 or milestones > 0))
        # The database is usable afterwards, and a second import completes it.
        result = tiendo(uri, "import", *files, check_exit=False)
        check(f"... then the import completes ({count(uri, 'project')} projects)",
              result.returncode == 0 and count(uri, "project") == 5000, result.stderr[-200:])
    return files


def bad_input(directory, work):
    uri = server.createdb(directory, "bad")
    tiendo(uri, "init")
    path = os.path.join(work, "bad.csv")
    with open(path, "w", encoding="utf-8") as projects:
        projects.write("code,name,technology,province,capacity_mw\nB-1,Tốt,wind_onshore,Trà Vinh,"
                       "30\nB-2,Xấu,wind_onshore,Trà Vinh,-5\n")
    result = tiendo(uri, "import", path, check_exit=False)
    check("a bad row: exit 2, one line naming file, row, field and value",
          result.returncode == 2 and "bad.csv:3: capacity_mw: '-5'" in result.stderr,
          result.stderr)
    check("... and nothing written", count(uri, "project") == 0 and count(uri, "change_log") == 0)


def streaming(directory):
    """True while a tiendo connection is streaming rows (COPY) to the server."""
    result = subprocess.run(["psql", "-q", "-X", "-t", "-A", server.base_uri(directory) +
                             "/postgres", "-c", "SELECT count(*) FROM pg_stat_activity WHERE "
                             "application_name = 'tiendo' AND query LIKE 'COPY%'"],
                            capture_output=True, text=True)
    return result.stdout.strip() not in ("", "0")


def server_goes_away(directory, files):
    # Early the import is still reading its files; later it is streaming rows to the server.
    for moment in ("reading", "streaming"):
        uri = server.createdb(directory, "away")
        tiendo(uri, "init")
        process = subprocess.Popen([TIENDO, "--db", uri, "import", *files],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if moment == "reading":
            time.sleep(0.3)
        else:
            deadline = time.monotonic() + 120
            while not streaming(directory) and process.poll() is None and \
                    time.monotonic() < deadline:
                time.sleep(0.02)
        still_running = process.poll() is None
        server.crash(directory)
        _, stderr = process.communicate(timeout=120)
        lines = [line for line in stderr.splitlines() if line.strip()]
        host = server.base_uri(directory).split("@", 1)[1]
        check(f"the server stops while the import is {moment}: exit 5, one line naming it",
              still_running and process.returncode == 5 and len(lines) == 1 and host in lines[0],
              f"running {still_running}, exit {process.returncode}: {stderr}")
        server.resume(directory)
        check("... and once it is back, nothing of the import is there",
              count(uri, "project") == 0 and count(uri, "change_log") == 0)
        result = tiendo(uri, "project", "list", check_exit=False)
        check("... and the database answers again", result.returncode == 0, result.stderr)


def silent_server():
    # The kernel completes the TCP handshake for a listening socket nobody accepts from, so libpq
    # connects and then waits for an answer that never comes.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        environment = {key: value for key, value in os.environ.items()
                       if key != "PGCONNECT_TIMEOUT"}
        start = time.monotonic()
        try:
            result = subprocess.run([TIENDO, "--db", f"postgresql://tiendo@127.0.0.1:{port}/x",
                                     "project", "list"], capture_output=True, text=True,
                                    env=environment, timeout=60)
            code, stderr = result.returncode, result.stderr
        except subprocess.TimeoutExpired:
            code, stderr = None, "still waiting after 60 s"
        elapsed = time.monotonic() - start
    lines = [line for line in stderr.splitlines() if line.strip()]
    check(f"a port that never answers: exit 5 after the 10-second default timeout "
          f"({elapsed:.1f} s), one line naming it",
          code == 5 and 9 <= elapsed < 30 and len(lines) == 1 and f"127.0.0.1:{port}" in lines[0],
          f"exit {code} after {elapsed:.1f} s: {stderr}")


def main():
    with tempfile.TemporaryDirectory(prefix="tiendo-postgres-") as work:
        directory = os.path.join(work, "server")
        server.start(directory)
        try:
            concurrent_writers(directory, work)
            two_servers(directory, work)
            files = import_killed(directory, work)
            bad_input(directory, work)
            server_goes_away(directory, files)
            silent_server()
        finally:
            server.stop(directory)
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
