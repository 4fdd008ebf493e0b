#!/usr/bin/env python3
"""Runs a CLI golden test: a .t file of shell commands, each followed by its expected output.

Format (in the spirit of cram and Ledger's tests):
    # a comment
    $ tiendo init
    expected output line (stdout and stderr interleaved as written)
    a line ending in " (re)" is a regular expression
    [2]                      <- the exit code, when it is not 0

Each file runs in a fresh temporary directory with TIENDO_DB=test.db, USER=tester and the
variables $FIXTURES (the repository's fixtures/) and $TESTS (tests/).
With --update the file is rewritten with the actual output (check the diff before committing).

With --postgres DIR (the directory of tests/postgres/server.py's throwaway server) the same file
runs on PostgreSQL: TIENDO_DB is a new empty database on that server, made again wherever a
command says `rm test.db` or `rm -f test.db`, and the database's URI in the output reads as
test.db, so the expected output is the same on both stores.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "postgres"))


def parse(path):
    """Returns the file as items in order: comment strings and command dictionaries."""
    items, current = [], None
    with open(path, encoding="utf-8") as handle:
        for line in handle.read().splitlines():
            if line.startswith("$ "):
                current = {"command": line[2:], "expected": [], "code": 0}
                items.append(current)
            elif line.startswith("#"):
                items.append(line)
            elif current is None:
                continue
            elif re.fullmatch(r"\[\d+\]", line):
                current["code"] = int(line[1:-1])
            else:
                current["expected"].append(line)
    return items


def matches(expected, actual):
    if len(expected) != len(actual):
        return False
    for want, got in zip(expected, actual):
        if want.endswith(" (re)"):
            if not re.fullmatch(want[:-5], got):
                return False
        elif want != got:
            return False
    return True


def main():
    binary, test_file = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv
    postgres = sys.argv[sys.argv.index("--postgres") + 1] if "--postgres" in sys.argv else None
    root = os.path.dirname(os.path.dirname(os.path.dirname(test_file)))
    failures, outputs = 0, []
    # The work directory and the directory that puts `tiendo` on PATH are both removed afterwards.
    with tempfile.TemporaryDirectory(prefix="tiendo-golden-") as work, \
            tempfile.TemporaryDirectory(prefix="tiendo-bin-") as bin_dir:
        os.symlink(binary, os.path.join(bin_dir, "tiendo"))
        env = dict(os.environ, TIENDO_DB="test.db", USER="tester", LC_ALL="C.UTF-8",
                   FIXTURES=os.path.join(root, "fixtures"), TESTS=os.path.join(root, "tests"),
                   PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
        items = parse(test_file)
        uri = None
        if postgres:
            import server
            name = "golden_" + os.path.basename(test_file).replace(".", "_") + f"_{os.getpid()}"
            uri = server.createdb(postgres, name)
            env["TIENDO_DB"] = uri
        for case in items:
            if isinstance(case, str):
                continue
            command = case["command"]
            if uri:
                command = command.replace("$OLDPWD/test.db", "$TIENDO_DB")
            if uri and re.search(r"\brm (-f )?test\.db\b", command):
                # The file test.db is the database on the server: removing it is a new database.
                server.createdb(postgres, name)
            result = subprocess.run(["bash", "-c", command], cwd=work, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            text = result.stdout.decode("utf-8", "replace")
            if uri:
                text = text.replace(uri, "test.db")
            actual = text.splitlines()
            outputs.append((case, actual, result.returncode))
            if result.returncode != case["code"] or not matches(case["expected"], actual):
                failures += 1
                print(f"FAILED: $ {case['command']}")
                print(f"  exit code: expected {case['code']}, got {result.returncode}")
                print("  expected:")
                for line in case["expected"]:
                    print("    " + line)
                print("  actual:")
                for line in actual:
                    print("    " + line)
    if update:
        lines, by_id = [], {id(case): (actual, code) for case, actual, code in outputs}
        for item in items:
            if isinstance(item, str):
                lines.append(item)
                continue
            actual, code = by_id[id(item)]
            lines.append("$ " + item["command"])
            for index, line in enumerate(actual):
                want = item["expected"][index] if index < len(item["expected"]) else None
                if want and want.endswith(" (re)") and re.fullmatch(want[:-5], line):
                    lines.append(want)
                else:
                    lines.append(line)
            if code:
                lines.append(f"[{code}]")
        with open(test_file, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    if uri:
        subprocess.run(["psql", "-q", "-X", server.base_uri(postgres) + "/postgres", "-c",
                        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = len(outputs)
    print(f"{total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
