#!/usr/bin/env python3
"""Checks that `--lang vi` leaves no English wording: runs every command that prints something for
a person, in English and in Vietnamese, on the seed demo database (test.db in the current
directory, as `tiendo demo` builds it), and fails on

- a table header cell (the line above a ─── rule, or a CSV's first row) that is the English one;
- an English label word (yes, total, projects, a side state, a severity, ...) anywhere in the
  Vietnamese output;
- a message that reads the same in both languages;
- a CSV number written the Vietnamese way (1.435,2), or JSON that changes with --lang.

Every command that `tiendo --help` lists must appear below, so a new one cannot be left out.

Usage: vietnamese_check.py TIENDO
"""
import json
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import command_reference  # noqa: E402  (the walk of --help lives there)

AS_OF = ["--as-of", "2020-12-31"]
# Commands that print tables (or a labelled listing), read-only: (command line, formats to try).
TABLES = [
    ("project list", ["table", "csv"]),
    ("project show ST-SUSPENDED", ["table"]),
    ("milestone list --project LS-KHANHKHE", ["table", "csv"]),
    ("depend list --project LS-KHANHKHE", ["table", "csv"]),
    ("schedule --project LS-KHANHKHE --baseline q4", ["table", "csv"]),
    ("explain LS-KHANHKHE:cod", ["table"]),
    ("impact TV-GRID-110-GIO1-DUYENTRA:site_clearance --slip 90", ["table", "csv"]),
    ("baseline list", ["table", "csv"]),
    ("baseline diff q4", ["table", "csv"]),
    ("pipeline", ["table", "csv"]),
    ("pipeline --by province,technology,technology_group,cod_year,investor", ["table", "csv"]),
    ("pipeline --compare 2019-01-01", ["table", "csv"]),
    ("alerts", ["table", "csv"]),
    ("forecast --by technology_group,province --draws 50", ["table", "csv"]),
    ("forecast --project TV-WIND-V1-1 --draws 50 --target 2022-01-01", ["table", "csv"]),
    ("alerts --by reason", ["table", "csv"]),
    ("history --limit 20", ["table", "csv"]),
    ("user list", ["table", "csv"]),
    ("calendar list", ["table", "csv"]),
    ("calendar show vn-mon-fri --year 2027", ["table"]),
]
# Commands that report what they did, each run on its own copy of the database per language.
# The second field is what the command reads from standard input (a password), or None; the
# third says the message may read the same in both languages (a link is only symbols).
MESSAGES = [
    ("init", None, False),
    ("demo --force", None, False),
    ("project add NEW-1 --name Mới --technology coal --province 'Sóc Trăng'", None, False),
    ("project add NEW-2 --name Mới --technology grid --province 'Trà Vinh' --template", None,
     False),
    ("project set LS-KHANHKHE --investor X", None, False),
    ("project status LS-KHANHKHE cancelled --date 2020-06-01", None, False),
    ("project remove ST-SUSPENDED --reason 'nhập nhầm'", None, False),
    ("milestone add LS-KHANHKHE:construction_start", None, False),
    ("milestone set LS-KHANHKHE:cod --forecast 2021", None, False),
    ("milestone done LS-KHANHKHE:site_clearance --date 2020-01-01", None, False),
    ("milestone remove LS-KHANHKHE:site_clearance --reason 'nhập nhầm'", None, False),
    ("depend add LS-KHANHKHE:site_clearance LS-KHANHKHE:cod", None, True),
    ("depend set LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment --lag 3", None,
     False),
    ("depend remove LS-KHANHKHE:site_clearance LS-KHANHKHE:reservoir_impoundment", None, False),
    ("baseline save again", None, False),
    ("alerts --set-threshold warning=20", None, False),
    ("import {export}/projects.csv --dry-run", None, False),
    ("import {export}/projects.csv", None, False),
    ("export --out {out}", None, False),
    ("backup {out}.db", None, False),
    # The database copy of the first message (`init`) is a backup to restore from.
    ("restore {first}", None, False),
    ("generate --projects 5 --out {out}", None, False),
    ("report --from 2020-01-01 --to 2020-12-31 --out {out}.html", None, False),
    ("user add new.editor --role editor --province 'Cần Thơ' --password-stdin",
     "a long password\n", False),
    ("user set reader --role admin", None, False),
    ("user revoke reader", None, False),
    ("user token reader", None, True),
    ("user remove reader", None, False),
    ("calendar add site-b --from vn-mon-fri", None, False),
    ("calendar set site-a --exception 2027-02-13 --periods 08:00-12:00", None, False),
]
# Words that are wording, never data, in these outputs.
ENGLISH = {
    "yes", "no", "total", "project", "projects", "milestone", "milestones", "days", "planned",
    "actual", "forecast", "reason", "source", "stage", "province", "technology", "name", "code",
    "active", "suspended", "cancelled", "retired", "info", "warning", "critical", "overdue",
    "stale", "none", "new", "added", "updated", "removed", "wrote", "imported", "saved",
    "baseline", "slip", "float", "driver", "early", "late", "finish", "start", "from", "to",
    "done", "thresholds", "dry", "run", "written", "backed", "database", "schema", "version",
    "plants", "changed", "seed", "progress", "delayed", "quarter", "type", "lag", "status",
    "investor", "site", "parent", "capacity", "target", "actor", "entity", "field", "old",
    "severity", "kind", "message", "chain", "by", "saved", "reached", "codes", "before", "after",
}
NOT_HEADERS = {"MW", "MWp"}


