#!/usr/bin/env python3
"""Crash safety: kill (SIGKILL) an import and a bulk update at random moments, many times, and check
after each kill that the database is sound (PRAGMA integrity_check) and holds either everything
from before the command or everything from after it, never a mixture.

Usage: crash_test.py TIENDO [KILLS] [SEED]
"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def write_files(directory, count, capacity):
    with open(os.path.join(directory, "projects.csv"), "w", encoding="utf-8") as projects:
        projects.write("code,name,technology,province,capacity_mw,source\n")
        for index in range(count):
            projects.write(f"K-{index:05d},Dự án {index},solar_farm,Sóc Trăng,{capacity},crash test\n")
    with open(os.path.join(directory, "milestones.csv"), "w", encoding="utf-8") as milestones:
        milestones.write("project,key,planned,source\n")
        for index in range(count):
            for key in ("investment_policy", "construction_start", "cod"):
                milestones.write(f"K-{index:05d},{key},2021-06,crash test\n")


def state(path):
    """(integrity, projects, milestones, distinct capacities, change-log rows)"""
    connection = sqlite3.connect(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        projects = connection.execute("SELECT count(*) FROM project").fetchone()[0]
        milestones = connection.execute("SELECT count(*) FROM milestone").fetchone()[0]
        capacities = sorted(row[0] for row in connection.execute(
            "SELECT DISTINCT capacity_watts FROM project WHERE code LIKE 'K-%'"))
        log = connection.execute("SELECT count(*) FROM change_log").fetchone()[0]
        return integrity, projects, milestones, capacities, log
    finally:
        connection.close()


def run(tiendo, database, arguments):
    return subprocess.run([tiendo, "--db", database, "--actor", "crash-test", *arguments],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def kill_at_random(tiendo, database, arguments, duration, rng):
    process = subprocess.Popen([tiendo, "--db", database, "--actor", "crash-test", *arguments],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, duration))
    process.send_signal(signal.SIGKILL)
    process.wait()
    return process.returncode == -signal.SIGKILL


def main():
    tiendo = os.path.abspath(sys.argv[1])
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2020)
    count = 1500
    passed = failed = 0
    outcomes = {"before": 0, "after": 0, "killed": 0}
    with tempfile.TemporaryDirectory(prefix="tiendo-crash-") as work:
        first, second = os.path.join(work, "first"), os.path.join(work, "second")
        os.makedirs(first)
        os.makedirs(second)
        write_files(first, count, "10")
        write_files(second, count, "12.5")
        empty = os.path.join(work, "empty.db")
        imported = os.path.join(work, "imported.db")
        run(tiendo, empty, ["init"])
        shutil.copy(empty, imported)
        started = time.monotonic()
        result = run(tiendo, imported, ["import", f"{first}/projects.csv", f"{first}/milestones.csv"])
        import_seconds = time.monotonic() - started
        if result.returncode != 0:
            print("setup import failed:", result.stderr)
            return 1
        started = time.monotonic()
        updated = os.path.join(work, "updated.db")
        shutil.copy(imported, updated)
        run(tiendo, updated, ["import", f"{second}/projects.csv"])
        update_seconds = time.monotonic() - started
        expected = {
            "import": (state(empty), state(imported)),
            "bulk update": (state(imported), state(updated)),
        }
        for attempt in range(kills):
            kind = "import" if attempt % 2 == 0 else "bulk update"
            database = os.path.join(work, f"attempt-{attempt}.db")
            shutil.copy(empty if kind == "import" else imported, database)
            arguments = (["import", f"{first}/projects.csv", f"{first}/milestones.csv"]
                         if kind == "import" else ["import", f"{second}/projects.csv"])
            duration = import_seconds if kind == "import" else update_seconds
            if kill_at_random(tiendo, database, arguments, duration * 1.2, rng):
                outcomes["killed"] += 1
            integrity, projects, milestones, capacities, log = state(database)
            before, after = expected[kind]
            # Sound, and entirely one side: same counts, same capacities, same change log size.
            now = (integrity, projects, milestones, capacities, log)
            if integrity == "ok" and now == before:
                outcomes["before"] += 1
                passed += 1
            elif integrity == "ok" and now == after:
                outcomes["after"] += 1
                passed += 1
            else:
                failed += 1
                print(f"FAILED attempt {attempt} ({kind}): {now}, expected {before} or {after}")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(database + suffix):
                    os.remove(database + suffix)
    print(f"{kills} runs, {outcomes['killed']} killed mid-way by SIGKILL; "
          f"{outcomes['before']} left entirely before, {outcomes['after']} entirely after; "
          f"import took {import_seconds:.2f} s, bulk update {update_seconds:.2f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
