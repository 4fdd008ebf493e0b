#!/usr/bin/env python3
"""The output of every listing command does not depend on the PostgreSQL server's collation.

A PostgreSQL database orders text by its collation, which follows the locale it was made with:
an ICU Vietnamese or English collation puts "a-1" before "A-2" before "b" before "B", and "Đ" after
"D", where SQLite (and the C locale) compares bytes. tiendo asks for byte order wherever the order
of text reaches its output (store/connection.h, byte_order()), so a portfolio whose codes, names,
investors, provinces and accounts differ only in case, accents and punctuation must give the same
bytes from a SQLite file and from a database with such a collation.

The throwaway server runs in the C.UTF-8 locale, where the question would not even arise, so each
database here is made with an ICU collation of its own; the test first checks that the database
really orders these codes differently from bytes, so it cannot pass for want of a difference.

Usage: collation_test.py TIENDO SERVER_DIR   (SERVER_DIR: tests/postgres/server.py's folder)
"""
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

# ICU collations unlike byte order in different ways: Vietnamese (case and accents second,
# punctuation before digits and letters), and English with upper case first and punctuation
# ignored at the first level.
# Turkish folds case otherwise: lower('I') is a dotless 'ı', which account names (compared without
# case) must not follow.
COLLATIONS = {"vi": "vi", "en_upper_shifted": "en-u-kf-upper-ka-shifted", "tr": "tr"}

# Codes differ only in case and punctuation (a code is ASCII: letters, digits, '-', '_', '.');
# names, investors and provinces differ in case and in Vietnamese accents too.
PROJECTS = [
    # code, name, technology, province, capacity_mw, investor, parent, stage, target_cod
    ("a-1", "Điện gió Đông Hải", "wind_onshore", "Trà Vinh", "48", "Công ty Điện gió", "",
     "approved", "2021-06"),
    ("A-2", "điện gió đông hải 2", "wind_onshore", "Trà Vinh", "30", "công ty điện gió", "",
     "approved", "2021-09"),
    ("a.3", "Dien gio Dong Hai 3", "wind_nearshore", "Sóc Trăng", "50", "Cong ty Dien gio", "",
     "in_plan", "2022"),
    ("a_4", "Đầm Dơi", "solar_farm", "Cà Mau", "40", "Đức Long", "", "approved", "2021-12"),
    ("a4", "Dam Doi", "solar_farm", "Cà Mau", "45", "Duc Long", "", "approved", "2022-03"),
    ("b_4", "Bạc Liêu 1", "wind_nearshore", "Bạc Liêu", "99.2", "bạc liêu", "", "approved",
     "2021-10"),
    ("B-5", "bạc liêu 2", "wind_nearshore", "Bạc Liêu", "99.2", "Bạc Liêu", "", "approved",
     "2021-11"),
    ("b.6", "Bac Lieu 3", "wind_nearshore", "bac lieu", "142", "BAC LIEU", "", "in_plan", ""),
    ("Z-9", "Ánh Dương", "solar_rooftop", "Đắk Lắk", "12", "Ánh Dương", "", "approved",
     "2021-05"),
    ("z-0", "anh duong", "solar_rooftop", "Dak Lak", "8", "anh dương", "", "approved",
     "2021-07"),
    ("D-7", "Dầu Tiếng", "solar_farm", "Tây Ninh", "420", "Dầu khí", "", "approved", "2020-12"),
    ("d-8", "Đá Bạc", "solar_farm", "Tây Ninh", "100", "dầu khí", "", "approved", "2021-01"),
    ("_x", "_Dự phòng", "grid", "Trà Vinh", "", "Điện lực", "", "approved", ""),
    ("X-1", "Đường dây 110 kV", "grid", "Trà Vinh", "", "điện lực", "", "approved", ""),
]

MILESTONES = [
    # project, key, name, duration_days, planned, actual, forecast, reason
    ("_x", "grid_line_energized", "Đóng điện", "0", "2021-03-31", "", "2021-08-15",
     "grid:chờ đường dây"),
    ("X-1", "grid_line_energized", "đóng điện", "0", "2021-04-30", "2021-05-20", "", ""),
]
for code, *_ in PROJECTS:
    if code in ("_x", "X-1"):
        continue
    MILESTONES += [
        (code, "construction_start", "Khởi công", "0", "2020-06-01", "2020-06-15", "", ""),
        (code, "cod", "Vận hành thương mại", "0", "2021-10-31", "", "",
         "grid:Chờ đấu nối" if code[0].isupper() else "grid:chờ đấu nối"),
    ]

DEPENDENCIES = [("_x:grid_line_energized", "a-1:cod"), ("_x:grid_line_energized", "A-2:cod"),
                ("X-1:grid_line_energized", "b_4:cod"), ("X-1:grid_line_energized", "B-5:cod")]

