#!/usr/bin/env python3
"""The shared store against the embedded one and against PostgreSQL's own bulk load (part of
`make bench`), on a throwaway PostgreSQL server of its own (tests/postgres/server.py):

  - import of the generated CSVs into a new PostgreSQL database vs `psql \\copy` of the same CSVs
    into plain tables (the floor: no validation, no change log, no keys);
  - schedule and pipeline on PostgreSQL vs the same commands on a SQLite file, in the same run,
    their outputs checked byte-identical first.

Usage: postgres_bench.py TIENDO [--size 20000] [--repeats 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "postgres"))
import server  # noqa: E402
from bench import AS_OF, Series, measure  # noqa: E402

PLAIN_TABLES = """
CREATE TABLE projects (code text, name text, technology text, province text, capacity_mw text,
  capacity_mwp text, investor text, parent text, stage text, target_cod text, lat text, lon text,
  site text, source text);
CREATE TABLE milestones (project text, key text, name text, duration_days text, planned text,
  actual_start text, actual text, forecast text, reason text, source text);
CREATE TABLE dependencies ("from" text, "to" text, type text, lag_days text);
"""


def section(tiendo, size=20000, repeats=3):
    work = tempfile.mkdtemp(prefix="tiendo-postgres-bench-")
    directory = os.path.join(work, "server")
    server.start(directory)
    try:
        generated = os.path.join(work, "generated")
        subprocess.run([tiendo, "generate", "--projects", str(size), "--seed", "1", "--out",
                        generated], check=True, stdout=subprocess.DEVNULL)
        csvs = {table: os.path.join(generated, f"{table}.csv")
                for table in ("projects", "milestones", "dependencies")}
        files = " ".join(csvs.values())
        copy_script = os.path.join(work, "copy.sql")
        with open(copy_script, "w", encoding="utf-8") as script:
            for table, path in csvs.items():
                script.write(f"\\copy {table} FROM '{path}' WITH (FORMAT csv, HEADER true)\n")

        results = {name: Series() for name in ("import", "copy", "restore", "restore_no_log",
                                                "schedule", "schedule_sqlite", "pipeline",
                                                "pipeline_sqlite")}
        for attempt in range(repeats):
            uri = server.createdb(directory, "bench")
            subprocess.run([tiendo, "--db", uri, "init"], check=True, stdout=subprocess.DEVNULL)
            results["import"].add(measure(f"{tiendo} --db {uri} import {files}"))
            plain = server.createdb(directory, "plain")
            subprocess.run(["psql", "-q", "-X", plain, "-c", PLAIN_TABLES], check=True)
            results["copy"].add(measure(f"psql -q -X {plain} -f {copy_script}"))
            # The floor under the import: the server alone loading the very rows tiendo wrote
            # (its keys, indexes and change log) from a dump, in one transaction, with none of
            # tiendo's checks; once with the change log's rows and once without them.
            for name, options in (("restore", []), ("restore_no_log",
                                                     ["--exclude-table-data=change_log"])):
                dump = os.path.join(work, f"{name}.dump")
                subprocess.run(["pg_dump", "-Fc", "-f", dump] + options + [uri], check=True)
                restored = server.createdb(directory, name)
                results[name].add(measure(f"pg_restore --single-transaction -d {restored} {dump}"))
        sqlite = os.path.join(work, "bench.db")
        subprocess.run([tiendo, "--db", sqlite, "init"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(f"{tiendo} --db {sqlite} import {files}", shell=True, check=True,
                       stdout=subprocess.DEVNULL)

        commands = {"schedule": "schedule --format json",
                    "pipeline": "pipeline --by province,stage --format csv"}
        for name, command in commands.items():
            outputs = []
            for database in (uri, sqlite):
                out = os.path.join(work, f"{name}-{len(outputs)}.out")
                measure(f"{tiendo} --db {database} --as-of {AS_OF} {command}", out)
                with open(out, "rb") as handle:
                    outputs.append(handle.read())
            if outputs[0] != outputs[1]:
                sys.exit(f"{name} differs between PostgreSQL and SQLite at {size} projects")
            for _ in range(repeats):
                results[name].add(measure(f"{tiendo} --db {uri} --as-of {AS_OF} {command}"))
                results[f"{name}_sqlite"].add(
                    measure(f"{tiendo} --db {sqlite} --as-of {AS_OF} {command}"))
    finally:
        server.stop(directory)
        subprocess.run(["rm", "-rf", work])

    def row(label, ours, peer, target):
        times = results[ours].median / results[peer].median
        return (f"| {label} | {results[ours].text()} | {results[peer].text()} | {times:.1f}x | "
                f"{target} |")

    lines = [f"### PostgreSQL (`tests/bench/postgres_bench.py`, {size:,} generated projects, "
             f"PostgreSQL 15 on loopback, {repeats} runs, median (min–max))", "",
             "| what | tiendo on PostgreSQL | peer | times the peer | target |",
             "|---|---:|---:|---:|---:|",
             row("import CSVs (peer: psql \\copy into plain tables)", "import", "copy", "≤ 4x"),
             row("floor: pg_restore of the imported rows, keys and change log (peer: the same "
                 "\\copy)", "restore", "copy", "–"),
             row("floor without the change log's rows (peer: the same \\copy)",
                 "restore_no_log", "copy", "–"),
             row("schedule JSON (peer: the same on SQLite)", "schedule", "schedule_sqlite", "≤ 2x"),
             row("pipeline --by province,stage (peer: the same on SQLite)", "pipeline",
                 "pipeline_sqlite", "≤ 2x"),
             "", "- schedule and pipeline give byte-identical output on both stores."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("tiendo")
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    print(section(os.path.abspath(arguments.tiendo), arguments.size, arguments.repeats))
