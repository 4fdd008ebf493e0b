"""The Excel round trip at national scale, a section of make bench: the same generated portfolio
imported from the workbook tiendo exports and from its CSV files, each into a new database.

Targets (issue 17): the workbook's import within 2x the CSV import's time and within 1.5x its
peak resident memory (/usr/bin/time -f %M). Standalone: python3 excel_bench.py build/tiendo.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from bench import Series, measure


def fresh_database(tiendo, path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    subprocess.run([tiendo, "--db", path, "init"], check=True, stdout=subprocess.DEVNULL)


def section(tiendo, size=20000, repeats=3, keep=None):
    work = keep or tempfile.mkdtemp(prefix="tiendo-excel-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        directory = os.path.join(work, f"excel-{size}")
        subprocess.run([tiendo, "generate", "--projects", str(size), "--seed", "1", "--out",
                        directory], check=True, stdout=subprocess.DEVNULL)
        files = " ".join(os.path.join(directory, f"{table}.csv")
                         for table in ("projects", "milestones", "dependencies"))
        source = os.path.join(work, "excel-source.db")
        fresh_database(tiendo, source)
        subprocess.run(f"{tiendo} --db {source} import {files}", shell=True, check=True,
                       stdout=subprocess.DEVNULL)
        book = os.path.join(work, f"portfolio-{size}.xlsx")
        with open(book, "wb") as out:
            subprocess.run([tiendo, "--db", source, "export", "--format", "xlsx"], check=True,
                           stdout=out)
        database = os.path.join(work, "excel-target.db")
        csv_import, xlsx_import = Series(), Series()
        for _ in range(repeats):
            fresh_database(tiendo, database)
            csv_import.add(measure(f"{tiendo} --db {database} import {files}"))
            fresh_database(tiendo, database)
            xlsx_import.add(measure(f"{tiendo} --db {database} import {book}"))
        # The workbook's import must have given the same portfolio.
        same = "identical"
        for table in ("projects", "milestones", "dependencies"):
            exports = [subprocess.run([tiendo, "--db", db, "export", "--what", table], check=True,
                                      capture_output=True).stdout for db in (source, database)]
            if exports[0] != exports[1]:
                same = "DIFFERENT"
        time_ratio = xlsx_import.median / csv_import.median
        memory_ratio = max(xlsx_import.kilobytes) / max(csv_import.kilobytes)
        megabytes = os.path.getsize(book) / (1 << 20)
        lines = [
            "## The Excel round trip",
            "",
            f"{size:,} generated projects (seed 1) exported as one workbook ({megabytes:.1f} MiB) "
            f"and imported into a new database, against importing the same data from its three "
            f"CSV files; {repeats} runs each, median (min–max), peak resident memory of the "
            f"largest run.",
            "",
            "| import of | time | peak memory |",
            "|---|---:|---:|",
            f"| CSV files | {csv_import.text()} | {csv_import.memory()} |",
            f"| workbook (.xlsx) | {xlsx_import.text()} | {xlsx_import.memory()} |",
            f"| workbook / CSV | {time_ratio:.2f}x (target ≤ 2x) | {memory_ratio:.2f}x "
            f"(target ≤ 1.5x) |",
            "",
            f"- The three CSVs exported after the workbook's import and the original's: {same}.",
        ]
        return "\n".join(lines) + "\n"
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(section(os.path.abspath(sys.argv[1]),
                  size=int(sys.argv[2]) if len(sys.argv) > 2 else 20000))