ACCOUNTS = ["alice", "Bob", "a-b", "a.c", "a_d", "a1", "ab", "Zoe", "_ops", "ada", "Ivan", "iris"]

# Account names compare without case, ASCII letters only, on either store: a name differing only
# in case is refused, and any spelling of a name finds it (exit code and output of each).
ACCOUNT_STEPS = [
    ("user", "add", "ivan", "--role", "viewer", "--password-stdin"),
    ("user", "add", "IRIS", "--role", "viewer", "--password-stdin"),
    ("user", "set", "IVAN", "--role", "viewer"),
    ("user", "set", "Iris", "--disable"),
    ("user", "list"),
]

# Every command whose output lists something, with the options that change its order or grouping.
COMMANDS = [
    ("project", "list"),
    ("project", "list", "--format", "csv"),
    ("project", "list", "--format", "json"),
    ("project", "list", "--province", "Trà Vinh"),
    ("project", "show", "a-1", "--format", "json"),
    ("milestone", "list"),
    ("milestone", "list", "--format", "csv"),
    ("depend", "list"),
    ("schedule",),
    ("schedule", "--format", "json"),
    ("alerts", "--format", "csv"),
    ("alerts", "--lang", "vi"),
    ("pipeline", "--by", "province,investor"),
    ("pipeline", "--by", "investor", "--format", "json"),
    ("pipeline", "--by", "province,technology", "--format", "csv"),
    ("pipeline", "--by", "province", "--legacy-provinces"),
    ("impact", "_x:grid_line_energized", "--slip", "90"),
    ("explain", "a-1:cod"),
    ("forecast", "--draws", "50", "--seed", "3", "--format", "json"),
    ("history",),
    ("history", "--format", "csv"),
    ("history", "a-1"),
    ("baseline", "list"),
    ("baseline", "diff", "ke-hoach"),
    ("user", "list"),
    ("user", "list", "--format", "json"),
    ("export", "--what", "projects", "--format", "csv"),
    ("export", "--what", "milestones", "--format", "csv"),
    ("export", "--what", "dependencies", "--format", "csv"),
    ("export", "--format", "json"),
    ("export", "--format", "geojson"),
    ("export", "--format", "ics"),
    ("export", "--format", "dot"),
    ("export", "--format", "xlsx"),
    # Commands that write a file: OUT is a new file's name for each run.
    ("report", "--from", "2021-01-01", "--to", "2021-12-31", "--out", "OUT.md"),
    ("report", "--from", "2021-01-01", "--to", "2021-12-31", "--baseline", "ke-hoach", "--out",
     "OUT.html"),
]


def check(what, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
        print(f"ok   {what}")
    else:
        FAILED += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def run(database, *args, stdin=None):
    result = subprocess.run([TIENDO, "--db", database, "--as-of", AS_OF, "--actor", "tester",
                             *args], input=stdin, capture_output=True)
    return result.returncode, result.stdout, result.stderr


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        for row in rows:
            handle.write(",".join(row) + "\n")


def portfolio_files(work):
    projects = os.path.join(work, "projects.csv")
    milestones = os.path.join(work, "milestones.csv")
    dependencies = os.path.join(work, "dependencies.csv")
    write_csv(projects, "code,name,technology,province,capacity_mw,investor,parent,stage,target_cod",
              PROJECTS)
    write_csv(milestones, "project,key,name,duration_days,planned,actual,forecast,reason",
              MILESTONES)
    write_csv(dependencies, "from,to", DEPENDENCIES)
    return [projects, milestones, dependencies]


def fill(database, files):
    """The same import, accounts, baseline and edits on either store; each step must succeed."""
    steps = [("init",), ("import", *files), ("baseline", "save", "ke-hoach")]
    for name in ACCOUNTS:
        steps.append(("user", "add", name, "--role", "editor", "--province", "Trà Vinh",
                      "--password-stdin"))
    steps += [("milestone", "set", "A-2:cod", "--forecast", "2022-02", "--reason",
               "grid:Đường dây"),
              ("milestone", "set", "a-1:cod", "--forecast", "2022-01", "--reason",
               "grid:đường dây"),
              ("project", "status", "b.6", "suspended", "--date", "2023-01-01", "--reason",
               "Đình chỉ")]
    for step in steps:
        code, _, err = run(database, *step, stdin=b"a long enough password\n")
        if code != 0:
            return f"{' '.join(step)}: exit {code}: {err.decode(errors='replace')[-300:]}"
    return None


def without_times(output):
    # The two stores were written at different seconds; everything else must be the same.
    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"TIME", output)