def run(binary, args, check=True, stdin=None):
    result = subprocess.run([binary, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            input=stdin.encode() if stdin is not None else b"")
    if check and result.returncode != 0:
        raise SystemExit(f"tiendo {' '.join(args)}: exit {result.returncode}: "
                         f"{result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8")


def leaf_commands(binary):
    """Every command that does something, by the same walk of --help the command reference uses."""
    return command_reference.commands(binary)


def header_cells(output, csv):
    lines = output.splitlines()
    if csv:
        return [lines[0].split(",")] if lines else []
    # A table is its header, a rule, its rows and perhaps a rule above a total; a blank line or
    # text without two-space columns ends it.
    headers, inside = [], False
    for i, line in enumerate(lines):
        if not line.strip():
            inside = False
        elif line.startswith("─") and i > 0 and not inside:
            headers.append([cell for cell in re.split(r"\s{2,}", lines[i - 1].strip()) if cell])
            inside = True
    return headers


def english_words(output):
    words = set()
    for token in output.split():
        token = token.strip("()[],;:.'\"").lower()
        if token in ENGLISH:
            words.add(token)
    return words


def main():
    binary = sys.argv[1]
    problems = []
    covered = {" ".join(line.split()[:2]) for line, _ in TABLES}
    covered |= {" ".join(line.split()[:2]) for line, _, _ in MESSAGES}
    covered |= {line.split()[0] for line, _ in TABLES} | {line.split()[0] for line, _, _ in MESSAGES}
    # `serve` runs until stopped, so it cannot be run here; its pages are checked in both
    # languages by tests/web, and its one line ("listening on URL") is for scripts, like JSON.
    covered.add("serve")
    for command in leaf_commands(binary):
        if command not in covered:
            problems.append(f"tiendo {command}: not checked here; add it to TABLES or MESSAGES")

    # A side state, a saved baseline and a slip against it, so their labels show too.
    run(binary, ["project", "add", "ST-SUSPENDED", "--name", "Tạm dừng", "--technology",
                 "wind_onshore", "--province", "Sóc Trăng", "--capacity", "10"])
    run(binary, ["project", "status", "ST-SUSPENDED", "suspended", "--date", "2020-03-01"])
    run(binary, ["baseline", "save", "q4"])
    run(binary, ["calendar", "add", "site-a", "--from", "vn-mon-fri"])
    run(binary, ["milestone", "set", "LS-KHANHKHE:cod", "--planned", "2019-09"])
    # An account with a token, so the account list has a row of each kind of cell.
    run(binary, ["user", "add", "reader", "--role", "viewer", "--province", "Trà Vinh",
                 "--password-stdin"], stdin="a long password\n")
    run(binary, ["user", "token", "reader"])

    tables = 0
    for line, formats in TABLES:
        args = shlex.split(line)
        for output_format in formats:
            english = run(binary, [*AS_OF, "--format", output_format, *args])
            vietnamese = run(binary, [*AS_OF, "--format", output_format, "--lang", "vi", *args])
            csv = output_format == "csv"
            where = f"tiendo {line} --format {output_format} --lang vi"
            english_headers = {cell for row in header_cells(english, csv) for cell in row}
            vietnamese_headers = header_cells(vietnamese, csv)
            if not vietnamese_headers and line.split()[:2] != ["project", "show"] \
                    and line.split()[0] != "explain":
                problems.append(f"{where}: no table found")
            for row in vietnamese_headers:
                for cell in row:
                    if cell in english_headers and cell not in NOT_HEADERS:
                        problems.append(f"{where}: header '{cell}' is the English one")
            # The change log's cells are data: field keys and the values as they were stored.
            if not line.startswith("history"):
                for word in sorted(english_words(vietnamese)):
                    problems.append(f"{where}: English word '{word}'")
            if line.startswith("project show"):
                labels = [row[:14].strip() for row in vietnamese.splitlines() if row[:14].strip()]
                for label in labels:
                    if label in english:
                        problems.append(f"{where}: label '{label}' is the English one")
            if csv:
                for row in vietnamese.splitlines()[1:]:
                    for cell in row.split(","):
                        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d+", cell):
                            problems.append(f"{where}: number '{cell}' is not plain")
            tables += 1
        english = run(binary, [*AS_OF, "--format", "json", *args])
        vietnamese = run(binary, [*AS_OF, "--format", "json", "--lang", "vi", *args])
        if json.loads(english) != json.loads(vietnamese):
            problems.append(f"tiendo {line} --format json: changes with --lang vi")

    messages = 0
    for index, (line, stdin, may_match) in enumerate(MESSAGES):
        outputs = {}
        for language in ("en", "vi"):
            database = f"message-{index}-{language}.db"
            # A copy of whatever TIENDO_DB is (a file, or a PostgreSQL database), as a file.
            run(binary, ["backup", database])
            run(binary, ["--db", database, "export", "--out", f"export-{index}-{language}"])
            filled = line.format(export=f"export-{index}-{language}",
                                 out=f"out-{index}-{language}", first=f"message-0-{language}.db")
            outputs[language] = run(binary, ["--db", database, *AS_OF, "--lang", language,
                                             *shlex.split(filled)], stdin=stdin)
        where = f"tiendo {line} --lang vi"
        if not may_match and outputs["en"].replace("-en", "") == outputs["vi"].replace("-vi", ""):
            problems.append(f"{where}: reads the same as in English: {outputs['vi'].strip()}")
        for word in sorted(english_words(outputs["vi"])):
            problems.append(f"{where}: English word '{word}'")
        messages += 1

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"checked {tables} tables and {messages} messages: no English wording with --lang vi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
