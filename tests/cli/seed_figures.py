#!/usr/bin/env python3
"""Checks that the seed portfolio reproduces every figure the seed reports state.

For each row of fixtures/seed/figures.csv it asks `tiendo pipeline` (through the real command, on
a database built by `tiendo demo`) for the projects and MW of that province and technology by stage
on the report's date, sums the stages the figure spans, and prints one line per figure.
Usage: seed_figures.py FIGURES_CSV   (tiendo on PATH, TIENDO_DB set)
"""
import csv
import json
import subprocess
import sys

LADDER = ["proposed", "in_plan", "approved", "permitted", "construction", "commissioning",
          "operating"]


def main():
    failures = 0
    with open(sys.argv[1], encoding="utf-8") as handle:
        for figure in csv.DictReader(handle):
            command = ["tiendo", "pipeline", "--as-of", figure["as_of"], "--province",
                       figure["province"], "--legacy-provinces", "--by", "stage", "--format", "json"]
            if figure["technology"]:
                command += ["--technology", figure["technology"]]
            result = json.loads(subprocess.run(command, stdout=subprocess.PIPE, check=True).stdout)
            low, high = LADDER.index(figure["min_stage"]), LADDER.index(figure["max_stage"])
            rows = [row for row in result["rows"]
                    if row["stage"] in LADDER and low <= LADDER.index(row["stage"]) <= high]
            projects = sum(row["projects"] for row in rows)
            megawatts = round(sum(row["mw"] for row in rows), 6)
            good = True
            if figure["projects"] and int(figure["projects"]) != projects:
                good = False
            if figure["mw"] and abs(float(figure["mw"]) - megawatts) > 1e-6:
                good = False
            failures += not good
            stated = " ".join(part for part in [
                f"{figure['projects']} projects" if figure["projects"] else "",
                f"{figure['mw']} MW" if figure["mw"] else ""] if part)
            print(f"{'ok' if good else 'MISMATCH'} {figure['as_of']} {figure['province']} "
                  f"{figure['technology'] or 'all'} {figure['min_stage']}..{figure['max_stage']}: "
                  f"stated {stated}; portfolio {projects} projects, {megawatts:g} MW")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
