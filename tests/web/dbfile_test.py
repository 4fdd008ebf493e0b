#!/usr/bin/env python3
"""The database file under a running server, and the commands that replace it (issue 28, item 4).

1. A backup moved over the served file (`mv`, as an administrator restores one by hand) while
   writers PATCH milestones as fast as they can:
   - an editor disabled in the backup (enabled in the live file) is refused (401/403) or 503,
     never 200;
   - every PATCH sent after the move and answered 200 is in the file the path names afterwards
     (its change-log row, read with Python's sqlite3 once the server stopped);
   - the server answers from the restored portfolio (a forecast changed after the backup shows
     the backup's value), and no row of the old file's write-ahead log came back with it;
   - a file that is no database moved over it gives 503, and a good one after it answers again.
2. `tiendo demo`, `init` and `restore` on the served file: exit 4, one line naming the file; a
   command that reads works meanwhile. A lock file that is a symbolic link is refused (exit 2) and
   the file it points at is untouched.
3. `tiendo restore BACKUP`: restores (the content equals the backup's), also over a file whose
   write-ahead log holds changes not checkpointed (they are not replayed), and over a damaged file;
   refuses a link (as BACKUP or as --db), a file that is no database, a database of a newer
   schema, and the database itself; leaves no -wal, -shm or copy beside it.

Usage: dbfile_test.py TIENDO
"""
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from load_test import PASSWORD, Client, Dates, Server, TransportError, quote_ref

TIENDO = None
WORK = None
PASSED = 0
FAILED = 0


def check(name, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
        print(f"ok   {name}")
    else:
        FAILED += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))


def cli(database, *arguments, stdin=None):
    return subprocess.run([TIENDO, "--db", database, *arguments], input=stdin,
                          capture_output=True, text=True, cwd=WORK)


def must(database, *arguments, stdin=None):
    result = cli(database, *arguments, stdin=stdin)
    if result.returncode != 0:
        raise RuntimeError(f"tiendo {' '.join(arguments)}: exit {result.returncode}: "
                           f"{result.stderr.strip()}")
    return result.stdout


def token_of(database, name):
    return must(database, "user", "token", name).strip().splitlines()[-1].strip()


def shown_forecast(port, token, ref):
    """(status, body, the milestone's forecast as GET /api/v1/projects/CODE shows it)."""
    code, key = ref.split(":", 1)
    status, _, data = Client(port, token).request("GET", f"/api/v1/projects/{quote_ref(code)}")
    if status != 200:
        return status, data, None
    for milestone in json.loads(data)["milestones"]:
        if milestone.get("key") == key:
            return status, data, milestone.get("forecast")
    return status, data, None


def forecast_rows(path):
    """{(entity, value)} of the forecast changes in the file at `path`."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return set(connection.execute(
            "SELECT entity, new_value FROM change_log WHERE field = 'forecast'"))


def table_dump(path):
    """Every row of every table, for comparing two databases' content."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))
                for table in tables}
    finally:
        connection.close()


