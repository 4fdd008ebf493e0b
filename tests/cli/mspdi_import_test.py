#!/usr/bin/env python3
"""The import of Microsoft Project's XML (MSPDI) through the command line, as a department would
use it (issue 31, section 3).

1. `import FILE.xml --province P --technology T --code CODE` of the hand-written Vietnamese
   schedule: the file imports its tasks (summaries skipped), names kept in Vietnamese, links as
   dependencies, its elapsed lag (LagFormat 8, "1 ed") on the 24-hour clock (`depend list` says
   so, its JSON names the link's lag calendar), the data date its StatusDate; `--dry-run` writes
   nothing; an elapsed percentage lag (LagFormat 20) is refused, naming the element and line.
2. Bad files are refused whole, exit 2, with file, element, line and field named, nothing written:
   a link to a missing task, a file scheduled back from its finish date (ScheduleFromStart 0), a
   constraint that overrides links (HonorConstraints 1 with a Finish No Later Than).
3. For each real MS Project file (MPXJ's test data), tiendo's schedule as of the file's data date
   (its StatusDate; a file without one has no data date, and MS Project scheduled it from its
   StartDate, so that is the as-of) gives the early start and finish MS Project wrote (Start/
   Finish) for the tasks not started, at day level; the share reproduced is printed per file (the
   goal: at least 98%).

Usage: mspdi_import_test.py TIENDO
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NS = {"p": "http://schemas.microsoft.com/project"}
VIETNAMESE = os.path.join(ROOT, "fixtures", "msproject", "huong-linh-9.xml")
REAL = [
    os.path.join(ROOT, "fixtures", "external", "msproject", name)
    for name in ("mpxj-mspdirelations.xml", "mpxj-task-links-project2016-mspdi.xml", "mpxj-caltest.xml",
                 "mpxj-calendar-calendars-project2019-mspdi.xml",
                 "mpxj-calendar-recurring-exceptions-project2016-mspdi.xml")
]


def run(tiendo, database, *arguments, expect=0):
    result = subprocess.run([tiendo, "--db", database, *arguments], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != expect:
        sys.exit(f"FAIL: {' '.join(arguments)} exited {result.returncode}, expected {expect}\n"
                 f"{result.stdout}\n{result.stderr}")
    return result


def fold(identifier):
    """The import's key of an activity ID (lower case, other runs one '_')."""
    return re.sub(r"[^a-z0-9]+", "_", identifier.lower()).strip("_")


def expected_dates(path):
    """MS Project's Start/Finish days of each task not started, by key; and the data date."""
    root = ElementTree.parse(path).getroot()
    # The data date is the StatusDate alone (CurrentDate is only the day the file was saved);
    # without one MS Project scheduled from the project's StartDate.
    data_date = root.findtext("p:StatusDate", namespaces=NS) or root.findtext("p:StartDate", namespaces=NS)
    expected = {}
    # Tasks whose finish a finish-to-finish (Type 0) or start-to-finish (Type 2) link drives.
    finish_linked = set()
    for task in root.iterfind("p:Tasks/p:Task", NS):
        for link in task.iterfind("p:PredecessorLink", NS):
            if link.findtext("p:Type", namespaces=NS) in ("0", "2"):
                finish_linked.add(fold(task.findtext("p:ID", namespaces=NS)))
        if task.findtext("p:UID", namespaces=NS) == "0" or task.findtext("p:Summary", namespaces=NS) == "1":
            continue
        if task.findtext("p:ActualStart", namespaces=NS):
            continue
        start = task.findtext("p:EarlyStart", namespaces=NS) or task.findtext("p:Start", namespaces=NS)
        finish = task.findtext("p:EarlyFinish", namespaces=NS) or task.findtext("p:Finish", namespaces=NS)
        expected[fold(task.findtext("p:ID", namespaces=NS))] = (start[:10], finish[:10])
    return data_date[:10], expected, finish_linked


