#!/usr/bin/env python3
"""Progress of long work on a terminal: an import of a generated national portfolio, run under a
pseudo-terminal (`script`), draws a progress line on standard error a few times a second (bytes
read, rows written, rate, time left) and takes it away before the summary; piped, or with
--quiet, nothing but the summary appears. Colour obeys NO_COLOR. Export, backup and generate of
the same portfolio show theirs too, in every export format.

Usage: progress_test.py TIENDO [PROJECTS]   (20,000 projects unless told)
"""
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import zipfile

failures = []
SUMMARY = re.compile(r"^imported projects: (\d+) added, 0 changed; milestones: \d+ added, "
                     r"0 changed; dependencies: \d+ added, 0 changed$")
# One drawing of the line: back to its start, the text, the rest of the line cleared.
DRAWING = re.compile(r"\r([^\r\x1b]*(?:\x1b\[[0-9;]*m[^\r\x1b]*)*)\x1b\[K")


def check(condition, message):
    print(("ok: " if condition else "FAILED: ") + message)
    if not condition:
        failures.append(message)


def on_terminal(command, folder, environment):
    """Runs a shell command with its standard output and error on a pseudo-terminal, and returns
    its exit code and what the terminal received."""
    # The terminal is 100 columns wide, as a terminal that is not told its size may not be.
    result = subprocess.run(["script", "-qec", "stty cols 100 rows 40; " + command, "/dev/null"],
                            cwd=folder,
                            env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    return result.returncode, result.stdout.decode("utf-8", "replace")


def drawings(output):
    """The texts of the progress line drawn, without colour, the empty one that clears it too."""
    return [re.sub(r"\x1b\[[0-9;]*m", "", match.group(1)) for match in DRAWING.finditer(output)]


def workbook_parts(data):
    """A workbook's parts by name, without the one that holds when it was made."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def check_export_formats(tiendo, folder, environment):
    """Each export format besides CSV, written to a file from a terminal, shows rows done of the
    table's total there and takes the line away; piped, or with --quiet, standard error stays
    empty; and the file is the same either way."""
    for name in ("json", "xlsx", "geojson", "ics", "dot"):
        command = f"{tiendo} --db tty.db --as-of 2026-06-30 export --format {name}"
        code, output = on_terminal(f"{command} > shown.{name}", folder, environment)
        shown = drawings(output)
        lines = [text for text in shown if text]
        check(code == 0 and any(re.match(r"writing  \[[#-]+\] +\d+%  [\d,]+/[\d,]+ rows", text)
                                for text in lines),
              f"export --format {name} to a file shows rows done on the terminal ({lines[-1:]})")
        if name == "xlsx":
            # The zip is packed once the rows are written, the longest part for a workbook.
            packing = [text for text in lines if text.startswith("packing  ")]
            check(any(re.match(r"packing  [\d.]+ MiB", text) for text in packing),
                  f"export --format xlsx shows the workbook's bytes packed after its rows "
                  f"({len(packing)} drawings, e.g. {packing[-1:]})")
        check(shown[-1:] == [""] and output.replace("\r\n", "").endswith("\x1b[K"),
              f"export --format {name}: the line is taken away at the end, nothing after it")
        piped = subprocess.run(f"{command} > piped.{name}", shell=True, cwd=folder,
                               env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        check(piped.returncode == 0 and piped.stderr == b"",
              f"export --format {name} with standard error piped: it is empty "
              f"({piped.stderr[:80]!r})")
        code, output = on_terminal(f"{command} --quiet > quiet.{name}", folder, environment)
        check(code == 0 and output.strip() == "",
              f"export --format {name} --quiet on a terminal: nothing ({output[:80]!r})")
        with open(os.path.join(folder, f"shown.{name}"), "rb") as shown_file, \
                open(os.path.join(folder, f"piped.{name}"), "rb") as piped_file:
            shown_bytes, piped_bytes = shown_file.read(), piped_file.read()
        # A workbook holds the time it was made (docProps/core.xml); every other part must match.
        same = workbook_parts(shown_bytes) == workbook_parts(piped_bytes) if name == "xlsx" \
            else shown_bytes == piped_bytes
        # A generated portfolio has no coordinates: its GeoJSON is an empty collection, though
        # every project is looked at (and counted) for one.
        check(same and len(shown_bytes) > (40 if name == "geojson" else 100_000),
              f"export --format {name}: the file is the same with progress shown "
              f"({len(shown_bytes):,} bytes)")


def main():
    binary = os.path.abspath(sys.argv[1])
    projects = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    tiendo = shlex.quote(binary)
    with tempfile.TemporaryDirectory(prefix="tiendo-progress-") as folder:
        environment = dict(os.environ, LC_ALL="C.UTF-8", TERM="xterm", USER="tester")
        environment.pop("NO_COLOR", None)
        environment.pop("TIENDO_DB", None)
        files = "gen/projects.csv gen/milestones.csv gen/dependencies.csv"

        code, output = on_terminal(f"{tiendo} generate --projects {projects} --seed 5 --out gen",
                                   folder, environment)
        check(code == 0 and f"wrote {projects} projects" in output,
              f"generate {projects} projects on a terminal")
        shown = drawings(output)
        check(any(re.match(r"generating  \[[#-]+\] +\d+%  [\d,]+/[\d,]+ projects", text)
                  for text in shown), f"generate shows projects done ({shown[:2]})")

        # The import on a terminal: progress while it works, then the summary alone.
        code, output = on_terminal(f"{tiendo} --db tty.db init > /dev/null && "
                                   f"{tiendo} --db tty.db import {files}", folder, environment)
        shown = drawings(output)
        lines = [text for text in shown if text]
        print(f"  {len(lines)} progress lines drawn, e.g. {lines[len(lines) // 2:][:1]}")
        check(code == 0, f"import on a terminal exits 0 (got {code})")
        reading = [text for text in lines if text.startswith("reading gen/milestones.csv  [")]
        check(any(re.search(r"\d+%  [\d.]+/[\d.]+ MiB  [\d.]+ MiB/s  \d+ (s|min) left$", text)
                  for text in reading),
              f"reading shows bytes done of the file's size, the rate and the time left "
              f"({reading[:1]})")
        writing = [text for text in lines if text.startswith("writing  [")]
        check(any(re.search(r"\d+%  [\d,]+/[\d,]+ rows  [\d,]+/s  \d+ (s|min) left$", text)
                  for text in writing),
              f"writing shows rows done, the rate and the time left ({writing[:1]})")
        check(len(lines) >= 4, f"the line is redrawn during the import ({len(lines)} times)")
        # After the last row the indexes are made again and the work committed: a step of its
        # own, with its seconds, instead of a line stuck at 100%. (The milestones' keys are now
        # made while the dependencies are read, so at 20,000 projects the step takes 0.1-0.4 s:
        # that its line moves on by itself through a long step is tested in
        # tests/unit/test_terminal_progress.cpp.)
        finishing = [text for text in lines
                     if re.fullmatch(r"making indexes and committing  \d+ s", text)]
        print(f"  {len(finishing)} lines drawn while the indexes are made and the work committed")
        check(projects < 20000 or len(finishing) >= 1,
              f"the line shows the indexes being made ({finishing[:1]})")
        check(shown and shown[-1] == "", "the progress line is cleared at the end")
        last_line = output.replace("\r\n", "\n").rstrip("\n").split("\n")[-1]
        check(SUMMARY.match(last_line.split("\x1b[K")[-1]) is not None,
              f"the summary comes after the cleared line ({last_line[-100:]!r})")
        check("\x1b[32m" in output, "the bar is coloured on a terminal without NO_COLOR")

        # Piped: the summary on standard output, nothing at all on standard error.
        piped = subprocess.run(f"{tiendo} --db piped.db init > /dev/null && "
                               f"{tiendo} --db piped.db import {files}", shell=True, cwd=folder,
                               env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = piped.stdout.decode()
        check(piped.returncode == 0 and SUMMARY.match(out.strip()) and out.count("\n") == 1,
              f"piped, standard output is the summary alone ({out.strip()[:120]!r})")
        check(piped.stderr == b"", f"piped, standard error is empty ({piped.stderr[:80]!r})")

        # Standard error on the terminal but standard output piped: still progress, on stderr.
        code, output = on_terminal(f"{tiendo} --db piped.db export --what milestones | wc -l",
                                   folder, environment)
        check(code == 0 and any(text.startswith("writing  [") for text in drawings(output)),
              "export to a pipe shows its progress on the terminal")

        # --quiet, and NO_COLOR, on a terminal.
        code, output = on_terminal(f"{tiendo} --db quiet.db init > /dev/null && "
                                   f"{tiendo} --db quiet.db --quiet import {files}", folder,
                                   environment)
        check(code == 0 and SUMMARY.match(output.strip()) is not None,
              f"--quiet on a terminal: the summary alone ({output.strip()[:120]!r})")
        # What a command costs besides its work (starting, opening the database, and under the
        # sanitizers the leak check at exit), measured with one that does no work on the same file.
        started = time.monotonic()
        on_terminal(f"{tiendo} --db tty.db init", folder, environment)
        overhead = time.monotonic() - started
        started = time.monotonic()
        code, output = on_terminal(f"{tiendo} --db tty.db backup copy.db", folder,
                                   dict(environment, NO_COLOR="1"))
        seconds = time.monotonic() - started
        shown = drawings(output)
        # Work over in less than 0.3 s shows nothing; a small portfolio's backup may be that quick.
        check(code == 0 and (seconds - overhead < 0.8 or
                             any(text.startswith("backing up  [") for text in shown)),
              f"backup ({seconds:.1f} s, {overhead:.1f} s of it not the copy) shows its progress "
              f"({[text for text in shown if text][:1]})")
        check("\x1b[32m" not in output and "\x1b[0m" not in output,
              "with NO_COLOR the line has no colour")
        # The backup may be over before anything is drawn, and so may an export of the milestones
        # alone (0.4 s at a million rows a second, against the first drawing at 0.3 s: CI once
        # drew nothing); an export of every table is not.
        code, output = on_terminal(f"{tiendo} --db tty.db export --out plain",
                                   folder, dict(environment, NO_COLOR="1"))
        shown = [text for text in drawings(output) if text]
        check(code == 0 and any(text.startswith("writing  [") for text in shown) and
              "\x1b[32m" not in output and "\x1b[0m" not in output,
              f"with NO_COLOR an export draws its bar without colour ({shown[:1]})")
        code, output = on_terminal(f"{tiendo} --db tty.db --lang vi export --out out", folder,
                                   environment)
        shown = [text for text in drawings(output) if text]
        check(code == 0 and any(re.match(r"đang ghi  \[[#-]+\] +\d+%  [\d.]+/[\d.]+ dòng", text)
                                for text in shown),
              f"export --out in Vietnamese shows đang ghi ... dòng ({shown[:1]})")
        check_export_formats(tiendo, folder, environment)

        # A forecast draws on a terminal, and piped says nothing but its one-line model note.
        command = f"{tiendo} --db tty.db --as-of 2024-06-30 forecast --draws 300"
        code, output = on_terminal(f"{command} > /dev/null", folder, environment)
        shown = [text for text in drawings(output) if text]
        check(code == 0 and any(re.match(r"drawing  \[[#-]+\] +\d+%  [\d,]+/[\d,]+ draws", text)
                                for text in shown),
              f"forecast on a terminal shows the draws done ({shown[-1:]})")
        piped = subprocess.run(command, shell=True, cwd=folder, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        note = piped.stderr.decode()
        check(piped.returncode == 0 and note.startswith("model: learned from") and
              note.count("\n") == 1 and "\r" not in note and "\x1b" not in note,
              f"piped, forecast's standard error is its model note alone ({note[:80]!r})")
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("progress: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