def served_file_moved_over():
    editor_statuses = set()
    live = os.path.join(WORK, "live.db")
    backup = os.path.join(WORK, "backup.db")
    must(live, "demo")
    must(live, "user", "add", "admin", "--role", "admin", "--password-stdin",
         stdin=PASSWORD + "\n")
    milestones = json.loads(must(live, "milestone", "list", "--format", "json"))["milestones"]
    projects = {row["code"]: row for row in
                json.loads(must(live, "project", "list", "--format", "json"))["projects"]}
    refs = [f"{row['project']}:{row['key']}" for row in milestones
            if not row.get("actual")][:8]
    marker, *writer_refs = refs
    province = projects[marker.split(":")[0]]["province"]
    must(live, "user", "add", "editor", "--role", "editor", "--province", province,
         "--password-stdin", stdin=PASSWORD + "\n")
    admin, editor = token_of(live, "admin"), token_of(live, "editor")
    # The backup: the marker at one value and the editor disabled; the live file then moves on.
    must(live, "milestone", "set", marker, "--forecast", "2031-01-01")
    must(live, "user", "set", "editor", "--disable")
    must(live, "backup", backup)
    must(live, "user", "set", "editor", "--enable")
    editor = token_of(live, "editor")
    server = Server(TIENDO, live, WORK)
    try:
        client = Client(server.port, editor)
        status, _, data = client.request("PATCH", f"/api/v1/milestones/{quote_ref(marker)}",
                                         {"forecast": "2032-02-02"})
        check("before the move, the editor enabled in the live file writes (200)", status == 200,
              f"{status} {data[:200]!r}")

        # While the server serves the file: a command that reads works, and the commands that
        # replace the file are refused, naming it.
        result = cli(live, "project", "list", "--format", "csv")
        check("while served, a command that reads works (shared lock)", result.returncode == 0,
              result.stderr)
        for arguments in (("demo",), ("init",), ("restore", backup)):
            result = cli(live, *arguments)
            lines = result.stderr.strip().splitlines()
            check(f"while served, `tiendo {' '.join(arguments)}` exits 4 with one line naming "
                  f"the file", result.returncode == 4 and len(lines) == 1 and live in lines[0],
                  f"exit {result.returncode}: {result.stderr!r}")
        check("the refused commands left the served file as it was",
              (f"milestone:{marker}", "2032-02-02") in forecast_rows(live))

        dates = Dates(datetime.date(2040, 1, 1))
        answers = []  # (sent, answered, status, ref, value)
        answers_lock = threading.Lock()
        stop = threading.Event()

        def write(ref):
            writer_client = Client(server.port, admin, timeout=60)
            while not stop.is_set():
                value = dates.next()
                sent = time.monotonic()
                try:
                    status, _, _ = writer_client.request(
                        "PATCH", f"/api/v1/milestones/{quote_ref(ref)}", {"forecast": value})
                except TransportError:
                    status = None
                with answers_lock:
                    answers.append((sent, time.monotonic(), status, ref, value))
            writer_client.close()

        writers = [threading.Thread(target=write, args=(ref,)) for ref in writer_refs[:4]]
        for thread in writers:
            thread.start()
        time.sleep(1.0)
        copy = os.path.join(WORK, "backup-copy.db")
        shutil.copyfile(backup, copy)
        os.rename(copy, live)
        moved = time.monotonic()
        time.sleep(1.5)

        statuses = editor_statuses
        for _ in range(3):
            status, _, data = client.request(
                "PATCH", f"/api/v1/milestones/{quote_ref(marker)}", {"forecast": "2033-03-03"})
            statuses.add(status)
        check("after the move, the editor disabled in the backup is refused (401/403) or 503, "
              "never 200", statuses <= {401, 403, 503}, f"statuses {sorted(statuses)}")
        status, data, shown = shown_forecast(server.port, admin, marker)
        check("after the move, the server answers from the restored portfolio (the marker's "
              "forecast is the backup's 2031-01-01)", shown == "2031-01-01",
              f"{status} {data[:300]!r}")

        # A file that is no database moved over it: 503 until a good one is there.
        junk = os.path.join(WORK, "junk.db")
        with open(junk, "wb") as handle:
            handle.write(b"not a database " * 1000)
        saved = os.path.join(WORK, "restored-aside.db")
        stop.set()
        for thread in writers:
            thread.join()
        os.link(live, saved)
        os.rename(junk, live)
        status, data, _ = shown_forecast(server.port, admin, marker)
        check("a file that is no database moved over the served one: 503 naming it",
              status == 503 and live.encode() in data, f"{status} {data[:300]!r}")
        os.rename(saved, live)
        status, data, shown = shown_forecast(server.port, admin, marker)
        check("a database moved back: answered again (200) without a restart", status == 200,
              f"{status} {data[:300]!r}")
    finally:
        stop_status = server.stop()
    check("the server stops cleanly (exit 0)", stop_status == 0, f"exit {stop_status}")
    log = server.stderr()
    check("the server's log says the file was replaced", "is no longer at this path" in log,
          log[-1000:])

    after = [answer for answer in answers if answer[0] > moved]
    before = [answer for answer in answers if answer[1] < moved]
    racing = [answer for answer in answers if answer[0] <= moved <= answer[1]]
    rows = forecast_rows(live)
    missing = [answer for answer in after
               if answer[2] == 200 and (f"milestone:{answer[3]}", answer[4]) not in rows]
    acknowledged_after = sum(1 for answer in after if answer[2] == 200)
    check(f"every PATCH sent after the move and answered 200 ({acknowledged_after}) is in the "
          f"file the path names", not missing and acknowledged_after > 0,
          f"{len(missing)} missing, e.g. {missing[:3]}")
    racing_ok = [answer for answer in racing if answer[2] == 200]
    racing_found = [answer for answer in racing_ok
                    if (f"milestone:{answer[3]}", answer[4]) in rows]
    statuses_after = sorted({answer[2] for answer in after}, key=str)
    print(f"info {len(before)} PATCHes answered before the move, {len(racing)} in flight during "
          f"it ({len(racing_ok)} answered 200, {len(racing_found)} of them in the new file; the "
          f"others were committed and checked before the move, their answers read after it), "
          f"{len(after)} sent after it (statuses {statuses_after}); the disabled editor got "
          f"{sorted(editor_statuses)}")
    stale = [answer for answer in before if answer[2] == 200
             and (f"milestone:{answer[3]}", answer[4]) in rows]
    check("no write made to the old file came back in the restored one (its -wal was not "
          "replayed)", not stale, f"{len(stale)} came back, e.g. {stale[:3]}")
    with sqlite3.connect(f"file:{live}?mode=ro", uri=True) as connection:
        disabled = connection.execute(
            "SELECT disabled FROM account WHERE name = 'editor'").fetchone()
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    check("the file holds the backup's accounts (the editor disabled)", disabled == (1,),
          repr(disabled))
    check("the file passes SQLite's integrity check", integrity == "ok", integrity)
    return backup


