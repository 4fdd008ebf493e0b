#!/usr/bin/env python3
"""Crash safety of the web workspace: concurrent PATCH writers, the server killed (SIGKILL) in the
middle of the load, restarted on the same database, several rounds.

Every write that was answered 200 before a kill must be in the database afterwards (the value, and
its change-log row with the right actor); a write in flight at the kill may or may not be there, but
nothing else may be. After each restart the server must show the same (its API); at the end the
database passes `sqlite3 F 'PRAGMA integrity_check'` and `tiendo --db F schedule --format json`
still works, and a last server started on it stops cleanly. Versions keep increasing across
restarts (an If-Match read before a kill cannot match a later state).

Usage: kill_test.py TIENDO [ROUNDS] [SEED]
"""
import datetime
import json
import os
import random
import sys
import tempfile
import threading
import time
import urllib.parse

from load_test import (Client, Dates, Record, Server, TransportError, forecast_changes, history,
                       integrity, make_demo, milestones, quote_ref, run_cli, show)

WRITERS = 4


class Ledger:
    """Per milestone: the acknowledged writes in order and the writes whose answer never came."""

    def __init__(self, initial):
        self.lock = threading.Lock()
        self.initial = initial   # ref -> forecast before the test
        self.acknowledged = {}   # ref -> [(value, version)]
        self.unanswered = {}     # ref -> {value}
        self.since_ack = {}      # ref -> {unanswered values sent after the last acknowledged one}

    def ack(self, ref, value, version):
        with self.lock:
            self.acknowledged.setdefault(ref, []).append((value, version))
            self.since_ack[ref] = set()

    def lost(self, ref, value):
        with self.lock:
            self.unanswered.setdefault(ref, set()).add(value)
            self.since_ack.setdefault(ref, set()).add(value)

    def possible_now(self, ref):
        """Values the milestone may hold (each milestone has one writer at a time): the last
        acknowledged (else the initial) or one sent after it whose answer never came."""
        with self.lock:
            acks = self.acknowledged.get(ref, [])
            last = acks[-1][0] if acks else self.initial.get(ref)
            return {last} | self.since_ack.get(ref, set()), last


def writer(port, token, refs, dates, ledger, record, stop, counts):
    client = Client(port, token, timeout=30)
    for ref in refs * 100000:
        if stop.is_set():
            break
        value = dates.next()
        body = {"forecast": value}
        path = f"/api/v1/milestones/{quote_ref(ref)}"
        try:
            status, _, data = client.request("PATCH", path, body)
        except TransportError:
            # The server died under this write (or before it): it may or may not have landed.
            ledger.lost(ref, value)
            with ledger.lock:
                counts["unanswered"] += 1
            if stop.is_set():
                break
            # The kill has not been declared yet: the server is gone; wait for the round's end.
            stop.wait(5)
            break
        if status >= 500:
            record.problem("5xx: " + show("PATCH", path, body, status, data))
        if status != 200:
            record.problem("unexpected status: " + show("PATCH", path, body, status, data))
            continue
        try:
            answer = json.loads(data.decode("utf-8"))
        except ValueError:
            record.problem("answer is not JSON: " + show("PATCH", path, body, status, data))
            ledger.lost(ref, value)
            continue
        if answer.get("forecast") != value:
            record.problem("the answer's forecast differs: " + show("PATCH", path, body, status,
                                                                    data))
        ledger.ack(ref, value, answer.get("version"))
        with ledger.lock:
            counts["acknowledged"] += 1
    client.close()


def check_through_api(port, token, ledger, refs, record, round_):
    """The restarted server shows, for every milestone, an allowed value and a version not below
    the last acknowledged one."""
    client = Client(port, token, timeout=60)
    projects = sorted({ref.split(":", 1)[0] for ref in refs})
    for project in projects:
        path = f"/api/v1/projects/{urllib.parse.quote(project)}"
        try:
            status, _, data = client.request("GET", path)
        except TransportError as error:
            record.problem(f"round {round_}: after the restart, {error}")
            return
        if status != 200:
            record.problem(f"round {round_}: after the restart " + show("GET", path, None, status,
                                                                          data))
            continue
        try:
            rows = json.loads(data.decode("utf-8"))["milestones"]
        except (ValueError, KeyError, TypeError):
            record.problem(f"round {round_}: after the restart " + show("GET", path, None, status,
                                                                          data))
            continue
        for row in rows:
            ref = f"{project}:{row.get('key')}"
            if ref not in refs:
                continue
            possible, last = ledger.possible_now(ref)
            if row.get("forecast") not in possible:
                record.problem(f"round {round_}: after the restart the server shows {ref} forecast "
                               f"{row.get('forecast')!r}; the last acknowledged write was "
                               f"{last!r}")
            with ledger.lock:
                acks = ledger.acknowledged.get(ref, [])
                last_version = acks[-1][1] if acks else None
            if isinstance(last_version, int) and (not isinstance(row.get("version"), int)
                                                  or row["version"] < last_version):
                record.problem(f"round {round_}: after the restart {ref} has version "
                               f"{row.get('version')!r}, below the acknowledged {last_version}")
    client.close()