def main():
    tiendo = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "test.db")
        run(tiendo, database, "init")

        # 1. The Vietnamese schedule: a dry run writes nothing, then the import.
        common = ["--province", "Quảng Trị", "--technology", "wind_onshore", "--code", "HL9"]
        with open(VIETNAMESE, encoding="utf-8") as stream:
            text = stream.read()
        # Its link from task 6 to task 7 lags one elapsed day; an elapsed percentage is refused.
        assert text.count("<LagFormat>8</LagFormat>") == 1
        percent = os.path.join(folder, "percent.xml")
        with open(percent, "w", encoding="utf-8") as stream:
            stream.write(text.replace("<LagFormat>19</LagFormat>", "<LagFormat>20</LagFormat>"))
        refused = run(tiendo, database, "import", percent, *common, expect=2)
        assert "percent.xml: element PredecessorLink (line 238), field LagFormat: '20' is an " \
            "elapsed percentage lag" in refused.stderr, refused.stderr
        working = os.path.join(folder, "huong-linh-9.xml")
        with open(working, "w", encoding="utf-8") as stream:
            stream.write(text)
        run(tiendo, database, "import", working, *common, "--dry-run")
        listed = run(tiendo, database, "milestone", "list", "--format", "json").stdout
        assert "HL9" not in listed, "a dry run wrote the project"
        run(tiendo, database, "import", working, *common)
        # The data date is the file's StatusDate (2 March), not its CurrentDate (5 March).
        shown = run(tiendo, database, "--format", "json", "project", "show", "HL9").stdout
        assert "2026-03-02" in shown and "2026-03-05" not in shown, shown
        listed = run(tiendo, database, "milestone", "list", "--project", "HL9", "--format", "csv").stdout
        keys = {line.split(",")[0] for line in listed.splitlines()[1:] if line.strip()}
        # The tasks by their IDs folded to keys; the two summary tasks (IDs 1 and 4) are skipped.
        assert keys == {"HL9:2", "HL9:3", "HL9:5", "HL9:6", "HL9:7", "HL9:8"}, listed
        dependencies = run(tiendo, database, "depend", "list", "--project", "HL9", "--format", "csv").stdout
        assert len([line for line in dependencies.splitlines()[1:] if line.strip()]) == 6, dependencies
        # The elapsed day: on the 24-hour clock, said beside its days; the others on the rules'.
        assert "HL9:6,HL9:7,FF,1 (24-hour clock)" in dependencies, dependencies
        assert dependencies.count("24-hour clock") == 1, dependencies
        links = json.loads(run(tiendo, database, "depend", "list", "--project", "HL9",
                               "--format", "json").stdout)["dependencies"]
        elapsed = [link for link in links if link.get("lag_calendar")]
        assert elapsed == [{"from": "HL9:6", "to": "HL9:7", "type": "FF", "lag_days": 1,
                            "lag_minutes": 1440, "lag_calendar": "24_hour"}], links
        vietnamese = run(tiendo, database, "--lang", "vi", "depend", "list", "--project", "HL9").stdout
        assert "1 (đồng hồ 24 giờ)" in vietnamese, vietnamese
        # MS Project counts lags on the successor's calendar: the project's rules say so.
        exported = os.path.join(folder, "exported")
        run(tiendo, database, "export", "--out", exported)
        with open(os.path.join(exported, "projects.csv"), encoding="utf-8") as stream:
            rows = [line for line in stream if line.startswith("HL9,")]
        assert len(rows) == 1 and ",p6 lag=successor," in rows[0], rows

        # 2. A bad file is refused whole, naming file, element, line and field.
        bad = os.path.join(folder, "bad.xml")
        with open(bad, "w", encoding="utf-8") as stream:
            stream.write(text.replace("<PredecessorUID>5</PredecessorUID>", "<PredecessorUID>55</PredecessorUID>"))
        refused = run(tiendo, database, "import", bad, "--province", "Quảng Trị", "--technology",
                      "wind_onshore", "--code", "BAD", expect=2)
        assert "bad.xml" in refused.stderr and "element PredecessorLink (line 179)" in refused.stderr \
            and "field PredecessorUID: '55'" in refused.stderr, refused.stderr
        listed = run(tiendo, database, "milestone", "list", "--format", "csv").stdout
        assert "BAD" not in listed, "a refused file wrote something"
        # Scheduling options tiendo does not follow are refused, not read as the defaults.
        for replaced, expected in (
                (("<ScheduleFromStart>1</ScheduleFromStart>", "<ScheduleFromStart>0</ScheduleFromStart>"),
                 "element Project (line 9), field ScheduleFromStart: '0' schedules the project back"),
                (("<ScheduleFromStart>1</ScheduleFromStart>",
                  "<ScheduleFromStart>1</ScheduleFromStart><HonorConstraints>1</HonorConstraints>"),
                 "field ConstraintType: '7' (Finish No Later Than) overrides the task's links")):
            with open(bad, "w", encoding="utf-8") as stream:
                stream.write(text.replace("<LagFormat>8</LagFormat>", "<LagFormat>7</LagFormat>")
                             .replace(*replaced))
            refused = run(tiendo, database, "import", bad, "--province", "Quảng Trị", "--technology",
                          "wind_onshore", "--code", "BAD", expect=2)
            assert expected in refused.stderr, refused.stderr
        listed = run(tiendo, database, "milestone", "list", "--format", "csv").stdout
        assert "BAD" not in listed, "a refused file wrote something"

        # 3. MS Project's own early dates, file by file.
        for number, path in enumerate(REAL):
            code = f"MSP{number}"
            data_date, expected, finish_linked = expected_dates(path)
            imported = run(tiendo, database, "import", path, "--province", "Quảng Trị",
                           "--technology", "wind_onshore", "--code", code)
            # Manually scheduled tasks keep typed dates in MS Project: the import says so.
            if "task-links" in path:
                assert "16 manually scheduled tasks (element Task, field Manual 1; UID 1, 2" in \
                    imported.stdout + imported.stderr, imported.stdout + imported.stderr
            output = run(tiendo, database, "--as-of", data_date, "schedule", "--project", code,
                         "--format", "json").stdout
            milestones = {row["key"]: row for row in json.loads(output)["milestones"]}
            same = 0
            for key, (start, finish) in expected.items():
                row = milestones.get(key)
                if row and row["early_start"] == start and row["early_finish"] == finish:
                    same += 1
                else:
                    print(f"  {os.path.basename(path)} {key}: MS Project {start}..{finish}, tiendo "
                          f"{row and row['early_start']}..{row and row['early_finish']}")
            linked = [key for key in expected if key in finish_linked]
            linked_same = sum(1 for key in linked if milestones.get(key)
                              and milestones[key]["early_finish"] == expected[key][1])
            if linked:
                print(f"{os.path.basename(path)}: {linked_same} of {len(linked)} tasks behind FF or SF "
                      f"links have MS Project's finish")
            assert linked_same == len(linked), f"{os.path.basename(path)}: FF/SF finishes differ"
            share = same / len(expected) if expected else 1.0
            print(f"{os.path.basename(path)}: {same} of {len(expected)} tasks not started "
                  f"({share:.1%}) have MS Project's early dates")
            assert share >= 0.98, f"{os.path.basename(path)}: only {share:.1%}"
    print("ok")


if __name__ == "__main__":
    main()