def lock_file_link():
    database = os.path.join(WORK, "linked-lock.db")
    must(database, "init")
    lock = database + ".tiendo-lock"
    check("a database in use has its lock file beside it", os.path.isfile(lock))
    victim = os.path.join(WORK, "victim.txt")
    with open(victim, "w") as handle:
        handle.write("precious\n")
    os.remove(lock)
    os.symlink(victim, lock)
    result = cli(database, "project", "list")
    check("a lock file that is a symbolic link is refused (exit 2, naming it)",
          result.returncode == 2 and lock in result.stderr and
          len(result.stderr.strip().splitlines()) == 1, f"{result.returncode} {result.stderr!r}")
    with open(victim) as handle:
        check("the file the link points at is untouched", handle.read() == "precious\n")
    os.remove(lock)


def write_unchecked_wal(database, sql):
    """Commits `sql` into the database's write-ahead log and dies before checkpointing it, so the
    log stays beside the file with changes the file itself does not hold."""
    program = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "connection.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "connection.executescript('BEGIN IMMEDIATE;' + sys.argv[2] + ';COMMIT;')\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", program, database, sql], check=True)


def restore_command(backup):
    os.mkdir(os.path.join(WORK, "restore"))
    target = os.path.join(WORK, "restore", "target.db")
    must(target, "demo")
    expected = table_dump(backup)
    # Changes committed to the live file's log and never checkpointed: a restore that left the
    # -wal beside the restored file would let SQLite replay them into it.
    write_unchecked_wal(target, "UPDATE project SET name = 'REPLAYED FROM THE OLD LOG';"
                                "DELETE FROM account;")
    wal = target + "-wal"
    check("the test's live file has a write-ahead log with changes not checkpointed",
          os.path.exists(wal) and os.path.getsize(wal) > 0)
    result = cli(target, "restore", backup)
    check("tiendo restore BACKUP: exit 0, one line naming both files",
          result.returncode == 0 and target in result.stdout and backup in result.stdout,
          f"{result.returncode} {result.stdout!r} {result.stderr!r}")
    check("nothing of the old file's log is beside the restored file",
          not os.path.exists(wal) or os.path.getsize(wal) == 0)
    check("no copy is left beside the restored file",
          not os.path.exists(target + ".tiendo-restore"))
    restored = table_dump(target)
    check("the restored content equals the backup's, every row of every table",
          restored == expected,
          ", ".join(table for table in expected if restored.get(table) != expected[table]))
    result = cli(target, "project", "list", "--format", "csv")
    check("tiendo reads the restored file, with none of the old log's changes",
          result.returncode == 0 and "REPLAYED" not in result.stdout, result.stderr)

    # Over a damaged file (the usual reason to restore).
    damaged = os.path.join(WORK, "damaged.db")
    with open(damaged, "wb") as handle:
        handle.write(b"\0garbage" * 4096)
    result = cli(damaged, "restore", backup)
    check("restore over a damaged file: exit 0, the backup's content",
          result.returncode == 0 and table_dump(damaged) == expected,
          f"{result.returncode} {result.stderr!r}")

    # Refusals, each leaving the database as it was.
    before = table_dump(target)
    link = os.path.join(WORK, "backup-link.db")
    os.symlink(backup, link)
    not_database = os.path.join(WORK, "notes.txt")
    with open(not_database, "w") as handle:
        handle.write("not a database\n" * 100)
    newer = os.path.join(WORK, "newer.db")
    shutil.copyfile(backup, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 9999")
    target_link = os.path.join(WORK, "target-link.db")
    os.symlink(target, target_link)
    for name, database, arguments, code in (
            ("a backup that is a symbolic link", target, (link,), 2),
            ("a backup that is no database", target, (not_database,), 2),
            ("a backup of a newer schema", target, (newer,), 4),
            ("the database itself as the backup", target, (target,), 2),
            ("a missing backup", target, (os.path.join(WORK, "missing.db"),), 3),
            ("--db that is a symbolic link", target_link, (backup,), 2)):
        result = cli(database, "restore", *arguments)
        lines = result.stderr.strip().splitlines()
        check(f"restore refuses {name} (exit {code}, one line)",
              result.returncode == code and len(lines) == 1,
              f"exit {result.returncode}: {result.stderr!r}")
    check("the refusals left the database as it was", table_dump(target) == before)
    check("the link at --db is still a link to the database", os.path.islink(target_link))
    leftovers = [name for name in os.listdir(WORK)
                 if name.endswith(".tiendo-restore") or name.endswith("-journal")]
    check("no copy is left behind by the refusals", not leftovers, repr(leftovers))


def main():
    global TIENDO, WORK
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    TIENDO = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="tiendo-dbfile-") as work:
        WORK = work
        backup = served_file_moved_over()
        lock_file_link()
        restore_command(backup)
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
