#!/usr/bin/env python3
"""tiendo's own CSV round trip keeps a contractor's schedule exactly (issue 31: "Hours are stored
exactly (not rounded to days), and tiendo's own CSV round trip keeps them").

P6 exports (XER) and MS Project files (MSPDI) are imported into one database; `export --out DIR`
writes calendars.csv beside the three tables; importing those four files into a new database
gives, byte for byte, the same `schedule --format json` at each file's data date and today, and
exporting again gives the same files. What must survive is what the schedule reads: durations and
lags in working minutes, each activity's calendar, the constraints (start on or after, finish on
or before) as instants, finish milestones, the project's calendar, its P6 rules and data date,
and the department's calendars themselves. The same through an Excel workbook (export --format
xlsx, import it into a third database).

Usage: contractor_round_trip_test.py TIENDO
"""
import filecmp
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures")
XER = [
    ("p6/synthetic-vn-1258.xer", "DG-BACLIEU-3", ["--cod", "COD"]),
    ("external/p6/mpxj-PredecessorCalendar.xer", "PRED-CAL", []),
    ("external/p6/mpxj-SuccessorCalendar.xer", "SUCC-CAL", []),
    ("external/p6/mpxj-percent-complete-8.4.xer", "PERCENT", []),
    ("external/p6/pyp6xer-sp10-cost-loaded.xer", "HS2", []),
]
MSPDI = [
    ("external/msproject/mpxj-mspdirelations.xml", "MSP-REL"),
    ("external/msproject/mpxj-task-links-project2016-mspdi.xml", "MSP-LINKS"),
    ("external/msproject/mpxj-caltest.xml", "MSP-CAL"),
]
AS_OF = ["2006-09-21", "2016-02-08", "2017-09-16", "2026-03-02", "2027-01-04"]


def run(tiendo, database, *arguments, expect=0):
    result = subprocess.run([tiendo, "--db", database, *arguments], capture_output=True, text=True,
                            timeout=900)
    if result.returncode != expect:
        sys.exit(f"FAIL: {' '.join(arguments)} exited {result.returncode}, expected {expect}\n"
                 f"{result.stdout}\n{result.stderr}")
    return result


def main():
    tiendo = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        first = os.path.join(folder, "first.db")
        run(tiendo, first, "init")
        place = ["--province", "Bạc Liêu", "--technology", "wind_nearshore"]
        for name, code, extra in XER:
            run(tiendo, first, "import", os.path.join(FIXTURES, name), *place, "--code", code, *extra)
        for name, code in MSPDI:
            run(tiendo, first, "import", os.path.join(FIXTURES, name), *place, "--code", code)
        # The Vietnamese schedule, with its one elapsed lag on the 24-hour clock.
        with open(os.path.join(FIXTURES, "msproject", "huong-linh-9.xml"), encoding="utf-8") as stream:
            text = stream.read()
        vietnamese = os.path.join(folder, "huong-linh-9.xml")
        with open(vietnamese, "w", encoding="utf-8") as stream:
            stream.write(text)
        run(tiendo, first, "import", vietnamese, *place, "--code", "HL9")
        # The synthetic P6 file with other scheduling options (lags on a 24-hour calendar,
        # progress override), which the project's rules keep and the schedule honours.
        with open(os.path.join(FIXTURES, "p6", "synthetic-vn-1258.xer"), "rb") as stream:
            data = stream.read()
        data = data.replace(b"%R\t1\t100\tY\trcal_Predecessor\tN",
                            b"%R\t1\t100\tN\trcal_24Hour\tY")
        assert b"rcal_24Hour" in data
        options = os.path.join(folder, "options.xer")
        with open(options, "wb") as stream:
            stream.write(data)
        run(tiendo, first, "import", options, *place, "--code", "OPTIONS", "--cod", "COD")

        exported = os.path.join(folder, "exported")
        run(tiendo, first, "export", "--out", exported)
        files = sorted(os.listdir(exported))
        assert files == ["calendars.csv", "dependencies.csv", "milestones.csv", "projects.csv"], files
        with open(os.path.join(exported, "milestones.csv"), encoding="utf-8") as stream:
            header = stream.readline().strip().split(",")
        for column in ("duration_minutes", "calendar", "start_on_or_after", "finish_on_or_before",
                       "finish_event"):
            assert column in header, header
        with open(os.path.join(exported, "projects.csv"), encoding="utf-8") as stream:
            header = stream.readline().strip().split(",")
            projects = stream.read()
        for column in ("calendar", "schedule_rules", "data_date"):
            assert column in header, header
        # The files' options travel with the rules (SUCC-CAL: rcal_Successor).
        for rules in ("p6 lag=successor", "p6 lag=24_hour out_of_sequence=progress_override"):
            assert rules in projects, projects
        with open(os.path.join(exported, "dependencies.csv"), encoding="utf-8") as stream:
            header = stream.readline()
            links = stream.read()
        assert "lag_minutes" in header and header.rstrip().endswith(",lag_calendar"), header
        # huong-linh-9's one elapsed lag (1 ed: 1,440 clock minutes), the only link with its own
        # lag calendar.
        assert "HL9:6,HL9:7,FF,1,1440,24_hour" in links, links
        assert links.count("24_hour") == 1, links

        second = os.path.join(folder, "second.db")
        run(tiendo, second, "init")
        run(tiendo, second, "import", *[os.path.join(exported, name) for name in files])

        compared = 0
        for as_of in AS_OF:
            before = run(tiendo, first, "--as-of", as_of, "schedule", "--format", "json").stdout
            after = run(tiendo, second, "--as-of", as_of, "schedule", "--format", "json").stdout
            if before != after:
                for number, (old, new) in enumerate(zip(before.splitlines(), after.splitlines())):
                    if old != new:
                        sys.exit(f"FAIL: schedule as of {as_of} differs at line {number + 1}:\n"
                                 f"  before: {old}\n  after:  {new}")
                sys.exit(f"FAIL: schedule as of {as_of} differs in length")
            compared += len(before)
        again = os.path.join(folder, "again")
        run(tiendo, second, "export", "--out", again)
        match, mismatch, errors = filecmp.cmpfiles(exported, again, files, shallow=False)
        assert not mismatch and not errors, (mismatch, errors)
        print(f"schedule --format json identical after the CSV round trip at {len(AS_OF)} dates "
              f"({compared:,} bytes); export again identical ({', '.join(files)})")

        # The Excel round trip: the workbook (a calendars sheet and the same optional columns)
        # imports into a new database with the same schedule, and exports the same CSV files.
        workbook = os.path.join(folder, "portfolio.xlsx")
        run(tiendo, first, "export", "--format", "xlsx", "--out", workbook)
        third = os.path.join(folder, "third.db")
        run(tiendo, third, "init")
        run(tiendo, third, "import", workbook)
        for as_of in AS_OF:
            before = run(tiendo, first, "--as-of", as_of, "schedule", "--format", "json").stdout
            after = run(tiendo, third, "--as-of", as_of, "schedule", "--format", "json").stdout
            assert before == after, f"schedule as of {as_of} differs after the Excel round trip"
        from_workbook = os.path.join(folder, "from_workbook")
        run(tiendo, third, "export", "--out", from_workbook)
        match, mismatch, errors = filecmp.cmpfiles(exported, from_workbook, files, shallow=False)
        assert not mismatch and not errors, (mismatch, errors)
        print(f"the same after the Excel round trip ({os.path.getsize(workbook):,} bytes)")
    print("ok")


if __name__ == "__main__":
    main()
