#!/usr/bin/env python3
"""Differential test of the two stores: the same generated portfolios, imported into a SQLite file
and into a PostgreSQL database, must give byte-identical output for schedule, alerts, pipeline,
impact, forecast and export (every format), after the same edits; and a backup from either store
into the other must answer the same again.

Usage: differential_test.py TIENDO SERVER_DIR   (SERVER_DIR: tests/postgres/server.py's folder)
"""
import filecmp
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server  # noqa: E402

TIENDO = os.path.abspath(sys.argv[1])
SERVER = os.path.abspath(sys.argv[2])
AS_OF = "2024-06-30"
PASSED = FAILED = 0


def run(database, *args):
    result = subprocess.run([TIENDO, "--db", database, "--as-of", AS_OF, *args],
                            capture_output=True)
    return result.returncode, result.stdout, result.stderr


def check(what, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def compare(label, file_db, server_db, *args):
    ours = run(file_db, *args)
    theirs = run(server_db, *args)
    if args[0] == "history":
        # The two imports ran at different seconds; everything else must be the same.
        ours, theirs = [(code, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"TIME", out), err)
                        for code, out, err in (ours, theirs)]
    check(f"{label}: {' '.join(args)}", ours == theirs,
          f"exit {ours[0]} vs {theirs[0]}; {ours[2][-300:]!r} vs {theirs[2][-300:]!r}")


def queries(label, file_db, server_db, line, project):
    compare(label, file_db, server_db, "schedule", "--format", "json")
    compare(label, file_db, server_db, "schedule", "--project", project)
    compare(label, file_db, server_db, "alerts", "--format", "csv")
    compare(label, file_db, server_db, "alerts", "--lang", "vi")
    for by in ("stage", "province,stage", "technology,cod_year", "investor"):
        compare(label, file_db, server_db, "pipeline", "--by", by, "--format", "json")
    compare(label, file_db, server_db, "pipeline", "--compare", "2022-12-31")
    compare(label, file_db, server_db, "impact", f"{line}:grid_line_energized", "--slip", "120",
            "--format", "json")
    compare(label, file_db, server_db, "forecast", "--draws", "200", "--seed", "7", "--format",
            "json")
    compare(label, file_db, server_db, "project", "show", project, "--format", "json")
    compare(label, file_db, server_db, "history", project, "--format", "csv")


def workbook_parts(data):
    """The parts of an xlsx file, without docProps/core.xml (it holds the time it was made)."""
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        return {name: workbook.read(name) for name in workbook.namelist()
                if name != "docProps/core.xml"}


def exports(label, file_db, server_db, work):
    folders = []
    for name, database in (("file", file_db), ("server", server_db)):
        folder = os.path.join(work, f"export-{label}-{name}".replace(" ", "_").replace(",", ""))
        code, _, err = run(database, "export", "--out", folder)
        check(f"{label}: export CSV on {name}", code == 0, err[-300:])
        folders.append(folder)
    names = sorted(os.listdir(folders[0]))
    same = names == sorted(os.listdir(folders[1])) and all(
        filecmp.cmp(os.path.join(folders[0], n), os.path.join(folders[1], n), shallow=False)
        for n in names)
    check(f"{label}: export CSV: the same files, byte for byte", same, str(names))
    for fmt in ("json", "geojson", "ics", "dot"):
        compare(label, file_db, server_db, "export", "--format", fmt)
    ours, theirs = run(file_db, "export", "--format", "xlsx"), run(server_db, "export", "--format",
                                                                    "xlsx")
    check(f"{label}: export --format xlsx: the same sheets",
          ours[0] == theirs[0] == 0 and workbook_parts(ours[1]) == workbook_parts(theirs[1]))


def main():
    with tempfile.TemporaryDirectory(prefix="tiendo-differential-") as work:
        for size, seed in ((400, 3), (1500, 11)):
            label = f"{size} projects, seed {seed}"
            generated = os.path.join(work, f"generated-{size}")
            subprocess.run([TIENDO, "generate", "--projects", str(size), "--seed", str(seed),
                            "--out", generated], check=True, stdout=subprocess.DEVNULL)
            files = [os.path.join(generated, name)
                     for name in ("projects.csv", "milestones.csv", "dependencies.csv")]
            file_db = os.path.join(work, f"file-{size}.db")
            server_db = server.createdb(SERVER, f"differential_{size}_{os.getpid()}")
            for database in (file_db, server_db):
                subprocess.run([TIENDO, "--db", database, "init"], check=True,
                               stdout=subprocess.DEVNULL)
                imported = run(database, "import", *files)
                check(f"{label}: import", imported[0] == 0, imported[2][-300:])
            with open(files[0], encoding="utf-8") as projects:
                rows = [row.split(",") for row in projects.read().splitlines()[1:]]
            line = next(row[0] for row in rows if row[2] == "grid")
            project = next(row[0] for row in rows if row[2] != "grid")
            compare(label, file_db, server_db, "import", *files)  # again: nothing changes
            queries(label, file_db, server_db, line, project)
            # The same edits on both, then the same answers again.
            for args in (("milestone", "set", f"{project}:cod", "--forecast", "2031-03",
                          "--reason", "grid:chờ đường dây 110 kV"),
                         ("milestone", "set", f"{line}:grid_line_energized", "--forecast",
                          "2029-12-15"),
                         ("baseline", "save", "ke-hoach-2024")):
                compare(label, file_db, server_db, *args)
            queries(f"{label}, edited", file_db, server_db, line, project)
            exports(label, file_db, server_db, work)
            # A backup from either store into the other answers as its source does.
            copied_file = os.path.join(work, f"copied-{size}.db")
            copied_server = server.createdb(SERVER, f"differential_copy_{size}_{os.getpid()}")
            check(f"{label}: backup server -> file", run(server_db, "backup", copied_file)[0] == 0)
            check(f"{label}: backup file -> server",
                  run(file_db, "backup", copied_server)[0] == 0)
            queries(f"{label}, copied server -> file", file_db, copied_file, line, project)
            queries(f"{label}, copied file -> server", file_db, copied_server, line, project)
            exports(f"{label}-copied", copied_file, copied_server, work)
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