def main():
    tiendo = os.path.abspath(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2021)
    record = Record()
    summary = []
    with tempfile.TemporaryDirectory(prefix="tiendo-webkill-") as work:
        database = os.path.join(work, "demo.db")
        token = make_demo(tiendo, database, work)["admin"]
        initial = {f"{project}:{key}": row["forecast"]
                   for (project, key), row in milestones(tiendo, database, work).items()}
        refs = sorted(initial)
        ledger = Ledger(initial)
        dates = Dates(datetime.date(2024, 1, 1))
        for round_ in range(rounds):
            server = Server(tiendo, database, work)
            if round_ > 0:
                check_through_api(server.port, token, ledger, refs, record, round_)
            stop = threading.Event()
            counts = {"acknowledged": 0, "unanswered": 0}
            threads = [threading.Thread(target=writer, args=(
                server.port, token, refs[index::WRITERS], dates, ledger, record, stop, counts))
                for index in range(WRITERS)]
            for thread in threads:
                thread.start()
            # Kill once writes are flowing, at a random moment.
            started = time.monotonic()
            while counts["acknowledged"] < 5 and time.monotonic() - started < 30:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.2, 1.5))
            before = counts["acknowledged"]
            if server.process.poll() is not None:
                record.problem(f"round {round_}: the server exited by itself "
                               f"({server.process.returncode}): {server.stderr()[-500:]}")
            server.kill()
            stop.set()
            for thread in threads:
                thread.join(60)
            if any(thread.is_alive() for thread in threads):
                record.problem(f"round {round_}: a writer still waits after the kill")
            summary.append(f"round {round_}: {before} writes acknowledged before SIGKILL, "
                           f"{counts['unanswered']} in flight")
            if before == 0:
                record.problem(f"round {round_}: no write acknowledged before the kill "
                               f"(server stderr: {server.stderr()[-500:]})")

        # The database as the last kill left it, seen by the CLI.
        rows = milestones(tiendo, database, work)
        changes = forecast_changes(history(tiendo, database, work))
        acknowledged = 0
        for ref in refs:
            project, key = ref.split(":", 1)
            possible, last = ledger.possible_now(ref)
            if rows[(project, key)]["forecast"] not in possible:
                record.problem(f"milestone list: {ref} forecast {rows[(project, key)]['forecast']!r}"
                               f", the last acknowledged write was {last!r}")
            logged = [(new, actor) for new, _, actor in changes.get(ref, [])]
            logged_values = {new for new, actor in logged if actor == "admin"}
            for value, _ in ledger.acknowledged.get(ref, []):
                acknowledged += 1
                if value not in logged_values:
                    record.problem(f"history: the acknowledged write {ref} -> {value} (by admin) "
                                   "is missing")
            allowed = ({value for value, _ in ledger.acknowledged.get(ref, [])}
                       | ledger.unanswered.get(ref, set()))
            for new, actor in logged:
                if actor == "admin" and new not in allowed:
                    record.problem(f"history: {ref} -> {new} was never sent")
            versions = [version for _, version in ledger.acknowledged.get(ref, [])]
            if any(not isinstance(v, int) for v in versions) or versions != sorted(set(versions)):
                record.problem(f"{ref}: acknowledged versions not increasing across restarts: "
                               f"{versions[:12]}")
        check = integrity(database)
        if check != "ok":
            record.problem(f"sqlite3 {database} 'PRAGMA integrity_check': {check}")
        try:
            schedule = json.loads(run_cli(tiendo, database, ["schedule", "--format", "json"], work))
            if "milestones" not in schedule:
                record.problem("schedule --format json: no milestones")
        except (RuntimeError, ValueError) as error:
            record.problem(f"schedule --format json after the kills: {error}")

        # A last server on the database: it starts, shows the writes, and stops cleanly.
        server = Server(tiendo, database, work)
        check_through_api(server.port, token, ledger, refs, record, rounds)
        status = server.stop()
        if status != 0:
            record.problem(f"the last server's exit status after SIGTERM is {status!r}")

    for line in summary:
        print(line)
    print(f"{acknowledged} acknowledged writes checked in milestone list and history; "
          f"integrity_check: {check}")
    for problem in record.problems[:30]:
        print("FAILED:", problem)
    if len(record.problems) > 30:
        print(f"FAILED: ... and {len(record.problems) - 30} more problems")
    print("passed" if not record.problems else f"{len(record.problems)} problems")
    return 1 if record.problems else 0


if __name__ == "__main__":
    sys.exit(main())