def output(database, command, out):
    """Exit code, output (a file's content for a command that writes one) and errors of a run."""
    written = None
    if command[-1].startswith("OUT"):
        written = out + os.path.splitext(command[-1])[1]
        command = command[:-1] + (written,)
    code, stdout, stderr = run(database, *command)
    if written and code == 0:
        with open(written, "rb") as handle:
            stdout = handle.read()
        # The file's own name is the one difference between the two runs.
        stdout = stdout.replace(written.encode(), b"OUT")
    if command[-1] == "xlsx" and code == 0:
        return code, workbook_parts(stdout), stderr
    return code, without_times(stdout), stderr


def workbook_parts(data):
    """The parts of an xlsx file, without docProps/core.xml (it holds the time it was made)."""
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        return repr(sorted((name, workbook.read(name)) for name in workbook.namelist()
                           if name != "docProps/core.xml")).encode()


def server_order(uri):
    """The project codes as the database's own collation orders them, and in byte order."""
    orders = []
    for collate in ("", ' COLLATE "C"'):
        result = subprocess.run(["psql", "-q", "-X", "-t", "-A", uri, "-c",
                                 f"SELECT string_agg(code, ' ' ORDER BY code{collate}) "
                                 "FROM project"], capture_output=True, text=True, check=True)
        orders.append(result.stdout.strip())
    return orders


def create_database(name, icu_locale):
    """A database whose default collation is the ICU locale's; the server's own is C.UTF-8."""
    base = server.base_uri(SERVER)
    result = subprocess.run(
        ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", base + "/postgres", "-c",
         f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "-c",
         f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu "
         f"ICU_LOCALE '{icu_locale}' LOCALE 'C.UTF-8'"], capture_output=True, text=True)
    if result.returncode != 0:
        return None, result.stderr.strip()
    return f"{base}/{name}", ""


def main():
    with tempfile.TemporaryDirectory(prefix="tiendo-collation-") as work:
        files = portfolio_files(work)
        file_db = os.path.join(work, "file.db")
        problem = fill(file_db, files)
        check("SQLite: import, accounts, baseline and edits", problem is None, problem)
        if problem:
            return 1
        for label, icu_locale in COLLATIONS.items():
            uri, error = create_database(f"collation_{label}_{os.getpid()}", icu_locale)
            check(f"{label}: a database with ICU collation '{icu_locale}'", uri, error)
            if not uri:
                continue
            problem = fill(uri, files)
            check(f"{label}: import, accounts, baseline and edits", problem is None, problem)
            if problem:
                continue
            collated, by_bytes = server_order(uri)
            check(f"{label}: the database orders the codes otherwise than bytes "
                  f"({collated} / {by_bytes})", collated != by_bytes)
            for number, command in enumerate(COMMANDS):
                ours, theirs = [output(database, command, os.path.join(work, f"{label}-{number}-{name}"))
                                for name, database in (("file", file_db), ("server", uri))]
                detail = ""
                if ours != theirs:
                    mine = ours[1].decode(errors="replace").splitlines()
                    other = theirs[1].decode(errors="replace").splitlines()
                    first = next((i for i, (a, b) in enumerate(zip(mine, other)) if a != b),
                                 min(len(mine), len(other)))
                    detail = (f"exit {ours[0]} vs {theirs[0]}; first different line {first + 1}:"
                              f" {mine[first:first + 1]!s:.300} vs {other[first:first + 1]!s:.300}; "
                              f"{ours[2][-200:]!r} vs {theirs[2][-200:]!r}")
                check(f"{label}: {' '.join(command)}: exit {ours[0]}, the same bytes as SQLite",
                      ours == theirs and ours[0] == 0, detail)
            export_folders = []
            for name, database in (("file", file_db), ("server", uri)):
                folder = os.path.join(work, f"export-{label}-{name}")
                code, _, err = run(database, "export", "--out", folder)
                export_folders.append(folder if code == 0 else None)
            same = None not in export_folders and all(
                open(os.path.join(export_folders[0], n), "rb").read() ==
                open(os.path.join(export_folders[1], n), "rb").read()
                for n in sorted(os.listdir(export_folders[0])))
            check(f"{label}: export --out: the same CSV files, byte for byte", same)
            # The account steps change the SQLite file, so they run on a copy of it of their own.
            label_db = os.path.join(work, f"accounts-{label}.db")
            code, _, err = run(file_db, "backup", label_db)
            check(f"{label}: a copy of the SQLite file for the account steps", code == 0, err)
            for step in ACCOUNT_STEPS:
                results = [run(database, *step, stdin=b"a long enough password\n")
                           for database in (label_db, uri)]
                outputs = [(code, without_times(out), err) for code, out, err in results]
                check(f"{label}: {' '.join(step)}: exit {outputs[0][0]}, the same as SQLite",
                      outputs[0] == outputs[1], f"{outputs[0]!r:.300} vs {outputs[1]!r:.300}")
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
