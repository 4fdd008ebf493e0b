#!/usr/bin/env python3
"""Concurrent writers: several processes update milestones of the same database at once. Every
command must succeed (the busy timeout waits; no user ever sees "database is locked"), every update
and its change-log row must be there, and a backup taken while they write must open as a sound
database.

Usage: concurrency_test.py TIENDO [WRITERS] [UPDATES_PER_WRITER]
"""
import concurrent.futures
import os
import sqlite3
import subprocess
import sys
import tempfile


def main():
    tiendo = os.path.abspath(sys.argv[1])
    writers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    updates = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="tiendo-concurrent-") as work:
        database = os.path.join(work, "shared.db")
        with open(os.path.join(work, "projects.csv"), "w", encoding="utf-8") as projects:
            projects.write("code,name,technology,province,capacity_mw\n")
            for writer in range(writers):
                projects.write(f"W-{writer},Nhà máy {writer},wind_onshore,Trà Vinh,48\n")
        with open(os.path.join(work, "milestones.csv"), "w", encoding="utf-8") as milestones:
            milestones.write("project,key,planned\n")
            for writer in range(writers):
                for step in range(updates):
                    milestones.write(f"W-{writer},step{step},2021-01-01\n")
        subprocess.run([tiendo, "--db", database, "init"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([tiendo, "--db", database, "import", os.path.join(work, "projects.csv"),
                        os.path.join(work, "milestones.csv")], check=True, stdout=subprocess.DEVNULL)

        def write(writer):
            problems = []
            for step in range(updates):
                result = subprocess.run(
                    [tiendo, "--db", database, "--actor", f"writer-{writer}", "milestone", "set",
                     f"W-{writer}:step{step}", "--forecast", f"2022-{(step % 12) + 1:02d}",
                     "--reason", f"grid:chờ đấu nối {writer}-{step}"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                if result.returncode != 0:
                    problems.append(result.stderr.strip())
            return problems

        def backup():
            target = os.path.join(work, "backup.db")
            result = subprocess.run([tiendo, "--db", database, "backup", target],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            return [result.stderr.strip()] if result.returncode != 0 else []

        with concurrent.futures.ThreadPoolExecutor(max_workers=writers + 1) as pool:
            futures = [pool.submit(write, writer) for writer in range(writers)]
            futures.append(pool.submit(backup))
            problems = [problem for future in futures for problem in future.result()]
        if problems:
            failed += 1
            print(f"FAILED: {len(problems)} commands failed, e.g. {problems[0]}")
        else:
            passed += 1
            print(f"{writers} writers x {updates} updates and a backup: every command succeeded")

        connection = sqlite3.connect(database)
        forecasts = connection.execute(
            "SELECT count(*) FROM milestone WHERE forecast IS NOT NULL").fetchone()[0]
        logged = connection.execute(
            "SELECT count(*) FROM change_log WHERE field = 'forecast' AND actor LIKE 'writer-%'").fetchone()[0]
        connection.close()
        if forecasts == writers * updates and logged == writers * updates:
            passed += 1
            print(f"{forecasts} forecasts written, {logged} change-log rows")
        else:
            failed += 1
            print(f"FAILED: {forecasts} forecasts and {logged} change-log rows, "
                  f"expected {writers * updates} of each")

        copy = sqlite3.connect(os.path.join(work, "backup.db"))
        integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
        copied = copy.execute("SELECT count(*) FROM milestone").fetchone()[0]
        copy.close()
        if integrity == "ok" and copied == writers * updates:
            passed += 1
            print(f"backup taken during the writes: integrity {integrity}, {copied} milestones")
        else:
            failed += 1
            print(f"FAILED: backup integrity {integrity}, {copied} milestones")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
