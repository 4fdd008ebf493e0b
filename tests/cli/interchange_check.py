#!/usr/bin/env python3
"""Checks for tests/cli/interchange.t: files tiendo reads or writes, parsed back independently.

    interchange_check.py pdp7-years ANNEX PIPELINE_CSV   MW per planned year: the annex read here
                                                          against tiendo's pipeline CSV
"""
import csv
import re
import sys
from decimal import Decimal


def pdp7_years(annex_path, pipeline_path):
    """The annex's columns are separated by runs of blanks; the year is the first word and the MW
    the first column after the name."""
    expected = {}
    with open(annex_path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("year"):
                continue
            year, _, _, rest = line.split(None, 3)
            capacity = re.split(r"\s{2,}", rest.strip())[1]
            expected[year] = expected.get(year, Decimal(0)) + Decimal(capacity)
    with open(pipeline_path, encoding="utf-8") as handle:
        actual = {row["cod_year"]: Decimal(row["MW"]) for row in csv.DictReader(handle)
                  if row["cod_year"] != "total"}
    if actual != expected:
        for year in sorted(set(expected) | set(actual)):
            if expected.get(year) != actual.get(year):
                print(f"{year}: file {expected.get(year)} MW, tiendo {actual.get(year)} MW")
        return 1
    print(f"MW per year equal the file's: {len(expected)} years, {sum(expected.values())} MW")
    return 0


def main():
    check = sys.argv[1]
    if check == "pdp7-years":
        return pdp7_years(sys.argv[2], sys.argv[3])
    print(f"unknown check {check}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
